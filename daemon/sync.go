package daemon

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/policy/local"
	"github.com/cmdai/cmdai/seal"
	"github.com/cmdai/cmdai/store"
)

// Sync timing, overridable by the environment (tests run it fast).
const (
	SyncIntervalEnv   = "CMDAI_SYNC_INTERVAL"    // how often to push and pull when all is well (default 30s)
	SyncBackoffMaxEnv = "CMDAI_SYNC_BACKOFF_MAX" // the longest wait after failures (default 5m)
)

const (
	defaultSyncInterval = 30 * time.Second // the outbox check; pulls run every pullEveryRounds of these
	defaultBackoffMax   = 5 * time.Minute
	backoffBase         = time.Second
	pullEveryRounds     = 4
	pushBatch           = 100
	pullPage            = 200
	settingDevice       = "sync.device"
)

// syncWorker pushes the outbox to the cloud and pulls other machines' history. It runs beside the
// daemon and nothing waits for it: generation and history work the same offline.
type syncWorker struct {
	store     *store.Store
	log       *slog.Logger
	credsPath string
	interval  time.Duration
	maxWait   time.Duration
	kick      chan syncAsk
	policy    *local.Enforcer // fetched at each pull; nil in tests that sync without one

	// cl and verified belong to the worker's goroutine.
	cl           *client.Client
	verified     string // the credentials fingerprint whose key and capabilities were checked
	batch        int
	lastPatterns time.Time
	lastPullAt   time.Time
	pullEvery    time.Duration
	// rejectedRound keeps a rejection in LastError after a round that otherwise went well.
	rejectedRound bool

	mu sync.Mutex
	st ipc.SyncStatus
}

func newSyncWorker(s *store.Store, log *slog.Logger) *syncWorker {
	w := &syncWorker{store: s, log: log.With("part", "sync"), credsPath: client.CredentialsPath(),
		interval: envDuration(SyncIntervalEnv, defaultSyncInterval), maxWait: envDuration(SyncBackoffMaxEnv, defaultBackoffMax),
		kick: make(chan syncAsk), batch: pushBatch}
	w.pullEvery = pullEveryRounds * w.interval
	return w
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := config.ParseDuration(os.Getenv(name)); err == nil && d > 0 {
		return d
	}
	return def
}

// run syncs until ctx ends: at once, then every interval, sooner when asked (SyncNow), later after
// failures (capped exponential backoff with jitter).
func (w *syncWorker) run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	failures := 0
	for {
		var done chan struct{}
		var asker trace.SpanContext
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case ask := <-w.kick:
			done, asker = ask.done, ask.asker
			failures = 0
		}
		err := w.tracedCycle(ctx, asker, done != nil)
		next := w.interval
		if err != nil && ctx.Err() == nil {
			failures++
			next = backoff(failures, w.maxWait)
			if ra := client.RetryAfter(err); ra > next {
				next = min(ra, time.Hour) // rate limited: come back when the server says
			}
			w.log.Warn("sync failed", "err", err, "failures", failures, "retry_in", next.String())
		} else {
			failures = 0
		}
		w.update(func(st *ipc.SyncStatus) {
			if err != nil {
				st.LastError, st.ErrorAt = err.Error(), time.Now()
			}
			st.NextAttempt = time.Now().Add(next)
		})
		timer.Reset(next)
		if done != nil {
			close(done)
		}
	}
}

// backoff is the wait after n failures in a row: exponential from one second, capped, with the upper
// half jittered so that many clients do not return at once.
func backoff(n int, ceiling time.Duration) time.Duration {
	d := ceiling
	if n < 30 && backoffBase<<n < ceiling {
		d = backoffBase << n
	}
	return d/2 + rand.N(d/2+1)
}

// now runs a round and waits for it, or for ctx.
func (w *syncWorker) now(ctx context.Context) {
	if w == nil {
		return
	}
	done := make(chan struct{})
	select {
	case w.kick <- syncAsk{done: done, asker: trace.SpanContextFromContext(ctx)}:
	case <-ctx.Done():
		return
	}
	select {
	case <-done:
	case <-ctx.Done():
	}
}

func (w *syncWorker) status(ctx context.Context) ipc.SyncStatus {
	if w == nil { // a daemon assembled without a worker (benchmarks)
		return ipc.SyncStatus{}
	}
	n, err := w.store.Outbox.Len(ctx)
	w.mu.Lock()
	defer w.mu.Unlock()
	if err == nil {
		w.st.Pending = n
	}
	return w.st
}

func (w *syncWorker) update(fn func(*ipc.SyncStatus)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	fn(&w.st)
}

