package workflows_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cli"
	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/workflows"
	"github.com/cmdai/cmdai/cloud/workflows/wire"
	"github.com/cmdai/cmdai/workflow/integrations"
)

// runnerEnv marks a child process of this test binary that is `cmdai runner`, a real runner process.
const runnerEnv = "CMDAI_TEST_RUNNER_PROCESS"

func TestMain(m *testing.M) {
	if os.Getenv(runnerEnv) == "1" {
		os.Exit(cli.Main(os.Args[1:]))
	}
	os.Exit(m.Run())
}

type server struct {
	t      *testing.T
	url    string
	token  string
	orgID  string
	db     *pgxpool.Pool
	client *http.Client
}

func (s *server) call(method, path, token string, in, out any) int {
	s.t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.url+path, body)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode/100 == 2 {
		if err := json.Unmarshal(raw, out); err != nil {
			s.t.Fatalf("%s %s: %v: %s", method, path, err, raw)
		}
	}
	if resp.StatusCode/100 != 2 {
		s.t.Logf("%s %s: %d %s", method, path, resp.StatusCode, raw)
	}
	return resp.StatusCode
}

// newServer is the API with the workflow engine on a fresh database, and an admin of an organisation.
func newServer(t *testing.T, opts workflows.Options) (*server, *workflows.Service) {
	t.Helper()
	pool := testdb.New(t)
	opts.Logger = slog.New(slog.DiscardHandler)
	if opts.ScheduleTick == 0 {
		opts.ScheduleTick = -1
	}
	svc, err := workflows.Start(context.Background(), pool, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = svc.Stop(ctx)
	})
	h := api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler),
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte("test-secret-test-secret-test-secret!")},
			Argon2: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}},
		Workflows: svc})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	s := &server{t: t, url: srv.URL, client: srv.Client(), db: pool}
	var sess struct {
		User        struct{ ID string } `json:"user"`
		AccessToken string              `json:"access_token"`
	}
	if code := s.call("POST", "/api/v1/auth/signup", "", map[string]string{"email": "admin@acme.example", "password": "correct horse battery"}, &sess); code != 201 {
		t.Fatalf("signup: %d", code)
	}
	s.token = sess.AccessToken
	ctx := context.Background()
	org, err := pgstore.CreateOrg(ctx, pool, "Acme", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := pgstore.SetOrgMember(ctx, pool, org.ID, sess.User.ID, "admin"); err != nil {
		t.Fatal(err)
	}
	s.orgID = org.ID
	return s, svc
}

func (s *server) createWorkflow(src string) wire.Workflow {
	s.t.Helper()
	var w wire.Workflow
	if code := s.call("POST", "/api/v1/workflows", s.token, wire.CreateWorkflow{OrgID: s.orgID, Source: src}, &w); code != 201 {
		s.t.Fatalf("create workflow: %d", code)
	}
	return w
}

func (s *server) register(name string, labels ...string) wire.Runner {
	s.t.Helper()
	var r wire.Runner
	if code := s.call("POST", "/api/v1/runners", s.token, wire.RegisterRunner{OrgID: s.orgID, Name: name, Labels: labels}, &r); code != 201 {
		s.t.Fatalf("register runner: %d", code)
	}
	return r
}

func (s *server) run(w wire.Workflow, runID string) wire.Run {
	s.t.Helper()
	var r wire.Run
	if code := s.call("GET", "/api/v1/workflows/"+w.ID+"/runs/"+runID, s.token, nil, &r); code != 200 {
		s.t.Fatalf("get run: %d", code)
	}
	return r
}

func (s *server) waitRun(w wire.Workflow, runID string, within time.Duration, done func(wire.Run) bool) wire.Run {
	s.t.Helper()
	deadline := time.Now().Add(within)
	for {
		r := s.run(w, runID)
		if done(r) {
			return r
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("run %s after %s: %+v", runID, within, r)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func stepOf(r wire.Run, name string) wire.RunStep {
	for _, st := range r.Steps {
		if st.Name == name {
			return st
		}
	}
	return wire.RunStep{}
}

// startRunner starts `cmdai runner` as a real process with its own home and config.
func startRunner(t *testing.T, s *server, rn wire.Runner, dir string) *exec.Cmd {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(os.Args[0], "runner", "--server", s.url, "--token", rn.Token, "--poll", "100ms", "--dir", dir)
	cmd.Env = append(os.Environ(), runnerEnv+"=1", "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_DATA_HOME="+filepath.Join(home, "data"), "XDG_STATE_HOME="+filepath.Join(home, "state"), "RUNNER_NAME="+rn.Name)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("runner %s said:\n%s", rn.Name, logs.String())
		}
	})
	return cmd
}

