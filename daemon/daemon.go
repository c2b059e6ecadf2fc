package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/policy/local"
	"github.com/cmdai/cmdai/store"
	"github.com/cmdai/cmdai/telemetry"
)

// IdleExitEnv overrides the daemon.idle_exit setting ("2s", "0" for never); tests set it short.
const IdleExitEnv = "CMDAI_DAEMON_IDLE_EXIT"

// Options locate what a daemon serves. Zero fields take the defaults from the config and ipc packages.
type Options struct {
	Socket     string // default ipc.SocketPath()
	ConfigPath string // default config.Path()
	DataDir    string // default config.DataDir(); the store lives in DataDir/db
	StateDir   string // default config.StateDir(); the log lives there
	// Logger receives the daemon's structured log; nil writes JSON to StateDir/daemon.log, rotated.
	Logger *slog.Logger
	// Factories are the backends it may run; nil means DefaultFactories() bound to the live config.
	Factories map[string]Factory
	// Ready is called once the daemon answers on its socket.
	Ready func()
	// Version is the build version reported by status.
	Version string

	// allowUID is the user the daemon serves (tests change it to see a refusal); protocol is the
	// version it claims, 0 meaning ipc.ProtocolVersion (tests set -1 to play a daemon from before
	// versions, which sends no usable header); readTimeout bounds the reading of a request, body
	// included, 0 meaning requestReadTimeout (tests shorten it).
	allowUID    *int
	protocol    int
	readTimeout time.Duration
}

func (o Options) withDefaults() Options {
	if o.Socket == "" {
		o.Socket = ipc.SocketPath()
	}
	if o.ConfigPath == "" {
		o.ConfigPath = config.Path()
	}
	if o.DataDir == "" {
		o.DataDir = config.DataDir()
	}
	if o.StateDir == "" {
		o.StateDir = config.StateDir()
	}
	if o.Version == "" {
		o.Version = ipc.BuildVersion()
	}
	if o.allowUID == nil {
		uid := os.Getuid()
		o.allowUID = &uid
	}
	if o.protocol == 0 {
		o.protocol = ipc.ProtocolVersion
	}
	if o.readTimeout == 0 {
		o.readTimeout = requestReadTimeout
	}
	return o
}

// ErrAlreadyRunning means another daemon holds the lock for this socket.
var ErrAlreadyRunning = ipc.ErrAlreadyRunning

// daemon is one running daemon: what the handlers reach.
type daemon struct {
	opts    Options
	log     *slog.Logger
	store   *store.Store
	models  *pool
	sync    *syncWorker
	policy  *local.Enforcer
	cfg     atomic.Pointer[config.Config]
	started time.Time
	logPath string

	// stop ends Run; the cause says why (shutdown request, idle, socket removed, signal).
	stop     context.CancelCauseFunc
	inflight atomic.Int64
	lastSeen atomic.Int64 // unix nanoseconds of the last request's end

	reloadMu sync.Mutex // serialises reloads from the watcher and from /v1/config/reload
	// configErr says what is wrong with the config file while the daemon runs without all of it.
	configErr atomic.Pointer[string]
}

// configError is what status reports about the config file; empty when all of it is in use.
func (d *daemon) configError() string {
	if e := d.configErr.Load(); e != nil {
		return *e
	}
	return ""
}

func (d *daemon) config() config.Config { return *d.cfg.Load() }

