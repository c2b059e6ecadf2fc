package workflows

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/workflow"
)

// schedule starts the runs of schedule triggers as their times come, until ctx ends. Each firing is one
// run however many replicas see it: the run's (workflow, scheduled_for) is unique.
func (s *Service) schedule(ctx context.Context) {
	last := time.Now()
	t := time.NewTicker(s.opts.ScheduleTick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := time.Now()
		if err := s.fire(ctx, last, now); err != nil && ctx.Err() == nil {
			s.log.WarnContext(ctx, "workflow schedules", "error", err.Error())
		}
		last = now
	}
}

// fire starts a run for every schedule trigger that fell in (from, to].
func (s *Service) fire(ctx context.Context, from, to time.Time) error {
	rows, err := s.DB.Query(ctx, `SELECT id, source FROM workflows WHERE source LIKE '%cron%'`)
	if err != nil {
		return err
	}
	type wf struct{ id, source string }
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (wf, error) {
		var w wf
		return w, r.Scan(&w.id, &w.source)
	})
	if err != nil {
		return err
	}
	for _, w := range list {
		parsed, err := workflow.Parse([]byte(w.source))
		if err != nil {
			continue
		}
		for _, tr := range parsed.Triggers {
			if tr.Type != workflow.TriggerSchedule {
				continue
			}
			sched, err := workflow.ParseCron(tr.Cron)
			if err != nil {
				continue
			}
			for at := sched.Next(from); !at.After(to); at = sched.Next(at) {
				firing := at.UTC()
				_, err := s.StartRun(ctx, w.id, workflow.TriggerSchedule, "", nil, &firing)
				if err != nil && !errors.Is(err, ErrConflict) {
					s.log.WarnContext(ctx, "scheduled run not started", "workflow", w.id, "cron", tr.Cron, "error", err.Error())
				}
			}
		}
	}
	return nil
}

// FireSchedules starts the runs that schedules owe for (from, to]; the service calls it on its own
// every ScheduleTick.
func (s *Service) FireSchedules(ctx context.Context, from, to time.Time) error {
	return s.fire(ctx, from, to)
}
