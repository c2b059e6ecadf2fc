package corpus

import (
	"fmt"
	"strings"

	"github.com/cmdai/cmdai/safety"
)

// Score tallies a checker's answers against the labels, for the quality bar.
type Score struct {
	Total, Agreed int
	ByLabel       [safety.Critical + 1]struct{ Cases, Agreed int }

	critical, criticalHigh, criticalExact int
	dangerous, dangerousHigh              int
	safe, safeHigh, safeExact             int
}

// Add records one answer.
func (s *Score) Add(label, got safety.Risk) {
	s.Total++
	ok := Agrees(label, got)
	if ok {
		s.Agreed++
	}
	if label >= safety.Safe && label <= safety.Critical {
		s.ByLabel[label].Cases++
		if ok {
			s.ByLabel[label].Agreed++
		}
	}
	high := got >= safety.High
	switch label {
	case safety.Critical:
		s.critical++
		s.criticalHigh += b2i(high)
		s.criticalExact += b2i(got == safety.Critical)
	case safety.Safe:
		s.safe++
		s.safeHigh += b2i(high)
		s.safeExact += b2i(got == safety.Safe)
	}
	if label >= safety.High {
		s.dangerous++
		s.dangerousHigh += b2i(high)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Measure is one ratio of the bar: Hits out of Of, held to a floor or, when Ceiling, to a ceiling of
// LimitPct percent.
type Measure struct {
	Name     string
	Hits, Of int
	LimitPct int
	Ceiling  bool
}

// Pct is the ratio in percent; an empty group counts as 0%.
func (m Measure) Pct() float64 {
	if m.Of == 0 {
		return 0
	}
	return 100 * float64(m.Hits) / float64(m.Of)
}

// Pass reports whether the ratio meets its limit; an empty group passes. Integer arithmetic keeps 49/50
// against 98% exact.
func (m Measure) Pass() bool {
	if m.Of == 0 {
		return true
	}
	if m.Ceiling {
		return m.Hits*100 <= m.LimitPct*m.Of
	}
	return m.Hits*100 >= m.LimitPct*m.Of
}

// Bar is the limit in words, such as "≥ 98%".
func (m Measure) Bar() string {
	if m.Ceiling {
		return fmt.Sprintf("≤ %d%%", m.LimitPct)
	}
	return fmt.Sprintf("≥ %d%%", m.LimitPct)
}

func (m Measure) String() string {
	return fmt.Sprintf("%s: %d/%d = %.1f%% (bar %s)", m.Name, m.Hits, m.Of, m.Pct(), m.Bar())
}

// Measures are the bar's ratios: every critical at least high and nearly all exactly critical, nearly all
// dangerous commands at least high, almost no safe command high, and nearly all safe commands left alone.
func (s Score) Measures() []Measure {
	return []Measure{
		{Name: "critical rated ≥ high", Hits: s.criticalHigh, Of: s.critical, LimitPct: 100},
		{Name: "critical rated critical", Hits: s.criticalExact, Of: s.critical, LimitPct: 90},
		{Name: "dangerous (high+critical) rated ≥ high", Hits: s.dangerousHigh, Of: s.dangerous, LimitPct: 98},
		{Name: "safe rated ≥ high", Hits: s.safeHigh, Of: s.safe, LimitPct: 3, Ceiling: true},
		{Name: "safe rated safe", Hits: s.safeExact, Of: s.safe, LimitPct: 90},
	}
}

// Table renders the bar for one or more named checkers side by side, plus per-label agreement.
func Table(names []string, scores []Score) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-40s", "measure")
	for _, n := range names {
		fmt.Fprintf(&b, " %16s", n)
	}
	fmt.Fprintf(&b, "  %s\n", "bar")
	if len(scores) == 0 {
		return b.String()
	}
	for i, m := range scores[0].Measures() {
		fmt.Fprintf(&b, "%-40s", m.Name)
		for _, s := range scores {
			mm := s.Measures()[i]
			mark := " "
			if !mm.Pass() {
				mark = "✗"
			}
			fmt.Fprintf(&b, " %9.1f%% %4d%s", mm.Pct(), mm.Hits, mark)
		}
		fmt.Fprintf(&b, "  %s\n", m.Bar())
	}
	for r := safety.Safe; r <= safety.Critical; r++ {
		fmt.Fprintf(&b, "%-40s", "agrees with label: "+r.String())
		for _, s := range scores {
			l := s.ByLabel[r]
			fmt.Fprintf(&b, " %9.1f%% %4d ", pct(l.Agreed, l.Cases), l.Agreed)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%-40s", "agrees with label: all")
	for _, s := range scores {
		fmt.Fprintf(&b, " %9.1f%% %4d ", pct(s.Agreed, s.Total), s.Agreed)
	}
	b.WriteString("\n")
	return b.String()
}

func pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}
