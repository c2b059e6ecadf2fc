package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety"
)

type approvalsFlags struct {
	json   bool
	all    bool
	reason string
	shell  string
}

func newApprovalsCmd(s *streams) *cobra.Command {
	var f approvalsFlags
	cmd := &cobra.Command{
		Use:   "approvals",
		Short: "Ask for, grant and use approvals to run a command your organisation's policy holds back",
		Long: `When your organisation's policy says a command needs approval, ask for it; an admin or engineer of the
organisation approves or denies it; once approved, you run exactly that command, once, before the approval
expires.

  cmdai approvals request --reason 'clean the release build' -- rm -rf ./build
  cmdai approvals list                  # pending approvals (an approver sees everyone's)
  cmdai approvals approve ID            # or: cmdai approvals deny ID
  cmdai approvals run ID                # the requester runs the approved command, once

An approved command still goes through the execution gate: it is shown with its risk, and runs after you
confirm (the word yes for a critical one).`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error { return approvalsList(c.Context(), s, f) },
	}
	cmd.PersistentFlags().BoolVar(&f.json, "json", false, "print JSON: an object per approval, one per line")
	list := &cobra.Command{
		Use:   "list",
		Short: "List approvals: pending ones unless --all",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(c *cobra.Command, _ []string) error { return approvalsList(c.Context(), s, f) },
	}
	list.Flags().BoolVar(&f.all, "all", false, "every approval, whatever its state")
	request := &cobra.Command{
		Use:   "request [--reason R] -- COMMAND...",
		Short: "Ask an approver to let this exact command run once",
		Args:  usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			return approvalsRequest(c.Context(), s, f, strings.Join(args, " "))
		},
	}
	request.Flags().StringVar(&f.reason, "reason", "", "why, for the approver")
	decide := func(use, short string, approve bool) *cobra.Command {
		return &cobra.Command{
			Use: use + " ID", Short: short, Args: usageArgs(cobra.ExactArgs(1)),
			RunE: func(c *cobra.Command, args []string) error {
				return approvalsDecide(c.Context(), s, f, args[0], approve)
			},
		}
	}
	run := &cobra.Command{
		Use:   "run ID",
		Short: "Run the command an approval allows (once), after the gate's confirmation",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE:  func(c *cobra.Command, args []string) error { return approvalsRun(c.Context(), s, f, args[0]) },
	}
	run.Flags().StringVarP(&f.shell, "shell", "s", "", "the shell the command is for (default from config, then $SHELL)")
	cmd.AddCommand(list, request, decide("approve", "Approve a pending approval", true),
		decide("deny", "Deny a pending approval", false), run)
	return cmd
}

// orgClient is a client of the cloud for the person's organisation (the first they joined).
func orgClient(ctx context.Context) (*client.Client, apitype.Org, error) {
	cl, err := cloudClient()
	if err != nil {
		return nil, apitype.Org{}, err
	}
	orgs, err := cl.Orgs(ctx)
	if err != nil {
		return nil, apitype.Org{}, fmt.Errorf("list your organisations: %w", err)
	}
	if len(orgs) == 0 {
		return nil, apitype.Org{}, errors.New("you belong to no organisation: approvals are an organisation's")
	}
	return cl, orgs[0], nil
}

func approvalsList(ctx context.Context, s *streams, f approvalsFlags) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cl, org, err := orgClient(ctx)
	if err != nil {
		return err
	}
	status := apitype.ApprovalPending
	if f.all {
		status = ""
	}
	items, err := cl.Approvals(ctx, org.ID, status)
	if err != nil {
		return fmt.Errorf("list approvals: %w", err)
	}
	if f.json {
		return writeJSONLines(s.out, items)
	}
	if len(items) == 0 {
		fmt.Fprintf(s.err, "no %sapprovals in %s\n", map[bool]string{false: "pending ", true: ""}[f.all], org.Name)
		return nil
	}
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tREQUESTER\tEXPIRES\tCOMMAND")
	for _, a := range items {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.ID, a.Status, a.RequesterEmail, a.ExpiresAt.Local().Format("Jan 2 15:04"), oneLine(a.Command))
	}
	return tw.Flush()
}

