package gate_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/safety"
)

func TestDecide(t *testing.T) {
	deny := gate.Policy{Decision: gate.PolicyDeny, Name: "no-prod", Reason: "production hosts are off limits"}
	approval := gate.Policy{Decision: gate.PolicyApprovalRequired, Name: "reviewed"}
	for _, tc := range []struct {
		name      string
		mode      safety.Mode
		risk      safety.Risk
		policy    gate.Policy
		confirmed gate.Confirmation
		want      gate.Outcome
		word      string
		reason    string // a part of the reason
	}{
		{"safe asks first", safety.ModeModerate, safety.Safe, gate.Policy{}, gate.NotAsked, gate.Confirm, gate.WordY, ""},
		{"safe runs on y", safety.ModeModerate, safety.Safe, gate.Policy{}, gate.Accepted, gate.Allow, "", ""},
		{"high runs on y", safety.ModeModerate, safety.High, gate.Policy{}, gate.Accepted, gate.Allow, "", ""},
		{"critical asks for the word", safety.ModeModerate, safety.Critical, gate.Policy{}, gate.NotAsked, gate.Confirm, gate.WordYes, "type the word yes"},
		{"critical: y is not the word", safety.ModeModerate, safety.Critical, gate.Policy{}, gate.Accepted, gate.Confirm, gate.WordYes, "critical"},
		{"critical runs on yes", safety.ModeModerate, safety.Critical, gate.Policy{}, gate.TypedYes, gate.Allow, "", ""},
		{"empty mode is moderate", "", safety.Critical, gate.Policy{}, gate.Accepted, gate.Confirm, gate.WordYes, ""},
		{"strict refuses high", safety.ModeStrict, safety.High, gate.Policy{}, gate.TypedYes, gate.Refuse, "", "strict safety mode does not run high"},
		{"strict refuses critical", safety.ModeStrict, safety.Critical, gate.Policy{}, gate.TypedYes, gate.Refuse, "", "critical"},
		{"strict runs moderate", safety.ModeStrict, safety.Moderate, gate.Policy{}, gate.Accepted, gate.Allow, "", ""},
		{"permissive runs critical on y", safety.ModePermissive, safety.Critical, gate.Policy{}, gate.Accepted, gate.Allow, "", ""},
		{"policy deny beats yes", safety.ModePermissive, safety.Safe, deny, gate.TypedYes, gate.Refuse, "", "policy no-prod denies this command: production hosts"},
		{"approval required is refused for now", safety.ModeModerate, safety.Safe, approval, gate.TypedYes, gate.Refuse, "", "requires an approver"},
		{"explicit allow", safety.ModeModerate, safety.Safe, gate.Policy{Decision: gate.PolicyAllow}, gate.Accepted, gate.Allow, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := gate.Decide(gate.Input{Command: "rm -rf ./build", Verdict: safety.Verdict{Risk: tc.risk},
				Mode: tc.mode, Policy: tc.policy, Confirmed: tc.confirmed})
			if d.Outcome != tc.want || d.Word != tc.word || !bytes.Contains([]byte(d.Reason), []byte(tc.reason)) {
				t.Fatalf("got %v word %q reason %q; want %v word %q reason containing %q", d.Outcome, d.Word, d.Reason, tc.want, tc.word, tc.reason)
			}
			if d.Allowed() != (tc.want == gate.Allow) {
				t.Fatalf("Allowed() = %v for %v", d.Allowed(), d.Outcome)
			}
			if (d.Err() != nil) != (tc.want == gate.Refuse) || (tc.want == gate.Refuse && !gate.IsRefused(d.Err())) {
				t.Fatalf("Err() = %v for %v", d.Err(), d.Outcome)
			}
			if d.Allowed() && d.Command() != "rm -rf ./build" {
				t.Fatalf("allowed command %q", d.Command())
			}
		})
	}
	if d := gate.Decide(gate.Input{Command: "  ", Confirmed: gate.TypedYes}); d.Outcome != gate.Refuse {
		t.Fatalf("an empty command: %v", d.Outcome)
	}
}

