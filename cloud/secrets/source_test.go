package secrets_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/secrets"
)

// Reading from a real Vault server is tested in the module cloud/secrets/vaulttest, which starts Vault's
// own in-process test server; its dependencies are kept out of this module's go.mod.

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestSourceFileAndConflicts(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "jwt")
	if err := os.WriteFile(file, []byte("from-a-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	src := &secrets.Source{Getenv: envOf(map[string]string{"JWT_SECRET_FILE": file, "OTHER": "plain"})}
	if v, err := src.Lookup(ctx, "JWT_SECRET"); err != nil || v != "from-a-file" {
		t.Fatalf("NAME_FILE: %q, %v", v, err)
	}
	get, err := src.Overlay(ctx, "JWT_SECRET", "MISSING")
	if err != nil || get("JWT_SECRET") != "from-a-file" || get("OTHER") != "plain" || get("MISSING") != "" {
		t.Fatalf("overlay: %v", err)
	}
	for name, tc := range map[string]struct {
		env  map[string]string
		want string
	}{
		"two sources":  {map[string]string{"JWT_SECRET": "x", "JWT_SECRET_FILE": file}, "set one of JWT_SECRET, JWT_SECRET_FILE and JWT_SECRET_VAULT"},
		"missing file": {map[string]string{"JWT_SECRET_FILE": file + ".none"}, "read JWT_SECRET_FILE"},
		"no vault":     {map[string]string{"JWT_SECRET_VAULT": "secret/cmdai#jwt"}, "VAULT_ADDR is not set"},
		"bad ref":      {map[string]string{"JWT_SECRET_VAULT": "secret-without-field", "VAULT_ADDR": "http://127.0.0.1:1"}, "want MOUNT/PATH#FIELD"},
		"no token":     {map[string]string{"JWT_SECRET_VAULT": "secret/cmdai#jwt", "VAULT_ADDR": "http://127.0.0.1:1"}, "no vault token"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := (&secrets.Source{Getenv: envOf(tc.env)}).Lookup(ctx, "JWT_SECRET")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to say %q", err, tc.want)
			}
		})
	}
}
