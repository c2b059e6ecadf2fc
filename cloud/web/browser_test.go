//go:build !noweb

package web_test

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/cmdai/cmdai/cloud/orgs"
)

//go:embed testdata/axe.min.js
var axeSource string

// browser starts headless Chromium (Debian's chromium, installed by scripts/test-deps.sh) for the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Fatal("no chromium on PATH: install it with 'bash scripts/test-deps.sh'")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900), chromedp.Flag("disable-gpu", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	// Every page records what its Content-Security-Policy refused, for checkAccessibility to report.
	watch := chromedp.Action[chromedp.Void](func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.__csp = []; document.addEventListener('securitypolicyviolation',
				e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));`})
		return chromedp.Void{}, err
	})
	if err := chromedp.Do(ctx, watch); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// shoot saves a screenshot of the page as docs/screenshots/NAME.png when CMDAI_SCREENSHOTS is set (task screenshots).
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if os.Getenv("CMDAI_SCREENSHOTS") == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join("..", "..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// axeViolation is one accessibility problem axe-core reports.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []string `json:"target"`
	} `json:"nodes"`
}

// checkAccessibility fails on anything the page's Content-Security-Policy refused, then runs axe-core in
// the page and fails on a serious or critical violation.
func checkAccessibility(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	refused, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp || []`))
	if err != nil || len(refused) > 0 {
		t.Errorf("%s: the Content-Security-Policy refused %q (%v)", where, refused, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		t.Fatalf("%s: load axe-core: %v", where, err)
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document, {resultTypes: ['violations']}).then(r =>
		r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({target: n.target}))})))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: run axe-core: %v", where, err)
	}
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			b, _ := json.Marshal(v.Nodes)
			t.Errorf("%s: accessibility: %s (%s): %s at %s", where, v.ID, v.Impact, v.Help, b)
		}
	}
}

// visit opens path, waits for sel, checks the page's accessibility and screenshots it.
func visit(t *testing.T, ctx context.Context, base, path, sel, shot string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
		html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("body")))
		t.Fatalf("open %s and wait for %s: %v\n%.2000s", path, sel, err, html)
	}
	checkAccessibility(t, ctx, path)
	shoot(t, ctx, shot)
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("read %s: %v", sel, err)
	}
	return s
}

func login(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), email), chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS("form[action='/login'] button")), chromedp.WaitVisible(chromedp.CSS("#teams-h")))
	if err != nil {
		t.Fatalf("log in as %s: %v", email, err)
	}
}

func logout(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".signout button")), chromedp.WaitVisible(chromedp.CSS("#email"))); err != nil {
		t.Fatalf("sign out: %v", err)
	}
}

