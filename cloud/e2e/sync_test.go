package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cmdai/cmdai/ipc"
)

// TestSyncBetweenMachines is the sync bar: two homes with two real daemons against one real server.
func TestSyncBetweenMachines(t *testing.T) {
	bin := cmdaiBinary(t)
	srv := newCloudServer(t)
	const email, password = "e2e@example.com", "correct horse battery"
	srv.signup(email, password)

	a := newMachine(t, "A", bin)
	b := newMachine(t, "B", bin)
	out := a.cmdai(password+"\n", "auth", "login", "--server", srv.url(), "--email", email, "--password-stdin")
	m := phrasePattern.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("first login shows no recovery phrase:\n%s", out)
	}
	phrase := m[1]
	if fi, err := os.Stat(filepath.Join(a.root, "config", "cmdai", "credentials.json")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file: %v %v", fi, err)
	}
	out = b.cmdai(password+"\n", "auth", "login", "--server", srv.url(), "--email", email, "--password-stdin", "--recovery-phrase", phrase)
	if phrasePattern.MatchString(out) {
		t.Fatalf("second login made a new key:\n%s", out)
	}
	if st := b.cmdai("", "auth", "status", "--json"); !strings.Contains(st, `"logged_in":true`) || !strings.Contains(st, email) {
		t.Fatalf("auth status: %s", st)
	}

	var prompts, commands []string
	step(t, "entries made on A appear on B", func() {
		for _, p := range []string{"show the 10 largest files under this directory", "find files bigger than 100MB", "create a directory named notes-secret-zebra"} {
			res := a.generate(p)
			prompts, commands = append(prompts, p), append(commands, res.Command)
		}
		a.settle()
		b.settle()
		for _, p := range prompts {
			es, err := b.client.History(context.Background(), ipc.HistoryQuery{Search: p, Limit: 5})
			if err != nil || len(es) == 0 || es[0].Prompt != p {
				t.Fatalf("B's history has no %q: %v %+v", p, err, es)
			}
		}
		if st := b.syncNow(); st.Pending != 0 || st.Pulled < 3 {
			t.Fatalf("B after pulling: %+v (pulled entries must not be queued back)", st)
		}
		// Deleted on A: gone on B.
		es, _ := a.client.History(context.Background(), ipc.HistoryQuery{Search: prompts[1], Limit: 1})
		if err := a.client.DeleteHistory(context.Background(), es[0].ID); err != nil {
			t.Fatal(err)
		}
		a.settle()
		b.settle()
		if _, err := b.client.HistoryEntry(context.Background(), es[0].ID); !ipc.IsNotFound(err) {
			t.Fatalf("entry deleted on A is still on B: %v", err)
		}
	})

	step(t, "the server holds no plaintext", func() {
		var n int
		if err := srv.pool.QueryRow(context.Background(), `SELECT count(*) FROM sync_records`).Scan(&n); err != nil || n < 3 {
			t.Fatalf("%d sync records (%v)", n, err)
		}
		for _, s := range append(append([]string{}, prompts...), append(commands, "zebra", "notes-secret")...) {
			var hits int
			err := srv.pool.QueryRow(context.Background(),
				`SELECT count(*) FROM sync_records r WHERE position(convert_to($1, 'UTF8') IN coalesce(r.ciphertext, '')) > 0
				   OR position(convert_to($1, 'UTF8') IN coalesce(r.wrapped_key, '')) > 0 OR row_to_json(r)::text LIKE '%' || $1 || '%'`, s).Scan(&hits)
			if err != nil || hits != 0 {
				t.Fatalf("the database holds %q in the clear (%d rows, %v)", s, hits, err)
			}
		}
		var cmds int
		if err := srv.pool.QueryRow(context.Background(), `SELECT count(*) FROM commands`).Scan(&cmds); err != nil || cmds != 0 {
			t.Fatalf("plaintext commands table has %d rows (%v)", cmds, err)
		}
	})

	step(t, "500 entries queued while the server is down arrive exactly once", func() {
		srv.stop()
		for i := range 500 {
			a.generate(fmt.Sprintf("create a directory named offline%d", i))
		}
		st := a.syncNow()
		if st.Pending < 500 || st.LastError == "" {
			t.Fatalf("with the server down: %+v", st)
		}
		srv.start()
		a.settle()
		b.settle()
		want := a.ids()
		if got := b.ids(); len(got) != len(want) || b.historyLen() != a.historyLen() {
			t.Fatalf("B has %d entries, A has %d", len(got), len(want))
		}
		var rows int
		if err := srv.pool.QueryRow(context.Background(), `SELECT count(*) FROM sync_records WHERE NOT deleted`).Scan(&rows); err != nil || rows != len(want) {
			t.Fatalf("server holds %d live records, A has %d (%v)", rows, len(want), err)
		}
	})

	step(t, "kill -9 mid-sync loses and duplicates nothing", func() {
		for i := range 300 {
			a.generate(fmt.Sprintf("create a directory named crash%d", i))
		}
		// Kill A while it pushes and B while it pulls, then restart both.
		var wg sync.WaitGroup
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, _ = a.client.SyncNow(ctx)
		})
		time.Sleep(15 * time.Millisecond)
		a.kill()
		wg.Wait()
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, _ = b.client.SyncNow(ctx)
		})
		time.Sleep(15 * time.Millisecond)
		b.kill()
		wg.Wait()
		a.startDaemon()
		b.startDaemon()
		if st, err := a.client.Sync(context.Background()); err == nil {
			t.Logf("after the kill: A had %d of 300 left to push; B held %d of %d entries", st.Pending, b.historyLen(), a.historyLen())
		}
		a.settle()
		b.settle()
		want := a.ids()
		got := b.ids()
		if len(got) != len(want) || b.historyLen() != len(want) || a.historyLen() != len(want) {
			t.Fatalf("after kill -9: A lists %d (len %d), B lists %d (len %d)", len(want), a.historyLen(), len(got), b.historyLen())
		}
		for id := range want {
			if !got[id] {
				t.Fatalf("entry %s never reached B", id)
			}
		}
		var rows int
		if err := srv.pool.QueryRow(context.Background(), `SELECT count(*) FROM sync_records WHERE NOT deleted`).Scan(&rows); err != nil || rows != len(want) {
			t.Fatalf("server holds %d live records, A has %d (%v)", rows, len(want), err)
		}
	})

	step(t, "team patterns reach the patterns cache", func() {
		token := a.credentials()["access_token"].(string)
		var team struct {
			ID string `json:"id"`
		}
		srv.post(token, "/api/v1/teams", map[string]string{"name": "Ops", "slug": "ops-e2e"}, &team)
		srv.post(token, "/api/v1/teams/"+team.ID+"/patterns", map[string]any{"name": "tail service log",
			"template": "journalctl -u ${unit} -n 50", "parameters": []map[string]string{{"name": "unit", "type": "string"}}}, nil)
		b.settle()
		ps, err := b.client.Patterns(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range ps {
			found = found || p.Command == "journalctl -u ${unit} -n 50" && p.Team == "Ops"
		}
		if !found {
			t.Fatalf("B's patterns lack the team pattern: %+v", ps)
		}
	})

	step(t, "a tampered record is rejected on download", func() {
		before := b.syncNow().Rejected
		flipped := a.generate("create a directory named tampered-one")
		moved := a.generate("create a directory named tampered-two")
		a.settle()
		ctx := context.Background()
		if _, err := srv.pool.Exec(ctx, `UPDATE sync_records SET ciphertext = set_byte(ciphertext, 30, get_byte(ciphertext, 30) # 1) WHERE id = $1`, flipped.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.pool.Exec(ctx, `UPDATE sync_records SET risk = 'critical' WHERE id = $1`, moved.ID); err != nil {
			t.Fatal(err)
		}
		st := b.syncNow()
		if st.Rejected != before+2 || !strings.Contains(st.LastError, "rejected") {
			t.Fatalf("B after tampered records: %+v", st)
		}
		for _, id := range []string{flipped.ID, moved.ID} {
			if _, err := b.client.HistoryEntry(ctx, id); !ipc.IsNotFound(err) {
				t.Fatalf("tampered record %s was stored on B: %v", id, err)
			}
		}
		if out := b.cmdai("", "daemon", "status"); !strings.Contains(out, "2 rejected") {
			t.Fatalf("daemon status does not report the rejection:\n%s", out)
		}
	})

	step(t, "key rotation re-wraps the records and needs the new phrase elsewhere", func() {
		out := a.cmdai("", "auth", "rotate-key")
		m := phrasePattern.FindStringSubmatch(out)
		if m == nil || m[1] == phrase {
			t.Fatalf("rotate-key shows no new phrase:\n%s", out)
		}
		var oldKey int
		if err := srv.pool.QueryRow(context.Background(), `SELECT count(*) FROM sync_records r WHERE NOT deleted AND key_id <> (SELECT key_id FROM sync_keys)`).Scan(&oldKey); err != nil || oldKey != 1 {
			// Unwrapping checks the id and metadata, not the ciphertext: only the record whose risk was
			// changed stays under the old key.
			t.Fatalf("%d live records are not under the new key (%v); want only the one with tampered metadata", oldKey, err)
		}
		res := a.generate("create a directory named after-rotation")
		a.settle()
		if st := b.syncNow(); !strings.Contains(st.LastError, "recovery phrase") {
			t.Fatalf("B with the old key: %+v", st)
		}
		b.cmdai(password+"\n", "auth", "login", "--server", srv.url(), "--email", email, "--password-stdin", "--recovery-phrase", m[1])
		b.settle()
		if _, err := b.client.HistoryEntry(context.Background(), res.ID); err != nil {
			t.Fatalf("B with the new key does not get new entries: %v", err)
		}
	})

	step(t, "sync status and logout", func() {
		var st ipc.SyncStatus
		if err := json.Unmarshal([]byte(b.cmdai("", "sync", "--status", "--json")), &st); err != nil || !st.LoggedIn || st.Pending != 0 || st.LastPull.IsZero() {
			t.Fatalf("sync --status --json: %+v %v", st, err)
		}
		if out := a.cmdai("", "sync"); !strings.Contains(out, "0 pending") {
			t.Fatalf("cmdai sync: %s", out)
		}
		a.cmdai("", "auth", "logout")
		if _, err := os.Stat(filepath.Join(a.root, "config", "cmdai", "credentials.json")); !os.IsNotExist(err) {
			t.Fatalf("credentials survive logout: %v", err)
		}
		if out := a.cmdai("", "auth", "status", "--json"); !strings.Contains(out, `"logged_in":false`) {
			t.Fatalf("auth status after logout: %s", out)
		}
		a.generate("create a directory named after-logout")
		if st := a.syncNow(); st.LoggedIn || st.Pending != 1 {
			t.Fatalf("after logout the worker should idle and keep the change queued: %+v", st)
		}
	})
}

// step runs one stage of a test that shares its machines with the stages after it.
func step(t *testing.T, name string, fn func()) {
	t.Helper()
	t.Log("step: " + name)
	start := time.Now()
	fn()
	t.Logf("step done in %s", time.Since(start).Round(time.Millisecond))
}
