package e2e

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/cmdai/cmdai/cloud/admin"
	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/daemon"
	"github.com/cmdai/cmdai/ipc"
)

// The seed's example policy, and what its rule says to a junior.
const (
	seedPolicyFile = "../../policy/testdata/juniors.yaml"
	seedPolicyName = "Restrict Dangerous Commands for Juniors"
	seedReason     = "juniors may not run rm -rf"
)

// Requests the offline engine answers with an rm -rf of ./build, and with a harmless touch.
const (
	deleteBuild   = "delete every build directory"
	createEmpty   = "create an empty file approved.txt"
	approvedTouch = "touch approved.txt"
)

// TestOrganisationPolicy is an organisation's policy end to end, with the seed's example policy ("a
// junior may not run rm -rf") set by the server's admin commands: one real server, a junior's machine
// and an engineer's, each a real daemon in its own home. The junior's rm -rf ./build is refused with the
// policy's reason on every path (check, generate, the one-shot and patterns use at a terminal, without
// the daemon, the server's execute); the engineer's runs; a readonly member executes nothing; an
// admin's approval lets one command run once. A changed policy reaches the junior's daemon at its next
// sync and not before; a bundle tampered with on the way, one signed by another key and a policy file
// edited by hand are refused, and the last good bundle stays enforced, offline too.
func TestOrganisationPolicy(t *testing.T) {
	bin := cmdaiBinary(t)
	var deps api.Deps
	srv := newCloudServerWith(t, func(d *api.Deps) { deps = *d })
	proxy := newTamperingProxy(t, srv.url())
	const password = "correct horse battery"
	for _, who := range []string{"admin", "eng", "junior", "ro"} {
		srv.signup(who+"@acme.example", password)
	}
	var created struct{ ID string }
	if err := json.Unmarshal([]byte(srv.admin("org", "create", "Acme", "--owner", "admin@acme.example", "--json")), &created); err != nil || created.ID == "" {
		t.Fatalf("org create --json: %v %+v", err, created)
	}
	org := created.ID
	srv.admin("org", "add-member", "Acme", "eng@acme.example", "--role", "engineer")
	srv.admin("org", "add-member", "Acme", "junior@acme.example", "--role", "junior")
	srv.admin("org", "add-member", "Acme", "ro@acme.example", "--role", "readonly")
	srv.admin("policy", "set", "Acme", seedPolicyName, seedPolicyFile)

	eng := newMachine(t, "engineer", bin)
	jun := newMachine(t, "junior", bin)
	// The junior's daemon pulls only when asked (and after a failed round), so what it enforces
	// changes at the syncs the test makes and at no other time.
	jun.env = append(jun.env, daemon.SyncIntervalEnv+"=1h")
	jun.kill()
	jun.startDaemon()
	// The junior reaches the server through a proxy that can tamper with policy bundles on the way.
	jun.cmdai(password+"\n", "auth", "login", "--server", proxy.url, "--email", "junior@acme.example", "--password-stdin")
	eng.cmdai(password+"\n", "auth", "login", "--server", srv.url(), "--email", "eng@acme.example", "--password-stdin")
	jun.settle()
	eng.settle()
	adminTok, junTok, engTok, roTok := srv.login("admin@acme.example", password), srv.login("junior@acme.example", password),
		srv.login("eng@acme.example", password), srv.login("ro@acme.example", password)

	step(t, "a junior's rm -rf ./build is refused on every path, with the policy's reason", func() {
		d := jun.check("rm -rf ./build")
		if d == nil || d.Decision != "deny" || !strings.Contains(d.Reason, seedReason) || d.Policy != seedPolicyName {
			t.Fatalf("check --json: policy %+v, want a deny by %q with its reason", d, seedPolicyName)
		}
		a := jun.answer(deleteBuild)
		if !strings.Contains(a.Command, "rm -rf") || a.Policy == nil || a.Policy.Decision != "deny" || !strings.Contains(a.Policy.Reason, seedReason) {
			t.Fatalf("%q answered %q with policy %+v, want an rm -rf the policy denies", deleteBuild, a.Command, a.Policy)
		}
		// The offline engine writes "delete the build directory" as rm -r, which the seed's rule (rm -rf)
		// does not name: a junior still needs an approver for it, as for anything not from an approved
		// pattern.
		if a := jun.answer("delete the build directory"); a.Policy == nil ||
			!(a.Policy.Decision == "deny" && strings.Contains(a.Command, "rm -rf")) && a.Policy.Decision != "approval_required" {
			t.Fatalf("the plain request answered %q with policy %+v, want it held back", a.Command, a.Policy)
		}

		for _, args := range [][]string{{deleteBuild}, {"--no-daemon", deleteBuild}} {
			work := workDir(t)
			term := jun.terminal(work, args...)
			term.expect("refused")
			term.expect(seedReason)
			if out, code := term.wait(); code != 3 {
				t.Fatalf("cmdai %s at a terminal: exit %d, want 3\n%s", strings.Join(args, " "), code, out)
			}
			mustExist(t, filepath.Join(work, "build"))
		}

		jun.cmdai("", "patterns", "save", "clean build", "--command", "rm -rf ./build")
		work := workDir(t)
		term := jun.terminal(work, "patterns", "use", "clean build")
		term.expect("refused")
		term.expect(seedReason)
		if out, code := term.wait(); code != 3 {
			t.Fatalf("patterns use at a terminal: exit %d, want 3\n%s", code, out)
		}
		mustExist(t, filepath.Join(work, "build"))

		code, body := srv.execute(junTok, "rm -rf ./build")
		if code != http.StatusForbidden || body.Error.Code != api.CodePolicyDenied || !strings.Contains(body.Error.Message, seedReason) {
			t.Fatalf("the server's execute: %d %+v, want 403 %s with the policy's reason", code, body.Error, api.CodePolicyDenied)
		}
	})

	step(t, "an engineer's rm -rf ./build runs", func() {
		if d := eng.check("rm -rf ./build"); d == nil || d.Decision != "allow" {
			t.Fatalf("check --json: policy %+v, want allow", d)
		}
		if a := eng.answer(deleteBuild); a.Policy == nil || a.Policy.Decision != "allow" {
			t.Fatalf("%q answered %q with policy %+v, want allow", deleteBuild, a.Command, a.Policy)
		}
		eng.cmdai("", "patterns", "save", "clean build", "--command", "rm -rf ./build")
		for _, args := range [][]string{{deleteBuild}, {"patterns", "use", "clean build"}} {
			work := workDir(t)
			term := eng.terminal(work, args...)
			term.expect("Run? [y]es")
			term.send("y\r")
			if out, code := term.wait(); code != 0 {
				t.Fatalf("cmdai %s at a terminal: exit %d, want 0\n%s", strings.Join(args, " "), code, out)
			}
			mustNotExist(t, filepath.Join(work, "build"))
		}
		if code, body := srv.execute(engTok, "rm -rf ./build"); code != http.StatusOK {
			t.Fatalf("the server's execute: %d %+v, want 200", code, body.Error)
		}
	})

	step(t, "a readonly member executes nothing", func() {
		for _, cmd := range []string{"ls -la", "rm -rf ./build"} {
			code, body := srv.execute(roTok, cmd)
			if code != http.StatusForbidden || body.Error.Code != api.CodePolicyDenied || !strings.Contains(body.Error.Message, "read-only") {
				t.Fatalf("the server's execute of %q: %d %+v, want 403 %s for a read-only member", cmd, code, body.Error, api.CodePolicyDenied)
			}
		}
	})

	step(t, "an admin's approval lets exactly that command run once", func() {
		work := t.TempDir()
		created := filepath.Join(work, "approved.txt")
		term := jun.terminal(work, createEmpty)
		term.expect("refused")
		term.expect("cmdai approvals request -- 'touch approved.txt'")
		if out, code := term.wait(); code != 3 {
			t.Fatalf("the one-shot at a terminal: exit %d, want 3\n%s", code, out)
		}
		mustNotExist(t, created)

		id := strings.TrimSpace(jun.cmdai("", "approvals", "request", "--reason", "the release", "--", approvedTouch))
		if _, stderr, code := jun.cmdaiCode("", "approvals", "run", id); code != 3 || !strings.Contains(stderr, "is pending, not approved") {
			t.Fatalf("approvals run of a pending approval: exit %d, %s", code, stderr)
		}
		if out := eng.cmdai("", "approvals", "list", "--json"); !strings.Contains(out, `"id":"`+id+`"`) || !strings.Contains(out, `"status":"pending"`) {
			t.Fatalf("the engineer's pending approvals:\n%s", out)
		}
		var approved apitype.Approval
		srv.post(adminTok, "/api/v1/orgs/"+org+"/approvals/"+id+"/approve", nil, &approved)
		if approved.Status != apitype.ApprovalApproved || approved.Command != approvedTouch {
			t.Fatalf("approve: %+v", approved)
		}

		// An edit of the approved command is not what was approved: nothing runs, and the approval stays.
		term = jun.terminal(work, "approvals", "run", id)
		term.expect("Run? [y]es")
		term.send("e\r")
		term.expect("> ")
		term.send(" other.txt\r")
		term.expect("refused")
		if out, code := term.wait(); code != 3 {
			t.Fatalf("approvals run of an edit: exit %d, want 3\n%s", code, out)
		}
		mustNotExist(t, created)
		mustNotExist(t, filepath.Join(work, "other.txt"))

		term = jun.terminal(work, "approvals", "run", id)
		term.expect("Run? [y]es")
		term.send("y\r")
		if out, code := term.wait(); code != 0 {
			t.Fatalf("approvals run: exit %d, want 0\n%s", code, out)
		}
		mustExist(t, created)

		if err := os.Remove(created); err != nil {
			t.Fatal(err)
		}
		term = jun.terminal(work, "approvals", "run", id)
		if out, code := term.wait(); code != 3 || !strings.Contains(out, "not approved: nothing runs") {
			t.Fatalf("a second approvals run: exit %d, want 3\n%s", code, out)
		}
		mustNotExist(t, created)
	})

	// v2 lets juniors run the tests; v3 takes that back.
	v2 := policyFile(t, "v2.yaml", `
  - name: juniors-run-tests
    if:
      user_has_role: junior
      command_matches: make test
    then: allow
`)
	v3 := policyFile(t, "v3.yaml", "")

	step(t, "a changed policy reaches the junior's daemon at its next sync, not before", func() {
		if d := jun.check("make test"); d == nil || d.Decision != "approval_required" {
			t.Fatalf("a junior's make test under the seed's policy: %+v, want approval_required", d)
		}
		srv.admin("policy", "set", "Acme", seedPolicyName, v2)
		if d := jun.check("make test"); d == nil || d.Decision != "approval_required" {
			t.Fatalf("before the sync, the daemon decides %+v, want the old policy's approval_required", d)
		}
		if st := jun.syncNow(); st.LastError != "" {
			t.Fatalf("sync: %s", st.LastError)
		}
		if d := jun.check("make test"); d == nil || d.Decision != "allow" || d.Policy != seedPolicyName {
			t.Fatalf("after the sync, make test: %+v, want allowed by %q", d, seedPolicyName)
		}
		jun.wantDenied("rm -rf ./build")
	})

	// isV2 fails unless the junior's daemon enforces v2 exactly.
	isV2 := func() {
		t.Helper()
		jun.wantDenied("rm -rf ./build")
		if d := jun.check("make test"); d == nil || d.Decision != "allow" {
			t.Fatalf("make test: %+v, want v2's allow", d)
		}
	}

	step(t, "a bundle tampered with on the way is refused, and the last good one stays", func() {
		proxy.tamper.Store(true)
		srv.admin("policy", "set", "Acme", seedPolicyName, v3)
		st := jun.syncNow()
		if !strings.Contains(st.LastError, "refused, the last good one stays: policy bundle signature does not verify") || proxy.tampered.Load() == 0 {
			t.Fatalf("after a tampered bundle (%d sent), sync status %+v, want the refusal", proxy.tampered.Load(), st)
		}
		isV2()
		if a := jun.answerNoDaemon(deleteBuild); a.Policy == nil || a.Policy.Decision != "deny" || !strings.Contains(a.Policy.Reason, seedReason) {
			t.Fatalf("--no-daemon after the tampered bundle: %q policy %+v", a.Command, a.Policy)
		}
		if log := jun.daemonLog(); !strings.Contains(log, "refused, the last good one stays") {
			t.Fatalf("the daemon's log does not report the refusal:\n%s", tail(log, 2000))
		}

		proxy.tamper.Store(false)
		if st := jun.syncNow(); st.LastError != "" {
			t.Fatalf("sync with the bundle untouched: %s", st.LastError)
		}
		if d := jun.check("make test"); d == nil || d.Decision != "approval_required" {
			t.Fatalf("make test under v3: %+v, want approval_required", d)
		}
	})

	step(t, "a bundle signed with another key is refused, and the last good one stays", func() {
		_, other, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		srv.restartWith(deps, func(d *api.Deps) { d.PolicyKey = other })
		srv.admin("policy", "set", "Acme", seedPolicyName, v2)
		st := jun.syncNow()
		if !strings.Contains(st.LastError, "not the pinned") {
			t.Fatalf("after a bundle signed with another key, sync status %+v, want the refusal", st)
		}
		if d := jun.check("make test"); d == nil || d.Decision != "approval_required" {
			t.Fatalf("make test: %+v, want v3's approval_required still", d)
		}
		srv.restartWith(deps, nil)
		if st := jun.syncNow(); st.LastError != "" {
			t.Fatalf("sync with the server's own key again: %s", st.LastError)
		}
		isV2()
	})

	step(t, "a policy file edited by hand is not trusted without the daemon, and the next sync restores it", func() {
		path := filepath.Join(jun.root, "data", "cmdai", "policy.json")
		tamperPolicyFile(t, path)
		a := jun.answerNoDaemon(createEmpty)
		if a.Policy == nil || a.Policy.Decision != "deny" || !strings.Contains(a.Policy.Reason, "the daemon's next sync replaces it") {
			t.Fatalf("--no-daemon with an edited policy file: %q policy %+v, want everything denied", a.Command, a.Policy)
		}
		isV2() // the daemon keeps what it verified
		if st := jun.syncNow(); st.LastError != "" {
			t.Fatalf("sync: %s", st.LastError)
		}
		if a := jun.answerNoDaemon(createEmpty); a.Policy == nil || a.Policy.Decision != "approval_required" {
			t.Fatalf("--no-daemon after the sync: %q policy %+v, want the policy's approval_required", a.Command, a.Policy)
		}
		if a := jun.answerNoDaemon(deleteBuild); a.Policy == nil || a.Policy.Decision != "deny" || !strings.Contains(a.Policy.Reason, seedReason) {
			t.Fatalf("--no-daemon after the sync: %q policy %+v, want the policy's deny", a.Command, a.Policy)
		}
	})

	step(t, "offline, a daemon enforces its last good bundle, and a file edited by hand denies everything", func() {
		srv.stop()
		jun.kill()
		jun.startDaemon()
		isV2()
		tamperPolicyFile(t, filepath.Join(jun.root, "data", "cmdai", "policy.json"))
		jun.kill()
		jun.startDaemon()
		for _, cmd := range []string{"make test", "ls"} {
			if d := jun.check(cmd); d == nil || d.Decision != "deny" || !strings.Contains(d.Reason, "signature does not verify (the daemon's next sync replaces it)") {
				t.Fatalf("a daemon started on an edited policy file decides %q: %+v, want a deny that says why", cmd, d)
			}
		}
		srv.start()
		if st := jun.syncNow(); st.LastError != "" {
			t.Fatalf("sync once the server is back: %s", st.LastError)
		}
		isV2()
	})
}

