package api_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/admin"
	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/policy"
	"github.com/cmdai/cmdai/safety"
)

// seedPolicy is the seed's example policy: a Junior may not run rm -rf.
const seedPolicy = "../../policy/testdata/juniors.yaml"

const seedPolicyName = "Restrict Dangerous Commands for Juniors"

// orgAPI is a server whose answers are all checked against openapi.json, with an organisation "Acme"
// made by the admin commands: an admin, an engineer, a junior and a readonly member, and the seed's
// example policy.
type orgAPI struct {
	*testAPI
	org                             string
	adminTok, engTok, junTok, roTok string
	adminID, engID, junID, roID     string
	outsiderTok, outsiderOrg        string
}

func newOrgAPI(t *testing.T) *orgAPI {
	t.Helper()
	a := newAPI(t)
	validated(t, a.srv.Client())
	o := &orgAPI{testAPI: a}
	o.adminTok, _ = a.signup("admin@acme.example")
	o.engTok, _ = a.signup("eng@acme.example")
	o.junTok, _ = a.signup("junior@acme.example")
	o.roTok, _ = a.signup("ro@acme.example")
	o.outsiderTok, _ = a.signup("owner@other.example")
	o.adminID, o.engID, o.junID, o.roID = a.userID(o.adminTok), a.userID(o.engTok), a.userID(o.junTok), a.userID(o.roTok)

	out := o.admin(0, "org", "create", "Acme", "--owner", "admin@acme.example", "--json")
	var created struct{ ID string }
	if err := json.Unmarshal([]byte(out), &created); err != nil || created.ID == "" {
		t.Fatalf("org create --json printed %q: %v", out, err)
	}
	o.org = created.ID
	o.admin(0, "org", "add-member", "Acme", "eng@acme.example", "--role", "engineer")
	o.admin(0, "org", "add-member", o.org, "junior@acme.example", "--role", "junior")
	o.admin(0, "org", "add-member", "acme", "ro@acme.example", "--role", "readonly")
	o.admin(0, "policy", "set", "Acme", seedPolicyName, seedPolicy)

	out = o.admin(0, "org", "create", "Other", "--owner", "owner@other.example", "--json")
	if err := json.Unmarshal([]byte(out), &created); err != nil {
		t.Fatal(err)
	}
	o.outsiderOrg = created.ID
	return o
}