const failoverWorkflow = `
name: failover
steps:
  - name: prepare
    action: command
    command: echo ready
  - name: long
    action: command
    command: echo "started on $RUNNER_NAME"; sleep 3; echo "done on $RUNNER_NAME"
    requires: [prepare]
    retryable: true
  - name: after
    action: command
    command: echo "after ${steps.long.output}"
    requires: [long]
`

// Killing a runner in the middle of a run: the run completes on a second runner (the step is
// retryable); a step that is not retryable fails visibly instead.
func TestRunnerKilledMidRunCompletesOnAnother(t *testing.T) {
	s, _ := newServer(t, workflows.Options{Lease: 1500 * time.Millisecond, Poll: 100 * time.Millisecond})
	w := s.createWorkflow(failoverWorkflow)
	if w.WebhookSecret == "" {
		t.Fatal("no webhook secret at creation")
	}
	a, b := s.register("runner-a"), s.register("runner-b")
	var run wire.Run
	if code := s.call("POST", "/api/v1/workflows/"+w.ID+"/runs", s.token, wire.StartRun{}, &run); code != 201 {
		t.Fatalf("start run: %d", code)
	}
	dir := t.TempDir()
	procA := startRunner(t, s, a, dir)
	s.waitRun(w, run.ID, 20*time.Second, func(r wire.Run) bool {
		st := stepOf(r, "long")
		return st.Status == "running" && st.RunnerID == a.ID
	})
	time.Sleep(800 * time.Millisecond) // in the middle of its sleep, after a heartbeat carried its first line
	if err := procA.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = procA.Wait()
	startRunner(t, s, b, dir)
	end := s.waitRun(w, run.ID, 30*time.Second, func(r wire.Run) bool {
		return r.Status != "running" && r.Status != "queued"
	})
	if end.Status != "success" {
		t.Fatalf("the run did not complete: %+v", end)
	}
	long := stepOf(end, "long")
	if long.Status != "success" || long.Attempt != 2 || long.RunnerID != b.ID {
		t.Fatalf("long: %+v (runner b is %s)", long, b.ID)
	}
	if st := stepOf(end, "after"); st.Status != "success" || st.RunnerID != b.ID {
		t.Fatalf("after: %+v", st)
	}
	var logs struct{ Items []wire.LogLine }
	s.call("GET", "/api/v1/workflows/"+w.ID+"/runs/"+run.ID+"/logs", s.token, nil, &logs)
	var text []string
	for _, l := range logs.Items {
		text = append(text, l.Step+" "+l.Stream+" "+l.Line)
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{
		"long stdout started on runner-a",
		"long system runner runner-a stopped answering during attempt 1; the step is retryable: queued for another runner",
		"long system runner runner-b claimed the step (attempt 2)",
		"long stdout done on runner-b",
		"after stdout after started on runner-b",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the logs lack %q:\n%s", want, all)
		}
	}

	// Not retryable: the step fails visibly when its runner dies, and the run with it.
	w2 := s.createWorkflow(strings.NewReplacer("name: failover", "name: once", "    retryable: true\n", "    labels: [solo]\n").Replace(failoverWorkflow))
	c := s.register("runner-c", "solo")
	var run2 wire.Run
	s.call("POST", "/api/v1/workflows/"+w2.ID+"/runs", s.token, wire.StartRun{}, &run2)
	procC := startRunner(t, s, c, dir)
	s.waitRun(w2, run2.ID, 20*time.Second, func(r wire.Run) bool { return stepOf(r, "long").Status == "running" })
	if got := stepOf(s.run(w2, run2.ID), "long").RunnerID; got != c.ID {
		t.Fatalf("the solo step went to %s, not to the runner with its label (%s)", got, c.ID)
	}
	_ = procC.Process.Signal(syscall.SIGKILL)
	_ = procC.Wait()
	end2 := s.waitRun(w2, run2.ID, 20*time.Second, func(r wire.Run) bool { return r.Status != "running" && r.Status != "queued" })
	if end2.Status != "failed" || !strings.Contains(end2.Error, "not retryable") || stepOf(end2, "after").Status != "skipped" {
		t.Fatalf("a non-retryable step whose runner died: %+v", end2)
	}
}