// Run serves the daemon until ctx ends, a client asks it to shut down, it has been idle for the
// configured time, or its socket is removed. It returns nil after a clean shutdown.
func Run(ctx context.Context, opts Options) (err error) {
	opts = opts.withDefaults()
	cfg, err := config.Load(opts.ConfigPath)
	var problems config.Errors
	if err != nil && !errors.As(err, &problems) {
		return fmt.Errorf("%w\nfix it with 'cmdai config edit'", err)
	}
	d := &daemon{opts: opts, started: time.Now(), log: opts.Logger}
	d.cfg.Store(&cfg)
	if problems != nil {
		// A broken setting is no reason to leave every client without a daemon: it runs with the
		// defaults in its place, and says so in its status.
		d.configErr.Store(new(problems.Error() + "\nusing the defaults for these settings"))
	}
	if d.log == nil {
		d.logPath = filepath.Join(opts.StateDir, "daemon.log")
		lf, err := openLogFile(d.logPath, 5<<20, 3)
		if err != nil {
			return err
		}
		defer lf.Close()
		d.log = slog.New(telemetry.LogHandler(slog.NewJSONHandler(lf, &slog.HandlerOptions{Level: logLevel()})))
	}

	if err := ipc.EnsureSocketDir(filepath.Dir(opts.Socket)); err != nil {
		return err
	}
	unlock, err := lockDaemon(ipc.DaemonLockPath(opts.Socket))
	if err != nil {
		return err
	}
	defer unlock()
	ln, err := listen(ctx, opts.Socket)
	if err != nil {
		return err
	}
	sock, err := os.Stat(opts.Socket)
	if err != nil {
		ln.Close()
		return fmt.Errorf("stat socket: %w", err)
	}
	// Remove the socket only while it is still ours: after the runtime directory was deleted, a new
	// daemon may already listen at the same path.
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	defer func() {
		ln.Close()
		if fi, err := os.Stat(opts.Socket); err == nil && os.SameFile(fi, sock) {
			os.Remove(opts.Socket)
		}
	}()

	d.store, err = store.Open(filepath.Join(opts.DataDir, "db"), store.Options{Logger: d.log})
	if err != nil {
		return err
	}
	defer func() {
		if cerr := closeStore(d.store, d.log, storeCloseTimeout); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if opts.Factories == nil {
		opts.Factories = configuredFactories(d.config, opts.DataDir, d.log)
		d.opts.Factories = opts.Factories
	}
	d.models = newPool(opts.Factories, d.log)
	d.models.cfg = d.config
	var perr error
	if d.policy, perr = local.Open(ctx, local.Path(opts.DataDir)); perr != nil {
		d.log.Warn("every command is refused until the next sync replaces the organisation's policy", "err", perr)
	}
	d.sync = newSyncWorker(d.store, d.log)
	d.sync.policy = d.policy
	defer d.models.close()

	ctx, d.stop = context.WithCancelCause(ctx)
	defer d.stop(nil)
	srv := &http.Server{
		Handler:           traced(NewHandler(d)),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       opts.readTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(d.log.Handler(), slog.LevelDebug),
		ConnContext:       connContext,
	}
	d.lastSeen.Store(time.Now().UnixNano())
	d.log.Info("daemon started", "pid", os.Getpid(), "version", opts.Version, "socket", opts.Socket,
		"store", d.store.Dir(), "history", d.store.History.Len(), "idle_exit", d.idleExit().String())

	var wg sync.WaitGroup
	wg.Go(func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			d.stop(fmt.Errorf("%w: %w", errServeFailed, err))
		}
	})
	wg.Go(func() {
		d.store.Maintain(ctx, time.Hour, func() time.Duration {
			return time.Duration(d.config().Daemon.HistoryDays) * 24 * time.Hour
		})
	})
	cw := d.watchConfigDir()
	wg.Go(func() { d.watchConfig(ctx, cw) })
	wg.Go(func() { d.sync.run(ctx) })
	wg.Go(func() { d.collectUndo(ctx) })
	wg.Go(func() { d.watchLifetime(ctx, sock) })
	if cfg.Daemon.Preload {
		wg.Go(func() { d.preload(ctx) })
	}
	if opts.Ready != nil {
		opts.Ready()
	}

	<-ctx.Done()
	cause := context.Cause(ctx)
	d.log.Info("daemon stopping", "reason", cause.Error())
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		d.log.Warn("requests still running at shutdown were cut off", "err", err)
		srv.Close()
	}
	wg.Wait()
	d.log.Info("daemon stopped")
	if errors.Is(cause, errServeFailed) {
		return cause
	}
	return nil
}

var errServeFailed = errors.New("serve the socket")

// requestReadTimeout bounds how long a request, its body included, may take to arrive. Clients send
// theirs at once (at most ipc.MaxRequestBytes over a local socket); one whose body trickles in would
// otherwise hold a handler, and with it the idle exit, for as long as it likes. It does not cut a
// generation's stream short: net/http lifts the read deadline once the body has been read, when it
// starts watching the connection for the client going away. There is no WriteTimeout for that reason:
// a stream may rightly last minutes.
const requestReadTimeout = 10 * time.Second

// storeCloseTimeout bounds how long a stopping daemon waits for the store to close.
const storeCloseTimeout = 10 * time.Second

// closeStore closes the store but never blocks the daemon's exit for long: badger retries a failed
// memtable flush forever, which is what happens when the data directory was deleted under a running
// daemon (a test's temp dir, a wiped home), and a daemon that no client can reach must still go away.
// Leaving without a clean close loses nothing acknowledged: history writes are synced before the
// client hears of them, the same guarantee that holds after kill -9.
func closeStore(s *store.Store, log *slog.Logger, timeout time.Duration) error {
	if _, err := os.Stat(s.Dir()); err != nil {
		log.Warn("the store's directory is gone; exiting without closing it", "dir", s.Dir(), "err", err)
		return nil
	}
	done := make(chan error, 1)
	go func() { done <- s.Close() }() // abandoned, not leaked for long: the process is about to exit
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		log.Warn("the store did not close in time; exiting without waiting for it", "timeout", timeout.String())
		return nil
	}
}

// preload loads the configured backend so that the first request finds it warm.
func (d *daemon) preload(ctx context.Context) {
	cfg := d.config()
	name, err := d.models.resolve(cfg.Backend)
	if err != nil {
		d.log.Warn("preload backend", "err", err)
		return
	}
	if err := d.models.preload(ctx, name, ""); err != nil { // "": the backend's configured model
		d.log.Warn("preload backend", "backend", name, "err", err)
	}
}

// idleExit is how long the daemon may go without a request before it exits; 0 means never.
func (d *daemon) idleExit() time.Duration {
	s := d.config().Daemon.IdleExit
	if v, ok := os.LookupEnv(IdleExitEnv); ok {
		s = v
	}
	dur, _ := config.ParseDuration(s)
	return dur
}

// connContext records who is calling on each new connection, for the permission check.
func connContext(ctx context.Context, c net.Conn) context.Context {
	uid, err := peerUID(c)
	return context.WithValue(ctx, peerKey{}, peer{uid: uid, err: err})
}

type peerKey struct{}

type peer struct {
	uid int
	err error
}

func logLevel() slog.Level {
	if os.Getenv("CMDAI_LOG") == "debug" {
		return slog.LevelDebug
	}
	return slog.LevelInfo
}
