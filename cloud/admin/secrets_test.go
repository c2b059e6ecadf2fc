package admin_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/admin"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/secrets"
)

func runSecrets(t *testing.T, pool *pgxpool.Pool, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := admin.RunSecrets(context.Background(), args, admin.Env{Stdout: &stdout, Stderr: &stderr,
		Connect: func(context.Context) (orgs.DB, error) { return pool, nil }})
	return result{code, stdout.String(), stderr.String()}
}

func key(b byte) []byte { return bytes.Repeat([]byte{b}, secrets.KeySize) }

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// 'secrets rotate' re-wraps every sealed value in the database under the new key, leaves other bytes
// alone, and the values still open, with their bound data, under the new key alone.
func TestSecretsRotate(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `CREATE TABLE rotation_test (id int PRIMARY KEY, v bytea)`); err != nil {
		t.Fatal(err)
	}
	old, err := secrets.NewKeyring("k1", map[string][]byte{"k1": key(1)})
	if err != nil {
		t.Fatal(err)
	}
	plain := []string{"hec-token", "oidc-client-secret", "totp-seed"}
	for i, p := range plain {
		sealed, err := old.Seal([]byte(p), []byte{byte(i)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pool.Exec(ctx, `INSERT INTO rotation_test VALUES ($1, $2)`, i, sealed); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, `INSERT INTO rotation_test VALUES (9, 'not sealed')`); err != nil {
		t.Fatal(err)
	}

	t.Setenv(secrets.EnvKey, b64(key(2)))
	t.Setenv(secrets.EnvKeyID, "k2")
	t.Setenv(secrets.EnvOldKeys, "k1:"+b64(key(1)))
	var st struct {
		CurrentKey string         `json:"current_key"`
		ByKey      map[string]int `json:"by_key"`
		Rewrapped  int            `json:"rewrapped"`
	}
	r := runSecrets(t, pool, "status", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &st); r.code != 0 || err != nil || st.ByKey["k1"] != 3 || st.Rewrapped != 3 || st.CurrentKey != "k2" {
		t.Fatalf("status: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := runSecrets(t, pool, "rotate", "--dry-run"); r.code != 0 || !strings.Contains(r.stdout, "3 values would be re-wrapped under k2") {
		t.Fatalf("dry run: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := runSecrets(t, pool, "rotate"); r.code != 0 || !strings.Contains(r.stdout, "re-wrapped 3 values under k2") {
		t.Fatalf("rotate: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := runSecrets(t, pool, "rotate"); r.code != 0 || !strings.Contains(r.stdout, "re-wrapped 0 values") {
		t.Fatalf("second rotate: %d %s %s", r.code, r.stdout, r.stderr)
	}

	fresh, err := secrets.NewKeyring("k2", map[string][]byte{"k2": key(2)})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range plain {
		var v []byte
		if err := pool.QueryRow(ctx, `SELECT v FROM rotation_test WHERE id = $1`, i).Scan(&v); err != nil {
			t.Fatal(err)
		}
		got, err := fresh.Open(v, []byte{byte(i)})
		if err != nil || string(got) != p {
			t.Fatalf("value %d under the new key alone: %q %v", i, got, err)
		}
	}
	var untouched string
	if err := pool.QueryRow(ctx, `SELECT convert_from(v, 'UTF8') FROM rotation_test WHERE id = 9`).Scan(&untouched); err != nil || untouched != "not sealed" {
		t.Fatalf("a value that is not sealed was changed: %q %v", untouched, err)
	}

	// A value under a key the keyring does not hold is reported, and the command fails.
	stray, err := secrets.NewKeyring("k0", map[string][]byte{"k0": key(9)})
	if err != nil {
		t.Fatal(err)
	}
	v, err := stray.Seal([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO rotation_test VALUES (10, $1)`, v); err != nil {
		t.Fatal(err)
	}
	if r := runSecrets(t, pool, "rotate"); r.code != 1 || !strings.Contains(r.stderr, "keys this keyring does not hold (k0)") {
		t.Fatalf("value under an unknown key: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := runSecrets(t, pool, "rotate", "extra"); r.code != 2 {
		t.Fatalf("usage error: %d %s", r.code, r.stderr)
	}
	if r := runSecrets(t, pool, "new-key"); r.code != 0 || len(strings.TrimSpace(r.stdout)) != 44 {
		t.Fatalf("new-key: %q", r.stdout)
	}
}