// A webhook starts a run only with the body signed by the workflow's secret.
func TestWebhookTriggerChecksSignature(t *testing.T) {
	s, _ := newServer(t, workflows.Options{})
	w := s.createWorkflow("name: hooked\ntriggers:\n  - type: webhook\n    path: /deploy\nparameters:\n  - name: env\n    enum: [staging]\nsteps:\n  - name: a\n    action: command\n    command: echo ${env}\n")
	body := []byte(`{"params":{"env":"staging"}}`)
	post := func(sig string) int {
		req, _ := http.NewRequest("POST", s.url+"/api/v1/workflows/"+w.ID+"/webhook", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if sig != "" {
			req.Header.Set(integrations.SignatureHeader, sig)
		}
		resp, err := s.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(""); code != 401 {
		t.Fatalf("unsigned: %d", code)
	}
	if code := post(integrations.Sign([]byte("wrong"), body)); code != 401 {
		t.Fatalf("signed with another secret: %d", code)
	}
	secret := []byte(w.WebhookSecret)
	if code := post(integrations.Sign(secret, body)); code != 201 {
		t.Fatalf("signed: %d", code)
	}
	var runs struct{ Items []wire.Run }
	s.call("GET", "/api/v1/workflows/"+w.ID+"/runs", s.token, nil, &runs)
	if len(runs.Items) != 1 || runs.Items[0].Trigger != "webhook" || runs.Items[0].Params["env"] != "staging" {
		t.Fatalf("runs: %+v", runs.Items)
	}
	// An invalid workflow is refused, naming the step and field.
	bad := wire.CreateWorkflow{OrgID: s.orgID, Source: "name: bad\nsteps:\n  - name: a\n    action: command\n"}
	if code := s.call("POST", "/api/v1/workflows", s.token, bad, nil); code != 400 {
		t.Fatalf("invalid workflow: %d", code)
	}
}

// Cancelling a run stops the step its runner is running, at the runner's next heartbeat; the runner
// then takes other steps.
func TestCancelStopsTheRunnersStep(t *testing.T) {
	s, _ := newServer(t, workflows.Options{Lease: 1500 * time.Millisecond, Poll: 100 * time.Millisecond})
	w := s.createWorkflow("name: slow\nsteps:\n  - name: wait\n    action: command\n    command: sleep 30\n  - name: after\n    action: command\n    command: echo after\n    requires: [wait]\n")
	var run wire.Run
	s.call("POST", "/api/v1/workflows/"+w.ID+"/runs", s.token, wire.StartRun{}, &run)
	startRunner(t, s, s.register("runner-a"), t.TempDir())
	s.waitRun(w, run.ID, 20*time.Second, func(r wire.Run) bool { return stepOf(r, "wait").Status == "running" })
	start := time.Now()
	if code := s.call("POST", "/api/v1/workflows/"+w.ID+"/runs/"+run.ID+"/cancel", s.token, nil, nil); code != 200 {
		t.Fatalf("cancel: %d", code)
	}
	end := s.run(w, run.ID)
	// The step after never runs: it has no row, or, when the orchestrator closes the run before the
	// cancel does, one that says it was skipped.
	if after := stepOf(end, "after").Status; end.Status != "cancelled" || stepOf(end, "wait").Status != "cancelled" || after != "" && after != "skipped" {
		t.Fatalf("cancelled run: %+v", end)
	}
	// The runner is free again well before the 30-second step would have ended.
	var run2 wire.Run
	s.call("POST", "/api/v1/workflows/"+w.ID+"/runs", s.token, wire.StartRun{}, &run2)
	s.waitRun(w, run2.ID, 10*time.Second, func(r wire.Run) bool { return stepOf(r, "wait").Status == "running" })
	if took := time.Since(start); took > 8*time.Second {
		t.Fatalf("the runner took %s to drop the cancelled step", took)
	}
}
