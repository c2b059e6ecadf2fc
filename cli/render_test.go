package cli

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/safety"
)

func TestHighlightPaintsFindingSpansByWorstRisk(t *testing.T) {
	p := palette{on: true}
	cmd := "sudo rm -rf /"
	got := p.highlight(cmd, []safety.Finding{
		{Risk: safety.Moderate, Span: safety.Span{Start: 0, End: 4}},
		{Risk: safety.Critical, Span: safety.Span{Start: 5, End: 13}},
		{Risk: safety.Moderate, Span: safety.Span{Start: 8, End: 11}}, // inside the critical one
	})
	want := "\x1b[33;4msudo\x1b[0m \x1b[1;31;4mrm -rf /\x1b[0m"
	if got != want {
		t.Fatalf("highlight = %q, want %q", got, want)
	}
	if got := (palette{}).highlight(cmd, []safety.Finding{{Risk: safety.High, Span: safety.Span{End: 4}}}); got != cmd {
		t.Fatalf("without colour the command must be unchanged, got %q", got)
	}
	// Spans beyond the text (a finding about an inner string) are clipped, never a panic.
	if got := p.highlight("ls", []safety.Finding{{Risk: safety.High, Span: safety.Span{Start: -3, End: 99}}}); got != "\x1b[38;5;208;4mls\x1b[0m" {
		t.Fatalf("clipped highlight = %q", got)
	}
}

func TestPreviewWithoutColour(t *testing.T) {
	var b bytes.Buffer
	palette{}.writePreview(&b, preview{
		command:     "rm -rf build",
		explanation: "Delete build.",
		verdict: safety.Verdict{Risk: safety.High, Findings: []safety.Finding{
			{Rule: "fs.rm-recursive", Risk: safety.High, Message: "deletes build and everything in it"},
		}},
		impact: "would delete 3 files (12 B) under build",
	}, true)
	want := "\n  rm -rf build\n\n  [HIGH]  Delete build.\n" +
		"    high      deletes build and everything in it  (fs.rm-recursive)\n" +
		// With --explain, what the program and each option given do, long names included.
		"    rm: deletes files (and, with -r, directories and everything in them); -r (--recursive): remove specific files and directories recursively; -f (--force): remove specific files ignoring nonexistent ones\n" +
		"  would delete 3 files (12 B) under build\n\n"
	if b.String() != want {
		t.Fatalf("preview:\n%q\nwant\n%q", b.String(), want)
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, ExitOK},
		{errors.New("boom"), ExitError},
		{usageErrorf("bad"), ExitUsage},
		{errCancelled, ExitCancelled},
		{passThrough(42), 42},
		{passThrough(0), ExitOK},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err); got != tt.want {
			t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
	if errCancelled.Error() != "" {
		t.Error("cancelling must print nothing")
	}
}

func TestRunReportsUsageOnStderr(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"--json"}, strings.NewReader(""), &out, &errb)
	if code != ExitUsage {
		t.Fatalf("exit %d, want %d", code, ExitUsage)
	}
	if out.Len() != 0 || !strings.Contains(errb.String(), "cmdai: say what you want to do") {
		t.Fatalf("stdout %q stderr %q", out.String(), errb.String())
	}
}

func TestAlternativesWithoutColour(t *testing.T) {
	var b bytes.Buffer
	writeAlternatives(&b, palette{}, otherWays, []alternative{
		{checked: checked{Command: "find . -type f -name '*.py' | xargs wc -l", Risk: safety.Safe}},
		{checked: checked{Command: "rm -rf PATH", Risk: safety.High}, Model: recallModel},
	})
	want := "  other ways to write it:\n" +
		"  [SAFE] find . -type f -name '*.py' | xargs wc -l\n" +
		"  [HIGH] rm -rf PATH  (from similar requests: check its arguments)\n\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
	b.Reset()
	writeAlternatives(&b, palette{}, otherWays, nil)
	if b.Len() != 0 {
		t.Errorf("no alternatives printed %q", b.String())
	}
}

// A finding longer than the terminal wraps under its own first word, never at column 0, and no word
// is lost; without a terminal it stays on one line for scripts.
func TestLongFindingsWrapUnderThemselves(t *testing.T) {
	long := safety.Finding{Rule: "perm.chown-system", Risk: safety.Critical,
		Message: "chown hands /etc to another owner recursively: sudo, ssh and services break, and the system may not boot again"}
	for _, detail := range []bool{false, true} {
		var b bytes.Buffer
		writeFindingsIn(&b, palette{}, []safety.Finding{long}, detail, 80)
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		if len(lines) < 2 {
			t.Fatalf("detail %v: not wrapped at 80 columns:\n%s", detail, b.String())
		}
		for i, l := range lines {
			if len(l) > 80 {
				t.Errorf("detail %v: line %d has %d columns: %q", detail, i, len(l), l)
			}
			if i > 0 && !strings.HasPrefix(l, strings.Repeat(" ", findingIndent)) {
				t.Errorf("detail %v: line %d does not hang under the message: %q", detail, i, l)
			}
		}
		flat := strings.Join(strings.Fields(b.String()), " ")
		if !strings.Contains(flat, long.Message) || detail && !strings.Contains(flat, "(perm.chown-system)") {
			t.Errorf("detail %v: words lost:\n%s", detail, b.String())
		}
	}
	var b bytes.Buffer
	writeFindingsIn(&b, palette{}, []safety.Finding{long}, false, 0)
	if strings.Count(b.String(), "\n") != 1 {
		t.Errorf("without a terminal: %q, want one line", b.String())
	}
}
