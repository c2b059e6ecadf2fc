package offline

import (
	"strconv"
	"strings"
)

// jqComparisons are the comparisons people say in words, longest first, with jq's operator (awk's too).
var jqComparisons = []struct {
	words []string
	op    string
}{
	{[]string{"greater", "than", "or", "equal", "to"}, ">="}, {[]string{"less", "than", "or", "equal", "to"}, "<="},
	{[]string{"at", "least"}, ">="}, {[]string{"at", "most"}, "<="}, {[]string{"no", "more", "than"}, "<="},
	{[]string{"no", "less", "than"}, ">="}, {[]string{"greater", "than"}, ">"}, {[]string{"more", "than"}, ">"},
	{[]string{"bigger", "than"}, ">"}, {[]string{"higher", "than"}, ">"}, {[]string{"larger", "than"}, ">"},
	{[]string{"less", "than"}, "<"}, {[]string{"fewer", "than"}, "<"}, {[]string{"smaller", "than"}, "<"},
	{[]string{"lower", "than"}, "<"}, {[]string{"not", "equal", "to"}, "!="}, {[]string{"equal", "to"}, "=="}, {[]string{"set", "to"}, "=="},
	{[]string{"over"}, ">"}, {[]string{"above"}, ">"}, {[]string{"exceeding"}, ">"}, {[]string{"exceeds"}, ">"}, {[]string{"under"}, "<"}, {[]string{"below"}, "<"},
	{[]string{"equals"}, "=="}, {[]string{">="}, ">="}, {[]string{"<="}, "<="}, {[]string{">"}, ">"},
	{[]string{"<"}, "<"}, {[]string{"=="}, "=="}, {[]string{"="}, "=="}, {[]string{"!="}, "!="}, {[]string{"not"}, "!="},
}

// jqCondition reads a condition on the elements of a JSON array ("where price is over 100", "whose
// status is active", "with age at least 18") as jq writes it (.price > 100, .status == "active"), or "".
// The words it reads are marked used.
func (e *Engine) jqCondition(toks []token) string {
	for i := 0; i+2 < len(toks); i++ {
		owns := false // "how many have passed set to true": a field the elements have, compared only by words
		switch toks[i].lower {
		case "where", "whose", "with", "having":
		case "have", "has":
			owns = true
		default:
			continue
		}
		f := i + 1
		if (toks[f].lower == "the" || toks[f].lower == "a" || toks[f].lower == "an") && f+1 < len(toks) {
			f++ // "which genes have a length above 5000"
		}
		field := toks[f]
		if !isIdentifier(field.raw) || strings.ContainsAny(field.raw, "${}.") || !field.quoted && e.cat.has("stop", field.lower) { // "where "level" is "error""
			continue
		}
		j := f + 1
		if j < len(toks) && (toks[j].lower == "is" || toks[j].lower == "are") {
			j++
		}
		op, n := "==", 0
		for _, c := range jqComparisons {
			if j+len(c.words) <= len(toks) && wordsAt(toks, j, c.words) {
				op, n = c.op, len(c.words)
				break
			}
		}
		if n == 0 && (j == f+1 || owns) {
			continue // "with price 100" says no comparison
		}
		v := j + n
		if v >= len(toks) {
			continue
		}
		lit, ok := jqValue(toks[v])
		if !ok {
			continue
		}
		markUsed(toks, i, v+1)
		return "." + field.raw + " " + op + " " + lit
	}
	return ""
}

// wordsAt reports whether toks from i are the unquoted words ws.
func wordsAt(toks []token, i int, ws []string) bool {
	for k, w := range ws {
		if toks[i+k].quoted || toks[i+k].lower != w {
			return false
		}
	}
	return true
}

// jqValue writes a compared value as jq reads it: numbers, true, false and null as they are, anything
// else as a string.
func jqValue(t token) (string, bool) {
	w := strings.TrimSuffix(t.raw, ",")
	if w == "" || strings.ContainsAny(w, "\"'\\") {
		return "", false
	}
	if _, err := strconv.ParseFloat(w, 64); err == nil {
		return w, true
	}
	switch strings.ToLower(w) {
	case "true", "false", "null":
		return strings.ToLower(w), true
	}
	if !t.quoted && !isIdentifier(w) {
		return "", false
	}
	return strconv.Quote(w), true
}

// jqProjection is the field a request keeps of each element it selects: "which genes have a length
// above 5000? names only" keeps gene, a field the request names ("objects with gene and length
// fields"). "" when it keeps the whole element.
func jqProjection(toks []token) string {
	for i := 0; i+3 < len(toks); i++ {
		// "just the names of the ones whose status is failed": the field kept of each one selected.
		one, ok := strings.CutSuffix(toks[i].lower, "s")
		if ok && len(one) >= 2 && jqIdent.MatchString(one) && !toks[i].quoted && toks[i+1].lower == "of" && toks[i+2].lower == "the" && selectedOnes[toks[i+3].lower] {
			return one
		}
	}
	for i := 0; i+1 < len(toks); i++ {
		if l := toks[i].lower; l != "which" && l != "what" {
			continue
		}
		n := toks[i+1].lower
		one, ok := strings.CutSuffix(n, "s")
		if !ok || len(one) < 2 || !jqIdent.MatchString(one) {
			continue
		}
		for k, t := range toks {
			if k != i+1 && t.lower == one && !t.quoted {
				return one
			}
		}
	}
	return ""
}

// selectedOnes are the words that point at the elements a jq select keeps: "the names of the ones ...".
var selectedOnes = setOf("ones items entries objects records elements")
