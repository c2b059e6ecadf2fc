package safety

import "unicode/utf8"

// Segment is a run of a command's text that the same findings cover, for painting a command by risk.
type Segment struct {
	Text string
	// Risk is the worst level of the findings that cover the run; Flagged is false for text no risky
	// finding points at.
	Risk    Risk
	Flagged bool
}

// Segments cuts cmd into runs by the worst risky (above Safe) finding covering each byte. Spans are
// clipped to the text and widened to whole UTF-8 characters, so a span that points into a nested string or
// the middle of a character never splits one.
func Segments(cmd string, findings []Finding) []Segment {
	level := make([]Risk, len(cmd))
	flagged := make([]bool, len(cmd))
	for _, f := range findings {
		if f.Risk == Safe {
			continue
		}
		start, end := ClampSpan(cmd, f.Span)
		for i := start; i < end; i++ {
			if !flagged[i] || f.Risk > level[i] {
				level[i], flagged[i] = f.Risk, true
			}
		}
	}
	var segs []Segment
	for i := 0; i < len(cmd); {
		j := i + 1
		for j < len(cmd) && flagged[j] == flagged[i] && level[j] == level[i] {
			j++
		}
		segs = append(segs, Segment{Text: cmd[i:j], Risk: level[i], Flagged: flagged[i]})
		i = j
	}
	return segs
}

// ClampSpan limits sp to cmd and widens it to whole UTF-8 characters; an empty or inverted span gives 0, 0.
func ClampSpan(cmd string, sp Span) (start, end int) {
	start, end = max(sp.Start, 0), min(sp.End, len(cmd))
	if start >= end {
		return 0, 0
	}
	for start > 0 && !utf8.RuneStart(cmd[start]) {
		start--
	}
	for end < len(cmd) && !utf8.RuneStart(cmd[end]) {
		end++
	}
	return start, end
}