// admin runs a cmdai-server admin command against the server's database and returns what it printed.
func (s *cloudServer) admin(args ...string) string {
	s.t.Helper()
	var stdout, stderr bytes.Buffer
	code := admin.Run(context.Background(), args, admin.Env{Stdout: &stdout, Stderr: &stderr,
		Connect: func(context.Context) (orgs.DB, error) { return s.pool, nil }})
	if code != 0 {
		s.t.Fatalf("admin %s: exit %d\n%s%s", strings.Join(args, " "), code, &stdout, &stderr)
	}
	return stdout.String()
}

// login is POST /api/v1/auth/login: an access token.
func (s *cloudServer) login(email, password string) string {
	s.t.Helper()
	body, _ := json.Marshal(apitype.LoginRequest{Email: email, Password: password})
	res, err := http.Post(s.url()+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	var sess apitype.Session
	if err := json.NewDecoder(res.Body).Decode(&sess); err != nil || res.StatusCode != http.StatusOK || sess.AccessToken == "" {
		s.t.Fatalf("login %s: %s %v", email, res.Status, err)
	}
	return sess.AccessToken
}

// apiError is the body of a refusal.
type apiError struct {
	Error struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Details map[string]any `json:"details"`
	} `json:"error"`
}

// execute uploads cmd to the caller's history (POST /api/v1/commands) and reports a run of it (POST
// /api/v1/commands/execute), as the seed's clients do; it returns the execute's status and error.
func (s *cloudServer) execute(token, cmd string) (int, apiError) {
	s.t.Helper()
	var stored struct {
		ID string `json:"id"`
	}
	s.post(token, "/api/v1/commands", map[string]string{"prompt": "clean up", "command": cmd}, &stored)
	body, _ := json.Marshal(map[string]any{"command_id": stored.ID, "exit_code": 0, "duration_ms": 5})
	req, _ := http.NewRequest(http.MethodPost, s.url()+"/api/v1/commands/execute", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	var e apiError
	if res.StatusCode >= 300 {
		if err := json.NewDecoder(res.Body).Decode(&e); err != nil {
			s.t.Fatalf("execute: %s with an unreadable body: %v", res.Status, err)
		}
	}
	return res.StatusCode, e
}

// restartWith serves the same database and address with the API built from deps, changed by adjust.
func (s *cloudServer) restartWith(deps api.Deps, adjust func(*api.Deps)) {
	s.t.Helper()
	if adjust != nil {
		adjust(&deps)
	}
	s.stop()
	s.h = api.NewHandler(deps)
	s.start()
}

// tamperingProxy forwards to a server and, while tamper is set, empties the policies of every policy
// bundle on the way, leaving the signature as the server made it.
type tamperingProxy struct {
	url      string
	tamper   atomic.Bool
	tampered atomic.Int32
}

func newTamperingProxy(t *testing.T, target string) *tamperingProxy {
	t.Helper()
	to, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &tamperingProxy{}
	rp := &httputil.ReverseProxy{
		ErrorLog: log.New(io.Discard, "", 0), // the server is down on purpose in a step: the daemon reports it
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(to)
			r.Out.Header.Del("Accept-Encoding") // bodies to rewrite come back plain
		},
		ModifyResponse: func(res *http.Response) error {
			if !p.tamper.Load() || !strings.HasSuffix(res.Request.URL.Path, "/policy/bundle") || res.StatusCode != http.StatusOK {
				return nil
			}
			raw, err := io.ReadAll(res.Body)
			res.Body.Close()
			if err != nil {
				return err
			}
			var b apitype.PolicyBundle
			if err := json.Unmarshal(raw, &b); err != nil {
				return err
			}
			var payload map[string]any
			if err := json.Unmarshal(b.Payload, &payload); err != nil {
				return err
			}
			payload["policies"] = []any{}
			if b.Payload, err = json.Marshal(payload); err != nil {
				return err
			}
			if raw, err = json.Marshal(b); err != nil {
				return err
			}
			p.tampered.Add(1)
			res.Body = io.NopCloser(bytes.NewReader(raw))
			res.ContentLength = int64(len(raw))
			res.Header.Del("Content-Length")
			return nil
		},
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	p.url = srv.URL
	return p
}

// tamperPolicyFile empties the policies of the signed bundle in a machine's policy file, as a person
// editing it by hand would, leaving the signature.
func tamperPolicyFile(t *testing.T, path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]json.RawMessage
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	var b struct {
		Payload   []byte          `json:"payload"`
		Signature json.RawMessage `json:"signature"`
	}
	if err := json.Unmarshal(st["bundle"], &b); err != nil {
		t.Fatal(err)
	}
	var payload map[string]any
	if err := json.Unmarshal(b.Payload, &payload); err != nil {
		t.Fatalf("the bundle's payload: %v", err)
	}
	payload["policies"] = []any{}
	if b.Payload, err = json.Marshal(payload); err != nil {
		t.Fatal(err)
	}
	if st["bundle"], err = json.Marshal(b); err != nil {
		t.Fatal(err)
	}
	if raw, err = json.Marshal(st); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// policyFile writes the seed's example policy with more rules after its own.
func policyFile(t *testing.T, name, rules string) string {
	t.Helper()
	src, err := os.ReadFile(seedPolicyFile)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, append(src, rules...), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// workDir is a directory holding ./build with a file in it.
func workDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "build", "obj"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "build", "obj", "main.o"), []byte("object"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func mustExist(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%s is gone: %v", path, err)
	}
}

func mustNotExist(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s exists: %v", path, err)
	}
}

