package client_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/seal"
)

func newServer(t *testing.T) string {
	t.Helper()
	pool := testdb.New(t)
	h := api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler),
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte("client-test-secret-client-test-secret")},
			Argon2: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}}})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestRefreshOnExpiredToken(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "credentials.json")
	save := func(c client.Credentials) error { return client.SaveCredentials(path, c) }
	c := client.New(client.Credentials{Server: newServer(t)}, save)
	u, err := c.Signup(ctx, "refresh@example.com", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	first := c.Credentials()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file mode: %v %v", fi, err)
	}

	// A broken access token is refreshed once, transparently, and the new tokens are saved.
	broken := first
	broken.AccessToken = "not-a-token"
	c.SetCredentials(broken)
	me, err := c.Me(ctx)
	if err != nil || me.ID != u.ID {
		t.Fatalf("Me after refresh = %+v, %v", me, err)
	}
	saved, err := client.LoadCredentials(path)
	if err != nil || saved.RefreshToken == first.RefreshToken || saved.AccessToken == "not-a-token" {
		t.Fatalf("refreshed tokens not saved: %+v %v", saved, err)
	}

	// Due for refresh: RefreshIfDue rotates the refresh token ahead of expiry.
	due := c.Credentials()
	due.AccessExpires = time.Now().Add(10 * time.Second)
	c.SetCredentials(due)
	if err := c.RefreshIfDue(ctx, time.Minute); err != nil {
		t.Fatal(err)
	}
	if c.Credentials().RefreshToken == due.RefreshToken {
		t.Fatal("RefreshIfDue did not refresh a token about to expire")
	}

	// A reused refresh token ends the session: the client says to log in again.
	stale := c.Credentials()
	stale.AccessToken, stale.RefreshToken = "not-a-token", first.RefreshToken
	c.SetCredentials(stale)
	if _, err := c.Me(ctx); !client.IsUnauthorized(err) {
		t.Fatalf("Me with a reused refresh token = %v, want unauthorized", err)
	}
}

func TestSealedRecordRoundTrip(t *testing.T) {
	ctx := context.Background()
	c := client.New(client.Credentials{Server: newServer(t)}, nil)
	if _, err := c.Signup(ctx, "records@example.com", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	key, _ := seal.NewKey()
	if err := c.SetSyncKey(ctx, "", key.ID()); err != nil {
		t.Fatal(err)
	}
	created := time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC) // PostgreSQL keeps microseconds
	rec, err := client.SealRecord(key, ulid.Make().String(), created, "high", []byte(`{"command":"rm -rf build"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Push(ctx, "dev1", []apitype.SyncRecord{rec}); err != nil {
		t.Fatal(err)
	}
	page, err := c.Pull(ctx, "", "dev2", 10)
	if err != nil || len(page.Records) != 1 {
		t.Fatalf("pull = %+v, %v", page, err)
	}
	plain, err := client.OpenRecord(key, page.Records[0])
	if err != nil || string(plain) != `{"command":"rm -rf build"}` {
		t.Fatalf("open pulled record = %q, %v", plain, err)
	}
	if k, err := c.SyncKey(ctx); err != nil || k.KeyID != key.ID() || k.Scheme != seal.Scheme {
		t.Fatalf("sync key = %+v, %v", k, err)
	}
}
