package offline

import (
	"regexp"
	"slices"
	"strconv"
)

// gluedTime is an amount of time written as one word: "24h", "2d", "30min", "1w"; gluedUnits names its
// unit as [timeunit] does.
var (
	gluedTime  = regexp.MustCompile(`^([0-9]+)(h|hr|hrs|d|w|min|mins)$`)
	gluedUnits = map[string]string{"h": "hour", "hr": "hour", "hrs": "hour", "d": "day", "w": "week", "min": "minute", "mins": "minute"}
)

// timeCond is one find time test such as -mtime -3 or -mmin +30.
type timeCond struct {
	flag string // "-mtime", "-amin", ...
	arg  string
	say  string
}

// extractTimes finds "in the last 3 days", "older than a week", "30 minutes ago", "today". Minutes and
// hours become -Xmin, longer spans -Xtime in days. Which clock (m, a, c) comes from the last verb that
// says one: accessed, changed/created, or modified by default.
func (e *Engine) extractTimes(toks []token, s *slots) {
	kind := e.timeKind(toks)
	for i := range toks {
		if toks[i].used || toks[i].quoted {
			continue
		}
		num, hasNum := e.numberAt(toks, i)
		unitAt := i + 1
		if !hasNum {
			// "in the last hour", "past week": the unit alone means one of it.
			num, unitAt = "1", i
		}
		if unitAt >= len(toks) || toks[unitAt].quoted {
			continue
		}
		mins, ok := e.cat.vocab["timeunit"][toks[unitAt].stem]
		if !ok {
			mins, ok = e.cat.vocab["timeunit"][toks[unitAt].lower]
		}
		glued := false
		if m := gluedTime.FindStringSubmatch(toks[i].lower); m != nil {
			// "in the last 24h", "older than 2d"
			num, unitAt, glued = m[1], i, true
			mins, ok = e.cat.vocab["timeunit"][gluedUnits[m[2]]]
		}
		if !ok {
			continue
		}
		op, opWords, start := e.comparatorBefore("timecmp", toks, i)
		if unitAt == i && op == "" && !glued {
			continue // a bare "day" or "hour" is not a time condition
		}
		negated := false
		if op != "" {
			if at := e.negationJustBefore(toks, start); at >= 0 {
				// "not been accessed in the last 30 days" is older than 30 days; "not touched in over
				// ninety days" and "not used for more than a month" are older still.
				if !(op == "+" && start > 0 && (toks[start-1].lower == "in" || toks[start-1].lower == "for")) {
					op = map[string]string{"-": "+", "+": "-"}[op]
				}
				negated = true
				toks[at].used = true
			}
		}
		end := unitAt + 1
		if end < len(toks) && toks[end].lower == "ago" {
			end++
		}
		n, err := strconv.ParseFloat(num, 64)
		m, err2 := strconv.ParseFloat(mins, 64)
		if err != nil || err2 != nil {
			continue
		}
		total := n * m
		tc := timeCond{}
		if total < 1440 || int64(total)%1440 != 0 && total < 3*1440 {
			tc.flag, tc.arg = "-"+kind+"min", op+strconv.FormatInt(int64(total+0.5), 10)
		} else {
			tc.flag, tc.arg = "-"+kind+"time", op+strconv.FormatInt(int64(total/1440+0.5), 10)
		}
		tc.say = e.timeVerb(kind) + " " + joinWords(opWords, joinRaw(toks[i:end]))
		if !hasNum {
			tc.say = e.timeVerb(kind) + " " + joinWords(opWords, joinRaw(toks[unitAt:end]))
		}
		if negated {
			tc.say = "not " + tc.say
		}
		markUsed(toks, start, end)
		s.times = append(s.times, tc)
	}
	for i := range toks {
		if toks[i].used || toks[i].quoted {
			continue
		}
		if v, ok := e.cat.vocab["timeword"][toks[i].lower]; ok {
			// "today", "yesterday": days back as find counts them; "since yesterday" is within them.
			toks[i].used = true
			say := e.timeVerb(kind) + " " + toks[i].lower
			if i > 0 && (toks[i-1].lower == "since" || toks[i-1].lower == "after") && v != "0" {
				v, say = "-"+v, e.timeVerb(kind)+" since "+toks[i].lower
				toks[i-1].used = true
			}
			if !slices.ContainsFunc(s.times, func(t timeCond) bool { return t.flag == "-"+kind+"time" && t.arg == v }) {
				// "changed since yesterday ... modified in the last 24 hours" is one test, said twice
				s.times = append(s.times, timeCond{flag: "-" + kind + "time", arg: v, say: say})
			}
			e.markTimeVerb(toks)
		}
	}
}

// negationJustBefore is the index of a word among the three before toks[start] that negates it ("files
// not modified in the last week", "that haven't been used for"), or -1. It looks closer than
// negatedBefore: a time is often far from a "not" that is about something else. A comma ends the look.
func (e *Engine) negationJustBefore(toks []token, start int) int {
	for j := start - 1; j >= max(0, start-3); j-- {
		if toks[j].quoted || toks[j].comma {
			return -1
		}
		if e.cat.has("negation", toks[j].lower) {
			return j
		}
	}
	return -1
}

// markTimeVerb marks the verb that picked the timestamp ("modified today") as understood.
func (e *Engine) markTimeVerb(toks []token) {
	for i := range toks {
		if _, ok := e.cat.vocab["timekind"][toks[i].stem]; ok && !toks[i].quoted {
			toks[i].used = true
		}
	}
}

func (e *Engine) timeKind(toks []token) string {
	kind, said := "m", false
	for _, t := range toks {
		if t.quoted {
			continue
		}
		if v, ok := e.cat.vocab["timekind"][t.stem]; ok && (t.stem != "chang" || !said) {
			// The last one said, "changed" (the content, in everyday words) only when nothing else is:
			// "status changed" is ctime, "what changed ... files modified in the last 2 days" mtime.
			kind, said = v, said || t.stem != "chang"
		}
	}
	return kind
}

func (e *Engine) timeVerb(kind string) string {
	switch kind {
	case "a":
		return "accessed"
	case "c":
		return "changed"
	}
	return "modified"
}

func joinWords(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}
