package client_test

import (
	"context"
	"encoding/pem"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
)

// The client verifies the server's certificate against the system's roots and the CA file it is
// given, and refuses plain HTTP to another machine unless allowed.
func TestClientVerifiesServer(t *testing.T) {
	pool := testdb.New(t)
	h := api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler),
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte("client-test-secret-client-test-secret")},
			Argon2: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}}})
	srv := httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	ctx := context.Background()
	signup := func(server string, tls client.TLS, email string) error {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		_, err := client.New(client.Credentials{Server: server}, nil, client.WithTLS(tls)).Signup(ctx, email, "correct horse battery")
		return err
	}

	if err := signup(srv.URL, client.TLS{}, "untrusted@example.com"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("server with a certificate from an unknown authority: %v, want a certificate error", err)
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := signup(srv.URL, client.TLS{CAFile: caFile}, "trusted@example.com"); err != nil {
		t.Fatalf("server whose CA is in ca_file: %v", err)
	}
	if err := signup(srv.URL, client.TLS{CAFile: filepath.Join(t.TempDir(), "none.pem")}, "x@example.com"); err == nil ||
		!strings.Contains(err.Error(), "cloud.ca_file") {
		t.Fatalf("missing CA file: %v, want it named", err)
	}

	// 192.0.2.1 is TEST-NET-1: nothing answers there, so only a refusal before dialling is quick and says so.
	err := signup("http://192.0.2.1:8080", client.TLS{}, "plain@example.com")
	if err == nil || !strings.Contains(err.Error(), "refusing plain http:// to 192.0.2.1:8080") {
		t.Fatalf("plain HTTP to another machine: %v, want a refusal", err)
	}
	err = signup("http://192.0.2.1:8080", client.TLS{AllowInsecureHTTP: true}, "plain@example.com")
	if err == nil || strings.Contains(err.Error(), "refusing") {
		t.Fatalf("plain HTTP allowed by the config: %v, want a dial that fails, not a refusal", err)
	}
	plain := httptest.NewServer(h)
	t.Cleanup(plain.Close)
	if err := signup(plain.URL, client.TLS{}, "loopback@example.com"); err != nil {
		t.Fatalf("plain HTTP to this machine: %v", err)
	}
}
