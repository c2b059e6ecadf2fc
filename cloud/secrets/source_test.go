package secrets_test

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	vault "github.com/hashicorp/vault/api"

	"github.com/cmdai/cmdai/cloud/secrets"
)

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

// vaultBinary is a Vault or OpenBao server binary on PATH, "" when there is none.
func vaultBinary() string {
	for _, name := range []string{"vault", "bao"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// A secret read from a real Vault dev server's KV version 2 engine, with the token from a file.
func TestSourceVaultKV2(t *testing.T) {
	bin := vaultBinary()
	if bin == "" {
		t.Skip("no vault or bao binary on PATH: this test runs against a real Vault dev server (docs/operations.md)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	const token = "cmdai-test-root"
	cmd := exec.Command(bin, "server", "-dev", "-dev-root-token-id="+token, "-dev-listen-address="+addr)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })

	cfg := vault.DefaultConfig()
	cfg.Address = "http://" + addr
	c, err := vault.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken(token)
	ctx := context.Background()
	var putErr error
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if _, putErr = c.KVv2("secret").Put(ctx, "cmdai/server", map[string]any{"jwt_secret": "from-vault-0123456789abcdef0123456789"}); putErr == nil {
			break
		}
	}
	if putErr != nil {
		t.Fatalf("write to the dev server: %v", putErr)
	}
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	src := &secrets.Source{Getenv: envOf(map[string]string{"VAULT_ADDR": "http://" + addr, "VAULT_TOKEN_FILE": tokenFile,
		"JWT_SECRET_VAULT": "secret/cmdai/server#jwt_secret", "OTHER_VAULT": "secret/cmdai/server#nothing"})}
	if v, err := src.Lookup(ctx, "JWT_SECRET"); err != nil || v != "from-vault-0123456789abcdef0123456789" {
		t.Fatalf("NAME_VAULT: %q, %v", v, err)
	}
	if _, err := src.Lookup(ctx, "OTHER"); err == nil || !strings.Contains(err.Error(), `no field "nothing"`) {
		t.Fatalf("missing field: %v", err)
	}
}
