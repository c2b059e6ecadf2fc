package audit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

// DefaultCheckpointInterval is how often the server checkpoints the chains that grew.
const DefaultCheckpointInterval = time.Minute

// Checkpointer publishes a signed checkpoint of every chain that has grown, every Interval, so that
// each event is under a signed checkpoint within about an interval of being written even when no client
// asks for one: a tail cut after that is detected. Replicas may all run one: a checkpoint of a size is
// the same signed note whoever signs it.
type Checkpointer struct {
	Log      *Log
	Interval time.Duration // 0: DefaultCheckpointInterval
	Logger   *slog.Logger  // nil: slog.Default()

	since time.Time // events written before this were checkpointed by an earlier run
}

// Run checkpoints now and then every Interval until ctx is cancelled; it returns when ctx is done.
func (c *Checkpointer) Run(ctx context.Context) {
	interval := c.Interval
	if interval <= 0 {
		interval = DefaultCheckpointInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		_, _ = c.RunOnce(ctx) // logged inside; the next tick tries again
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce checks every chain written to since the last run that succeeded (the first run: every chain)
// against its last checkpoint, publishes a checkpoint of it, and returns how many chains it checked. A chain that no longer verifies is logged as
// an error, loudly, and the others are still checkpointed.
func (c *Checkpointer) RunOnce(ctx context.Context) (int, error) {
	log := c.Logger
	if log == nil {
		log = slog.Default()
	}
	// A minute of overlap: an event committed late (a long transaction) is written with an earlier time.
	start := time.Now()
	chains, err := pgstore.AuditChainsWrittenSince(ctx, c.Log.DB, c.since.Add(-time.Minute))
	if err != nil {
		err = fmt.Errorf("audit checkpoints: list chains: %w", err)
		log.ErrorContext(context.WithoutCancel(ctx), "audit checkpoint run failed", slog.String("error", err.Error()))
		return 0, err
	}
	var errs []error
	for _, chain := range chains {
		if _, err := c.Log.Publish(ctx, chain, 0, 0); err != nil {
			if errors.Is(err, ErrUnverifiable) {
				log.ErrorContext(ctx, "audit chain fails verification: no checkpoint signed", slog.String("chain_id", chain), slog.String("error", err.Error()))
			}
			errs = append(errs, fmt.Errorf("audit chain %s: %w", chain, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		log.ErrorContext(context.WithoutCancel(ctx), "audit checkpoint run failed", slog.Int("chains", len(chains)), slog.String("error", err.Error()))
		return len(chains), err
	}
	c.since = start
	return len(chains), nil
}
