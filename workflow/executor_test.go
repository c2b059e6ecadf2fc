package workflow_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cmdai/cmdai/policy"
	"github.com/cmdai/cmdai/policy/local"
	"github.com/cmdai/cmdai/workflow"
	"github.com/cmdai/cmdai/workflow/integrations"
)

func run(t *testing.T, x *workflow.Executor, src string, params map[string]string) workflow.Report {
	t.Helper()
	w := mustParse(t, src)
	if es := workflow.Validate(w, nil); es != nil {
		t.Fatalf("invalid: %v", es)
	}
	bound, err := workflow.Bind(w, params)
	if err != nil {
		t.Fatal(err)
	}
	return x.Run(context.Background(), w, bound)
}

func step(rep workflow.Report, name string) workflow.StepReport {
	for _, s := range rep.Steps {
		if s.Name == name {
			return s
		}
	}
	return workflow.StepReport{}
}

func newExecutor(t *testing.T) *workflow.Executor {
	return &workflow.Executor{Gate: &workflow.Gate{}, Dir: t.TempDir(), Integrations: integrations.Builtins(nil)}
}

// Two independent one-second steps run at the same time; the step that requires both starts after
// both ended; the whole takes well under the 2 s a sequence would.
func TestIndependentStepsRunInParallel(t *testing.T) {
	x := newExecutor(t)
	start := time.Now()
	rep := run(t, x, `
name: parallel
steps:
  - name: left
    action: command
    command: sleep 1
  - name: right
    action: command
    command: sleep 1
  - name: join
    action: command
    command: echo joined
    requires: [left, right]
`, nil)
	took := time.Since(start)
	if rep.Status != workflow.StatusSuccess {
		t.Fatalf("%+v", rep)
	}
	if took >= 1800*time.Millisecond {
		t.Fatalf("took %s, want < 1.8s", took)
	}
	l, r, j := step(rep, "left"), step(rep, "right"), step(rep, "join")
	if j.StartedAt.Before(l.EndedAt) || j.StartedAt.Before(r.EndedAt) {
		t.Fatalf("join started before its requirements ended: %+v", rep.Steps)
	}
	if d := l.StartedAt.Sub(r.StartedAt).Abs(); d > 300*time.Millisecond {
		t.Fatalf("left and right started %s apart", d)
	}
	t.Logf("parallel run: %s (a sequence would take > 2s)", took)
}

