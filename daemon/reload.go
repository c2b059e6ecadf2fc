package daemon

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cmdai/cmdai/config"
	"github.com/fsnotify/fsnotify"
)

// reloadDebounce lets an editor finish its burst of writes, renames and chmods before the file is read.
const reloadDebounce = 150 * time.Millisecond

// configWatch is the watch on the config file's directory, set up before the daemon says it is ready,
// so that an edit made right after start-up is never missed.
type configWatch struct {
	w    *fsnotify.Watcher
	name string
}

// watchConfigDir starts watching the config file's directory; nil (logged) when it cannot. It watches
// the directory rather than the file, because editors replace files by renaming and a watch on the old
// file would go quiet.
func (d *daemon) watchConfigDir() *configWatch {
	dir, name := filepath.Dir(d.opts.ConfigPath), filepath.Base(d.opts.ConfigPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		d.log.Warn("config watch disabled", "err", err)
		return nil
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		d.log.Warn("config watch disabled", "err", err)
		return nil
	}
	if err := w.Add(dir); err != nil {
		w.Close()
		d.log.Warn("config watch disabled", "dir", dir, "err", err)
		return nil
	}
	return &configWatch{w: w, name: name}
}

// watchConfig reloads the config file when it changes, until ctx ends; it closes the watch.
func (d *daemon) watchConfig(ctx context.Context, cw *configWatch) {
	if cw == nil {
		return
	}
	w := cw.w
	defer w.Close()
	debounce := time.NewTimer(time.Hour)
	debounce.Stop()
	defer debounce.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if filepath.Base(ev.Name) == cw.name && !ev.Has(fsnotify.Chmod) {
				debounce.Reset(reloadDebounce)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			d.log.Warn("config watch", "err", err)
		case <-debounce.C:
			_ = d.reload("file changed") // reload logs what went wrong
		}
	}
}

// reload reads and validates the config file and swaps it in; a broken file keeps the old settings.
func (d *daemon) reload(why string) error {
	d.reloadMu.Lock()
	defer d.reloadMu.Unlock()
	cfg, err := config.Load(d.opts.ConfigPath)
	if err != nil {
		d.log.Warn("config not reloaded: keeping the previous settings", "why", why, "err", err)
		d.configErr.Store(new(err.Error() + "\nkept the last settings that loaded"))
		return fmt.Errorf("config not reloaded: %w", err)
	}
	d.configErr.Store(nil)
	d.cfg.Store(&cfg)
	if d.models != nil {
		d.models.reconfigure()
	}
	d.log.Info("config reloaded", "why", why, "backend", cfg.Backend, "safety_mode", cfg.Safety.Mode)
	return nil
}
