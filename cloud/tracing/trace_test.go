package tracing

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/cmdai/cmdai/cli"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/server"
	"github.com/cmdai/cmdai/daemon"
	"github.com/cmdai/cmdai/internal/logsink"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/telemetry"
)

func TestMain(m *testing.M) {
	// Run as "cmdai", this test binary is the real command line and daemon, set up as cmd/cmdai does.
	if filepath.Base(os.Args[0]) == "cmdai" {
		if len(os.Args) >= 3 && os.Args[1] == "daemon" && os.Args[2] == "run" {
			os.Exit(daemon.Main(os.Args[3:]))
		}
		os.Exit(telemetry.RunCommand(telemetry.ServiceCLI, os.Args[1:], func() int { return cli.Main(os.Args[1:]) }))
	}
	os.Exit(m.Run())
}

// span is what the test keeps of a received span.
type span struct {
	service, name, trace, id, parent string
	attrs                            map[string]string
}

// receiver is an OTLP/HTTP trace endpoint (POST /v1/traces, protobuf) that keeps every span it is sent.
type receiver struct {
	mu    sync.Mutex
	spans []span
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/traces" || r.Method != http.MethodPost {
		http.NotFound(w, r)
		return
	}
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		body = zr
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var req coltrace.ExportTraceServiceRequest
	if err := proto.Unmarshal(raw, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rc.mu.Lock()
	for _, rs := range req.ResourceSpans {
		service := ""
		for _, kv := range rs.GetResource().GetAttributes() {
			if kv.Key == "service.name" {
				service = kv.GetValue().GetStringValue()
			}
		}
		for _, ss := range rs.ScopeSpans {
			for _, s := range ss.Spans {
				attrs := map[string]string{}
				for _, kv := range s.Attributes {
					attrs[kv.Key] = kv.GetValue().GetStringValue()
				}
				rc.spans = append(rc.spans, span{service: service, name: s.Name, trace: hex.EncodeToString(s.TraceId),
					id: hex.EncodeToString(s.SpanId), parent: hex.EncodeToString(s.ParentSpanId), attrs: attrs})
			}
		}
	}
	rc.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-protobuf")
	out, _ := proto.Marshal(&coltrace.ExportTraceServiceResponse{})
	_, _ = w.Write(out)
}

func (rc *receiver) all() []span {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]span(nil), rc.spans...)
}