func TestParseAnswer(t *testing.T) {
	for in, want := range map[string]gate.Confirmation{
		"yes": gate.TypedYes, " yes\n": gate.TypedYes, "y": gate.Accepted, "Y": gate.Accepted, "YES": gate.Accepted,
		"Yes": gate.Accepted, "": gate.NotAsked, "n": gate.NotAsked, "yess": gate.NotAsked, "sure": gate.NotAsked,
	} {
		if got := gate.ParseAnswer(in); got != want {
			t.Errorf("ParseAnswer(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestRun(t *testing.T) {
	ctx := context.Background()
	var out bytes.Buffer
	allowed := gate.Decide(gate.Input{Command: "echo ran; exit 7", Confirmed: gate.Accepted})
	code, err := gate.Run(ctx, allowed, gate.Process{Shell: "/bin/sh", Stdout: &out, Stderr: &out})
	if err != nil || code != 7 || out.String() != "ran\n" {
		t.Fatalf("code %d, err %v, output %q", code, err, out.String())
	}
	code, err = gate.Run(ctx, gate.Decide(gate.Input{Command: "kill -TERM $$", Confirmed: gate.Accepted}), gate.Process{Shell: "/bin/sh"})
	if err != nil || code != 128+15 {
		t.Fatalf("a command ended by SIGTERM: code %d, err %v", code, err)
	}

	// Nothing but an allowing decision from Decide runs anything.
	dir := t.TempDir()
	marker := dir + "/ran"
	for name, d := range map[string]gate.Decision{
		"zero decision":      {},
		"hand-made allow":    {Outcome: gate.Allow},
		"needs confirmation": gate.Decide(gate.Input{Command: "touch " + marker}),
		"needs the word":     gate.Decide(gate.Input{Command: "touch " + marker, Verdict: safety.Verdict{Risk: safety.Critical}, Confirmed: gate.Accepted}),
		"refused":            gate.Decide(gate.Input{Command: "touch " + marker, Mode: safety.ModeStrict, Verdict: safety.Verdict{Risk: safety.High}, Confirmed: gate.TypedYes}),
	} {
		_, err := gate.Run(ctx, d, gate.Process{Shell: "/bin/sh"})
		if !errors.Is(err, gate.ErrNotAllowed) {
			t.Errorf("%s: err %v, want ErrNotAllowed", name, err)
		}
		if name == "refused" && !gate.IsRefused(err) {
			t.Errorf("refused: err %v does not say it was refused", err)
		}
	}
	if _, err := gate.Run(ctx, gate.Decide(gate.Input{Command: "true", Confirmed: gate.Accepted}), gate.Process{Shell: dir + "/no-such-shell"}); err == nil {
		t.Fatal("a shell that does not exist: no error")
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("a decision that does not allow ran its command")
	}
}

// Explain is the refusal's own words for a policy that holds a command back, and nothing for one that
// allows, so every front end says the same thing.
func TestPolicyExplain(t *testing.T) {
	for _, p := range []gate.Policy{{}, {Decision: gate.PolicyAllow, Reason: "fine"}} {
		if got := p.Explain(); got != "" {
			t.Errorf("%+v: %q, want nothing", p, got)
		}
	}
	deny := gate.Policy{Decision: gate.PolicyDeny, Name: "juniors", Reason: "juniors may not run rm -rf"}
	d := gate.Decide(gate.Input{Command: "rm -rf x", Policy: deny, Confirmed: gate.TypedYes})
	if got := deny.Explain(); got != d.Reason || got != "policy juniors denies this command: juniors may not run rm -rf" {
		t.Fatalf("Explain %q, refusal %q", got, d.Reason)
	}
	if got := (gate.Policy{Decision: gate.PolicyApprovalRequired}).Explain(); got != "policy requires an approver to allow this command" {
		t.Fatalf("approval required: %q", got)
	}
}
