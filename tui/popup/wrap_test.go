package popup

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/cmdai/cmdai/safety"
)

// A long finding wraps at the popup's width instead of being cut at the terminal's edge, and however
// many lines an answer takes, the keys stay on the screen.
func TestLongFindingsWrap(t *testing.T) {
	long := "chown hands /etc to another owner recursively: sudo, ssh and services break, and the system may not boot again"
	answer := Answer{Command: "sudo chown -R me /etc", Explanation: "Give me every file under /etc, which the system needs to decide who may log in",
		Verdict: safety.Verdict{Risk: safety.Critical, Findings: []safety.Finding{
			{Risk: safety.Critical, Message: long}, {Risk: safety.High, Message: "sudo runs the command as root"}}}}
	for _, width := range []int{80, 60, 40} {
		m := newTestModel(t, answer, nil)
		m.Update(tea.WindowSizeMsg{Width: width, Height: 24})
		v := ansiStrip(m.View().Content)
		for _, l := range strings.Split(v, "\n") {
			if lipgloss.Width(l) > width {
				t.Errorf("width %d: line of %d columns: %q", width, lipgloss.Width(l), l)
			}
		}
		if flat := strings.Join(strings.Fields(v), " "); width >= 60 && (!strings.Contains(flat, long) || !strings.Contains(flat, "who may log in")) {
			t.Errorf("width %d: a finding or the explanation lost words:\n%s", width, v)
		}
		if lines := strings.Split(v, "\n"); len(lines) > MaxLines || !strings.Contains(lines[len(lines)-1], "esc") {
			t.Errorf("width %d: %d lines, keys last: %q", width, len(lines), lines[len(lines)-1])
		}
	}
	// Too many findings for the popup: the keys are still there.
	many := answer
	for range 12 {
		many.Verdict.Findings = append(many.Verdict.Findings, safety.Finding{Risk: safety.Moderate, Message: "one more thing"})
	}
	m := newTestModel(t, many, nil)
	lines := strings.Split(ansiStrip(m.View().Content), "\n")
	if len(lines) > MaxLines || !strings.Contains(lines[len(lines)-1], "esc") {
		t.Errorf("%d lines, the last %q: want at most %d, ending with the keys", len(lines), lines[len(lines)-1], MaxLines)
	}
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;:]*[a-zA-Z]`)

func ansiStrip(s string) string { return ansi.ReplaceAllString(s, "") }
