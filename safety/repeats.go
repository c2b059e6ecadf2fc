package safety

// withoutRepeats drops findings that say again what an earlier one said (the same rule, level and
// message, about another place in the command: both calls of a fork bomb's function), so that a person
// reads each reason once. The first keeps its span.
func withoutRepeats(fs []Finding) []Finding {
	type said struct {
		rule, message string
		risk          Risk
	}
	seen := make(map[said]bool, len(fs))
	out := fs[:0]
	for _, f := range fs {
		k := said{f.Rule, f.Message, f.Risk}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	return out
}
