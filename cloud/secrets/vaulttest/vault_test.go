package vaulttest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	vaultapi "github.com/hashicorp/vault/api"
	vaulthttp "github.com/hashicorp/vault/http"
	"github.com/hashicorp/vault/vault"

	"github.com/cmdai/cmdai/cloud/secrets"
)

const jwtSecret = "from-vault-0123456789abcdef0123456789"

// startVault starts an in-memory, unsealed Vault server with the KV version 2 engine on the mount kv,
// writes kv/cmdai/server, and returns its address and root token.
func startVault(t *testing.T) (addr, token string) {
	t.Helper()
	core, _, token := vault.TestCoreUnsealed(t)
	_, addr = vaulthttp.TestServer(t, core)

	cfg := vaultapi.DefaultConfig()
	cfg.Address = addr
	c, err := vaultapi.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken(token)
	if err := c.Sys().Mount("kv", &vaultapi.MountInput{Type: "kv", Options: map[string]string{"version": "2"}}); err != nil {
		t.Fatalf("mount KV version 2: %v", err)
	}
	// A new KV version 2 mount answers writes once it has set itself up.
	ctx := context.Background()
	var putErr error
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if _, putErr = c.KVv2("kv").Put(ctx, "cmdai/server", map[string]any{"jwt_secret": jwtSecret, "port": 5432}); putErr == nil {
			break
		}
	}
	if putErr != nil {
		t.Fatalf("write kv/cmdai/server: %v", putErr)
	}
	return addr, token
}

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// A secret setting read from Vault's KV version 2 engine, with the token given itself or in a file (as
// a Vault agent writes it), and errors that name the setting and the reference when the read fails.
func TestSourceVaultKV2(t *testing.T) {
	// The Vault client reads VAULT_* from the process's environment as well as from Source.Getenv: keep
	// the tester's own Vault settings out.
	for _, name := range []string{"VAULT_ADDR", "VAULT_TOKEN", "VAULT_NAMESPACE", "VAULT_CACERT", "VAULT_AGENT_ADDR"} {
		t.Setenv(name, "")
	}
	addr, token := startVault(t)
	ctx := context.Background()
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	passwordFile := filepath.Join(dir, "password")
	if err := os.WriteFile(passwordFile, []byte("from-a-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	t.Run("value", func(t *testing.T) {
		for name, env := range map[string]map[string]string{
			"token":      {"VAULT_ADDR": addr, "VAULT_TOKEN": token, "JWT_SECRET_VAULT": "kv/cmdai/server#jwt_secret"},
			"token file": {"VAULT_ADDR": addr, "VAULT_TOKEN_FILE": tokenFile, "JWT_SECRET_VAULT": "/kv/cmdai/server/#jwt_secret"},
		} {
			v, err := (&secrets.Source{Getenv: envOf(env)}).Lookup(ctx, "JWT_SECRET")
			if err != nil || v != jwtSecret {
				t.Fatalf("%s: JWT_SECRET_VAULT read %q, %v; want %q", name, v, err, jwtSecret)
			}
		}
	})

	// Overlay reads each setting from where its variables say: Vault, a file, the environment.
	t.Run("overlay", func(t *testing.T) {
		src := &secrets.Source{Getenv: envOf(map[string]string{"VAULT_ADDR": addr, "VAULT_TOKEN_FILE": tokenFile,
			"JWT_SECRET_VAULT": "kv/cmdai/server#jwt_secret", "DATABASE_PASSWORD_FILE": passwordFile, "REDIS_URL": "redis://r"})}
		get, err := src.Overlay(ctx, "JWT_SECRET", "DATABASE_PASSWORD", "REDIS_URL", "POLICY_SIGNING_KEY")
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]string{"JWT_SECRET": jwtSecret, "DATABASE_PASSWORD": "from-a-file",
			"REDIS_URL": "redis://r", "POLICY_SIGNING_KEY": ""} {
			if got := get(name); got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
	})

	for name, tc := range map[string]struct {
		ref, token string
		want       []string
	}{
		"missing field": {"kv/cmdai/server#nothing", token, []string{`no field "nothing"`}},
		"not a string":  {"kv/cmdai/server#port", token, []string{`field "port" is a`, "not a string"}},
		"missing path":  {"kv/cmdai/elsewhere#jwt_secret", token, []string{"secret not found", "kv/data/cmdai/elsewhere"}},
		"missing mount": {"nomount/cmdai/server#jwt_secret", token, []string{"read from vault at " + addr, "secret not found"}},
		"bad token":     {"kv/cmdai/server#jwt_secret", "not-a-token", []string{"vault denied access", "check VAULT_TOKEN"}},
	} {
		t.Run(name, func(t *testing.T) {
			src := &secrets.Source{Getenv: envOf(map[string]string{"VAULT_ADDR": addr, "VAULT_TOKEN": tc.token, "JWT_SECRET_VAULT": tc.ref})}
			v, err := src.Lookup(ctx, "JWT_SECRET")
			if err == nil {
				t.Fatalf("read %q, want an error", v)
			}
			t.Log(err)
			for _, want := range append([]string{"JWT_SECRET_VAULT " + tc.ref + ":"}, tc.want...) {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
		})
	}
}
