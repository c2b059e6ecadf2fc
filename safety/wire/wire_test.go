package wire_test

import (
	"reflect"
	"testing"

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