// cycle is one round: check the credentials and key, push, pull, and refresh the team patterns when
// they are due or the round was asked for.
func (w *syncWorker) cycle(ctx context.Context, asked bool) error {
	creds, err := client.LoadCredentials(w.credsPath)
	if errors.Is(err, client.ErrNotLoggedIn) || err == nil && !creds.LoggedIn() {
		w.cl, w.verified = nil, ""
		w.update(func(st *ipc.SyncStatus) {
			*st = ipc.SyncStatus{Pushed: st.Pushed, Pulled: st.Pulled, Rejected: st.Rejected}
		})
		return nil
	}
	if err != nil {
		return err
	}
	w.rejectedRound = false
	device, err := w.device(ctx)
	if err != nil {
		return err
	}
	w.update(func(st *ipc.SyncStatus) {
		st.LoggedIn, st.Server, st.Email, st.Device = true, creds.Server, creds.Email, device
	})
	key, err := seal.ParsePhrase(creds.SyncKey)
	if err != nil {
		return errors.New("this machine has no sync key: run 'cmdai auth login' again and enter your recovery phrase")
	}
	w.adopt(creds)
	if err := w.cl.RefreshIfDue(ctx, time.Minute); err != nil {
		return err
	}
	if err := w.verify(ctx, creds, key); err != nil {
		return err
	}
	if err := w.push(ctx, device, key); err != nil {
		return fmt.Errorf("push: %w", err)
	}
	if err := w.pushUses(ctx); err != nil {
		return fmt.Errorf("push team pattern uses: %w", err)
	}
	var policyErr error
	// Pulls and pattern refreshes cost a request each even when nothing changed, and requests count
	// against the account's rate limit: they run less often than the (local, free) outbox check.
	if asked || time.Since(w.lastPullAt) >= w.pullEvery {
		if err := w.pull(ctx, creds, device, key); err != nil {
			return fmt.Errorf("pull: %w", err)
		}
		// A refused policy bundle must not hold back the rest of the round; the round still reports it.
		policyErr = w.pullPolicy(ctx, creds)
		w.checkAuditLogs(ctx, creds)
		w.lastPullAt = time.Now()
	}
	if asked || time.Since(w.lastPatterns) >= patternsEvery {
		if err := w.pullPatterns(ctx); err != nil {
			return errors.Join(fmt.Errorf("pull team patterns: %w", err), policyError(policyErr))
		}
	}
	if policyErr != nil {
		return policyError(policyErr)
	}
	if !w.rejectedRound {
		w.update(func(st *ipc.SyncStatus) { st.LastError, st.ErrorAt = "", time.Time{} })
	}
	return nil
}

// policyError says a policy step failed; nil for none.
func policyError(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("policy: %w", err)
}

// adopt points the client at creds, keeping it (and what was verified) while they are the same login.
func (w *syncWorker) adopt(creds client.Credentials) {
	if w.cl != nil {
		cur := w.cl.Credentials()
		if cur.Server == creds.Server && cur.UserID == creds.UserID && cur.SyncKey == creds.SyncKey && cur.APIKey == creds.APIKey {
			// Another process (a new login, 'auth rotate-key') may have replaced the tokens.
			if creds.RefreshToken != cur.RefreshToken || creds.AccessToken != cur.AccessToken {
				w.cl.SetCredentials(creds)
			}
			return
		}
	}
	path := w.credsPath
	w.cl = client.New(creds, func(c client.Credentials) error { return saveTokens(path, c) })
	w.verified, w.lastPatterns, w.lastPullAt = "", time.Time{}, time.Time{}
}

// verify checks once per login that the server speaks our protocol and that our key is the account's.
func (w *syncWorker) verify(ctx context.Context, creds client.Credentials, key seal.Key) error {
	fp := creds.Server + "|" + creds.UserID + "|" + key.ID()
	if w.verified == fp {
		return nil
	}
	caps, err := w.cl.Capabilities(ctx)
	if err != nil {
		return err
	}
	if !slices.Contains(caps.Encryption, seal.Scheme) {
		return fmt.Errorf("the server does not offer %s encryption (it offers %v): update cmdai", seal.Scheme, caps.Encryption)
	}
	w.batch = pushBatch
	if caps.MaxBatch > 0 && caps.MaxBatch < w.batch {
		w.batch = caps.MaxBatch
	}
	k, err := w.cl.SyncKey(ctx)
	if err != nil {
		return fmt.Errorf("read the account's sync key: %w", err)
	}
	if k.KeyID != key.ID() {
		return errKeyChanged
	}
	w.verified = fp
	return nil
}

// device is this machine's sync id, made once and kept in the store.
func (w *syncWorker) device(ctx context.Context) (string, error) {
	b, err := w.store.Settings.Get(ctx, settingDevice)
	if err == nil {
		return string(b), nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	id := make([]byte, 8)
	if _, err := cryptoRand(id); err != nil {
		return "", err
	}
	dev := hex.EncodeToString(id)
	return dev, w.store.Settings.Set(ctx, settingDevice, []byte(dev))
}

func cryptoRand(b []byte) (int, error) { return crand.Read(b) }

// saveTokens stores refreshed tokens into the credentials file as it is now, changing nothing else: the
// file may have gained a new sync key (auth rotate-key) since the worker read it, and that key must not
// be overwritten with the one the worker holds. A file that now names another login is left alone.
func saveTokens(path string, c client.Credentials) error {
	cur, err := client.LoadCredentials(path)
	if err != nil {
		return err
	}
	if cur.Server != c.Server || cur.UserID != c.UserID {
		return nil
	}
	cur.AccessToken, cur.AccessExpires, cur.RefreshToken = c.AccessToken, c.AccessExpires, c.RefreshToken
	return client.SaveCredentials(path, cur)
}
