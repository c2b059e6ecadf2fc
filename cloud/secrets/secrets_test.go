package secrets_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/secrets"
)

func TestLookupEnvironmentAndFile(t *testing.T) {
	t.Setenv("CMDAI_TEST_SECRET", "from-env")
	if v, err := secrets.Lookup("CMDAI_TEST_SECRET"); err != nil || v != "from-env" {
		t.Fatalf("Lookup = %q, %v; want from-env", v, err)
	}

	file := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(file, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CMDAI_TEST_SECRET", "")
	t.Setenv("CMDAI_TEST_SECRET_FILE", file)
	if v, err := secrets.Lookup("CMDAI_TEST_SECRET"); err != nil || v != "from-file" {
		t.Fatalf("Lookup from file = %q, %v; want from-file without its newline", v, err)
	}

	t.Setenv("CMDAI_TEST_SECRET", "from-env")
	if _, err := secrets.Lookup("CMDAI_TEST_SECRET"); err == nil || !strings.Contains(err.Error(), "both") {
		t.Fatalf("both set: err = %v, want one that says both are set", err)
	}

	t.Setenv("CMDAI_TEST_SECRET", "")
	t.Setenv("CMDAI_TEST_SECRET_FILE", filepath.Join(t.TempDir(), "missing"))
	if _, err := secrets.Lookup("CMDAI_TEST_SECRET"); err == nil || !strings.Contains(err.Error(), "CMDAI_TEST_SECRET_FILE") {
		t.Fatalf("missing file: err = %v, want one naming the setting", err)
	}
}

func keyring(t *testing.T, current string, ids ...string) *secrets.Keyring {
	t.Helper()
	keys := map[string][]byte{}
	for _, id := range ids {
		keys[id] = bytes.Repeat([]byte{id[len(id)-1]}, secrets.KeySize)
	}
	k, err := secrets.NewKeyring(current, keys)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpenBindsValueToItsRow(t *testing.T) {
	k := keyring(t, "k1", "k1")
	sealed, err := k.Seal([]byte("xoxb-slack-token"), []byte("integration:42"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("xoxb")) {
		t.Fatal("sealed value contains the plaintext")
	}
	got, err := k.Open(sealed, []byte("integration:42"))
	if err != nil || string(got) != "xoxb-slack-token" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := k.Open(sealed, []byte("integration:43")); err == nil {
		t.Fatal("a value sealed for one row opened with another row's aad")
	}
	tampered := bytes.Clone(sealed)
	tampered[len(tampered)-1] ^= 1
	if _, err := k.Open(tampered, []byte("integration:42")); err == nil {
		t.Fatal("a tampered value opened")
	}
	if _, err := k.Open([]byte("plain text"), nil); err == nil {
		t.Fatal("a value that was never sealed opened")
	}
	again, _ := k.Seal([]byte("xoxb-slack-token"), []byte("integration:42"))
	if bytes.Equal(again, sealed) {
		t.Fatal("sealing twice gave the same bytes: data keys or nonces are reused")
	}
}

// Rotation: a keyring with a new current key still opens values under the old one, and Rewrap moves them
// to the new key, after which the old key can be dropped.
func TestRotateAndRewrap(t *testing.T) {
	old := keyring(t, "k1", "k1")
	sealed, err := old.Seal([]byte("secret"), []byte("row"))
	if err != nil {
		t.Fatal(err)
	}
	both := keyring(t, "k2", "k1", "k2")
	if got, err := both.Open(sealed, []byte("row")); err != nil || string(got) != "secret" {
		t.Fatalf("open under old key after rotation = %q, %v", got, err)
	}
	rewrapped, err := both.Rewrap(sealed)
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := secrets.KeyID(rewrapped); id != "k2" {
		t.Fatalf("rewrapped under %q, want k2", id)
	}
	onlyNew := keyring(t, "k2", "k2")
	if got, err := onlyNew.Open(rewrapped, []byte("row")); err != nil || string(got) != "secret" {
		t.Fatalf("open rewrapped with the new key alone = %q, %v", got, err)
	}
	if _, err := onlyNew.Open(sealed, []byte("row")); !errors.Is(err, secrets.ErrUnknownKey) {
		t.Fatalf("open of a value under a dropped key: err = %v, want ErrUnknownKey", err)
	}
}

func TestKeyringFromEnv(t *testing.T) {
	t.Setenv(secrets.EnvKey, "")
	t.Setenv(secrets.EnvKey+"_FILE", "")
	if _, err := secrets.KeyringFromEnv(); !errors.Is(err, secrets.ErrNoKey) {
		t.Fatalf("no key: err = %v, want ErrNoKey", err)
	}
	t.Setenv(secrets.EnvKey, base64.StdEncoding.EncodeToString([]byte("short")))
	if _, err := secrets.KeyringFromEnv(); err == nil {
		t.Fatal("a 5-byte key was accepted")
	}
	oldKey := secrets.NewKey()
	t.Setenv(secrets.EnvKey, secrets.NewKey())
	t.Setenv(secrets.EnvKeyID, "2026-12")
	t.Setenv(secrets.EnvOldKeys, "2026-06:"+oldKey)
	k, err := secrets.KeyringFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if k.CurrentID() != "2026-12" || strings.Join(k.IDs(), ",") != "2026-06,2026-12" {
		t.Fatalf("keyring current %q ids %v", k.CurrentID(), k.IDs())
	}
	t.Setenv(secrets.EnvOldKeys, "no-colon")
	if _, err := secrets.KeyringFromEnv(); err == nil || !strings.Contains(err.Error(), "no-colon") {
		t.Fatalf("malformed old keys: err = %v", err)
	}
}
