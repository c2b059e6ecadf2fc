package daemon

import (
	"context"
	"path/filepath"
	"time"

	"github.com/cmdai/cmdai/undo"
)

// collectUndo removes the undo snapshots older than the configured days, hourly, until ctx ends.
func (d *daemon) collectUndo(ctx context.Context) {
	undo.Collect(ctx, time.Hour, func() undo.Options {
		o := undo.OptionsFrom(d.config())
		o.Dir = filepath.Join(d.opts.DataDir, "undo")
		return o
	}, d.log.Info)
}
