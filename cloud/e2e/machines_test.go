package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cli"
	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/server"
	"github.com/cmdai/cmdai/daemon"
	"github.com/cmdai/cmdai/ipc"
)

func TestMain(m *testing.M) {
	// Run as "cmdai", this test binary is the real command line (and `cmdai daemon run` the daemon),
	// so the tests drive and kill -9 real processes.
	if filepath.Base(os.Args[0]) == "cmdai" {
		if len(os.Args) >= 3 && os.Args[1] == "daemon" && os.Args[2] == "run" {
			os.Exit(daemon.Main(os.Args[3:]))
		}
		os.Exit(cli.Main(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// cloudServer is a cmdai API server on a fixed loopback address that a test can stop and start again.
type cloudServer struct {
	t     *testing.T
	pool  *pgxpool.Pool
	h     http.Handler
	addr  string
	stopc context.CancelFunc
	done  chan error
}

func newCloudServer(t *testing.T) *cloudServer { return newCloudServerWith(t, nil) }

// newCloudServerWith is newCloudServer with the API's dependencies changed by adjust first.
func newCloudServerWith(t *testing.T, adjust func(*api.Deps)) *cloudServer {
	t.Helper()
	pool := testdb.New(t)
	deps := api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler),
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte("e2e-secret-e2e-secret-e2e-secret!!")},
			Argon2: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}}}
	if adjust != nil {
		adjust(&deps)
	}
	h := api.NewHandler(deps)
	s := &cloudServer{t: t, pool: pool, h: h, addr: "127.0.0.1:0"}
	s.start()
	t.Cleanup(s.stop)
	return s
}

func (s *cloudServer) url() string { return "http://" + s.addr }

func (s *cloudServer) start() {
	s.t.Helper()
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatalf("listen on %s: %v", s.addr, err)
	}
	s.addr = ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	s.stopc, s.done = cancel, make(chan error, 1)
	go func() { s.done <- server.Serve(ctx, ln, s.h, 2*time.Second) }()
}

func (s *cloudServer) stop() {
	if s.stopc == nil {
		return
	}
	s.stopc()
	<-s.done
	s.stopc = nil
}

// signup makes an account with curl's request: POST /api/v1/auth/signup.
func (s *cloudServer) signup(email, password string) {
	s.t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	res, err := http.Post(s.url()+"/api/v1/auth/signup", "application/json", bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		s.t.Fatalf("signup: %s", res.Status)
	}
}

// post sends an authenticated JSON request and decodes the answer into out.
func (s *cloudServer) post(token, path string, in, out any) {
	s.t.Helper()
	body, _ := json.Marshal(in)
	req, _ := http.NewRequest(http.MethodPost, s.url()+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		s.t.Fatalf("POST %s: %s", path, res.Status)
	}
	if out != nil {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			s.t.Fatal(err)
		}
	}
}

// machine is one home directory with its own cmdai daemon process.
type machine struct {
	t      *testing.T
	name   string
	bin    string
	env    []string
	root   string
	client *ipc.Client
	proc   *exec.Cmd
}

// cmdaiBinary links this test binary into a temporary directory as cmdai (TestMain dispatches on the
// name), for the machines to run.
func cmdaiBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "cmdai")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, bin); err != nil {
		t.Fatal(err)
	}
	return bin
}

func newMachine(t *testing.T, name, bin string) *machine {
	t.Helper()
	root := t.TempDir()
	run, err := os.MkdirTemp("", "cmdai-e2e")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	cfgDir := filepath.Join(root, "config", "cmdai")
	if err := os.MkdirAll(cfgDir, 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := "backend = \"offline\"\n[daemon]\npreload = false\nautostart = false\n"
	if err := os.WriteFile(filepath.Join(cfgDir, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "XDG_RUNTIME_DIR="+run, "XDG_CONFIG_HOME="+filepath.Join(root, "config"),
		"XDG_DATA_HOME="+filepath.Join(root, "data"), "XDG_STATE_HOME="+filepath.Join(root, "state"),
		daemon.SyncIntervalEnv+"=250ms", daemon.SyncBackoffMaxEnv+"=500ms", daemon.IdleExitEnv+"=0", "CMDAI_SERVER=")
	m := &machine{t: t, name: name, bin: bin, env: env, root: root,
		client: &ipc.Client{Socket: filepath.Join(run, "cmdai", "cmdai.sock")}}
	t.Cleanup(func() {
		if t.Failed() {
			if b, err := os.ReadFile(filepath.Join(root, "state", "cmdai", "daemon.log")); err == nil {
				t.Logf("%s daemon log (tail):\n%s", name, tail(string(b), 4000))
			}
		}
		m.kill()
		m.client.Close()
	})
	m.startDaemon()
	return m
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func (m *machine) startDaemon() {
	m.t.Helper()
	cmd := exec.Command(m.bin, "daemon", "run")
	cmd.Env = m.env
	if err := cmd.Start(); err != nil {
		m.t.Fatal(err)
	}
	m.proc = cmd
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for m.client.Probe(ctx) != nil {
		if ctx.Err() != nil {
			m.t.Fatalf("%s: the daemon did not come up", m.name)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// kill ends the daemon with SIGKILL: no clean shutdown, as after a crash or power loss.
func (m *machine) kill() {
	if m.proc == nil {
		return
	}
	_ = m.proc.Process.Signal(syscall.SIGKILL)
	_ = m.proc.Wait()
	m.proc = nil
}

// cmdai runs the command line in this machine's home and returns its standard output.
func (m *machine) cmdai(stdin string, args ...string) string {
	m.t.Helper()
	cmd := exec.Command(m.bin, args...)
	cmd.Env = m.env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		m.t.Fatalf("%s: cmdai %s: %v\n%s%s", m.name, strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String()
}

var phrasePattern = regexp.MustCompile(`(?m)^\s+([A-Z2-7]{5}(?:-[A-Z2-7]{1,5}){10})\s*$`)

// credentials reads the machine's stored credentials.
func (m *machine) credentials() map[string]any {
	m.t.Helper()
	b, err := os.ReadFile(filepath.Join(m.root, "config", "cmdai", "credentials.json"))
	if err != nil {
		m.t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(b, &c); err != nil {
		m.t.Fatal(err)
	}
	return c
}

func (m *machine) generate(prompt string) ipc.GenerateResult {
	m.t.Helper()
	res, err := m.client.Generate(context.Background(), ipc.GenerateRequest{Prompt: prompt, Shell: "bash"}, nil)
	if err != nil {
		m.t.Fatalf("%s: generate %q: %v", m.name, prompt, err)
	}
	return res
}

func (m *machine) syncNow() ipc.SyncStatus {
	m.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := m.client.SyncNow(ctx)
	if err != nil {
		m.t.Fatalf("%s: sync now: %v", m.name, err)
	}
	return st
}

// settle syncs until nothing is pending and a round ends without error.
func (m *machine) settle() ipc.SyncStatus {
	m.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		st := m.syncNow()
		if st.Pending == 0 && st.LastError == "" {
			return st
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("%s: sync does not settle: %+v", m.name, st)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (m *machine) historyLen() int {
	m.t.Helper()
	st, err := m.client.Status(context.Background())
	if err != nil {
		m.t.Fatal(err)
	}
	return st.History
}

func (m *machine) ids() map[string]bool {
	m.t.Helper()
	es, err := m.client.History(context.Background(), ipc.HistoryQuery{Limit: ipc.MaxHistoryLimit})
	if err != nil {
		m.t.Fatal(err)
	}
	out := map[string]bool{}
	for _, e := range es {
		out[e.ID] = true
	}
	return out
}
