package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/client"
)

// Approvals asks the organisation's approvers to let a workflow step's command run, and waits: it is a
// workflow.Approver. An approved approval is spent on the command (once) before it runs.
type Approvals struct {
	Client *client.Client
	OrgID  string
	Poll   time.Duration // how often to look at the approval (default 2s)
	// OnWait, when set, is told that a step waits, and for which approval.
	OnWait func(step, line string)
}

// Await requests an approval for command and polls it until it is approved (then spends it), denied,
// expired, or ctx ends.
func (a *Approvals) Await(ctx context.Context, step, command, reason string) error {
	cwd, _ := os.Getwd()
	host, _ := os.Hostname()
	ap, err := a.Client.RequestApproval(ctx, a.OrgID, apitype.ApprovalRequest{Command: command, Cwd: cwd, Host: host,
		Reason: "workflow step " + step + ": " + reason})
	if err != nil {
		return fmt.Errorf("request an approval: %w", err)
	}
	if a.OnWait != nil {
		a.OnWait(step, fmt.Sprintf("waiting for approval %s (an approver runs: cmdai approvals approve %s)", ap.ID, ap.ID))
	}
	poll := a.Poll
	if poll <= 0 {
		poll = 2 * time.Second
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return fmt.Errorf("stopped waiting for approval %s: %w", ap.ID, ctx.Err())
		case <-t.C:
		}
		cur, err := a.Client.Approval(ctx, a.OrgID, ap.ID)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("stopped waiting for approval %s: %w", ap.ID, ctx.Err())
			}
			continue // the server may be briefly away: keep waiting
		}
		switch cur.Status {
		case apitype.ApprovalPending:
			continue
		case apitype.ApprovalApproved:
			if _, err := a.Client.UseApproval(ctx, a.OrgID, ap.ID, command); err != nil {
				return fmt.Errorf("approval %s cannot be used: %w", ap.ID, err)
			}
			return nil
		}
		return errors.New("approval " + ap.ID + " was " + cur.Status)
	}
}

// NewApprovals is Approvals for the person logged in with the credentials at credsPath, in their first
// organisation; nil when they are not logged in or in no organisation.
func NewApprovals(ctx context.Context, credsPath string, save func(client.Credentials) error) *Approvals {
	creds, err := client.LoadCredentials(credsPath)
	if err != nil || !creds.LoggedIn() {
		return nil
	}
	cl := client.New(creds, save)
	orgs, err := cl.Orgs(ctx)
	if err != nil || len(orgs) == 0 {
		return nil
	}
	return &Approvals{Client: cl, OrgID: orgs[0].ID}
}
