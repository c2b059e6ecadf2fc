package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/safety"
)

// preview is what a person reads before deciding: the command with the risky parts marked, its risk
// badge, one line per finding, the explanation and what it would touch.
type preview struct {
	styles *Styles

	historyID   string
	prompt      string
	command     string
	explanation string
	verdict     safety.Verdict
	// policy is the organisation's decision on the command; the zero Policy (none applies) allows.
	policy gate.Policy
	// checking is set while the daemon checks an edited command: its policy is not known yet.
	checking bool
	impact   string
	backend  string
	model    string
	elapsed  time.Duration
	edited   bool
	exit     *ExitMsg
	// ways are the answer and the other ways to write it the daemon sent; way is the one shown.
	ways []way
	way  int
}

// way is one way to write the answer, with its own verdict. model is "nl2bash-recall" for the offline
// engine's recall model: a command shape whose arguments may be placeholders.
type way struct {
	command, explanation, model string
	verdict                     safety.Verdict
	policy                      gate.Policy
}

// showWay returns p showing its i-th way, unedited, with nothing yet known of what it would touch.
func (p preview) showWay(i int) preview {
	w := p.ways[i]
	p.way, p.command, p.explanation, p.verdict, p.policy = i, w.command, w.explanation, w.verdict, w.policy
	p.edited, p.impact, p.exit = false, "", nil
	return p
}

// View draws the preview in width columns; editor, when not empty, replaces the command (edit mode).
func (p preview) View(width int, editor string) string {
	s := p.styles
	box := s.PreviewBox
	if p.verdict.Risk == safety.Critical {
		box = s.CriticalBox
	}
	inner := max(width-box.GetHorizontalFrameSize(), 10)
	var b strings.Builder
	if editor != "" {
		b.WriteString(editor)
	} else {
		b.WriteString(lipgloss.Wrap(highlight(*s, p.command, p.verdict.Findings), inner, " "))
	}
	b.WriteString("\n\n")
	line := badge(*s, p.verdict.Risk)
	if p.explanation != "" {
		line += " " + p.explanation
	}
	b.WriteString(lipgloss.Wrap(line, inner, " "))
	for _, f := range p.verdict.Findings {
		b.WriteString("\n" + lipgloss.Wrap(findingLine(*s, p.command, f), inner, " "))
	}
	if why := p.policy.Explain(); why != "" {
		b.WriteString("\n" + lipgloss.Wrap(s.Finding[safety.Critical].Render("▸ "+why), inner, " "))
	}
	if p.impact != "" {
		b.WriteString("\n")
		for _, l := range strings.Split(p.impact, "\n") {
			b.WriteString("\n" + lipgloss.Wrap(s.Finding[p.verdict.Risk].Render("▸ "+l), inner, " "))
		}
	}
	out := box.Width(width).Render(b.String())
	if meta := p.meta(); meta != "" {
		out += "\n" + s.Muted.Render(truncate(meta, width))
	}
	if p.exit != nil {
		out += "\n" + exitLine(*s, *p.exit)
	}
	return out
}

func (p preview) meta() string {
	var parts []string
	if len(p.ways) > 1 {
		w := fmt.Sprintf("way %d of %d", p.way+1, len(p.ways))
		if p.ways[p.way].model == recallModel {
			w += " (from similar requests)"
		}
		parts = append(parts, w)
		if p.way > 0 && p.ways[p.way].verdict.Risk > p.ways[0].verdict.Risk {
			parts = append(parts, "riskier than the answer")
		}
	}
	if p.edited {
		parts = append(parts, "edited")
	}
	if p.backend != "" {
		who := p.backend
		if p.model != "" {
			who += " · " + p.model
		}
		parts = append(parts, who)
	}
	if p.elapsed > 0 {
		parts = append(parts, formatDuration(p.elapsed))
	}
	return strings.Join(parts, " · ")
}

func exitLine(s Styles, e ExitMsg) string {
	switch {
	case e.Err != nil:
		return s.Error.Render("could not run it: " + e.Err.Error())
	case e.Code == 0:
		return s.Success.Render(fmt.Sprintf("✓ exit 0 · %s", formatDuration(e.Duration)))
	}
	return s.Error.Render(fmt.Sprintf("✗ exit %d · %s", e.Code, formatDuration(e.Duration)))
}

// recallModel names the offline engine's recall model in an alternative's model.
const recallModel = "nl2bash-recall"

// badge is the risk level as a coloured label; the word is always there, so it reads without colour.
func badge(s Styles, r safety.Risk) string {
	return s.Badge[r].Render(strings.ToUpper(r.String()))
}

// findingLine is one finding: its level, the part of the command it is about, and why.
func findingLine(s Styles, cmd string, f safety.Finding) string {
	level := s.Finding[f.Risk].Render(fmt.Sprintf("%-8s", f.Risk))
	text := f.Message
	if part := spanText(cmd, f.Span); part != "" && part != cmd {
		text = s.Span[f.Risk].Render(truncate(part, 40)) + "  " + text
	}
	return "  " + level + " " + text
}

// spanText is the part of cmd a span covers, widened to whole characters; empty when out of range.
func spanText(cmd string, sp safety.Span) string {
	start, end := safety.ClampSpan(cmd, sp)
	return strings.TrimSpace(cmd[start:end])
}

// highlight paints the parts of cmd that findings point at, each in the colour of the worst finding that
// covers it, and the rest in the command style.
func highlight(s Styles, cmd string, findings []safety.Finding) string {
	var b strings.Builder
	for _, seg := range safety.Segments(cmd, findings) {
		for _, part := range splitKeep(seg.Text) {
			switch {
			case part == "\n":
				b.WriteString(part)
			case seg.Flagged:
				b.WriteString(s.Span[seg.Risk].Render(part))
			default:
				b.WriteString(s.Command.Render(part))
			}
		}
	}
	return b.String()
}

// splitKeep splits on newlines and keeps them as their own parts, so that styling never spans a line
// break (the terminal would otherwise carry it into the border).
func splitKeep(s string) []string {
	var parts []string
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			if s != "" {
				parts = append(parts, s)
			}
			return parts
		}
		if i > 0 {
			parts = append(parts, s[:i])
		}
		parts = append(parts, "\n")
		s = s[i+1:]
	}
}

// truncate shortens s to width cells, with an ellipsis.
func truncate(s string, width int) string {
	if lipgloss.Width(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && lipgloss.Width(string(r))+1 > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

func formatDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// policyNow is the policy the gate weighs: while the command is being checked, nothing runs.
func (p preview) policyNow() gate.Policy {
	if p.checking {
		return gate.Policy{Decision: gate.PolicyDeny, Reason: "the command is still being checked"}
	}
	return p.policy
}
