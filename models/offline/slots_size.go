package offline

import (
	"strconv"
	"strings"
)

// sizeCond is one find -size test: arg like "+1536M", and the words that explain it.
type sizeCond struct {
	arg string
	say string
}

// extractSizes finds "bigger than 1.5 GB", "smaller than 10k", "of 100 bytes". find -size only takes
// integers, so fractional amounts step down a unit: 1.5G becomes 1536M.
func (e *Engine) extractSizes(toks []token, s *slots) {
	for i := range toks {
		if toks[i].used || toks[i].quoted {
			continue
		}
		num, unit, n := e.sizeAt(toks, i)
		if n == 0 {
			continue
		}
		op, opWords, start := e.comparatorBefore("sizecmp", toks, i)
		if op == "" && statedSize(toks, i) || i+n < len(toks) && toks[i+n].lower == "yet" {
			// "the db dump is like 12GB": what it is, not what to look for; "is the data dir over 20
			// gigs yet?" asks how big it is.
			markUsed(toks, start, i+n)
			continue
		}
		if op == "" && i+n < len(toks) {
			// "100MB or more", "1 GB and larger"
			if v, m := e.cat.lookup("sizeafter", toks, i+n); m > 0 {
				op, opWords = v, joinRaw(toks[i+n:i+n+m])
				markUsed(toks, i+n, i+n+m)
			}
		}
		arg := findSize(num, unit)
		if arg == "" {
			continue
		}
		markUsed(toks, start, i+n)
		say := strings.TrimSpace(opWords + " " + num + " " + strings.ToUpper(unitName(unit)))
		if op == "" {
			say = "of " + num + " " + strings.ToUpper(unitName(unit))
		}
		s.sizes = append(s.sizes, sizeCond{arg: op + arg, say: say})
	}
}

// sizeAt reads "1.5 GB" (two tokens) or "1.5GB" (one) at i and returns the amount, the unit's size in
// bytes and the tokens used.
func (e *Engine) sizeAt(toks []token, i int) (string, float64, int) {
	w := toks[i].lower
	if w == "half" || w == "a" || w == "an" {
		// "bigger than half a gig", "over a gig": the amount in words.
		num, at := "1", i+1
		if w == "half" {
			num, at = "0.5", i+2
			if at >= len(toks) || toks[i+1].lower != "a" && toks[i+1].lower != "an" {
				return "", 0, 0
			}
		}
		if at >= len(toks) || toks[at].quoted {
			return "", 0, 0
		}
		if u, ok := e.cat.vocab["sizeunit"][toks[at].lower]; ok && len(toks[at].lower) > 1 {
			if op, _, _ := e.comparatorBefore("sizecmp", toks, i); op != "" {
				f, _ := strconv.ParseFloat(u, 64)
				return num, f, at + 1 - i
			}
		}
		return "", 0, 0
	}
	if n := numberWords[w]; n != "" && w != "a" && w != "an" {
		w = n // "bigger than two gigabytes"
	}
	if isNumber(w) && i+1 < len(toks) && !toks[i+1].quoted {
		if u, ok := e.cat.vocab["sizeunit"][toks[i+1].lower]; ok {
			f, _ := strconv.ParseFloat(u, 64)
			return w, f, 2
		}
		return "", 0, 0
	}
	// Glued: digits then a unit.
	k := 0
	for k < len(w) && (w[k] >= '0' && w[k] <= '9' || w[k] == '.') {
		k++
	}
	if k == 0 || k == len(w) || !isNumber(w[:k]) {
		return "", 0, 0
	}
	if u, ok := e.cat.vocab["sizeunit"][w[k:]]; ok {
		f, _ := strconv.ParseFloat(u, 64)
		return w[:k], f, 1
	}
	return "", 0, 0
}

// findSize converts an amount to find's -size syntax, picking the largest unit that keeps it whole.
func findSize(num string, unit float64) string {
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f < 0 {
		return ""
	}
	bytes := f * unit
	for _, u := range []struct {
		suffix string
		size   float64
	}{{"G", 1 << 30}, {"M", 1 << 20}, {"k", 1 << 10}, {"c", 1}} {
		if bytes >= u.size && bytes/u.size == float64(int64(bytes/u.size)) {
			return strconv.FormatInt(int64(bytes/u.size), 10) + u.suffix
		}
	}
	return strconv.FormatInt(int64(bytes+0.5), 10) + "c"
}

func unitName(unit float64) string {
	switch unit {
	case 1:
		return "bytes"
	case 1 << 10:
		return "kb"
	case 1 << 20:
		return "mb"
	case 1 << 30:
		return "gb"
	case 1 << 40:
		return "tb"
	}
	return ""
}

// comparatorBefore looks for a phrase from section ending right before toks[i] ("bigger than",
// "in the last"), allowing one article in between. It returns the value, the words and where they start.
func (e *Engine) comparatorBefore(section string, toks []token, i int) (string, string, int) {
	for j := max(0, i-4); j < i; j++ {
		v, n := e.cat.lookup(section, toks, j)
		if n == 0 {
			continue
		}
		end := j + n
		if end == i || end == i-1 && (toks[i-1].lower == "the" || toks[i-1].lower == "a") {
			return v, joinRaw(toks[j:end]), j
		}
	}
	return "", "", i
}

func markUsed(toks []token, from, to int) {
	for k := from; k < to && k < len(toks); k++ {
		toks[k].used = true
	}
}

func joinRaw(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.lower)
	}
	return b.String()
}

// statedSize reports whether the size at toks[i] tells what a thing is ("the db dump is like 12GB",
// "docker ate like 40 gigs") rather than which files to find ("files that are 0 bytes").
func statedSize(toks []token, i int) bool {
	k := i - 1
	for k >= 0 && (toks[k].lower == "like" || toks[k].lower == "about" || toks[k].lower == "around" || toks[k].lower == "nearly" || toks[k].lower == "almost" || toks[k].lower == "roughly") {
		k--
	}
	if k < 1 {
		return false
	}
	switch toks[k].lower {
	case "is", "was", "it's", "ate", "eats", "weighs", "takes", "took", "grew", "hit", "reached":
	default:
		return false
	}
	switch toks[k-1].lower {
	case "that", "which", "ones", "files", "file", "they", "what", "who", "whose":
		return false
	}
	return true
}
