package server

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cloud/internal/testdb"
)

// writeCert writes a self-signed certificate for 127.0.0.1 and localhost with the given serial to
// certFile and keyFile, each replaced in one rename as renewal tools do, and returns it.
func writeCert(t *testing.T, certFile, keyFile string, serial int64) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial),
		Subject:      pkix.Name{CommonName: "cmdai test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:    []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	replace := func(path string, block *pem.Block) {
		tmp := path + ".new"
		if err := os.WriteFile(tmp, pem.EncodeToMemory(block), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	}
	replace(keyFile, &pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})
	replace(certFile, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// listenLog captures the server's log and reports the address of its "listening" line.
type listenLog struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	addr chan string
}

func (l *listenLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var line struct {
		Msg  string `json:"msg"`
		Addr string `json:"addr"`
	}
	if json.Unmarshal(p, &line) == nil && line.Msg == "listening" {
		l.addr <- line.Addr
	}
	return l.buf.Write(p)
}

func (l *listenLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// testEnv is the environment of a server on a fresh database and the test Redis, listening on a free
// port of the loopback interface.
func testEnv(t *testing.T, over map[string]string) func(string) string {
	t.Helper()
	pool := testdb.New(t)
	u, err := url.Parse(os.Getenv("CMDAI_TEST_DATABASE_URL"))
	if err != nil || u.Scheme == "" {
		u, _ = url.Parse("postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")
	}
	u.Path = "/" + pool.Config().ConnConfig.Database
	ropts := testdb.Redis(t).Options()
	env := map[string]string{
		"DATABASE_URL": u.String(),
		"REDIS_URL":    fmt.Sprintf("redis://%s/%d", ropts.Addr, ropts.DB),
		"JWT_SECRET":   strings.Repeat("j", 32),
		"LISTEN_ADDR":  "127.0.0.1:0",
	}
	for k, v := range over {
		env[k] = v
	}
	return func(k string) string { return env[k] }
}

// startServer runs the server (Run, as cmdai-server does) until the test ends and returns its address.
func startServer(t *testing.T, getenv func(string) string) string {
	t.Helper()
	cfg, err := ConfigFromEnv(getenv)
	if err != nil {
		t.Fatalf("configuration: %v", err)
	}
	out := &listenLog{addr: make(chan string, 1)}
	log := slog.New(slog.NewJSONHandler(out, nil))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, cfg, log) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
	})
	select {
	case addr := <-out.addr:
		return addr
	case err := <-done:
		t.Fatalf("server stopped before listening: %v\n%s", err, out)
	case <-time.After(30 * time.Second):
		t.Fatalf("server not listening after 30s:\n%s", out)
	}
	return ""
}

// get fetches /health over HTTPS with tc and returns the answer and the certificate the server showed.
func get(t *testing.T, addr string, tc *tls.Config) (*http.Response, *x509.Certificate, error) {
	t.Helper()
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: tc, ForceAttemptHTTP2: true}}
	defer hc.CloseIdleConnections()
	res, err := hc.Get("https://" + addr + "/health")
	if err != nil {
		return nil, nil, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res, res.TLS.PeerCertificates[0], nil
}

// The real server serves HTTPS with TLS 1.3 only, sends HSTS, refuses a client that stops at TLS 1.2,
// and serves a renewed certificate without a restart.
func TestServerTLS(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	first := writeCert(t, certFile, keyFile, 1)
	addr := startServer(t, testEnv(t, map[string]string{"TLS_CERT_FILE": certFile, "TLS_KEY_FILE": keyFile}))

	roots := x509.NewCertPool()
	roots.AddCert(first)
	res, cert, err := get(t, addr, &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS13})
	if err != nil {
		t.Fatalf("TLS 1.3 client: %v", err)
	}
	if res.StatusCode != http.StatusOK || res.TLS.Version != tls.VersionTLS13 || cert.SerialNumber.Int64() != 1 {
		t.Fatalf("TLS 1.3 client: %s over %s, certificate serial %v", res.Status, tls.VersionName(res.TLS.Version), cert.SerialNumber)
	}
	if res.ProtoMajor != 2 {
		t.Errorf("HTTPS answered over %s, want HTTP/2", res.Proto)
	}
	if hsts := res.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(hsts, "max-age=63072000") {
		t.Errorf("Strict-Transport-Security %q, want max-age=63072000", hsts)
	}

	_, _, err = get(t, addr, &tls.Config{RootCAs: roots, MaxVersion: tls.VersionTLS12})
	if err == nil || !strings.Contains(err.Error(), "protocol version") {
		t.Fatalf("TLS 1.2-only client: %v, want a refused handshake (protocol version)", err)
	}

	plain, err := http.Get("http://" + addr + "/health")
	if err == nil {
		plain.Body.Close()
		if plain.StatusCode == http.StatusOK {
			t.Fatal("plain HTTP answered 200 on the HTTPS port")
		}
	}

	second := writeCert(t, certFile, keyFile, 2)
	roots.AddCert(second)
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, cert, err = get(t, addr, &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS13})
		if err == nil && cert.SerialNumber.Int64() == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("renewed certificate not served after 10s: %v, serial %v", err, cert.SerialNumber)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TLS_MIN_VERSION=1.2 lets TLS 1.2 clients in; other values and half a key pair are refused.
func TestTLSConfigFromEnv(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	writeCert(t, certFile, keyFile, 1)
	base := map[string]string{"DATABASE_URL": "postgres://u@localhost:5432/cmdai", "REDIS_URL": "redis://localhost:6379/0",
		"JWT_SECRET": strings.Repeat("s", 32), "TLS_CERT_FILE": certFile, "TLS_KEY_FILE": keyFile}
	env := func(over map[string]string) func(string) string {
		return func(k string) string {
			if v, ok := over[k]; ok {
				return v
			}
			return base[k]
		}
	}
	c, err := ConfigFromEnv(env(nil))
	if err != nil || !c.TLS.Enabled() || c.TLS.MinVersion != tls.VersionTLS13 {
		t.Fatalf("default: %v, %+v", err, c.TLS)
	}
	c, err = ConfigFromEnv(env(map[string]string{"TLS_MIN_VERSION": "1.2"}))
	if err != nil || c.TLS.MinVersion != tls.VersionTLS12 {
		t.Fatalf("TLS_MIN_VERSION=1.2: %v, %+v", err, c.TLS)
	}
	for name, tc := range map[string]struct {
		over map[string]string
		want string
	}{
		"old version":  {map[string]string{"TLS_MIN_VERSION": "1.1"}, `TLS_MIN_VERSION "1.1" must be 1.3`},
		"no key":       {map[string]string{"TLS_KEY_FILE": ""}, "TLS_CERT_FILE and TLS_KEY_FILE go together"},
		"missing file": {map[string]string{"TLS_CERT_FILE": filepath.Join(dir, "none")}, "no such file"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ConfigFromEnv(env(tc.over)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to say %q", err, tc.want)
			}
		})
	}
}
