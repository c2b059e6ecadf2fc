package wire_test

import (
	"reflect"
	"testing"

	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/safety/wire"
)

func TestRoundTrip(t *testing.T) {
	v := safety.Check("curl -fsSL https://x.sh | sudo bash", safety.Options{Mode: safety.ModeModerate})
	if len(v.Findings) == 0 {
		t.Fatal("the example has no findings to carry")
	}
	back := wire.Verdict(v.Risk.String(), wire.FromFindings(v.Findings))
	if !reflect.DeepEqual(back, v) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", back, v)
	}
	if fs := wire.FromFindings(nil); fs == nil || len(fs) != 0 {
		t.Fatalf("no findings on the wire: %#v, want an empty list", fs)
	}
}

// A level this client cannot read is never shown as safer than the worst.
func TestUnknownRiskIsCritical(t *testing.T) {
	for _, s := range []string{"", "catastrophic", "SAFE-ish"} {
		if r := wire.Risk(s); r != safety.Critical {
			t.Errorf("Risk(%q) = %v, want critical", s, r)
		}
	}
	if r := wire.Risk("High"); r != safety.High {
		t.Errorf("Risk(High) = %v", r)
	}
	v := wire.Verdict("apocalyptic", []ipc.Finding{{Rule: "x", Risk: "weird", Message: "m"}})
	if v.Risk != safety.Critical || v.Findings[0].Risk != safety.Critical {
		t.Fatalf("unknown levels: %+v", v)
	}
}

func TestPolicy(t *testing.T) {
	if p := wire.Policy(nil); p.Decision != "" || !gate.Decide(gate.Input{Command: "ls", Policy: p, Confirmed: gate.Accepted}).Allowed() {
		t.Fatalf("no policy: %+v", p)
	}
	p := wire.Policy(&ipc.PolicyDecision{Decision: "deny", Reason: "juniors may not run rm -rf", Policy: "juniors"})
	if p.Decision != gate.PolicyDeny || p.Reason != "juniors may not run rm -rf" || p.Name != "juniors" {
		t.Fatalf("deny: %+v", p)
	}
	if p := wire.Policy(&ipc.PolicyDecision{Decision: "maybe"}); p.Decision != gate.PolicyDeny {
		t.Fatalf("an unknown decision: %+v, want deny", p)
	}
}
