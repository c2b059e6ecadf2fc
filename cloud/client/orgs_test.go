package client_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/policy"
)

// The organisation calls a daemon and the CLI make, against a real server: the bundle verifies with
// the key, policies change it, approvals go round, and refusals are told apart.
func TestOrgPolicyAndApprovalCalls(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	h := api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler),
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte("client-test-secret-client-test-secret")},
			Argon2: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}}})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	login := func(email string) *client.Client {
		c := client.New(client.Credentials{Server: srv.URL}, nil)
		if _, err := c.Signup(ctx, email, "correct horse battery"); err != nil {
			t.Fatal(err)
		}
		return c
	}
	adm, jun := login("admin@acme.example"), login("junior@acme.example")
	svc := &orgs.Service{DB: pool}
	org, err := svc.Create(ctx, "Acme", "admin@acme.example", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetMember(ctx, org.ID, "junior@acme.example", orgs.RoleJunior); err != nil {
		t.Fatal(err)
	}

	list, err := jun.Orgs(ctx)
	if err != nil || len(list) != 1 || list[0].ID != org.ID || list[0].Role != apitype.OrgRoleJunior {
		t.Fatalf("Orgs: %+v, %v", list, err)
	}
	key, err := jun.PolicyKey(ctx)
	if err != nil || len(key.PublicKey) != ed25519.PublicKeySize || key.KeyID == "" {
		t.Fatalf("PolicyKey: %+v, %v", key, err)
	}

	seed, err := os.ReadFile("../../policy/testdata/juniors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const name = "Restrict Dangerous Commands for Juniors"
	if _, err := jun.PutPolicy(ctx, org.ID, name, apitype.PutPolicyRequest{Format: apitype.PolicyFormatStructured, Source: string(seed)}); !client.IsForbidden(err) {
		t.Fatalf("a junior sets a policy: %v", err)
	}
	p, err := adm.PutPolicy(ctx, org.ID, name, apitype.PutPolicyRequest{Format: apitype.PolicyFormatStructured, Source: string(seed)})
	if err != nil || p.Version != list[0].PolicyVersion+1 {
		t.Fatalf("PutPolicy: %+v, %v", p, err)
	}
	if ps, err := jun.Policies(ctx, org.ID); err != nil || len(ps) != 1 || ps[0].Name != name {
		t.Fatalf("Policies: %+v, %v", ps, err)
	}
	if got, err := jun.Policy(ctx, org.ID, name); err != nil || got.Source != string(seed) {
		t.Fatalf("Policy: %+v, %v", got, err)
	}

	sb, err := jun.PolicyBundle(ctx, org.ID)
	if err != nil || sb.KeyID != key.KeyID || sb.Version != p.Version {
		t.Fatalf("PolicyBundle: %+v, %v", sb, err)
	}
	b, err := policy.Verify(policy.SignedBundle{Payload: sb.Payload, Signature: sb.Signature}, key.PublicKey)
	if err != nil || len(b.Policies) != 1 || b.Version != sb.Version {
		t.Fatalf("the bundle does not verify: %+v, %v", b, err)
	}

	dry, err := jun.DryRunPolicy(ctx, org.ID, apitype.DryRunRequest{Command: "sudo rm -fr ./build"})
	if err != nil || dry.Policy.Decision != "deny" || dry.Policy.Policy != name || len(dry.Matched) != 1 {
		t.Fatalf("DryRunPolicy: %+v, %v", dry, err)
	}

	run := func(c *client.Client, cmd, approvalID string) error {
		var created apitype.Command
		if err := postCommand(ctx, srv.URL, c, cmd, &created); err != nil {
			t.Fatal(err)
		}
		code, ms := 0, 3
		_, err := c.Execute(ctx, apitype.ExecuteRequest{CommandID: created.ID, ExitCode: &code, DurationMS: &ms, ApprovalID: approvalID})
		return err
	}
	if err := run(jun, "rm -rf ./build", ""); !client.IsPolicyDenied(err) {
		t.Fatalf("a junior's rm -rf: %v", err)
	}
	if err := run(jun, "make deploy", ""); !client.IsApprovalRequired(err) {
		t.Fatalf("a junior's make deploy: %v", err)
	}
	a, err := jun.RequestApproval(ctx, org.ID, apitype.ApprovalRequest{Command: "make deploy", Reason: "release"})
	if err != nil || a.Status != apitype.ApprovalPending {
		t.Fatalf("RequestApproval: %+v, %v", a, err)
	}
	if pending, err := adm.Approvals(ctx, org.ID, apitype.ApprovalPending); err != nil || len(pending) != 1 || pending[0].ID != a.ID {
		t.Fatalf("Approvals: %+v, %v", pending, err)
	}
	if a, err = adm.Approve(ctx, org.ID, a.ID); err != nil || a.Status != apitype.ApprovalApproved {
		t.Fatalf("Approve: %+v, %v", a, err)
	}
	if got, err := jun.Approval(ctx, org.ID, a.ID); err != nil || got.Status != apitype.ApprovalApproved {
		t.Fatalf("Approval: %+v, %v", got, err)
	}
	if err := run(jun, "make deploy", a.ID); err != nil {
		t.Fatalf("the approved run: %v", err)
	}
	if _, err := jun.UseApproval(ctx, org.ID, a.ID, "make deploy"); !client.IsApprovalUsed(err) {
		t.Fatalf("a second use: %v", err)
	}
	d, err := jun.RequestApproval(ctx, org.ID, apitype.ApprovalRequest{Command: "make clean"})
	if err != nil {
		t.Fatal(err)
	}
	if d, err = adm.Deny(ctx, org.ID, d.ID); err != nil || d.Status != apitype.ApprovalDenied {
		t.Fatalf("Deny: %+v, %v", d, err)
	}
	if _, err := pool.Exec(ctx, `UPDATE approvals SET status = 'approved', expires_at = now() WHERE id = $1`, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := jun.UseApproval(ctx, org.ID, d.ID, "make clean"); !client.IsApprovalExpired(err) {
		t.Fatalf("an expired approval: %v", err)
	}

	if err := adm.DeletePolicy(ctx, org.ID, name); err != nil {
		t.Fatal(err)
	}
	if _, err := jun.Policy(ctx, org.ID, name); !client.IsNotFound(err) {
		t.Fatalf("a deleted policy: %v", err)
	}
}

// postCommand stores a command in the account's history (the client has no call for it: the daemon
// syncs history sealed).
func postCommand(ctx context.Context, server string, c *client.Client, cmd string, out *apitype.Command) error {
	body, _ := json.Marshal(apitype.CreateCommandRequest{Prompt: "p", Command: cmd})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, server+"/api/v1/commands", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.Credentials().AccessToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		return fmt.Errorf("POST /api/v1/commands: %s", res.Status)
	}
	return json.NewDecoder(res.Body).Decode(out)
}
