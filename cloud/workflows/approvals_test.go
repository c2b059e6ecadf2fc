package workflows_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/workflows"
	"github.com/cmdai/cmdai/cloud/workflows/runner"
	"github.com/cmdai/cmdai/policy"
	"github.com/cmdai/cmdai/policy/local"
	"github.com/cmdai/cmdai/workflow"
)

// A junior's step that the organisation's policy holds for approval waits for an approver: it runs once
// approved (spending the approval), and is refused when denied.
func TestStepWaitsForApproval(t *testing.T) {
	s, _ := newServer(t, workflows.Options{})
	ctx := context.Background()
	var sess struct {
		User        struct{ ID string } `json:"user"`
		AccessToken string              `json:"access_token"`
	}
	s.call("POST", "/api/v1/auth/signup", "", map[string]string{"email": "junior@acme.example", "password": "correct horse battery"}, &sess)
	if err := pgstore.SetOrgMember(ctx, s.db, s.orgID, sess.User.ID, "junior"); err != nil {
		t.Fatal(err)
	}
	// The junior's machine enforces the organisation's signed policy (the seed's, plus the built-in roles:
	// a junior's commands need approval unless a team approved them).
	src, err := os.ReadFile("../../policy/testdata/juniors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := policy.Parse("juniors", src)
	if err != nil {
		t.Fatal(err)
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	sb, err := policy.Sign(policy.Bundle{OrgID: s.orgID, Version: 1, Policies: []policy.Policy{p}, IssuedAt: time.Now()}, priv)
	if err != nil {
		t.Fatal(err)
	}
	enf, _ := local.Open(ctx, local.Path(t.TempDir()))
	if err := enf.Install(ctx, local.State{KeyID: "k1", Key: priv.Public().(ed25519.PublicKey), Bundle: sb, OrgID: s.orgID,
		UserID: sess.User.ID, Email: "junior@acme.example", Roles: []string{"junior"}}); err != nil {
		t.Fatal(err)
	}
	cl := client.New(client.Credentials{Server: s.url, AccessToken: sess.AccessToken}, nil)
	var waits []string
	x := &workflow.Executor{Dir: t.TempDir(), Gate: &workflow.Gate{Policy: enf,
		Approvals: &runner.Approvals{Client: cl, OrgID: s.orgID, Poll: 100 * time.Millisecond,
			OnWait: func(step, line string) { waits = append(waits, step+": "+line) }}}}
	w, err := workflow.Parse([]byte("name: ask\nsteps:\n  - name: greet\n    action: command\n    command: echo approved-run\n"))
	if err != nil {
		t.Fatal(err)
	}
	decide := func(verb string) {
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			var list struct {
				Items []struct{ ID, Command string }
			}
			s.call("GET", "/api/v1/orgs/"+s.orgID+"/approvals?status=pending", s.token, nil, &list)
			for _, a := range list.Items {
				if a.Command == "echo approved-run" {
					s.call("POST", "/api/v1/orgs/"+s.orgID+"/approvals/"+a.ID+"/"+verb, s.token, map[string]string{}, nil)
					return
				}
			}
		}
		t.Errorf("no pending approval to %s", verb)
	}
	go decide("approve")
	rep := x.Run(ctx, w, nil)
	if rep.Status != workflow.StatusSuccess || len(waits) != 1 || !strings.Contains(waits[0], "greet: waiting for approval") {
		t.Fatalf("approved: %+v, waits %v", rep, waits)
	}
	var used struct{ Items []struct{ Status string } }
	s.call("GET", "/api/v1/orgs/"+s.orgID+"/approvals?status=used", s.token, nil, &used)
	if len(used.Items) != 1 {
		t.Fatalf("the approval was not spent: %+v", used)
	}
	go decide("deny")
	rep = x.Run(ctx, w, nil)
	if rep.Status != workflow.StatusRefused || !strings.Contains(rep.Error, "was denied") {
		t.Fatalf("denied: %+v", rep)
	}
}
