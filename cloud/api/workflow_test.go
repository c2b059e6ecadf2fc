package api_test

import (
	"context"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/secrets"
	"github.com/cmdai/cmdai/cloud/workflows"
	"github.com/cmdai/cmdai/workflow"
	"github.com/cmdai/cmdai/workflow/integrations"
)

// A tour of the workflow routes: every answer is validated against openapi.json, every operation of
// the workflows part is called, and each role check holds.
func TestWorkflowRoutesTour(t *testing.T) {
	pool := testdb.New(t)
	kr, err := secrets.NewKeyring("k1", map[string][]byte{"k1": []byte(strings.Repeat("k", 32))})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := workflows.Start(context.Background(), pool, workflows.Options{ScheduleTick: -1, Keyring: kr,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = svc.Stop(context.Background()) })
	srv := httptest.NewServer(api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler),
		MaxBodyBytes: 64 << 10, Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: testSecret}, Argon2: cheapArgon2},
		Workflows: svc}))
	t.Cleanup(srv.Close)
	a := &testAPI{t: t, srv: srv, pool: pool}
	vt := validated(t, srv.Client())
	doc := loadOpenAPI(t)

	ctx := context.Background()
	admin, _ := a.signup("wf-admin@example.com")
	junior, _ := a.signup("wf-junior@example.com")
	org, err := pgstore.CreateOrg(ctx, pool, "Flows", nil)
	if err != nil {
		t.Fatal(err)
	}
	for email, role := range map[string]string{"wf-admin@example.com": "admin", "wf-junior@example.com": "junior"} {
		u, err := pgstore.UserByEmail(ctx, pool, email)
		if err != nil {
			t.Fatal(err)
		}
		if err := pgstore.SetOrgMember(ctx, pool, org.ID, u.ID, role); err != nil {
			t.Fatal(err)
		}
	}
	outsider, _ := a.signup("wf-outsider@example.com")
	src := "name: tour\ntriggers:\n  - type: webhook\n    path: /tour\nsteps:\n  - name: hello\n    action: command\n    command: echo hello\n"

	r := a.do("POST", "/api/v1/workflows", admin, map[string]string{"org_id": org.ID, "source": src})
	a.want(r, 201, "")
	id, secret := r.Body["id"].(string), r.Body["webhook_secret"].(string)
	a.want(a.do("POST", "/api/v1/workflows", admin, map[string]string{"org_id": org.ID, "source": src}), 409, api.CodeConflict)
	r = a.do("POST", "/api/v1/workflows", admin, map[string]string{"org_id": org.ID, "source": "name: x\nsteps:\n  - name: a\n    action: command\n    requires: [a]\n"})
	a.want(r, 400, api.CodeValidation)
	if !strings.Contains(r.Raw, `step \"a\": command`) || !strings.Contains(r.Raw, `step \"a\": requires`) {
		t.Fatalf("the errors do not name the step and field: %s", r.Raw)
	}
	a.want(a.do("POST", "/api/v1/workflows", junior, map[string]string{"org_id": org.ID, "source": src}), 403, api.CodeForbidden)
	a.want(a.do("POST", "/api/v1/workflows", outsider, map[string]string{"org_id": org.ID, "source": src}), 404, api.CodeNotFound)
	a.want(a.do("GET", "/api/v1/workflows?org_id="+org.ID, junior, nil), 200, "")
	a.want(a.do("GET", "/api/v1/workflows/"+id, junior, nil), 200, "")
	a.want(a.do("GET", "/api/v1/workflows/"+id, outsider, nil), 404, api.CodeNotFound)
	a.want(a.do("PUT", "/api/v1/workflows/"+id, admin, map[string]string{"source": src + "    timeout: 10s\n"}), 200, "")

	r = a.do("POST", "/api/v1/workflows/"+id+"/runs", junior, map[string]any{})
	a.want(r, 201, "")
	runID := r.Body["id"].(string)
	a.want(a.do("POST", "/api/v1/workflows/"+id+"/runs", admin, map[string]any{"params": map[string]string{"nope": "1"}}), 400, api.CodeValidation)
	a.want(a.do("GET", "/api/v1/workflows/"+id+"/runs", admin, nil), 200, "")

	a.want(a.do("POST", "/api/v1/runners", junior, map[string]any{"org_id": org.ID, "name": "r1"}), 403, api.CodeForbidden)
	r = a.do("POST", "/api/v1/runners", admin, map[string]any{"org_id": org.ID, "name": "r1", "labels": []string{"linux"}})
	a.want(r, 201, "")
	token := r.Body["token"].(string)
	a.want(a.do("POST", "/api/v1/runners/claim", "cmdr_wrong", map[string]any{}), 401, api.CodeUnauthorized)
	var claim map[string]any
	for deadline := time.Now().Add(10 * time.Second); claim == nil; {
		r = a.do("POST", "/api/v1/runners/claim", token, map[string]any{"labels": []string{}})
		if r.Status == 200 {
			claim = r.Body
		} else if time.Now().After(deadline) {
			t.Fatal("no step to claim")
		} else {
			a.want(r, 204, "")
			time.Sleep(100 * time.Millisecond)
		}
	}
	step := claim["step_id"].(string)
	a.want(a.do("POST", "/api/v1/runners/steps/"+step+"/heartbeat", token, map[string]any{"attempt": 1,
		"logs": []map[string]any{{"stream": "stdout", "line": "hello", "time": time.Now()}}}), 204, "")
	a.want(a.do("POST", "/api/v1/runners/steps/"+step+"/heartbeat", token, map[string]any{"attempt": 7}), 409, api.CodeConflict)
	code := 0
	a.want(a.do("POST", "/api/v1/runners/steps/"+step+"/complete", token, map[string]any{"attempt": 1,
		"report": workflow.StepReport{Name: "hello", Status: workflow.StatusSuccess, ExitCode: &code},
		"result": workflow.StepResult{Output: "hello"}}), 204, "")
	a.want(a.do("POST", "/api/v1/runners/steps/"+step+"/complete", token, map[string]any{"attempt": 1,
		"report": workflow.StepReport{Name: "hello", Status: workflow.StatusSuccess}}), 409, api.CodeConflict)
	for deadline := time.Now().Add(10 * time.Second); ; {
		r = a.do("GET", "/api/v1/workflows/"+id+"/runs/"+runID, admin, nil)
		a.want(r, 200, "")
		if r.Body["status"] == "success" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the run did not end: %s", r.Raw)
		}
		time.Sleep(100 * time.Millisecond)
	}
	r = a.do("GET", "/api/v1/workflows/"+id+"/runs/"+runID+"/logs", admin, nil)
	a.want(r, 200, "")
	if !strings.Contains(r.Raw, `"line":"hello"`) {
		t.Fatalf("logs: %s", r.Raw)
	}

	a.want(a.do("POST", "/api/v1/workflows/"+id+"/runs/"+runID+"/cancel", admin, nil), 409, api.CodeConflict)
	r = a.do("POST", "/api/v1/workflows/"+id+"/runs", admin, map[string]any{})
	a.want(r, 201, "")
	r = a.do("POST", "/api/v1/workflows/"+id+"/runs/"+r.Body["id"].(string)+"/cancel", admin, nil)
	a.want(r, 200, "")
	if r.Body["status"] != "cancelled" {
		t.Fatalf("cancelled run: %s", r.Raw)
	}

	// The webhook: refused unsigned, accepted signed with the secret.
	a.want(a.do("POST", "/api/v1/workflows/"+id+"/webhook", "", map[string]any{}), 401, api.CodeUnauthorized)
	body := `{"params":{}}`
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/workflows/"+id+"/webhook", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Cmdai-Signature", signWebhook(secret, body))
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 201 {
		t.Fatalf("signed webhook: %d", res.StatusCode)
	}

	// Integration settings: sealed at rest, never answered.
	const hook = "https://hooks.slack.example/services/T0/B0/secret-part"
	a.want(a.do("PUT", "/api/v1/orgs/"+org.ID+"/integrations/slack", admin, map[string]any{"config": map[string]string{"webhook_url": hook}}), 204, "")
	a.want(a.do("PUT", "/api/v1/orgs/"+org.ID+"/integrations/slack", admin, map[string]any{"config": map[string]string{}}), 400, api.CodeValidation)
	a.want(a.do("PUT", "/api/v1/orgs/"+org.ID+"/integrations/slack", junior, map[string]any{"config": map[string]string{"webhook_url": hook}}), 403, api.CodeForbidden)
	// Secrets for ${secrets.NAME} in server runs: sealed the same way, sent only to the runner of a step.
	a.want(a.do("PUT", "/api/v1/orgs/"+org.ID+"/integrations/secrets", admin, map[string]any{"config": map[string]string{"DEPLOY_TOKEN": "tok-123456"}}), 204, "")
	a.want(a.do("PUT", "/api/v1/orgs/"+org.ID+"/integrations/jira", admin, map[string]any{"config": map[string]string{}}), 400, api.CodeValidation)
	a.want(a.do("POST", "/api/v1/workflows/"+id+"/runs", admin, map[string]any{}), 201, "")
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		r = a.do("POST", "/api/v1/runners/claim", token, map[string]any{})
		if r.Status == 200 {
			sec, _ := r.Body["secrets"].(map[string]any)
			ints, _ := r.Body["integrations"].(map[string]any)
			if sec["DEPLOY_TOKEN"] != "tok-123456" || ints["slack"] == nil || ints["secrets"] != nil {
				t.Fatalf("claim: %s", r.Raw)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no step to claim")
		}
	}
	var sealed []byte
	if err := pool.QueryRow(ctx, `SELECT sealed FROM workflow_integrations WHERE org_id = $1`, org.ID).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(sealed), "secret-part") || strings.Contains(base64.StdEncoding.EncodeToString(sealed), "secret-part") {
		t.Fatal("the integration's settings are stored in the clear")
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM audit_logs WHERE action LIKE 'workflow.%' OR action LIKE 'runner.%'`).Scan(&n); err != nil || n < 5 {
		t.Fatalf("audit events for workflows: %d, %v", n, err)
	}

	for path, item := range doc.Paths.Map() {
		if !strings.HasPrefix(path, "/api/v1/workflows") && !strings.HasPrefix(path, "/api/v1/runners") &&
			!strings.HasSuffix(path, "/integrations/{name}") {
			continue
		}
		for method := range item.Operations() {
			hit := false
			for s := range vt.seen {
				hit = hit || strings.HasPrefix(s, method+" "+path+" ")
			}
			if !hit {
				t.Errorf("%s %s is documented but this tour never called it", method, path)
			}
		}
	}
}

func signWebhook(secret, body string) string { return integrations.Sign([]byte(secret), []byte(body)) }
