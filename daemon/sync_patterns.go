package daemon

import (
	"context"
	"fmt"
	"time"

	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/store"
)

// patternsEvery is how often the worker refreshes the team patterns when not asked to sync now.
const patternsEvery = 15 * time.Minute

// pullPatterns replaces the cached team patterns with what the account's teams share now. A login
// without the teams:read scope (an API key made for history only) keeps the cache as it is.
func (w *syncWorker) pullPatterns(ctx context.Context) error {
	teams, err := w.cl.Teams(ctx)
	if client.IsForbidden(err) || client.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("list teams: %w", err)
	}
	var ps []store.Pattern
	for _, t := range teams {
		shared, err := w.cl.TeamPatterns(ctx, t.ID)
		if client.IsForbidden(err) {
			continue
		}
		if err != nil {
			return fmt.Errorf("list patterns of team %s: %w", t.Name, err)
		}
		for _, sp := range shared {
			p := store.Pattern{ID: sp.ID, Name: sp.Name, Prompt: sp.Prompt, Command: sp.Template,
				Description: sp.Description, Tags: sp.Tags, Team: t.Name, TeamID: t.ID, Updated: sp.CreatedAt}
			for _, pr := range sp.Parameters {
				p.Params = append(p.Params, store.Param(pr))
			}
			ps = append(ps, p)
		}
	}
	if err := w.store.Patterns.Replace(ctx, ps); err != nil {
		return err
	}
	w.lastPatterns = time.Now()
	return nil
}

// usesPerRound bounds how many team-pattern uses one round reports; the rest wait for the next.
const usesPerRound = 100

// pushUses reports the team patterns' uses the cloud has not counted yet, oldest first. A use the cloud
// can never count (the pattern or the membership is gone, or this login may not report it) is dropped
// and logged; any other failure ends the round and the use waits. A use whose answer was lost is
// reported again: the count may run one high, never low.
func (w *syncWorker) pushUses(ctx context.Context) error {
	uses, err := w.store.Patterns.PendingUses(ctx, usesPerRound)
	if err != nil {
		return err
	}
	for _, u := range uses {
		err := w.cl.UsePattern(ctx, u.TeamID, u.PatternID)
		switch {
		case err == nil:
		case client.IsNotFound(err) || client.IsForbidden(err):
			w.log.Info("a team pattern's use cannot be counted; dropped", "team", u.TeamID, "pattern", u.PatternID, "err", err)
		default:
			return fmt.Errorf("count use of team pattern %s: %w", u.PatternID, err)
		}
		if err := w.store.Patterns.UseCounted(ctx, u.ID); err != nil {
			return err
		}
	}
	return nil
}
