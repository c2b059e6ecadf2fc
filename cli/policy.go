package cli

import (
	"context"
	"strings"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/policy/local"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/safety/wire"
)

// policySource is where a command's organisation policy comes from: the daemon, or this machine's policy
// file when answering without one. Known holds decisions already made (the daemon's on its answer), so
// the first question costs nothing; an edited command is asked about again.
type policySource struct {
	ask   func(ctx context.Context, cmd string) *ipc.PolicyDecision
	known map[string]*ipc.PolicyDecision
}

// decide is the gate's policy input for cmd; the zero Policy (allow) when no policy applies.
func (p *policySource) decide(ctx context.Context, cmd string) gate.Policy {
	if p == nil || p.ask == nil {
		return gate.Policy{}
	}
	d, ok := p.known[cmd]
	if !ok {
		d = p.ask(ctx, cmd)
		if p.known == nil {
			p.known = map[string]*ipc.PolicyDecision{}
		}
		p.known[cmd] = d
	}
	return wire.Policy(d)
}

// daemonPolicy asks the daemon, which holds the organisation's verified policy. A daemon that cannot
// answer denies: the policy cannot be known, and a policy unknown is never read as allowing.
func daemonPolicy(c *ipc.Client, cwd, shell string) func(context.Context, string) *ipc.PolicyDecision {
	return daemonPatternPolicy(c, cwd, shell, "", "", nil)
}

// daemonPatternPolicy is daemonPolicy for a command filled from pattern id with values: asked about that
// command, the daemon fills the pattern itself, and a team pattern counts as approved (which a junior
// may run); an edit of it is just a command.
func daemonPatternPolicy(c *ipc.Client, cwd, shell, id, filled string, values map[string]string) func(context.Context, string) *ipc.PolicyDecision {
	return func(ctx context.Context, cmd string) *ipc.PolicyDecision {
		req := ipc.CheckRequest{Command: cmd, Shell: shell, Cwd: cwd}
		if id != "" && cmd == filled {
			req.PatternID, req.PatternValues = id, values
		}
		res, err := c.Check(ctx, req)
		if err != nil {
			return &ipc.PolicyDecision{Decision: string(gate.PolicyDeny),
				Reason: "your organisation's policy could not be asked: " + err.Error()}
		}
		return res.Policy
	}
}

// localPolicy decides with this machine's policy file (e, opened with its error err), for answers made
// without the daemon. A file that does not verify denies everything, saying why, until the daemon's next
// sync replaces it.
func localPolicy(e *local.Enforcer, err error, cwd string, opts safety.Options) func(context.Context, string) *ipc.PolicyDecision {
	if org, _ := e.Version(); org == "" && err == nil {
		return nil
	}
	return func(ctx context.Context, cmd string) *ipc.PolicyDecision { return e.Decide(ctx, cmd, cwd, opts) }
}

// openLocalPolicy opens this machine's policy file.
func openLocalPolicy(ctx context.Context) (*local.Enforcer, error) {
	return local.Open(ctx, local.Path(config.DataDir()))
}

// policyLine says what the organisation's policy decided, for a person; empty when it allows silently.
func policyLine(p *ipc.PolicyDecision) string {
	if p == nil {
		return ""
	}
	line := wire.Policy(p).Explain()
	if p.Warning != "" {
		line = strings.TrimPrefix(line+"; "+p.Warning, "; ")
	}
	return line
}

// approvalAdvice is what to do about a command that needs an approver.
func approvalAdvice(cmd string) string {
	return "ask for an approval: cmdai approvals request -- " + shQuote(cmd)
}
