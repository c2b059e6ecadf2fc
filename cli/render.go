package cli

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"unicode/utf8"

	"github.com/cmdai/cmdai/models/explain"
	"github.com/cmdai/cmdai/safety"
	"golang.org/x/term"
)

// palette paints text with ANSI colours when the writer is a colour terminal. The one-shot path uses raw
// escapes rather than a styling library to keep process start-up in the low milliseconds.
type palette struct{ on bool }

func paletteFor(w io.Writer) palette {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return palette{}
	}
	return palette{on: isTerminal(w)}
}

func isTerminal(v any) bool {
	f, ok := v.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}

var riskColour = [...]string{
	safety.Safe:     "32",       // green
	safety.Moderate: "33",       // yellow
	safety.High:     "38;5;208", // orange
	safety.Critical: "1;31",     // bold red
}

func (p palette) paint(code, s string) string {
	if !p.on || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p palette) risk(r safety.Risk, s string) string { return p.paint(riskColour[r], s) }
func (p palette) dim(s string) string                 { return p.paint("2", s) }
func (p palette) bold(s string) string                { return p.paint("1", s) }

// badge is the risk level as a coloured, fixed-width label.
func (p palette) badge(r safety.Risk) string {
	label := strings.ToUpper(r.String())
	if !p.on {
		return "[" + label + "]"
	}
	return p.paint(riskColour[r]+";7", " "+label+" ")
}

// highlight paints the parts of cmd that findings point at, each byte in the colour of the worst
// finding that covers it.
func (p palette) highlight(cmd string, findings []safety.Finding) string {
	if !p.on || len(findings) == 0 {
		return cmd
	}
	var b strings.Builder
	for _, seg := range safety.Segments(cmd, findings) {
		if seg.Flagged {
			b.WriteString(p.paint(riskColour[seg.Risk]+";4", seg.Text))
		} else {
			b.WriteString(seg.Text)
		}
	}
	return b.String()
}

// preview is what a person reads before deciding: the command, its risk, why, and what it would touch.
type preview struct {
	command     string
	explanation string
	verdict     safety.Verdict
	impact      string
}

func (p palette) writePreview(w io.Writer, pv preview, explain bool) {
	fmt.Fprintf(w, "\n  %s\n\n", p.bold(p.highlight(pv.command, pv.verdict.Findings)))
	fmt.Fprintf(w, "  %s", p.badge(pv.verdict.Risk))
	if pv.explanation != "" {
		// After "  [MODERATE]  ": the badge is its label and two brackets or spaces wide.
		at := 2 + len(pv.verdict.Risk.String()) + 2 + 2
		fmt.Fprintf(w, "  %s", strings.Join(wrapWords(pv.explanation, widthOf(w)-at), "\n"+strings.Repeat(" ", at)))
	}
	fmt.Fprintln(w)
	writeFindings(w, p, pv.verdict.Findings, explain)
	if explain {
		writeSteps(w, p, pv.command)
	}
	for _, line := range strings.Split(pv.impact, "\n") {
		if line != "" {
			fmt.Fprintf(w, "  %s\n", p.risk(pv.verdict.Risk, line))
		}
	}
	fmt.Fprintln(w)
}

// stepIndent is where a program's description starts under --explain: "    ".
const stepIndent = 4

// writeSteps prints, for --explain, what each program of cmd does and what its options given do (the
// utilities file and the tldr pages, with long option names), wrapped under itself on a terminal.
func writeSteps(w io.Writer, p palette, cmd string) {
	width := widthOf(w) - stepIndent
	for _, st := range explain.Steps(cmd, runtime.GOOS) {
		lines := wrapWords(st.Program+": "+st.Description, width)
		if len(lines) == 0 {
			continue
		}
		head, rest, _ := strings.Cut(lines[0], ": ")
		fmt.Fprintf(w, "%s%s: %s\n", strings.Repeat(" ", stepIndent), p.bold(head), p.dim(rest))
		for _, l := range lines[1:] {
			fmt.Fprintf(w, "%s%s\n", strings.Repeat(" ", stepIndent+2), p.dim(l))
		}
	}
}

// writeFindings prints one finding a line; with detail it adds the rule id, for looking rules up or
// writing allow/deny rules. On a terminal a long finding wraps under itself, not at column 0.
func writeFindings(w io.Writer, p palette, findings []safety.Finding, detail bool) {
	writeFindingsIn(w, p, findings, detail, widthOf(w))
}

// findingIndent is where a finding's message starts: "    moderate  ".
const findingIndent = 14

func writeFindingsIn(w io.Writer, p palette, findings []safety.Finding, detail bool, width int) {
	for _, f := range findings {
		msg := f.Message
		if detail {
			msg += "  (" + f.Rule + ")"
		}
		lines := wrapWords(msg, width-findingIndent)
		if detail {
			// The rule id, last, is dim wherever the wrap put it.
			last := len(lines) - 1
			if i := strings.LastIndex(lines[last], "("+f.Rule+")"); i >= 0 {
				lines[last] = lines[last][:i] + p.dim(lines[last][i:])
			}
		}
		fmt.Fprintf(w, "    %s  %s\n", p.risk(f.Risk, fmt.Sprintf("%-8s", f.Risk)),
			strings.Join(lines, "\n"+strings.Repeat(" ", findingIndent)))
	}
}

// widthOf is the width of the terminal w writes to; 0 when it is not one (nothing wraps).
func widthOf(w io.Writer) int {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok {
		return 0
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return cols
}

// wrapWords breaks s into lines of at most width columns at spaces (a longer word gets a line of its
// own); width below 20 leaves s whole, as a terminal too narrow to wrap into.
func wrapWords(s string, width int) []string {
	if width < 20 {
		return []string{s}
	}
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}

// otherWays heads the alternatives listed with an answer.
const otherWays = "other ways to write it:"

// writeAlternatives lists alternatives under header, each with its risk; a shape the offline engine
// recalled from similar requests says so, since its arguments may be placeholders.
func writeAlternatives(w io.Writer, p palette, header string, alts []alternative) {
	if len(alts) == 0 {
		return
	}
	fmt.Fprintln(w, "  "+p.dim(header))
	for _, a := range alts {
		line := fmt.Sprintf("  %s %s", p.badge(a.Risk), a.Command)
		if a.Riskier {
			line += "  " + p.risk(a.Risk, "(riskier than the answer)")
		}
		if a.Model == recallModel {
			line += p.dim("  (from similar requests: check its arguments)")
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w)
}

// recallModel names the offline engine's recall model in an alternative's Model.
const recallModel = "nl2bash-recall"