// check is the organisation's decision in 'cmdai check --json CMD' on this machine.
func (m *machine) check(cmd string) *ipc.PolicyDecision {
	m.t.Helper()
	var res struct {
		Command string              `json:"command"`
		Policy  *ipc.PolicyDecision `json:"policy"`
	}
	out := m.cmdai("", "check", "--json", cmd)
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Command != cmd {
		m.t.Fatalf("%s: check --json %q printed %q: %v", m.name, cmd, out, err)
	}
	return res.Policy
}

// wantDenied fails unless the daemon denies cmd with the seed's policy and its reason.
func (m *machine) wantDenied(cmd string) {
	m.t.Helper()
	if d := m.check(cmd); d == nil || d.Decision != "deny" || d.Policy != seedPolicyName || !strings.Contains(d.Reason, seedReason) {
		m.t.Fatalf("%s: check --json %q: policy %+v, want a deny by %q", m.name, cmd, d, seedPolicyName)
	}
}

// policyAnswer is what 'cmdai --json REQUEST' prints, as far as the policy goes.
type policyAnswer struct {
	Command string              `json:"command"`
	Policy  *ipc.PolicyDecision `json:"policy"`
}

func (m *machine) answer(request string) policyAnswer { return m.answerWith(request) }

func (m *machine) answerNoDaemon(request string) policyAnswer {
	return m.answerWith(request, "--no-daemon")
}

