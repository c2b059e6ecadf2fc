package admin_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/audit/tlog"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/secrets"
)

func storedSigningSeed(t *testing.T, pool *pgxpool.Pool) []byte {
	t.Helper()
	var seed []byte
	if err := pool.QueryRow(context.Background(), `SELECT seed FROM server_keys WHERE purpose = 'policy-bundle'`).Scan(&seed); err != nil {
		t.Fatal(err)
	}
	return seed
}

// 'secrets rotate' seals a signing key seed stored in plaintext and re-wraps it on the next rotation;
// the key stays the same throughout, so an audit checkpoint signed before still verifies, and the log
// goes on from it, under the new key alone.
func TestSecretsRotateSealsServerKeySeed(t *testing.T) {
	for _, name := range []string{secrets.EnvKey, secrets.EnvKeyID, secrets.EnvOldKeys} {
		t.Setenv(name, "")
		t.Setenv(name+"_FILE", "")
	}
	pool := testdb.New(t)
	ctx := context.Background()

	// A server without a keyring: the seed is stored as it is, and signs a checkpoint kept elsewhere.
	newUser(t, pool, "owner@acme.example")
	svc := &orgs.Service{DB: pool}
	o, err := svc.Create(ctx, "Acme", "owner@acme.example", nil)
	if err != nil {
		t.Fatal(err)
	}
	record := func(n int) {
		t.Helper()
		for i := range n {
			if err := audit.Record(ctx, pool, audit.Event{OrgID: o.ID, Action: "test.event", Status: audit.StatusSuccess, DurationMS: i}); err != nil {
				t.Fatal(err)
			}
		}
	}
	record(4)
	before, err := (&audit.Log{DB: pool, Key: svc.SigningKey}).Publish(ctx, o.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	signing, err := svc.SigningKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(storedSigningSeed(t, pool), signing.Seed()) {
		t.Fatal("without a keyring the seed is stored as it is")
	}
	kept := filepath.Join(t.TempDir(), "acme.checkpoint")
	if err := os.WriteFile(kept, []byte(before.Note), 0o600); err != nil {
		t.Fatal(err)
	}

	// A keyring is configured: status counts the plaintext seed, rotate seals it.
	t.Setenv(secrets.EnvKey, b64(key(1)))
	t.Setenv(secrets.EnvKeyID, "k1")
	var st struct {
		SealedSeeds int `json:"sealed_server_key_seeds"`
	}
	r := runSecrets(t, pool, "status", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &st); r.code != 0 || err != nil || st.SealedSeeds != 1 {
		t.Fatalf("status: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := runSecrets(t, pool, "rotate", "--dry-run"); r.code != 0 || !strings.Contains(r.stdout, "1 server key seeds are stored in plaintext and would be sealed under k1") {
		t.Fatalf("dry run: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if !bytes.Equal(storedSigningSeed(t, pool), signing.Seed()) {
		t.Fatal("a dry run changed the stored seed")
	}
	if r := runSecrets(t, pool, "rotate"); r.code != 0 || !strings.Contains(r.stdout, "sealed 1 server key seeds stored in plaintext under k1") {
		t.Fatalf("rotate: %d %s %s", r.code, r.stdout, r.stderr)
	}
	stored := storedSigningSeed(t, pool)
	if id, err := secrets.KeyID(stored); err != nil || id != "k1" || bytes.Contains(stored, signing.Seed()) {
		t.Fatalf("after rotate the stored seed is %x (key %q, %v), want it sealed under k1", stored, id, err)
	}

	// The key-encryption key is rotated: the sealed seed is re-wrapped, then opens under the new key alone.
	t.Setenv(secrets.EnvKey, b64(key(2)))
	t.Setenv(secrets.EnvKeyID, "k2")
	t.Setenv(secrets.EnvOldKeys, "k1:"+b64(key(1)))
	if r := runSecrets(t, pool, "rotate"); r.code != 0 || !strings.Contains(r.stdout, "re-wrapped 1 values under k2") ||
		!strings.Contains(r.stdout, "server_keys.seed: 1") {
		t.Fatalf("rotate to k2: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if id, err := secrets.KeyID(storedSigningSeed(t, pool)); err != nil || id != "k2" {
		t.Fatalf("the seed is under %q, %v; want k2", id, err)
	}
	onlyNew, err := secrets.NewKeyring("k2", map[string][]byte{"k2": key(2)})
	if err != nil {
		t.Fatal(err)
	}
	after := &orgs.Service{DB: pool, Keyring: onlyNew}
	reopened, err := after.SigningKey(ctx)
	if err != nil || !reopened.Equal(signing) {
		t.Fatalf("the signing key under the new key alone: %v", err)
	}

	// The checkpoint signed before the rotations verifies with the key as the server now opens it, the
	// log publishes on from it (Publish checks the last stored checkpoint's signature), and 'audit verify'
	// accepts the kept copy.
	if _, err := tlog.Open(before.Note, reopened.Public().(ed25519.PublicKey), tlog.Origin(o.ID)); err != nil {
		t.Fatalf("the checkpoint signed before rotation: %v", err)
	}
	record(3)
	later, err := (&audit.Log{DB: pool, Key: after.SigningKey}).Publish(ctx, o.ID, 0, int64(before.Size))
	if err != nil {
		t.Fatalf("publish after rotation: %v", err)
	}
	if later.Size != before.Size+3 {
		t.Fatalf("checkpoint after rotation has size %d, want %d", later.Size, before.Size+3)
	}
	if r := runAudit(t, pool, nil, "verify", "--checkpoint", kept); r.code != 0 {
		t.Fatalf("audit verify --checkpoint %s after rotation: %+v", kept, r)
	}
}
