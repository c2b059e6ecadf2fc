package orgs

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/secrets"
)

func testKeyring(t *testing.T, current string, ids ...string) *secrets.Keyring {
	t.Helper()
	keys := map[string][]byte{}
	for _, id := range ids {
		keys[id] = bytes.Repeat([]byte(id[len(id)-1:]), secrets.KeySize)
	}
	kr, err := secrets.NewKeyring(current, keys)
	if err != nil {
		t.Fatal(err)
	}
	return kr
}

// noEnvKeyring keeps a keyring in the tester's environment from taking part.
func noEnvKeyring(t *testing.T) {
	for _, name := range []string{secrets.EnvKey, secrets.EnvKeyID, secrets.EnvOldKeys} {
		t.Setenv(name, "")
		t.Setenv(name+"_FILE", "")
	}
}

func storedSeed(t *testing.T, db DB) []byte {
	t.Helper()
	var seed []byte
	if err := db.QueryRow(context.Background(), `SELECT seed FROM server_keys WHERE purpose = $1`, keyPurpose).Scan(&seed); err != nil {
		t.Fatal(err)
	}
	return seed
}

// With a keyring the stored signing key's seed is sealed: the database holds no seed, every replica with
// the keyring signs with the same key, and one without it, or with other keys, refuses to start signing.
func TestSigningKeySeedSealedAtRest(t *testing.T) {
	noEnvKeyring(t)
	pool := testdb.New(t)
	ctx := context.Background()
	kr := testKeyring(t, "k1", "k1")
	key, err := (&Service{DB: pool, Keyring: kr}).SigningKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored := storedSeed(t, pool)
	if !secrets.IsSealed(stored) || bytes.Contains(stored, key.Seed()) {
		t.Fatalf("the stored seed is not sealed: %x", stored)
	}
	if id, err := secrets.KeyID(stored); err != nil || id != "k1" {
		t.Fatalf("sealed under %q, %v; want k1", id, err)
	}
	again, err := (&Service{DB: pool, Keyring: kr}).SigningKey(ctx)
	if err != nil || !again.Equal(key) {
		t.Fatalf("another replica's key: %v", err)
	}

	_, err = (&Service{DB: pool}).SigningKey(ctx)
	if err == nil || !strings.Contains(err.Error(), "no secrets keyring") || !strings.Contains(err.Error(), secrets.EnvKey) {
		t.Fatalf("no keyring: err = %v, want one that says to set %s", err, secrets.EnvKey)
	}
	_, err = (&Service{DB: pool, Keyring: testKeyring(t, "k2", "k2")}).SigningKey(ctx)
	if !errors.Is(err, secrets.ErrUnknownKey) {
		t.Fatalf("a keyring without k1: err = %v, want ErrUnknownKey", err)
	}
	// Under the keyring's own name but another key: the seed does not open.
	other, err := secrets.NewKeyring("k1", map[string][]byte{"k1": bytes.Repeat([]byte{7}, secrets.KeySize)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&Service{DB: pool, Keyring: other}).SigningKey(ctx); err == nil {
		t.Fatal("the seed opened under another key named k1")
	}

	// The seed is bound to its key id: a sealed seed moved under another id does not open.
	if _, err := pool.Exec(ctx, `UPDATE server_keys SET key_id = 'another' WHERE purpose = $1`, keyPurpose); err != nil {
		t.Fatal(err)
	}
	if _, err := (&Service{DB: pool, Keyring: kr}).SigningKey(ctx); err == nil || !strings.Contains(err.Error(), "open the policy-bundle key's seed") {
		t.Fatalf("a seed under another key id: err = %v", err)
	}
}

// A seed stored in plaintext (by a server without a keyring, or before sealing) keeps working, and a
// server with a keyring seals it when it loads the key; the keyring may come from the environment.
func TestSigningKeyPlaintextSeedSealedOnLoad(t *testing.T) {
	noEnvKeyring(t)
	pool := testdb.New(t)
	ctx := context.Background()
	key, err := (&Service{DB: pool}).SigningKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stored := storedSeed(t, pool); !bytes.Equal(stored, key.Seed()) {
		t.Fatalf("without a keyring the seed is stored as it is, got %x", stored)
	}
	n, err := SealServerKeys(ctx, pool, testKeyring(t, "k1", "k1"), false)
	if err != nil || n != 1 {
		t.Fatalf("plaintext seeds counted: %d, %v; want 1", n, err)
	}

	t.Setenv(secrets.EnvKey, secrets.NewKey())
	t.Setenv(secrets.EnvKeyID, "env-key")
	loaded, err := (&Service{DB: pool}).SigningKey(ctx)
	if err != nil || !loaded.Equal(key) {
		t.Fatalf("the plaintext seed's key under a keyring: %v", err)
	}
	stored := storedSeed(t, pool)
	if id, err := secrets.KeyID(stored); err != nil || id != "env-key" || bytes.Contains(stored, key.Seed()) {
		t.Fatalf("the seed was not sealed on load under the environment's key: %q %v", id, err)
	}
	if n, err := SealServerKeys(ctx, pool, testKeyring(t, "k1", "k1"), true); err != nil || n != 0 {
		t.Fatalf("sealed seeds sealed again: %d, %v", n, err)
	}
	reloaded, err := (&Service{DB: pool}).SigningKey(ctx)
	if err != nil || !reloaded.Equal(key) {
		t.Fatalf("the sealed seed's key: %v", err)
	}

	// A stored seed that does not match the stored public key is refused, not signed with.
	noEnvKeyring(t)
	if _, err := pool.Exec(ctx, `UPDATE server_keys SET seed = $2 WHERE purpose = $1`, keyPurpose, bytes.Repeat([]byte{1}, ed25519.SeedSize)); err != nil {
		t.Fatal(err)
	}
	if _, err := (&Service{DB: pool}).SigningKey(ctx); err == nil || !strings.Contains(err.Error(), "does not match its stored public key") {
		t.Fatalf("a seed of another key: err = %v", err)
	}
}