// admin runs a cmdai-server admin command against the test database and returns what it printed.
func (o *orgAPI) admin(want int, args ...string) string {
	o.t.Helper()
	var stdout, stderr bytes.Buffer
	code := admin.Run(context.Background(), args, admin.Env{Stdout: &stdout, Stderr: &stderr,
		Connect: func(context.Context) (orgs.DB, error) { return o.pool, nil }})
	if code != want {
		o.t.Fatalf("admin %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, want, &stdout, &stderr)
	}
	return stdout.String() + stderr.String()
}

// command stores a command in the caller's history and returns its id.
func (o *orgAPI) command(tok, cmd string) string {
	o.t.Helper()
	r := o.do("POST", "/api/v1/commands", tok, map[string]any{"prompt": "p", "command": cmd})
	o.want(r, http.StatusCreated, "")
	return r.Body["id"].(string)
}

// execute reports a run of a new history entry holding cmd, with extra fields.
func (o *orgAPI) execute(tok, cmd string, extra map[string]any) response {
	o.t.Helper()
	body := map[string]any{"command_id": o.command(tok, cmd), "exit_code": 0, "duration_ms": 5}
	for k, v := range extra {
		body[k] = v
	}
	return o.do("POST", "/api/v1/commands/execute", tok, body)
}

func message(r response) string {
	e, _ := r.Body["error"].(map[string]any)
	m, _ := e["message"].(string)
	return m
}

func details(r response) map[string]any {
	e, _ := r.Body["error"].(map[string]any)
	d, _ := e["details"].(map[string]any)
	return d
}

// The seed's example, on the server's execute path: a junior's rm -rf is denied with the policy's
// reason, however it is written; an engineer's runs; a readonly member runs nothing.
func TestExecuteChecksOrgPolicy(t *testing.T) {
	o := newOrgAPI(t)
	const reason = "juniors may not run rm -rf"
	for _, cmd := range []string{"rm -rf ./build", "sudo rm -fr ./build", `bash -c 'rm -r -f ./build'`} {
		r := o.execute(o.junTok, cmd, nil)
		o.want(r, http.StatusForbidden, api.CodePolicyDenied)
		if !strings.Contains(message(r), reason) || details(r)["policy"] != seedPolicyName || details(r)["org_id"] != o.org {
			t.Errorf("junior's %q: refusal %s does not carry the policy, its reason and the organisation", cmd, r.Raw)
		}
	}
	o.want(o.execute(o.engTok, "rm -rf ./build", nil), http.StatusOK, "")
	o.want(o.execute(o.adminTok, "sudo rm -fr ./build", nil), http.StatusOK, "")

	r := o.execute(o.roTok, "ls -la", nil)
	o.want(r, http.StatusForbidden, api.CodePolicyDenied)
	if !strings.Contains(message(r), "read-only") {
		t.Errorf("readonly refusal does not say why: %s", r.Raw)
	}
	// Someone in no organisation is not policed.
	o.want(o.execute(o.outsiderTok, "rm -rf ./build", nil), http.StatusOK, "")

	// A refused run is not recorded.
	var runs int
	if err := o.pool.QueryRow(context.Background(),
		`SELECT count(*) FROM commands WHERE user_id = $1 AND executed_at IS NOT NULL`, o.junID).Scan(&runs); err != nil {
		t.Fatal(err)
	}
	if runs != 0 {
		t.Fatalf("%d of the junior's refused runs were recorded", runs)
	}
}

// A junior's command that needs an approver runs once an admin approves exactly it, once.
func TestApprovalLetsExactlyOneRun(t *testing.T) {
	o := newOrgAPI(t)
	const cmd = "make deploy"
	base := "/api/v1/orgs/" + o.org + "/approvals"

	r := o.execute(o.junTok, cmd, nil)
	o.want(r, http.StatusForbidden, api.CodeApprovalRequired)
	if details(r)["org_id"] != o.org {
		t.Fatalf("approval_required does not name the organisation: %s", r.Raw)
	}

	r = o.do("POST", base, o.junTok, map[string]any{"command": cmd, "cwd": "/srv/app", "host": "build-1", "reason": "release"})
	o.want(r, http.StatusCreated, "")
	aid := r.Body["id"].(string)
	if r.Body["status"] != "pending" || r.Body["command_hash"] != orgs.CommandHash(cmd) || r.Body["requester_id"] != o.junID {
		t.Fatalf("new approval %s", r.Raw)
	}
	// Pending: not yet usable.
	o.want(o.execute(o.junTok, cmd, map[string]any{"approval_id": aid}), http.StatusForbidden, api.CodeForbidden)
	// Juniors and readonly members do not approve; nobody approves their own request.
	o.want(o.do("POST", base+"/"+aid+"/approve", o.junTok, nil), http.StatusForbidden, api.CodeForbidden)
	o.want(o.do("POST", base+"/"+aid+"/approve", o.roTok, nil), http.StatusForbidden, api.CodeForbidden)
	// The approvers see it pending; the readonly member sees none of it.
	if n := len(o.do("GET", base+"?status=pending", o.engTok, nil).Body["items"].([]any)); n != 1 {
		t.Fatalf("engineer sees %d pending approvals, want 1", n)
	}
	if n := len(o.do("GET", base, o.roTok, nil).Body["items"].([]any)); n != 0 {
		t.Fatalf("readonly member sees %d of others' approvals", n)
	}
	o.want(o.do("GET", base+"/"+aid, o.roTok, nil), http.StatusNotFound, api.CodeNotFound)
	o.want(o.do("GET", base+"/"+aid, o.junTok, nil), http.StatusOK, "")
	o.want(o.do("GET", base+"?status=bogus", o.engTok, nil), http.StatusBadRequest, api.CodeValidation)

	r = o.do("POST", base+"/"+aid+"/approve", o.adminTok, nil)
	o.want(r, http.StatusOK, "")
	if r.Body["status"] != "approved" || r.Body["decided_by"] != o.adminID {
		t.Fatalf("approved: %s", r.Raw)
	}
	o.want(o.do("POST", base+"/"+aid+"/deny", o.engTok, nil), http.StatusConflict, api.CodeConflict)

	// Another command with the same approval, or the approval in another member's hands, does not run.
	o.want(o.execute(o.junTok, "make deploy-all", map[string]any{"approval_id": aid}), http.StatusForbidden, api.CodeForbidden)
	o.want(o.do("POST", base+"/"+aid+"/use", o.engTok, map[string]string{"command": cmd}), http.StatusForbidden, api.CodeForbidden)

	o.want(o.execute(o.junTok, cmd, map[string]any{"approval_id": aid}), http.StatusOK, "")
	o.want(o.execute(o.junTok, cmd, map[string]any{"approval_id": aid}), http.StatusConflict, api.CodeApprovalUsed)
	o.want(o.do("POST", base+"/"+aid+"/use", o.junTok, map[string]string{"command": cmd}), http.StatusConflict, api.CodeApprovalUsed)
	r = o.do("GET", base+"/"+aid, o.junTok, nil)
	if r.Body["status"] != "used" || r.Body["used_at"] == nil {
		t.Fatalf("after its run: %s", r.Raw)
	}
	// An approval never turns a denial into a run.
	r = o.do("POST", base, o.junTok, map[string]any{"command": "rm -rf ./build"})
	rm := r.Body["id"].(string)
	o.want(o.do("POST", base+"/"+rm+"/approve", o.engTok, nil), http.StatusOK, "")
	o.want(o.execute(o.junTok, "rm -rf ./build", map[string]any{"approval_id": rm}), http.StatusForbidden, api.CodePolicyDenied)
}

// The use route: once, by the requester, for the command, before it expires; a denied one never.
func TestApprovalUseRoute(t *testing.T) {
	o := newOrgAPI(t)
	base := "/api/v1/orgs/" + o.org + "/approvals"
	request := func(cmd string) string {
		r := o.do("POST", base, o.junTok, map[string]any{"command": cmd})
		o.want(r, http.StatusCreated, "")
		return r.Body["id"].(string)
	}
	a1 := request("make test")
	o.want(o.do("POST", base+"/"+a1+"/approve", o.engTok, nil), http.StatusOK, "")
	o.want(o.do("POST", base+"/"+a1+"/use", o.junTok, map[string]string{"command": "make test "}), http.StatusForbidden, api.CodeForbidden)
	r := o.do("POST", base+"/"+a1+"/use", o.junTok, map[string]string{"command": "make test"})
	o.want(r, http.StatusOK, "")
	if r.Body["status"] != "used" {
		t.Fatalf("used: %s", r.Raw)
	}
	o.want(o.do("POST", base+"/"+a1+"/use", o.junTok, map[string]string{"command": "make test"}), http.StatusConflict, api.CodeApprovalUsed)

	a2 := request("make lint")
	o.want(o.do("POST", base+"/"+a2+"/deny", o.adminTok, nil), http.StatusOK, "")
	o.want(o.do("POST", base+"/"+a2+"/use", o.junTok, map[string]string{"command": "make lint"}), http.StatusForbidden, api.CodeForbidden)

	a3 := request("make bench")
	o.want(o.do("POST", base+"/"+a3+"/approve", o.adminTok, nil), http.StatusOK, "")
	if _, err := o.pool.Exec(context.Background(), `UPDATE approvals SET expires_at = now() - interval '1 second' WHERE id = $1`, a3); err != nil {
		t.Fatal(err)
	}
	o.want(o.do("POST", base+"/"+a3+"/use", o.junTok, map[string]string{"command": "make bench"}), http.StatusGone, api.CodeApprovalExpired)
	o.want(o.execute(o.junTok, "make bench", map[string]any{"approval_id": a3}), http.StatusGone, api.CodeApprovalExpired)
	if r := o.do("GET", base+"/"+a3, o.junTok, nil); r.Body["status"] != "expired" {
		t.Fatalf("an approval past its time reads %s", r.Raw)
	}
	a4 := request("make docs")
	if _, err := o.pool.Exec(context.Background(), `UPDATE approvals SET expires_at = now() - interval '1 second' WHERE id = $1`, a4); err != nil {
		t.Fatal(err)
	}
	o.want(o.do("POST", base+"/"+a4+"/approve", o.adminTok, nil), http.StatusGone, api.CodeApprovalExpired)
	// A readonly member runs nothing, so asks for nothing.
	o.want(o.do("POST", base, o.roTok, map[string]any{"command": "ls"}), http.StatusForbidden, api.CodeForbidden)
}

// No organisation's policies, bundle or approvals are visible from another: 404, as for one that does
// not exist.
func TestOrgRoutesHideOtherOrganisations(t *testing.T) {
	o := newOrgAPI(t)
	r := o.do("POST", "/api/v1/orgs/"+o.org+"/approvals", o.junTok, map[string]any{"command": "make deploy"})
	o.want(r, http.StatusCreated, "")
	aid := r.Body["id"].(string)

	a := "/api/v1/orgs/" + o.org
	for _, c := range []struct{ method, path string }{
		{"GET", a + "/policies"},
		{"GET", a + "/policies/" + url.PathEscape(seedPolicyName)},
		{"GET", a + "/policy/bundle"},
		{"GET", a + "/approvals"},
		{"GET", a + "/approvals/" + aid},
		{"POST", a + "/approvals/" + aid + "/approve"},
		{"POST", a + "/approvals/" + aid + "/deny"},
		{"DELETE", a + "/policies/" + url.PathEscape(seedPolicyName)},
	} {
		o.want(o.do(c.method, c.path, o.outsiderTok, nil), http.StatusNotFound, api.CodeNotFound)
	}
	o.want(o.do("POST", a+"/approvals/"+aid+"/use", o.outsiderTok, map[string]string{"command": "make deploy"}), http.StatusNotFound, api.CodeNotFound)
	o.want(o.do("POST", a+"/policies/dry-run", o.outsiderTok, map[string]string{"command": "ls"}), http.StatusNotFound, api.CodeNotFound)
	o.want(o.do("PUT", a+"/policies/x", o.outsiderTok, map[string]string{"format": "structured", "source": "x"}), http.StatusNotFound, api.CodeNotFound)
	o.want(o.do("POST", a+"/approvals", o.outsiderTok, map[string]string{"command": "ls"}), http.StatusNotFound, api.CodeNotFound)
	// The approval is Acme's: under the other organisation's path it does not exist, even for its owner.
	b := "/api/v1/orgs/" + o.outsiderOrg
	o.want(o.do("GET", b+"/approvals/"+aid, o.outsiderTok, nil), http.StatusNotFound, api.CodeNotFound)
	o.want(o.do("POST", b+"/approvals/"+aid+"/approve", o.outsiderTok, nil), http.StatusNotFound, api.CodeNotFound)
	// And Acme's members see nothing of the other organisation.
	o.want(o.do("GET", b+"/policy/bundle", o.adminTok, nil), http.StatusNotFound, api.CodeNotFound)
	o.want(o.do("GET", "/api/v1/orgs/not-an-id/policies", o.adminTok, nil), http.StatusNotFound, api.CodeNotFound)

	r = o.do("GET", "/api/v1/orgs", o.junTok, nil)
	items := r.Body["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["id"] != o.org || items[0].(map[string]any)["role"] != "junior" {
		t.Fatalf("the junior's organisations: %s", r.Raw)
	}
}

// Policies: members read them, admins change them, each change bumps the version, and a policy that is
// not valid is refused naming its rule and field.
func TestOrgPolicyCRUD(t *testing.T) {
	o := newOrgAPI(t)
	a := "/api/v1/orgs/" + o.org
	r := o.do("GET", a+"/policies", o.roTok, nil)
	o.want(r, http.StatusOK, "")
	items := r.Body["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["name"] != seedPolicyName || items[0].(map[string]any)["format"] != "structured" {
		t.Fatalf("policies: %s", r.Raw)
	}
	v0 := o.orgVersion(o.adminTok)

	bad := "name: x\nrules:\n  - name: r1\n    if: {command_matches: rm -rf}\n    then: deny\n  - name: r2\n    if: {risk_at_least: extreme}\n    then: allow\n"
	r = o.do("PUT", a+"/policies/bad", o.adminTok, map[string]string{"format": "structured", "source": bad})
	o.want(r, http.StatusBadRequest, api.CodeValidation)
	probs, _ := details(r)["problems"].([]any)
	found := map[string]bool{}
	for _, p := range probs {
		m := p.(map[string]any)
		found[m["rule"].(string)+" "+m["field"].(string)] = true
	}
	if !found["rule 1 (r1) reason"] || !found["rule 2 (r2) if.risk_at_least"] {
		t.Fatalf("the refusal does not name each rule and field: %s", r.Raw)
	}
	o.want(o.do("PUT", a+"/policies/bad", o.adminTok, map[string]string{"format": "rego", "source": "rules: []"}), http.StatusBadRequest, api.CodeValidation)
	o.want(o.do("PUT", a+"/policies/bad", o.adminTok, map[string]string{"format": "yaml", "source": "x"}), http.StatusBadRequest, api.CodeValidation)
	if v := o.orgVersion(o.adminTok); v != v0 {
		t.Fatalf("a refused policy changed the version %d → %d", v0, v)
	}

	rego := "package x\n\ndeny contains \"no curl to prod\" if {\n\tinput.facts.programs[\"curl\"]\n\tinput.host_prefixes[\"prod-\"]\n}\n"
	for _, tok := range []string{o.engTok, o.junTok, o.roTok} {
		o.want(o.do("PUT", a+"/policies/curl", tok, map[string]string{"format": "rego", "source": rego}), http.StatusForbidden, api.CodeForbidden)
	}
	r = o.do("PUT", a+"/policies/curl", o.adminTok, map[string]string{"format": "rego", "source": rego})
	o.want(r, http.StatusOK, "")
	if r.Body["version"].(float64) != float64(v0+1) || o.orgVersion(o.adminTok) != v0+1 {
		t.Fatalf("a new policy did not bump the version from %d: %s", v0, r.Raw)
	}
	r = o.do("POST", a+"/policies/dry-run", o.engTok, map[string]string{"command": "curl -s https://x", "host": "prod-db1"})
	o.want(r, http.StatusOK, "")
	if p := r.Body["policy"].(map[string]any); p["decision"] != "deny" || p["policy"] != "curl" {
		t.Fatalf("the new policy does not decide at once: %s", r.Raw)
	}
	o.want(o.do("DELETE", a+"/policies/curl", o.junTok, nil), http.StatusForbidden, api.CodeForbidden)
	o.want(o.do("DELETE", a+"/policies/curl", o.adminTok, nil), http.StatusNoContent, "")
	o.want(o.do("DELETE", a+"/policies/curl", o.adminTok, nil), http.StatusNotFound, api.CodeNotFound)
	o.want(o.do("GET", a+"/policies/curl", o.adminTok, nil), http.StatusNotFound, api.CodeNotFound)
	if v := o.orgVersion(o.adminTok); v != v0+2 {
		t.Fatalf("version %d after a delete, want %d", v, v0+2)
	}
	r = o.do("POST", a+"/policies/dry-run", o.engTok, map[string]string{"command": "curl -s https://x", "host": "prod-db1"})
	if p := r.Body["policy"].(map[string]any); p["decision"] != "allow" {
		t.Fatalf("a removed policy still decides: %s", r.Raw)
	}
}

func (o *orgAPI) orgVersion(tok string) int64 {
	o.t.Helper()
	r := o.do("GET", "/api/v1/orgs", tok, nil)
	for _, it := range r.Body["items"].([]any) {
		if m := it.(map[string]any); m["id"] == o.org {
			return int64(m["policy_version"].(float64))
		}
	}
	o.t.Fatalf("not a member: %s", r.Raw)
	return 0
}

// Dry-run explains a decision: for the caller, or for another member when an admin asks.
func TestPolicyDryRun(t *testing.T) {
	o := newOrgAPI(t)
	path := "/api/v1/orgs/" + o.org + "/policies/dry-run"
	r := o.do("POST", path, o.junTok, map[string]string{"command": "sudo rm -fr ./build", "cwd": "/home/j"})
	o.want(r, http.StatusOK, "")
	p := r.Body["policy"].(map[string]any)
	m := r.Body["matched"].([]any)
	if p["decision"] != "deny" || p["policy"] != seedPolicyName || len(m) != 1 || m[0].(map[string]any)["rule"] != "no-rm-rf-for-juniors" {
		t.Fatalf("junior's dry-run: %s", r.Raw)
	}
	r = o.do("POST", path, o.adminTok, map[string]string{"command": "rm -rf ./build", "user_email": "JUNIOR@acme.example"})
	if r.Body["policy"].(map[string]any)["decision"] != "deny" {
		t.Fatalf("admin asking as the junior: %s", r.Raw)
	}
	r = o.do("POST", path, o.adminTok, map[string]string{"command": "rm -rf ./build"})
	if r.Body["policy"].(map[string]any)["decision"] != "allow" {
		t.Fatalf("admin's own dry-run: %s", r.Raw)
	}
	o.want(o.do("POST", path, o.junTok, map[string]string{"command": "ls", "user_email": "eng@acme.example"}), http.StatusForbidden, api.CodeForbidden)
	o.want(o.do("POST", path, o.adminTok, map[string]string{"command": "ls", "user_email": "owner@other.example"}), http.StatusNotFound, api.CodeNotFound)
	o.want(o.do("POST", path, o.adminTok, map[string]string{"command": ""}), http.StatusBadRequest, api.CodeValidation)
}

// The bundle verifies with the server's key, carries the policies, and a change bumps its version; a
// tampered one does not verify.
func TestPolicyBundleIsSigned(t *testing.T) {
	o := newOrgAPI(t)
	r := o.do("GET", "/api/v1/policy/key", o.roTok, nil)
	o.want(r, http.StatusOK, "")
	pub, err := base64.StdEncoding.DecodeString(r.Body["public_key"].(string))
	if err != nil || len(pub) != ed25519.PublicKeySize || r.Body["key_id"] != orgs.KeyID(pub) {
		t.Fatalf("policy key %s: %v", r.Raw, err)
	}
	fetch := func() (policy.Bundle, policy.SignedBundle) {
		t.Helper()
		r := o.do("GET", "/api/v1/orgs/"+o.org+"/policy/bundle", o.junTok, nil)
		o.want(r, http.StatusOK, "")
		var sb struct {
			OrgID     string `json:"org_id"`
			Version   int64  `json:"version"`
			Payload   []byte `json:"payload"`
			Signature []byte `json:"signature"`
			KeyID     string `json:"key_id"`
		}
		if err := json.Unmarshal([]byte(r.Raw), &sb); err != nil {
			t.Fatal(err)
		}
		signed := policy.SignedBundle{Payload: sb.Payload, Signature: sb.Signature}
		b, err := policy.Verify(signed, pub)
		if err != nil {
			t.Fatalf("the bundle does not verify with the server's key: %v", err)
		}
		if b.OrgID != o.org || sb.OrgID != o.org || b.Version != sb.Version || sb.KeyID != orgs.KeyID(pub) {
			t.Fatalf("bundle %+v for %s", sb, o.org)
		}
		return b, signed
	}
	b1, signed := fetch()
	if len(b1.Policies) != 1 || b1.Policies[0].Name != seedPolicyName || b1.MaxAge.D() <= 0 || b1.StaleAction != policy.StaleWarn {
		t.Fatalf("bundle: %+v", b1)
	}
	tampered := policy.SignedBundle{Payload: bytes.Replace(signed.Payload, []byte("junior"), []byte("senior"), 1), Signature: signed.Signature}
	if _, err := policy.Verify(tampered, pub); !errors.Is(err, policy.ErrBadSignature) {
		t.Fatalf("a tampered bundle: %v", err)
	}
	// The bundle a daemon verifies decides as the server does.
	set, err := policy.Compile(context.Background(), b1)
	if err != nil {
		t.Fatal(err)
	}
	const cmd = "sudo rm -fr ./build"
	res, err := set.Evaluate(context.Background(), policy.Input{Roles: []string{"junior"}, Command: cmd,
		Facts: safety.FactsOf(cmd, safety.Options{})})
	if err != nil || res.Policy.Decision != gate.PolicyDeny || res.Policy.Name != seedPolicyName {
		t.Fatalf("the fetched bundle lets a junior's %q through: %+v, %v", cmd, res.Policy, err)
	}

	o.admin(0, "policy", "set", "Acme", "Restrict Dangerous Commands for Juniors", seedPolicy)
	b2, _ := fetch()
	if b2.Version != b1.Version+1 {
		t.Fatalf("a policy change took the bundle from version %d to %d", b1.Version, b2.Version)
	}
}