// The dashboard in a real headless Chromium: an admin logs in, invites a member who then signs in and
// accepts the invitation, and sees them in the team; approves a pending command, sees the audit log verified and a chart drawn from real
// data, and tests a command in the policy console; every page passes axe-core with no serious or
// critical violation.
func TestDashboardInBrowser(t *testing.T) {
	site := newSite(t)
	ctx := browser(t)
	base := site.url

	alice := site.signup("alice@example.com", "Alice Admin")
	site.signup("bob@example.com", "Bob Builder")
	carol := site.signup("carol@example.com", "Carol Junior")
	team := site.api("POST", "/api/v1/teams", alice, map[string]string{"name": "Platform", "slug": "platform"}, 201)["id"].(string)
	for i, c := range []struct {
		cmd  string
		exit int
	}{{"ls -la", 0}, {"df -h", 0}, {"du -sh /var/log", 1}, {"git status", 0}, {"rm -rf ./build", 0}} {
		id := site.api("POST", "/api/v1/commands", alice, map[string]string{"prompt": fmt.Sprintf("request %d", i), "command": c.cmd, "shell": "bash"}, 201)["id"]
		site.api("POST", "/api/v1/commands/execute", alice, map[string]any{"command_id": id, "exit_code": c.exit, "duration_ms": 20}, 200)
	}
	pattern := site.api("POST", "/api/v1/teams/"+team+"/patterns", alice, map[string]any{"name": "disk usage", "template": "du -sh ${dir}",
		"parameters": []map[string]string{{"name": "dir", "type": "path", "default": "."}}}, 201)["id"].(string)
	site.api("POST", "/api/v1/teams/"+team+"/patterns/"+pattern+"/use", alice, nil, 200)

	svc := &orgs.Service{DB: site.pool}
	org, err := svc.Create(context.Background(), "Acme", "alice@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetMember(context.Background(), org.ID, "carol@example.com", orgs.RoleJunior); err != nil {
		t.Fatal(err)
	}
	site.api("PUT", "/api/v1/orgs/"+org.ID+"/policies/juniors", alice, map[string]string{"format": "structured", "source": juniorPolicy}, 200)
	approval := site.api("POST", "/api/v1/orgs/"+org.ID+"/approvals", carol, map[string]string{"command": "make deploy", "host": "build-1", "reason": "release 1.4"}, 201)["id"].(string)

	// Log in.
	visit(t, ctx, base, "/login", "#email", "login")
	login(t, ctx, base, "alice@example.com")
	shoot(t, ctx, "home")
	checkAccessibility(t, ctx, "/")

	// Invite a member: the invitation waits until bob signs in and accepts it, then alice's team page
	// lists him as a member.
	visit(t, ctx, base, "/teams/"+team, "#members-h", "team")
	err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#invite-email"), "bob@example.com"),
		chromedp.Click(chromedp.CSS("form[action$='/invitations'] button")), chromedp.WaitVisible(chromedp.CSS(".notice")))
	if err != nil {
		t.Fatalf("invite: %v", err)
	}
	if got := text(t, ctx, "#pending-invitations"); !strings.Contains(got, "bob@example.com") || !strings.Contains(text(t, ctx, ".notice"), "Invitation sent") {
		t.Fatalf("after the invitation the pending invitations read %q", got)
	}
	if got := text(t, ctx, "section[aria-labelledby='members-h'] table"); strings.Contains(got, "bob@example.com") {
		t.Fatalf("bob is a member before accepting: %q", got)
	}
	checkAccessibility(t, ctx, "/teams/"+team+" with a pending invitation")
	logout(t, ctx)
	login(t, ctx, base, "bob@example.com")
	if got := text(t, ctx, "#invitations-h + p"); !strings.Contains(got, "1 team invitation is waiting") {
		t.Fatalf("bob's dashboard does not tell him of the invitation: %q", got)
	}
	visit(t, ctx, base, "/invitations", "#my-invitations", "invitations")
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#my-invitations form[action$='/accept'] button")), chromedp.WaitVisible(chromedp.CSS(".notice")))
	if err != nil {
		t.Fatalf("accept: %v", err)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "You joined the team.") || !strings.Contains(got, "Platform") {
		t.Fatalf("after accepting bob sees %q", got)
	}
	logout(t, ctx)
	login(t, ctx, base, "alice@example.com")
	visit(t, ctx, base, "/teams/"+team, "#members-h", "team")
	if got := text(t, ctx, "section[aria-labelledby='members-h'] table"); !strings.Contains(got, "bob@example.com") {
		t.Fatalf("alice's team page does not list bob after he accepted: %q", got)
	}
	if got := text(t, ctx, "#pending-invitations"); !strings.Contains(got, "No pending invitations.") {
		t.Fatalf("pending after bob accepted: %q", got)
	}

	// Approve a pending command.
	visit(t, ctx, base, "/orgs/"+org.ID+"/approvals", "form[action$='/approve'] button", "approvals")
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS("form[action$='/"+approval+"/approve'] button")), chromedp.WaitVisible(chromedp.CSS(".notice")))
	if err != nil {
		t.Fatalf("approve: %v", err)
	}
	if got := site.api("GET", "/api/v1/orgs/"+org.ID+"/approvals/"+approval, carol, nil, 200)["status"]; got != "approved" {
		t.Fatalf("the approval is %v after Approve", got)
	}

	// The audit log, verified, with the approval in it.
	visit(t, ctx, base, "/orgs/"+org.ID+"/audit", "#audit-status", "audit")
	if got := text(t, ctx, "#audit-status"); !strings.Contains(got, "Chain verified") {
		t.Fatalf("audit status %q", got)
	}
	if got := text(t, ctx, "main table"); !strings.Contains(got, "approval.approve") {
		t.Fatalf("the audit log does not show the approval: %q", got)
	}

	// A chart with real data: today's column holds the five commands.
	visit(t, ctx, base, "/teams/"+team+"/analytics", "#chart-per-day", "analytics")
	today := time.Now().UTC().Format(time.DateOnly)
	title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#chart-per-day rect title')].map(t => t.textContent).filter(s => s.startsWith('`+today+`'))[0] || ''`))
	if err != nil || title != today+": 5 commands" {
		t.Fatalf("today's bar is titled %q (%v), want %q", title, err, today+": 5 commands")
	}
	if h, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`[...document.querySelectorAll('#chart-per-day rect')].map(r => r.getBBox().height).reduce((a, b) => Math.max(a, b), 0)`)); err != nil || h < 100 {
		t.Fatalf("today's bar is %v high (%v)", h, err)
	}
	if got := text(t, ctx, "#success-rate"); got != "80%" {
		t.Fatalf("success rate %q, want 80%%", got)
	}

	// The policy test console answers for a member.
	visit(t, ctx, base, "/orgs/"+org.ID+"/policies", "#t-command", "policies")
	err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#t-command"), "rm -rf ./build"),
		chromedp.SendKeys(chromedp.CSS("#t-user"), "carol@example.com"),
		chromedp.Click(chromedp.CSS("form[action$='/policies/test'] button")), chromedp.WaitVisible(chromedp.CSS("#decision .decision")))
	if err != nil {
		t.Fatalf("test console: %v", err)
	}
	if got := text(t, ctx, "#decision"); !strings.Contains(got, "deny") || !strings.Contains(got, "juniors may not run rm -rf") {
		t.Fatalf("test console decided %q", got)
	}
	shoot(t, ctx, "policies")

	visit(t, ctx, base, "/teams/"+team+"/patterns", "main table", "patterns")
	visit(t, ctx, base, "/orgs/"+org.ID+"/settings", "dl.settings", "settings")
	visit(t, ctx, base, "/orgs/"+org.ID+"/workflows", "main h1", "workflows")

	// Sign in with SSO: the organisation's name on the sign-in page leads to its provider.
	site.api("PUT", "/api/v1/orgs/"+org.ID+"/sso", alice, map[string]any{"protocol": "oidc", "issuer": fakeOIDCIssuer(t),
		"client_id": "cmdai", "client_secret": "s3cret"}, 200)
	logout(t, ctx)
	err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#sso-org"), "Acme"),
		chromedp.Click(chromedp.CSS("form[action='/login/sso'] button")), chromedp.WaitVisible(chromedp.CSS("#sso-continue")))
	if err != nil {
		t.Fatalf("sign in with SSO: %v", err)
	}
	checkAccessibility(t, ctx, "/login/sso")
	shoot(t, ctx, "sso")
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#sso-continue').href`))
	if err != nil || !strings.Contains(href, "/authorize?") || !strings.Contains(href, "client_id=cmdai") {
		t.Fatalf("the link to the provider is %q (%v)", href, err)
	}
}

const juniorPolicy = `name: juniors
rules:
  - name: no-recursive-delete
    if:
      user_has_role: junior
      command_matches: rm -rf
    then: deny
    reason: juniors may not run rm -rf
`