func approvalsRequest(ctx context.Context, s *streams, f approvalsFlags, command string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cl, org, err := orgClient(ctx)
	if err != nil {
		return err
	}
	cwd, _ := os.Getwd()
	host, _ := os.Hostname()
	a, err := cl.RequestApproval(ctx, org.ID, apitype.ApprovalRequest{Command: command, Cwd: cwd, Host: host, Reason: f.reason})
	if err != nil {
		return fmt.Errorf("request an approval: %w", err)
	}
	if f.json {
		return writeJSONLine(s.out, a)
	}
	fmt.Fprintln(s.out, a.ID)
	fmt.Fprintf(s.err, "asked %s's approvers to let this run once, until %s; once approved: cmdai approvals run %s\n",
		org.Name, a.ExpiresAt.Local().Format("Jan 2 15:04"), a.ID)
	return nil
}

func approvalsDecide(ctx context.Context, s *streams, f approvalsFlags, id string, approve bool) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cl, org, err := orgClient(ctx)
	if err != nil {
		return err
	}
	decide := cl.Deny
	if approve {
		decide = cl.Approve
	}
	a, err := decide(ctx, org.ID, id)
	switch {
	case client.IsNotFound(err):
		return fmt.Errorf("no approval %s in %s", id, org.Name)
	case client.IsForbidden(err):
		return fmt.Errorf("you may not decide approval %s: only an admin or engineer, and never for their own request: %w", id, err)
	case err != nil:
		return fmt.Errorf("decide approval %s: %w", id, err)
	}
	if f.json {
		return writeJSONLine(s.out, a)
	}
	fmt.Fprintf(s.out, "%s: %s (%s, for %s)\n", a.ID, a.Status, oneLine(a.Command), a.RequesterEmail)
	return nil
}

// approvalsRun spends an approved approval on its command and runs it through the gate, as allowed by
// the organisation for this once. The approval is spent only after the person confirms, so a refusal by
// the safety mode or a change of mind leaves it for later.
func approvalsRun(ctx context.Context, s *streams, f approvalsFlags, id string) error {
	cl, org, err := orgClient(ctx)
	if err != nil {
		return err
	}
	a, err := cl.Approval(ctx, org.ID, id)
	switch {
	case client.IsNotFound(err):
		return fmt.Errorf("no approval %s in %s", id, org.Name)
	case err != nil:
		return fmt.Errorf("read approval %s: %w", id, err)
	case a.Status != apitype.ApprovalApproved:
		return &exitError{code: ExitRefused, err: fmt.Errorf("approval %s is %s, not approved: nothing runs", id, a.Status)}
	}
	cfg, shell, err := loadShellConfig(f.shell)
	if err != nil {
		return err
	}
	opts := cfg.SafetyOptions(shell)
	tty, closeTTY, err := openTTY(s)
	if err != nil {
		return fmt.Errorf("running an approved command needs a terminal to confirm on: %w", err)
	}
	defer closeTTY()
	v := safety.Check(a.Command, opts)
	c := confirmer{s: s, tty: tty, cfg: cfg, opts: opts, pal: paletteFor(s.out),
		policy: &policySource{ask: func(_ context.Context, cmd string) *ipc.PolicyDecision {
			if cmd != a.Command {
				return &ipc.PolicyDecision{Decision: string(gate.PolicyDeny), Policy: "approval " + a.ID,
					Reason: "an approval allows exactly the command approved, not an edit of it"}
			}
			return &ipc.PolicyDecision{Decision: string(gate.PolicyAllow), Policy: "approval " + a.ID,
				Reason: "approved for you to run once, by your organisation's approver"}
		}},
		beforeRun: func(ctx context.Context, cmd string) error {
			if cmd != a.Command {
				return &exitError{code: ExitRefused, err: errors.New("refused: an approval allows exactly the command approved, not an edit of it")}
			}
			if _, err := cl.UseApproval(ctx, org.ID, a.ID, cmd); err != nil {
				return &exitError{code: ExitRefused, err: fmt.Errorf("refused: approval %s cannot be used: %w", a.ID, err)}
			}
			return nil
		}}
	_, err = c.run(ctx, a.Command, "approved by your organisation to run once", v)
	return err
}