func (m *machine) answerWith(request string, flags ...string) policyAnswer {
	m.t.Helper()
	var a policyAnswer
	out := m.cmdai("", append(append([]string{"--json"}, flags...), request)...)
	if err := json.Unmarshal([]byte(out), &a); err != nil || a.Command == "" {
		m.t.Fatalf("%s: cmdai --json %q printed %q: %v", m.name, request, out, err)
	}
	return a
}

func (m *machine) daemonLog() string {
	m.t.Helper()
	b, err := os.ReadFile(filepath.Join(m.root, "state", "cmdai", "daemon.log"))
	if err != nil {
		m.t.Fatal(err)
	}
	return string(b)
}

// ansi matches the escape sequences and carriage returns a terminal's output carries.
var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\r`)

// terminal is the command line running in a directory on a pseudo-terminal, as a person runs it.
type terminal struct {
	t    *testing.T
	cmd  *exec.Cmd
	pty  *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	seen int
	read chan struct{}
}

func (m *machine) terminal(dir string, args ...string) *terminal {
	m.t.Helper()
	cmd := exec.Command(m.bin, args...)
	cmd.Env = append(m.env, "TERM=xterm", "NO_COLOR=1")
	cmd.Dir = dir
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 160})
	if err != nil {
		m.t.Fatal(err)
	}
	tm := &terminal{t: m.t, cmd: cmd, pty: f, read: make(chan struct{})}
	go func() {
		defer close(tm.read)
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			tm.mu.Lock()
			tm.out.Write(buf[:n])
			tm.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	m.t.Cleanup(func() {
		if tm.cmd.ProcessState == nil {
			_ = tm.cmd.Process.Kill()
			_ = tm.cmd.Wait()
		}
		f.Close()
	})
	return tm
}

// screen is what the terminal showed, without escape sequences.
func (tm *terminal) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return ansi.ReplaceAllString(tm.out.String(), "")
}

// expect waits for text to show after what the last expect found.
func (tm *terminal) expect(text string) {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := tm.screen()
		if i := strings.Index(s[tm.seen:], text); i >= 0 {
			tm.seen += i + len(text)
			return
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("waited 10s for %q; the terminal shows:\n%s", text, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (tm *terminal) send(text string) {
	tm.t.Helper()
	if _, err := tm.pty.Write([]byte(text)); err != nil {
		tm.t.Fatalf("type %q: %v", text, err)
	}
}

// wait waits for the command to end and returns what the terminal showed and the exit status.
func (tm *terminal) wait() (string, int) {
	tm.t.Helper()
	done := make(chan error, 1)
	go func() { done <- tm.cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		_ = tm.cmd.Process.Kill()
		<-done
		tm.t.Fatalf("still running after 10s; the terminal shows:\n%s", tm.screen())
	}
	select {
	case <-tm.read:
	case <-time.After(2 * time.Second):
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return tm.screen(), 0
	case errors.As(err, &exit):
		return tm.screen(), exit.ExitCode()
	}
	tm.t.Fatal(err)
	return "", -1
}
