package integrations_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/workflow/integrations"
)

type call struct {
	method, path string
	header       http.Header
	body         []byte
}

// recorder is a local server that records each request and answers with answer(path).
func recorder(t *testing.T, answer func(r *http.Request) (int, string)) (*httptest.Server, *[]call) {
	t.Helper()
	var calls []call
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		calls = append(calls, call{r.Method, r.URL.Path, r.Header.Clone(), b})
		code, body := answer(r)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func TestRegistry(t *testing.T) {
	r := integrations.Builtins(nil)
	if got := strings.Join(r.Names(), ","); got != "aws,github,http,slack,webhook" {
		t.Fatalf("builtins: %s", got)
	}
	for _, n := range r.Names() {
		i, _ := r.Get(n)
		if i.Name() != n || i.Version() == "" {
			t.Errorf("%s: name %q version %q", n, i.Name(), i.Version())
		}
	}
	if _, ok := r.Get("jira"); ok {
		t.Fatal("an unknown integration was found")
	}
	slack, _ := r.Get("slack")
	if err := slack.ValidateConfig(map[string]string{}); err == nil {
		t.Error("slack without a webhook or token")
	}
	gh, _ := r.Get("github")
	if err := gh.ValidateConfig(map[string]string{"token": "t", "api_url": "ftp://x"}); err == nil {
		t.Error("github with an ftp api_url")
	}
}

func TestGitHub(t *testing.T) {
	srv, calls := recorder(t, func(r *http.Request) (int, string) {
		if strings.HasSuffix(r.URL.Path, "/issues") {
			return 201, `{"id":11,"number":42,"html_url":"https://github.example/o/r/issues/42"}`
		}
		return 201, `{"id":12}`
	})
	gh := &integrations.GitHub{Client: srv.Client()}
	cfg := map[string]string{"token": "ghp_test", "api_url": srv.URL}
	ctx := context.Background()
	res, err := gh.Execute(ctx, integrations.Request{Operation: "create-issue", Config: cfg,
		Parameters: map[string]any{"repo": "o/r", "title": "Deploy failed", "body": "see logs"}})
	if err != nil || res.Outputs["number"] != "42" {
		t.Fatalf("create-issue: %+v %v", res, err)
	}
	if _, err := gh.Execute(ctx, integrations.Request{Operation: "comment", Config: cfg,
		Parameters: map[string]any{"repo": "o/r", "number": 42, "body": "rolled back"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := gh.Execute(ctx, integrations.Request{Operation: "commit-status", Config: cfg,
		Parameters: map[string]any{"repo": "o/r", "sha": "abc123", "state": "success", "context": "cmdai/deploy"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := gh.Execute(ctx, integrations.Request{Operation: "commit-status", Config: cfg,
		Parameters: map[string]any{"repo": "o/r", "sha": "abc123", "state": "great"}}); err == nil {
		t.Fatal("a bad state was sent")
	}
	want := []string{"/repos/o/r/issues", "/repos/o/r/issues/42/comments", "/repos/o/r/statuses/abc123"}
	if len(*calls) != 3 {
		t.Fatalf("calls: %+v", *calls)
	}
	for i, c := range *calls {
		if c.method != "POST" || c.path != want[i] || c.header.Get("Authorization") != "Bearer ghp_test" ||
			c.header.Get("Accept") != "application/vnd.github+json" {
			t.Errorf("call %d: %s %s %v", i, c.method, c.path, c.header)
		}
	}
	var status map[string]string
	json.Unmarshal((*calls)[2].body, &status)
	if status["state"] != "success" || status["context"] != "cmdai/deploy" {
		t.Errorf("status body: %s", (*calls)[2].body)
	}
}

// ECS update-service, signed with SigV4, at a local endpoint that speaks the awsJson1_1 protocol.
func TestAWSECSUpdateService(t *testing.T) {
	srv, calls := recorder(t, func(r *http.Request) (int, string) {
		if r.Header.Get("X-Amz-Target") != "AmazonEC2ContainerServiceV20141113.UpdateService" {
			return 400, `{"__type":"UnknownOperationException"}`
		}
		return 200, `{"service":{"serviceName":"nextjs-app","serviceArn":"arn:aws:ecs:eu-west-1:123456789012:service/staging-cluster/nextjs-app","status":"ACTIVE"}}`
	})
	a := &integrations.AWS{Client: srv.Client()}
	res, err := a.Execute(context.Background(), integrations.Request{Service: "ecs", Operation: "update-service",
		Config:     map[string]string{"region": "eu-west-1", "access_key_id": "AKIDEXAMPLE", "secret_access_key": "secret", "endpoint": srv.URL},
		Parameters: map[string]any{"cluster": "staging-cluster", "service": "nextjs-app", "force_new_deployment": true}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outputs["status"] != "ACTIVE" || !strings.Contains(res.Output, "nextjs-app") {
		t.Fatalf("result: %+v", res)
	}
	c := (*calls)[0]
	if !strings.HasPrefix(c.header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") {
		t.Errorf("not signed with SigV4: %q", c.header.Get("Authorization"))
	}
	var body map[string]any
	json.Unmarshal(c.body, &body)
	if body["cluster"] != "staging-cluster" || body["service"] != "nextjs-app" || body["forceNewDeployment"] != true {
		t.Errorf("body: %s", c.body)
	}
	if _, err := a.Execute(context.Background(), integrations.Request{Service: "ec2", Operation: "run-instances",
		Config: map[string]string{"region": "x", "access_key_id": "a", "secret_access_key": "b"}}); err == nil {
		t.Error("an unsupported operation succeeded")
	}
}

func TestWebhookIsSigned(t *testing.T) {
	srv, calls := recorder(t, func(*http.Request) (int, string) { return 204, "" })
	wh := &integrations.Webhook{Client: srv.Client()}
	_, err := wh.Execute(context.Background(), integrations.Request{Message: "deployed", Channel: "ops",
		Config: map[string]string{"url": srv.URL + "/hook", "secret": "s3cret"}, Parameters: map[string]any{"version": "1.2"}})
	if err != nil {
		t.Fatal(err)
	}
	c := (*calls)[0]
	if !integrations.VerifySignature([]byte("s3cret"), c.body, c.header.Get(integrations.SignatureHeader)) {
		t.Fatalf("signature %q does not verify", c.header.Get(integrations.SignatureHeader))
	}
	if integrations.VerifySignature([]byte("other"), c.body, c.header.Get(integrations.SignatureHeader)) {
		t.Fatal("a signature verified under another secret")
	}
	var body map[string]any
	json.Unmarshal(c.body, &body)
	if body["message"] != "deployed" || body["channel"] != "ops" {
		t.Fatalf("body %s", c.body)
	}
	srv2, _ := recorder(t, func(*http.Request) (int, string) { return 500, "down" })
	if _, err := wh.Execute(context.Background(), integrations.Request{Config: map[string]string{"url": srv2.URL}}); err == nil ||
		!strings.Contains(err.Error(), "500") {
		t.Fatalf("a 500: %v", err)
	}
}