// The tracing bar: 'cmdai sync' makes one trace with spans from the command line, the daemon (over its
// Unix socket), the server (over HTTPS, its certificate checked against the CA file of the client's
// config) and PostgreSQL and Redis under the server.
func TestSyncTraceAcrossProcesses(t *testing.T) {
	rc := &receiver{}
	collector := httptest.NewServer(rc)
	t.Cleanup(collector.Close)
	otelEnv := map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": collector.URL, "OTEL_BSP_SCHEDULE_DELAY": "100"}
	for k, v := range otelEnv {
		t.Setenv(k, v)
	}

	// The server, in this process, as cmd/cmdai-server sets it up.
	shutdown, err := telemetry.SetupFromEnv(context.Background(), telemetry.ServiceServer)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { telemetry.Flush(shutdown) })
	var logs logsink.Buffer
	certFile, keyFile, roots := selfSigned(t)
	addr := runServer(t, slog.New(telemetry.LogHandler(slog.NewJSONHandler(&logs, nil))),
		map[string]string{"TLS_CERT_FILE": certFile, "TLS_KEY_FILE": keyFile})
	serverURL := "https://" + addr
	const email, password = "trace@example.com", "correct horse battery"
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS13}}}
	res, err := hc.Post(serverURL+"/api/v1/auth/signup", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("signup: %s", res.Status)
	}

	// The command line and the daemon, as processes of the cmdai binary with tracing on.
	bin := filepath.Join(t.TempDir(), "cmdai")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, bin); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	run, err := os.MkdirTemp("", "cmdai-trace")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	cfgDir := filepath.Join(root, "config", "cmdai")
	if err := os.MkdirAll(cfgDir, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf("backend = \"offline\"\n[daemon]\npreload = false\nautostart = false\n[cloud]\nca_file = %q\n", certFile)
	if err := os.WriteFile(filepath.Join(cfgDir, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "XDG_RUNTIME_DIR="+run, "XDG_CONFIG_HOME="+filepath.Join(root, "config"),
		"XDG_DATA_HOME="+filepath.Join(root, "data"), "XDG_STATE_HOME="+filepath.Join(root, "state"),
		daemon.SyncIntervalEnv+"=1h", daemon.IdleExitEnv+"=0", "CMDAI_SERVER=", telemetry.TracingEnv+"=1")
	daemonProc := exec.Command(bin, "daemon", "run")
	daemonProc.Env = env
	if err := daemonProc.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = daemonProc.Process.Signal(syscall.SIGTERM)
		_ = daemonProc.Wait()
		if t.Failed() {
			if b, err := os.ReadFile(filepath.Join(root, "state", "cmdai", "daemon.log")); err == nil {
				t.Logf("daemon log:\n%s", b)
			}
		}
	})
	ipcClient := &ipc.Client{Socket: filepath.Join(run, "cmdai", "cmdai.sock")}
	defer ipcClient.Close()
	deadline := time.Now().Add(15 * time.Second)
	for ipcClient.Probe(context.Background()) != nil {
		if time.Now().After(deadline) {
			t.Fatal("the daemon did not come up")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmdai := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("cmdai %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	cmdai(password+"\n", "auth", "login", "--server", serverURL, "--email", email, "--password-stdin")
	if out := cmdai("", "sync", "--json"); !strings.Contains(out, `"logged_in":true`) || strings.Contains(out, `"last_error"`) {
		t.Fatalf("cmdai sync: %s", out)
	}

	// The CLI flushed its spans before it exited; the daemon and the server batch theirs for 100ms.
	var got map[string][]span
	var syncTrace string
	for end := time.Now().Add(15 * time.Second); ; {
		got, syncTrace = nil, ""
		for _, s := range rc.all() {
			if s.service == telemetry.ServiceCLI && s.name == "cmdai sync" {
				syncTrace = s.trace
			}
		}
		if syncTrace != "" {
			got = map[string][]span{}
			for _, s := range rc.all() {
				if s.trace == syncTrace {
					got[kind(s)] = append(got[kind(s)], s)
				}
			}
			// Spans come in batches as they end: wait for the last ones (the round, then the daemon's answer).
			if hasSpan(got, "daemon", "POST /v1/sync") && hasSpan(got, "daemon", "sync round") &&
				hasSpan(got, "server", "GET /api/v1/sync/records") && len(got["postgresql"]) > 0 && len(got["redis"]) > 0 {
				break
			}
		}
		if time.Now().After(end) {
			t.Fatalf("no trace of 'cmdai sync' with spans from the daemon, the server, PostgreSQL and Redis after 15s; "+
				"trace %q has %v; all spans:\n%s", syncTrace, names(got), dump(rc.all()))
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("trace %s: %v", syncTrace, names(got))
	for k, name := range map[string]string{"cli": "cmdai sync", "daemon": "sync round", "server": "GET /api/v1/sync/records"} {
		if !hasSpan(got, k, name) {
			t.Errorf("%s spans %v, want %q", k, names(got)[k], name)
		}
	}
	// The server's log lines of the trace's requests carry its trace id.
	if !strings.Contains(logs.String(), `"trace_id":"`+syncTrace+`"`) {
		t.Errorf("no server log line carries trace_id %s:\n%s", syncTrace, tailOf(logs.String(), 3000))
	}
}

// hasSpan reports whether got holds a span of kind k named name.
func hasSpan(got map[string][]span, k, name string) bool {
	for _, s := range got[k] {
		if s.name == name {
			return true
		}
	}
	return false
}

// kind sorts a span by where it ran: the CLI, the daemon, the server, or the server's PostgreSQL and
// Redis clients.
func kind(s span) string {
	switch {
	case s.service == telemetry.ServiceCLI:
		return "cli"
	case s.service == telemetry.ServiceDaemon:
		return "daemon"
	case s.attrs["db.system.name"] == "postgresql" || s.attrs["db.system"] == "postgresql":
		return "postgresql"
	case s.attrs["db.system.name"] == "redis" || s.attrs["db.system"] == "redis":
		return "redis"
	case s.service == telemetry.ServiceServer:
		return "server"
	}
	return "other"
}

func names(got map[string][]span) map[string][]string {
	out := map[string][]string{}
	for k, ss := range got {
		for _, s := range ss {
			out[k] = append(out[k], s.name)
		}
	}
	return out
}

func dump(ss []span) string {
	var b strings.Builder
	for _, s := range ss {
		fmt.Fprintf(&b, "%s %s %s parent=%s %v\n", s.trace, s.service, s.name, s.parent, s.attrs)
	}
	return tailOf(b.String(), 6000)
}

func tailOf(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// runServer runs cmdai-server (server.Run) on a fresh database and the test Redis until the test ends,
// and returns the address it listens on.
func runServer(t *testing.T, log *slog.Logger, over map[string]string) string {
	t.Helper()
	pool := testdb.New(t)
	u, err := url.Parse(os.Getenv("CMDAI_TEST_DATABASE_URL"))
	if err != nil || u.Scheme == "" {
		u, _ = url.Parse("postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")
	}
	u.Path = "/" + pool.Config().ConnConfig.Database
	ropts := testdb.Redis(t).Options()
	env := map[string]string{"DATABASE_URL": u.String(), "REDIS_URL": fmt.Sprintf("redis://%s/%d", ropts.Addr, ropts.DB),
		"JWT_SECRET": strings.Repeat("j", 32), "LISTEN_ADDR": "127.0.0.1:0"}
	maps.Copy(env, over)
	cfg, err := server.ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	// Listening is logged with the address; the test finds the port there.
	found := make(chan string, 1)
	log = slog.New(addrCatcher{Handler: log.Handler(), found: found})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- server.Run(ctx, cfg, log) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
	})
	select {
	case addr := <-found:
		return addr
	case err := <-done:
		t.Fatalf("server stopped: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("server not listening after 30s")
	}
	return ""
}

// addrCatcher passes records on and sends the addr of the "listening" record to found.
type addrCatcher struct {
	slog.Handler
	found chan string
}

func (h addrCatcher) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == "listening" {
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "addr" {
				select {
				case h.found <- a.Value.String():
				default:
				}
			}
			return true
		})
	}
	return h.Handler.Handle(ctx, r)
}

func (h addrCatcher) WithAttrs(attrs []slog.Attr) slog.Handler {
	return addrCatcher{Handler: h.Handler.WithAttrs(attrs), found: h.found}
}

func (h addrCatcher) WithGroup(name string) slog.Handler {
	return addrCatcher{Handler: h.Handler.WithGroup(name), found: h.found}
}

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns their files and a pool that
// trusts the certificate.
func selfSigned(t *testing.T) (certFile, keyFile string, roots *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "cmdai trace test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots = x509.NewCertPool()
	roots.AddCert(cert)
	return certFile, keyFile, roots
}
