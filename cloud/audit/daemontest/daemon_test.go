package daemontest

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/daemon"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/seal"
)

const (
	email    = "owner@acme.example"
	password = "correct horse battery"
)

// world is a real API server, an organisation with an audit log, and a daemon logged in to the server
// as the organisation's owner, in this process.
type world struct {
	t    *testing.T
	pool *pgxpool.Pool
	org  string
	ipc  *ipc.Client
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	pool := testdb.New(t)
	srv := httptest.NewServer(api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler),
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte("daemon-audit-secret-daemon-audit!")},
			Argon2: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}}}))
	t.Cleanup(srv.Close)

	cl := client.New(client.Credentials{Server: srv.URL}, nil)
	user, err := cl.Signup(ctx, email, password)
	if err != nil {
		t.Fatal(err)
	}
	key, err := seal.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	if err := cl.SetSyncKey(ctx, "", key.ID()); err != nil {
		t.Fatal(err)
	}
	o, err := (&orgs.Service{DB: pool}).Create(ctx, "Acme", email, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, pool: pool, org: o.ID}
	w.events(8)

	root := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(root, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(root, "data"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(root, "state"))
	t.Setenv(daemon.SyncIntervalEnv, "1h") // rounds run when the test asks, and at start
	creds := cl.Credentials()
	creds.Email, creds.UserID, creds.SyncKey = email, user.ID, key.Phrase()
	if err := client.SaveCredentials(client.CredentialsPath(), creds); err != nil {
		t.Fatal(err)
	}
	run, err := os.MkdirTemp("", "cmdai-audit")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	opts := daemon.Options{Socket: filepath.Join(run, "cmdai.sock"), ConfigPath: filepath.Join(root, "config", "cmdai", "config.toml"),
		DataDir: filepath.Join(root, "data", "cmdai"), StateDir: filepath.Join(root, "state", "cmdai"),
		Logger: slog.New(slog.DiscardHandler), Version: "test"}
	ready := make(chan struct{})
	opts.Ready = func() { close(ready) }
	dctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- daemon.Run(dctx, opts) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("daemon: %v", err)
		}
	})
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("the daemon did not start: %v", err)
	case <-time.After(15 * time.Second):
		t.Fatal("the daemon did not become ready")
	}
	w.ipc = &ipc.Client{Socket: opts.Socket}
	t.Cleanup(w.ipc.Close)
	return w
}

// events appends n events to the organisation's chain, as the server writes them.
func (w *world) events(n int) {
	w.t.Helper()
	for i := range n {
		err := audit.Record(context.Background(), w.pool, audit.Event{OrgID: w.org, Action: "test.event", Status: audit.StatusSuccess,
			ResourceID: fmt.Sprint(i), Details: map[string]any{"i": i}})
		if err != nil {
			w.t.Fatal(err)
		}
	}
}

// sync makes the daemon sync now and returns the organisation's audit log as it checked.
func (w *world) sync() ipc.AuditLogStatus {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := w.ipc.SyncNow(ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	if len(st.AuditLogs) != 1 || st.AuditLogs[0].OrgID != w.org {
		w.t.Fatalf("sync status: audit logs %+v (last error %q), want Acme's", st.AuditLogs, st.LastError)
	}
	return st.AuditLogs[0]
}

// sqlAsSuperuser runs statements with the audit tables' rules and triggers off, as whoever runs the
// database could.
func (w *world) sqlAsSuperuser(statements ...string) {
	w.t.Helper()
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, w.pool, func(tx pgx.Tx) error {
		var all []string
		for _, table := range []string{"audit_logs", "audit_checkpoints"} {
			all = append(all, `ALTER TABLE `+table+` DISABLE TRIGGER USER`, `ALTER TABLE `+table+` DISABLE RULE `+table+`_no_update`,
				`ALTER TABLE `+table+` DISABLE RULE `+table+`_no_delete`)
		}
		all = append(all, statements...)
		for _, table := range []string{"audit_logs", "audit_checkpoints"} {
			all = append(all, `ALTER TABLE `+table+` ENABLE TRIGGER USER`, `ALTER TABLE `+table+` ENABLE RULE `+table+`_no_update`,
				`ALTER TABLE `+table+` ENABLE RULE `+table+`_no_delete`)
		}
		for _, s := range all {
			if _, err := tx.Exec(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

// The bar: a daemon keeps the organisation's audit checkpoint it saw and, at every sync, checks that
// the server's log extends it. As the superuser, change a row (re-hashing the chain from it, or not),
// delete one, swap two, or cut the tail (and drop the server's own checkpoints, which would otherwise
// give the change away on the server): the daemon's next sync reports the log rewritten, and keeps
// reporting it after the server's log grows again.
func TestDaemonDetectsRewrittenAuditLog(t *testing.T) {
	dropCheckpoints := func(org string) string { return `DELETE FROM audit_checkpoints WHERE chain_id = '` + org + `'` }
	for _, tc := range []struct {
		name   string
		attack func(w *world)
	}{
		{"a row changed and the chain re-hashed from it", func(w *world) {
			// A change that leaves the row's event_hash as it was changes nothing the checkpoints commit
			// to ('audit verify' names it); to pass the chain off as intact the attacker must re-hash
			// the row and every later one.
			w.sqlAsSuperuser(`DELETE FROM audit_logs WHERE chain_id = '`+w.org+`' AND seq >= 4`, dropCheckpoints(w.org))
			w.events(7)
		}},
		{"a row changed under the server's checkpoint", func(w *world) {
			w.sqlAsSuperuser(`UPDATE audit_logs SET resource_id = 'other', event_hash = repeat('a', 64) WHERE chain_id = '` + w.org + `' AND seq = 4`)
		}},
		{"a row deleted", func(w *world) {
			w.sqlAsSuperuser(`DELETE FROM audit_logs WHERE chain_id = '`+w.org+`' AND seq = 3`, dropCheckpoints(w.org))
		}},
		{"two rows swapped", func(w *world) {
			c := ` WHERE chain_id = '` + w.org + `' AND seq = `
			w.sqlAsSuperuser(`UPDATE audit_logs SET seq = 100`+c+`5`, `UPDATE audit_logs SET seq = 5`+c+`6`,
				`UPDATE audit_logs SET seq = 6`+c+`100`, dropCheckpoints(w.org))
		}},
		{"the tail cut", func(w *world) {
			w.sqlAsSuperuser(`DELETE FROM audit_logs WHERE chain_id = '`+w.org+`' AND seq >= 7`, dropCheckpoints(w.org))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			if a := w.sync(); a.State != ipc.AuditLogConsistent || a.TreeSize != 8 {
				t.Fatalf("first sync: %+v, want consistent at 8 events", a)
			}
			w.events(2)
			if a := w.sync(); a.State != ipc.AuditLogConsistent || a.TreeSize != 10 {
				t.Fatalf("after two more events: %+v, want consistent at 10", a)
			}
			tc.attack(w)
			a := w.sync()
			if a.State != ipc.AuditLogRewritten || a.TreeSize != 10 || a.Problem == "" {
				t.Fatalf("after the attack: %+v, want rewritten, the checkpoint of 10 kept", a)
			}
			w.events(3)
			if a := w.sync(); a.State != ipc.AuditLogRewritten || a.TreeSize != 10 || !strings.Contains(a.Problem, "rewritten") && !strings.Contains(a.Problem, "does not verify") {
				t.Fatalf("a later sync forgot the rewrite: %+v", a)
			}
		})
	}
}