// rm -rf ~ is stopped by the gate: the run stops with the reason, and nothing after it runs.
func TestGateStopsRmRfHome(t *testing.T) {
	x := newExecutor(t)
	home := t.TempDir()
	keep := filepath.Join(home, "keep")
	if err := os.WriteFile(keep, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	x.Gate.Safety.Home = home
	rep := run(t, x, `
name: wipe
steps:
  - name: wipe
    action: command
    command: rm -rf ~
  - name: after
    action: command
    command: echo after
    requires: [wipe]
`, nil)
	if rep.Status != workflow.StatusRefused || step(rep, "wipe").Status != workflow.StatusRefused {
		t.Fatalf("rm -rf ~ was not refused: %+v", rep)
	}
	if !strings.Contains(rep.Error, "refused by the gate") || !strings.Contains(rep.Error, "critical") {
		t.Fatalf("reason: %s", rep.Error)
	}
	if step(rep, "after").Status != workflow.StatusSkipped {
		t.Fatalf("after: %+v", step(rep, "after"))
	}
	if _, err := os.Stat(keep); err != nil {
		t.Fatalf("home was touched: %v", err)
	}
	// Strict mode refuses it outright, with the mode's reason.
	x.Gate.Mode = "strict"
	rep = run(t, x, "name: w\nsteps:\n  - name: wipe\n    action: command\n    command: rm -rf ~\n", nil)
	if rep.Status != workflow.StatusRefused || !strings.Contains(rep.Error, "strict") {
		t.Fatalf("strict: %+v", rep)
	}
}

// For a Junior in an organisation with the seed's policy, rm -rf is denied with the policy's reason.
func TestJuniorDeniedRmRfBySeedPolicy(t *testing.T) {
	ctx := context.Background()
	src, err := os.ReadFile("../policy/testdata/juniors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := policy.Parse("juniors", src)
	if err != nil {
		t.Fatal(err)
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	sb, err := policy.Sign(policy.Bundle{OrgID: "org-1", Version: 1, Policies: []policy.Policy{p}, IssuedAt: time.Now()}, priv)
	if err != nil {
		t.Fatal(err)
	}
	enf, err := local.Open(ctx, local.Path(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	if err := enf.Install(ctx, local.State{KeyID: "k1", Key: priv.Public().(ed25519.PublicKey), Bundle: sb,
		OrgID: "org-1", UserID: "u1", Email: "junior@example.com", Roles: []string{"junior"}}); err != nil {
		t.Fatal(err)
	}
	x := newExecutor(t)
	build := filepath.Join(x.Dir, "build")
	if err := os.Mkdir(build, 0o700); err != nil {
		t.Fatal(err)
	}
	x.Gate.Policy = enf
	rep := run(t, x, `
name: clean
steps:
  - name: clean
    action: command
    command: rm -rf ./build
`, nil)
	if rep.Status != workflow.StatusRefused || !strings.Contains(rep.Error, "juniors may not run rm -rf") ||
		!strings.Contains(rep.Error, "policy juniors denies") {
		t.Fatalf("a junior's rm -rf: %+v", rep)
	}
	if _, err := os.Stat(build); err != nil {
		t.Fatalf("build was removed: %v", err)
	}
	// What a junior needs approval for waits for an approver; with none to ask, it is refused saying how.
	rep = run(t, x, "name: l\nsteps:\n  - name: list\n    action: command\n    command: ls\n", nil)
	if rep.Status != workflow.StatusRefused || !strings.Contains(rep.Error, "cmdai approvals request") {
		t.Fatalf("a junior's ls without an approver: %+v", rep)
	}
	x.Gate.Approvals = approveAll{}
	rep = run(t, x, "name: l\nsteps:\n  - name: list\n    action: command\n    command: ls\n", nil)
	if rep.Status != workflow.StatusSuccess {
		t.Fatalf("a junior's approved ls: %+v", rep)
	}
}

type approveAll struct{}

func (approveAll) Await(context.Context, string, string, string) error { return nil }

// An http step retries, with its delay, until a local server turns healthy.
func TestHTTPStepRetriesUntilHealthy(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) < 4 {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{"status":"ok"}`))
	}))
	defer srv.Close()
	x := newExecutor(t)
	start := time.Now()
	rep := run(t, x, `
name: health
parameters:
  - name: base
    required: true
steps:
  - name: health_check
    action: http
    url: ${base}/health
    expected_status: 200
    max_retries: 5
    retry_delay: 100ms
  - name: show
    action: command
    command: echo "${steps.health_check.output} ${steps.health_check.status_code}"
    requires: [health_check]
`, map[string]string{"base": srv.URL})
	if rep.Status != workflow.StatusSuccess {
		t.Fatalf("%+v", rep)
	}
	hc := step(rep, "health_check")
	if hc.Attempts != 4 || calls.Load() != 4 || hc.StatusCode != 200 {
		t.Fatalf("attempts %d, calls %d: %+v", hc.Attempts, calls.Load(), hc)
	}
	if took := time.Since(start); took < 300*time.Millisecond {
		t.Fatalf("three retries took %s: the delay was not kept", took)
	}
	// A server that never turns healthy fails the step after max_retries+1 attempts.
	calls.Store(-100)
	rep = run(t, x, "name: h\nsteps:\n  - name: hc\n    action: http\n    url: "+srv.URL+"\n    max_retries: 2\n    retry_delay: 10ms\n", nil)
	if rep.Status != workflow.StatusFailed || step(rep, "hc").Attempts != 3 || !strings.Contains(rep.Error, "503") {
		t.Fatalf("never healthy: %+v", rep)
	}
}

// A Slack step reaches a local receiver, through an incoming webhook and through chat.postMessage.
func TestSlackStepReachesReceiver(t *testing.T) {
	type got struct {
		path, auth string
		body       map[string]string
	}
	var mu sync.Mutex
	var received []got
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b map[string]string
		json.NewDecoder(r.Body).Decode(&b)
		mu.Lock()
		received = append(received, got{r.URL.Path, r.Header.Get("Authorization"), b})
		mu.Unlock()
		if r.URL.Path == "/api/chat.postMessage" {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"ok":true,"channel":"C1","ts":"1700000000.000100"}`))
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	const token = "xoxb-not-a-real-token-123"
	x := newExecutor(t)
	x.IntegrationConfig = map[string]map[string]string{"slack": {"webhook_url": srv.URL + "/hooks/T0/B0/abc"}}
	src := `
name: notify
parameters:
  - name: version
    default: "1.2.3"
steps:
  - name: notify
    action: integration
    integration: slack
    channel: "#deployments"
    message: "Deployed ${version}"
`
	rep := run(t, x, src, nil)
	if rep.Status != workflow.StatusSuccess {
		t.Fatalf("%+v", rep)
	}
	x.IntegrationConfig = map[string]map[string]string{"slack": {"token": token, "api_url": srv.URL + "/api"}}
	var logs []string
	x.OnEvent = func(ev workflow.Event) {
		logs = append(logs, ev.Line)
		if ev.Report != nil {
			logs = append(logs, ev.Report.Error)
		}
	}
	rep = run(t, x, src, nil)
	if rep.Status != workflow.StatusSuccess {
		t.Fatalf("%+v", rep)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(received) != 2 {
		t.Fatalf("received %+v", received)
	}
	if r := received[0]; r.path != "/hooks/T0/B0/abc" || r.body["text"] != "Deployed 1.2.3" || r.body["channel"] != "#deployments" {
		t.Errorf("webhook: %+v", r)
	}
	if r := received[1]; r.path != "/api/chat.postMessage" || r.auth != "Bearer "+token || r.body["text"] != "Deployed 1.2.3" {
		t.Errorf("chat.postMessage: %+v", r)
	}
	for _, l := range logs {
		if strings.Contains(l, token) {
			t.Fatalf("the token was logged: %s", l)
		}
	}
}

// on_failure runs the named step (and only then); if: skips; outputs pass between steps; a time-out
// ends a step.
func TestOnFailureConditionsOutputsTimeout(t *testing.T) {
	x := newExecutor(t)
	marker := filepath.Join(x.Dir, "rolled-back")
	rep := run(t, x, `
name: flow
parameters:
  - name: environment
    enum: [staging, production]
    default: staging
steps:
  - name: version
    action: command
    command: echo 1.4.2; echo "tag=v1.4.2" >> "$CMDAI_OUTPUT"
  - name: only_production
    action: command
    command: echo prod
    if: ${environment} == 'production'
  - name: deploy
    action: command
    command: test "${steps.version.output}" = 1.4.2 && test ${steps.version.outputs.tag} = v1.4.2 && exit 7
    requires: [version]
    on_failure: rollback
  - name: rollback
    action: command
    command: touch rolled-back
  - name: never
    action: command
    command: echo never
    requires: [deploy]
`, nil)
	if rep.Status != workflow.StatusFailed || !strings.Contains(rep.Error, "exited with 7") {
		t.Fatalf("%+v", rep)
	}
	if s := step(rep, "only_production"); s.Status != workflow.StatusSkipped {
		t.Errorf("if: %+v", s)
	}
	if s := step(rep, "rollback"); s.Status != workflow.StatusSuccess || s.HandlerOf != "deploy" {
		t.Errorf("rollback: %+v", s)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Errorf("the rollback did not run: %v", err)
	}
	if s := step(rep, "deploy"); s.ExitCode == nil || *s.ExitCode != 7 {
		t.Errorf("deploy: %+v", s)
	}
	if s := step(rep, "never"); s.Status != workflow.StatusSkipped {
		t.Errorf("never: %+v", s)
	}

	start := time.Now()
	rep = run(t, x, "name: t\nsteps:\n  - name: slow\n    action: command\n    command: sleep 30\n    timeout: 300ms\n", nil)
	if rep.Status != workflow.StatusFailed || !strings.Contains(rep.Error, "timed out") || time.Since(start) > 5*time.Second {
		t.Fatalf("time-out: %s %+v", time.Since(start), rep)
	}
}

func TestCancellationStopsRunningSteps(t *testing.T) {
	x := newExecutor(t)
	w := mustParse(t, "name: c\nsteps:\n  - name: slow\n    action: command\n    command: sleep 30\n  - name: after\n    action: command\n    command: echo x\n    requires: [slow]\n")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	rep := x.Run(ctx, w, nil)
	if time.Since(start) > 5*time.Second || rep.Status != workflow.StatusCancelled ||
		step(rep, "slow").Status != workflow.StatusCancelled || step(rep, "after").Status != workflow.StatusCancelled {
		t.Fatalf("%s: %+v", time.Since(start), rep)
	}
}
