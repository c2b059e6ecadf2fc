package replicas

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cloud/internal/testproc"
	"github.com/cmdai/cmdai/cloud/server"
	"github.com/cmdai/cmdai/internal/logsink"
)

func TestMain(m *testing.M) {
	// Run as "cmdai-server", this test binary is the server (cmd/cmdai-server's serve path), so that the
	// test starts, kills and stops real server processes.
	if filepath.Base(os.Args[0]) == "cmdai-server" {
		os.Exit(serverMain())
	}
	os.Exit(m.Run())
}

func serverMain() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := server.ConfigFromEnv(os.Getenv)
	if err == nil {
		err = server.Run(ctx, cfg, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cmdai-server:", err)
		return 1
	}
	return 0
}

// cluster is N cmdai-server processes behind one HAProxy, all on loopback.
type cluster struct {
	t        *testing.T
	bin      string
	env      []string
	replicas []*replica
	lb       string // HAProxy's address
	haproxy  *exec.Cmd
	lbLog    *logsink.Buffer
}

type replica struct {
	name string
	addr string
	cmd  *exec.Cmd
	log  *logsink.Buffer
	done chan error
}

// clusterOptions size the drain: replicas drain for drain, HAProxy checks every checkInter.
type clusterOptions struct {
	replicas   int
	drain      time.Duration
	checkInter time.Duration
}

// repoRoot is the module root, where deploy/ is.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

func redisURL() string {
	if u := os.Getenv("CMDAI_TEST_REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/15"
}

func startCluster(t *testing.T, databaseURL string, o clusterOptions) *cluster {
	t.Helper()
	if _, err := exec.LookPath("haproxy"); err != nil {
		t.Fatalf("haproxy not installed: run 'bash scripts/test-deps.sh': %v", err)
	}
	c := &cluster{t: t, bin: serverBinary(t), env: append(os.Environ(),
		"DATABASE_URL="+databaseURL, "REDIS_URL="+redisURL(),
		"JWT_SECRET=replica-secret-replica-secret-replica-secret",
		"DRAIN_PERIOD="+o.drain.String(), "SHUTDOWN_TIMEOUT=10s")}
	lbEnv := []string{"CMDAI_LB_CHECK_INTER=" + strconv.Itoa(int(o.checkInter.Milliseconds())) + "ms"}
	for i := range o.replicas {
		r := &replica{name: fmt.Sprintf("r%d", i+1), addr: "127.0.0.1:" + strconv.Itoa(testproc.FreePort(t))}
		c.replicas = append(c.replicas, r)
		c.start(r)
		lbEnv = append(lbEnv, fmt.Sprintf("CMDAI_REPLICA_%d=%s", i+1, r.addr))
		if i == 0 { // the first one applies the migrations, as a deployment's migrate step does
			c.waitReady(r, 30*time.Second)
		}
	}
	c.lb = "127.0.0.1:" + strconv.Itoa(testproc.FreePort(t))
	lbEnv = append(lbEnv, "CMDAI_LB_BIND="+c.lb)
	c.lbLog = &logsink.Buffer{}
	c.haproxy = exec.Command("haproxy", "-f", filepath.Join(repoRoot(t), "deploy/haproxy/haproxy.cfg"), "-db")
	c.haproxy.Env = append(os.Environ(), lbEnv...)
	c.haproxy.Stdout, c.haproxy.Stderr = c.lbLog, c.lbLog
	if err := c.haproxy.Start(); err != nil {
		t.Fatalf("start haproxy: %v", err)
	}
	t.Cleanup(func() {
		_ = c.haproxy.Process.Kill()
		_ = c.haproxy.Wait()
		for _, r := range c.replicas {
			if r.cmd != nil && r.cmd.ProcessState == nil {
				_ = r.cmd.Process.Kill()
				<-r.done
			}
		}
		if t.Failed() {
			for _, r := range c.replicas {
				t.Logf("%s log:\n%s", r.name, tail(r.log.String(), 3000))
			}
			t.Logf("haproxy log (last lines):\n%s", tail(c.lbLog.String(), 3000))
		}
	})
	// Every replica in rotation: the balancer's checks have passed twice.
	for _, r := range c.replicas {
		c.waitReady(r, 20*time.Second)
	}
	time.Sleep(3 * o.checkInter)
	return c
}

func (c *cluster) waitReady(r *replica, d time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(d)
	for !c.ready(r.addr) {
		if time.Now().After(deadline) {
			c.t.Fatalf("%s did not become ready:\n%s", r.name, r.log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// serverBinary links this test binary into a temporary directory as cmdai-server (TestMain dispatches
// on the name).
func serverBinary(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "cmdai-server")
	if err := os.Symlink(self, bin); err != nil {
		t.Fatal(err)
	}
	return bin
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func (c *cluster) start(r *replica) {
	c.t.Helper()
	r.log = &logsink.Buffer{}
	r.cmd = exec.Command(c.bin)
	r.cmd.Env = append(c.env, "LISTEN_ADDR="+r.addr)
	r.cmd.Stdout, r.cmd.Stderr = r.log, r.log
	if err := r.cmd.Start(); err != nil {
		c.t.Fatalf("start %s: %v", r.name, err)
	}
	r.done = make(chan error, 1)
	go func() { r.done <- r.cmd.Wait() }() // ends when the process does
}

func (c *cluster) ready(addr string) bool {
	res, err := http.Get("http://" + addr + "/ready")
	if err != nil {
		return false
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

// lbLines are HAProxy's access-log lines: backend/server, status.
type lbLine struct {
	server string
	status int
	path   string
	state  string // HAProxy's termination state: "----" for a normal end
}

func (c *cluster) lbLines() []lbLine {
	var out []lbLine
	sc := bufio.NewScanner(strings.NewReader(c.lbLog.String()))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		// client backend/server status total "METHOD path HTTP/1.1"
		if len(f) < 6 || !strings.HasPrefix(f[1], "cmdai/") {
			continue
		}
		st, err := strconv.Atoi(f[2])
		if err != nil {
			continue
		}
		out = append(out, lbLine{server: strings.TrimPrefix(f[1], "cmdai/"), status: st, path: f[5], state: f[len(f)-1]})
	}
	return out
}

// call is one JSON request through the balancer.
type call struct {
	status int
	body   map[string]any
	raw    string
}

var client = &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

func (c *cluster) do(method, path, token string, in any) (call, error) {
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, "http://"+c.lb+path, body)
	if err != nil {
		return call{}, err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return call{}, err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := call{status: res.StatusCode, raw: string(raw)}
	_ = json.Unmarshal(raw, &out.body)
	return out, nil
}

func (c *cluster) must(method, path, token string, in any, status int) call {
	c.t.Helper()
	r, err := c.do(method, path, token, in)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	if r.status != status {
		c.t.Fatalf("%s %s: %d %s, want %d", method, path, r.status, r.raw, status)
	}
	return r
}

// session signs an account up through the balancer and returns its access and refresh tokens.
func (c *cluster) session(email string) (access, refresh string) {
	c.t.Helper()
	r := c.must("POST", "/api/v1/auth/signup", "", map[string]string{"email": email, "password": "correct horse battery staple"}, http.StatusCreated)
	return r.body["access_token"].(string), r.body["refresh_token"].(string)
}
