package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// clock is a settable time for auth.Tokens.Now.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newKey(t *testing.T, pool *pgxpool.Pool, c *clock) (*auth.Service, pgstore.APIKey, string) {
	t.Helper()
	ctx := context.Background()
	s := &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte("auth-test-secret-auth-test-secret!"), Now: c.now}}
	u, err := pgstore.CreateUser(ctx, pool, "keys@example.com", "h", "")
	if err != nil {
		t.Fatal(err)
	}
	k, secret, err := s.CreateAPIKey(ctx, u.ID, "laptop", []string{auth.ScopeCommandsWrite}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return s, k, secret
}

func lastUsed(t *testing.T, pool *pgxpool.Pool, id string) *time.Time {
	t.Helper()
	var at *time.Time
	if err := pool.QueryRow(context.Background(), `SELECT last_used_at FROM api_keys WHERE id = $1`, id).Scan(&at); err != nil {
		t.Fatal(err)
	}
	return at
}

func TestAPIKeyLastUsedMovesAtMostOnceAMinute(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	c := &clock{t: time.Now()}
	s, k, secret := newKey(t, pool, c)

	if _, err := s.Authenticate(ctx, secret); err != nil {
		t.Fatal(err)
	}
	if lastUsed(t, pool, k.ID) == nil {
		t.Fatal("first use not recorded")
	}
	// Back-date the record: the database alone would now accept a new one, so an unchanged value below
	// means this process did not send the write.
	backdated := time.Now().Add(-2 * time.Minute).Truncate(time.Microsecond)
	if _, err := pool.Exec(ctx, `UPDATE api_keys SET last_used_at = $2 WHERE id = $1`, k.ID, backdated); err != nil {
		t.Fatal(err)
	}
	c.t = c.t.Add(30 * time.Second)
	for range 3 {
		p, err := s.Authenticate(ctx, secret)
		if err != nil || p.APIKeyID != k.ID {
			t.Fatalf("within the minute: %+v, %v", p, err)
		}
	}
	if at := lastUsed(t, pool, k.ID); at == nil || !at.Equal(backdated) {
		t.Fatalf("last_used_at written within the minute: %v, want %v", at, backdated)
	}
	c.t = c.t.Add(31 * time.Second)
	if _, err := s.Authenticate(ctx, secret); err != nil {
		t.Fatal(err)
	}
	if at := lastUsed(t, pool, k.ID); at == nil || !at.After(backdated.Add(time.Minute)) {
		t.Fatalf("last_used_at did not move after a minute: %v (was %v)", at, backdated)
	}
}

func TestAPIKeyRevocationAndExpiryTakeEffectOnTheNextRequest(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	c := &clock{t: time.Now()}
	s, k, secret := newKey(t, pool, c)

	// Used a moment ago, so this process has it in mind; revoking must still refuse the very next request.
	for range 2 {
		if _, err := s.Authenticate(ctx, secret); err != nil {
			t.Fatal(err)
		}
	}
	if err := pgstore.RevokeAPIKey(ctx, pool, k.UserID, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, secret); !errors.Is(err, auth.ErrInvalidToken) {
		t.Fatalf("revoked key: %v, want ErrInvalidToken", err)
	}
	if _, err := pool.Exec(ctx, `UPDATE api_keys SET revoked_at = NULL WHERE id = $1`, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, secret); err != nil {
		t.Fatalf("restored key: %v", err)
	}
	c.t = c.t.Add(time.Hour)
	if _, err := s.Authenticate(ctx, secret); !errors.Is(err, auth.ErrInvalidToken) {
		t.Fatalf("expired key: %v, want ErrInvalidToken", err)
	}
	if _, err := s.Authenticate(ctx, "cmdai_unknown"); !errors.Is(err, auth.ErrInvalidToken) {
		t.Fatalf("unknown key: %v, want ErrInvalidToken", err)
	}
}
