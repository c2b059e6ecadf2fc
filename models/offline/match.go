package offline

import (
	"slices"
	"strings"
)

// match is how well one intent fits a prompt.
type match struct {
	intent *intent
	score  float64
	spans  [][2]int // token ranges its keywords covered
}

// matchIntents scores every intent against toks and returns the best n, best first (fewer when fewer
// match; nil when none does). An intent counts only when each of its need groups matched and none of its not groups did; its
// score is the sum, over groups, of the best phrase's weight, longer phrases weighing more.
func (c *catalogue) matchIntents(toks []token, n int) []*match {
	type hit struct {
		w    float64
		span [2]int
	}
	hits := make(map[[2]int]hit) // (intent, group) -> best hit
	spansOf := make(map[int][][2]int)
	seen := func(refs []phraseRef, i int) {
		for _, r := range refs {
			if !matchPhrase(toks, i, r.stems) {
				continue
			}
			g := c.intents[r.intent].groups[r.group]
			if g.exclude && (negatedAt(toks, i) || forbiddenAt(toks, i) || lackedAt(toks, i)) {
				// "list backup.zip without extracting" rules out no intent that extracts: it says what
				// the command must not do, which the intent does not.
				spansOf[r.intent] = append(spansOf[r.intent], [2]int{i - 1, i + len(r.stems)})
				continue
			}
			if !g.exclude && (strings.HasSuffix(toks[i].lower, "ing") && negatedAt(toks, i) || forbiddenAt(toks, i) || lackedAt(toks, i) || laterAt(toks, i)) {
				// "add to the cron jobs without removing the existing ones" asks for no removal ("without
				// sudo" still names what it is about); "the marketing team never cleans up" for none;
				// "just list them, don't change any permissions" for no change.
				continue
			}
			w := g.weight * (1 + 0.3*float64(len(r.stems)-1))
			k := [2]int{r.intent, r.group}
			if !g.exclude {
				spansOf[r.intent] = append(spansOf[r.intent], [2]int{i, i + len(r.stems)})
			}
			if h, ok := hits[k]; !ok || w > h.w {
				hits[k] = hit{w: w, span: [2]int{i, i + len(r.stems)}}
			}
		}
	}
	for i, t := range toks {
		if t.quoted || t.value {
			continue
		}
		seen(c.index[t.stem], i)
		if t.lower != t.stem {
			seen(c.index[t.lower], i)
		}
	}
	// A search verb ("find", "locate") says the answer starts with find, whatever else the prompt asks.
	findBonus := 0.0
	for _, t := range toks {
		if !t.quoted && (c.vocab["findverb"][t.lower] != "" || c.vocab["findverb"][t.stem] != "") {
			findBonus = 1
		}
	}
	for _, t := range toks {
		if !t.quoted && (c.vocab["nonfile"][t.lower] != "" || c.vocab["nonfile"][t.stem] != "") {
			findBonus = 0
		}
	}
	// "files that have execute permission set for all" asks which files have it: no intent that sets
	// permissions fits when the only permissions named are a test.
	permTest := slices.ContainsFunc(toks, func(t token) bool { return t.lower == "#permhave" })
	tools := askedTools(toks)
	var top []*match // at most n, best first: n is tiny, so insertion beats sorting every intent
	for ii, in := range c.intents {
		score, ok := 0.0, true
		for gi, g := range in.groups {
			h, hit := hits[[2]int{ii, gi}]
			switch {
			case g.exclude && hit:
				ok = false
			case g.need && !hit:
				ok = false
			case hit && !g.exclude:
				score += h.w
			}
			if !ok {
				break
			}
		}
		if !ok || score == 0 || permTest && in.chmods {
			continue
		}
		if in.findFirst {
			score += findBonus
		} else {
			score -= findBonus / 2
		}
		if slices.ContainsFunc(in.tools, func(tool string) bool { return slices.Contains(tools, tool) }) {
			score += toolBonus
		} else if len(tools) > 0 {
			score -= toolBonus
		}
		score += in.prior * 0.01 // break ties by how common the intent is
		at := len(top)
		for at > 0 && score > top[at-1].score {
			at--
		}
		if at >= n {
			continue
		}
		m := &match{intent: in, score: score, spans: spansOf[ii]}
		top = append(top, nil)
		copy(top[at+1:], top[at:])
		top[at] = m
		if len(top) > n {
			top = top[:n]
		}
	}
	return top
}

// markIntentWords marks the words of toks that start one of in's own phrases as understood: "count how many lines" is understood whole when "how many lines"
// matched and "count lines" is a phrase too. Words that rule the intent out do not count.
func (c *catalogue) markIntentWords(toks []token, in *intent) {
	for i := range toks {
		t := &toks[i]
		if t.used || t.quoted || t.value {
			continue
		}
		for _, r := range c.index[t.stem] {
			if c.intents[r.intent] == in && !in.groups[r.group].exclude {
				t.used = true
				break
			}
		}
	}
}

// askedTools are the namedTools a request asks to run: "is there a jq way to do that?", "can rsync skip
// it?". None when it talks about a program rather than asks for it ("the manual for rsync", "install
// jq"); a program its scene names ("after a botched rsync, ...") or a name ("user rsync") is not asked.
func askedTools(toks []token) []string {
	named := func(i int) bool {
		t := toks[i]
		return !t.quoted && !t.value && namedTools[t.lower] != nil && (i == 0 || !nameCues[toks[i-1].lower])
	}
	if !slices.ContainsFunc(toks, func(t token) bool { return namedTools[t.lower] != nil }) ||
		slices.ContainsFunc(toks, func(t token) bool { return toolTalk[t.lower] }) {
		return nil
	}
	ctx := contextClauses(toks)
	var tools []string
	for i, t := range toks {
		if named(i) && (ctx == nil || !ctx[i]) && !toolWorked(toks, i) {
			tools = append(tools, t.lower)
		}
	}
	return tools
}

// toolWorked reports whether the program named at i is said to have run: "ping to 10.0.0.5 works but
// the app can't connect" tells what was tried, not what to run.
func toolWorked(toks []token, i int) bool {
	for k := i + 1; k < len(toks) && k <= i+3; k++ {
		if toolOutcomes[toks[k].lower] {
			return true
		}
		if toks[k].comma {
			break
		}
	}
	return false
}

// toolOutcomes say how a program that was run went.
var toolOutcomes = setOf("works worked fails failed succeeds succeeded responds responded answers answered hangs hung")

// nameCues make the word after them a name: "user rsync", "the branch called curl".
var nameCues = setOf("user users account group named called")

// adviceVerbs, after "don't", refuse what follows them: "please don't suggest opening it in an editor".
var adviceVerbs = setOf("suggest recommend propose")

// lacksWords say, after "don't", what a person cannot do: "I don't have sudo", "we don't get root".
var lacksWords = setOf("have get use")

// forbiddenAt reports whether the word at i follows "never", "don't", "do not" or a "not" that opens a
// clause: what the request says must not happen, or is not asked.
func forbiddenAt(toks []token, i int) bool {
	if i == 0 {
		return false
	}
	if inForbiddenClause(toks, i) {
		return true
	}
	if w := toks[i].lower; (w == "sudo" || w == "root") && i >= 2 && lacksWords[toks[i-1].lower] && (toks[i-2].lower == "don't" || toks[i-2].lower == "dont" || toks[i-2].lower == "not") {
		return true // "I don't have sudo on it, so something any user can run": no sudo, and no question about sudo
	}
	if i >= 2 && articles[toks[i-1].lower] && toks[i-2].lower == "not" && (i == 2 || toks[i-3].comma) {
		return true // "I want its status with the recent log lines, not a restart"
	}
	if (softAdverbs[toks[i-1].lower] || adviceVerbs[toks[i-1].lower]) && i >= 2 && forbiddenAt(toks, i-1) {
		return true // "I don't want to just delete the lock file"
	}
	switch toks[i-1].lower {
	case "never", "don't", "dont":
		return true
	case "than", "to":
		return negatedAt(toks, i) // "I'd rather be nice about it than kill it", "I don't want to commit half-done work"
	case "might":
		// "three commits that I might squash later... first I just want to look at them": maybe, later.
		return i >= 2 && (toks[i-2].lower == "i" || toks[i-2].lower == "we")
	case "not":
		// "the actual time, not how long", "I'd rather not extract it blindly"
		return i >= 2 && (toks[i-2].lower == "do" || toks[i-2].lower == "rather" || toks[i-2].comma)
	}
	return false
}

// inForbiddenClause reports whether toks[i] is in a clause that opens with "don't", "do not" or
// "never", after its first word ("Don't add anything to fstab, this is a one-off" asks for no fstab),
// in "leave ... alone", in what the person will do themselves ("I'll push it myself later"), or is the
// verb of a destructive plan ("I'm about to delete his account").
func inForbiddenClause(toks []token, i int) bool {
	if strings.HasPrefix(toks[i].lower, "#") {
		return false // what the slots found ("#file"), appended after the words
	}
	s := clauseStart(toks, i)
	for s < i && clauseOpeners[toks[s].lower] {
		s++
	}
	switch toks[s].lower {
	case "don't", "dont", "never":
		return i > s+1
	case "no":
		// "No sudo or extra groups for now, please."
		return i > s && s+1 < len(toks) && toks[s+1].lower != "need" && !toks[s].comma && !toks[s].aside // "(comma separated, no header)" says what the file is like
	case "do":
		return s+1 < i && toks[s+1].lower == "not" && i > s+2
	case "otherwise":
		return i > s // "Skip anything inside node_modules, otherwise the list is thousands of lines long": what goes wrong if not
	case "leave":
		// "and leave the database container alone"
		for j := s + 1; j < len(toks); j++ {
			if toks[j].lower == "alone" {
				return i > s && i <= j
			}
			if toks[j].comma {
				break
			}
		}
	case "i'm", "im", "we're":
		// "I'm about to delete his account and want to see what's there first": a plan to destroy
		// is why the person looks first, not the ask; what it acts on may well be, and a plan that
		// destroys nothing may be the ask itself ("I'm about to mirror /srv/www ... give me the dry run").
		v, ok := aboutTo(toks, s+1)
		return ok && i == v && plannedHarm[toks[v].lower]
	case "i'd", "we'd":
		// "I'd rather not change the group on it"
		return s+2 < i && toks[s+1].lower == "rather" && toks[s+2].lower == "not"
	case "i'll", "ill", "we'll", "i", "we":
		// "I'll push it myself later": what the person will do, not what they ask for.
		at := s + 1
		if toks[s].lower == "i" || toks[s].lower == "we" {
			if v, ok := aboutTo(toks, at); ok { // "I am about to ..."
				return i == v && plannedHarm[toks[v].lower]
			}
			if w, ok := unwanted(toks, at); ok {
				return i > w // "I don't want my terminal stuck streaming logs"
			}
			if at >= len(toks) || toks[at].lower != "will" && toks[at].lower != "can" {
				return false
			}
			at++
		}
		for j := at; j < len(toks); j++ {
			if laterWords[toks[j].lower] {
				return i >= at
			}
			if toks[j].comma {
				break
			}
		}
	}
	for j := i + 1; j < len(toks); j++ {
		// "tagged images and volumes must stay": what a clause keeps, said before the verb that keeps it.
		if stayVerbs[toks[j].lower] && toks[j-1].lower == "must" || toks[j].lower == "untouched" {
			return true
		}
		if toks[j].comma {
			break
		}
	}
	return false
}

// stayVerbs say, after "must", that what the clause names is kept: "volumes must stay".
var stayVerbs = setOf("stay remain survive")

// unwanted reports whether the words at i say the person does not want or need what follows ("don't
// want to", "do not need it", "never want my ...") and where that verb is; "I don't know which ..." asks
// all the same.
func unwanted(toks []token, i int) (int, bool) {
	if i+1 < len(toks) && toks[i].lower == "do" && toks[i+1].lower == "not" {
		i++
	} else if i >= len(toks) || toks[i].lower != "don't" && toks[i].lower != "dont" && toks[i].lower != "never" {
		return 0, false
	}
	if i+2 < len(toks) && (toks[i+1].lower == "want" || toks[i+1].lower == "need") && unwantedWhat[toks[i+2].lower] {
		return i + 1, true
	}
	return 0, false // "I don't need the header row" asks to leave the header out
}

// unwantedWhat come after "don't want" when what follows is an act refused, not a part left out.
var unwantedWhat = setOf("to my it them anything any that those this")

// softAdverbs come between a refusal and its verb without changing it: "don't want to just delete it".
var softAdverbs = setOf("just simply really accidentally actually ever")

// laterWords make a clause about what the person will do themselves: "I'll push it myself later".
var laterWords = setOf("later myself ourselves afterwards manually")

// plannedHarm are the verbs of a destructive plan a person looks before carrying out.
var plannedHarm = setOf("delete remove rm wipe erase drop kill destroy purge format reset uninstall overwrite nuke")

// articles come between "not" and what is not asked for: "not a restart".
var articles = setOf("a an the any")

// aboutTo reports whether toks[at:] opens with what the person is about to do next ("I'm about to
// delete his account and want to see what's there first"), and where the plan's verb is.
func aboutTo(toks []token, at int) (int, bool) {
	for _, plan := range [][]string{{"about", "to"}, {"going", "to"}, {"planning", "to"}, {"gonna"}} {
		j := at
		if j < len(toks) && (toks[j].lower == "am" || toks[j].lower == "are" || toks[j].lower == "is") {
			j++
		}
		if j+len(plan) <= len(toks) && wordsAt(toks, j, plan) {
			return j + len(plan), true
		}
	}
	return 0, false
}

// opensRefusal reports whether toks[i] is the "don't", "never" or "do not" that opens its clause: a
// refusal of what follows ("Don't touch the originals"), not a word that leaves things out.
func opensRefusal(toks []token, i int) bool {
	s := clauseStart(toks, i)
	for s < i && clauseOpeners[toks[s].lower] {
		s++
	}
	switch toks[s].lower {
	case "don't", "dont", "never":
		return i == s
	case "do":
		return i == s+1 && toks[i].lower == "not"
	}
	return false
}

// clauseStart is where the clause of toks[i] begins: after the last comma, question mark or sentence end
// before it.
func clauseStart(toks []token, i int) int {
	for i > 0 && !toks[i-1].comma {
		i--
	}
	return i
}

// clauseOpeners come before a clause's verb without changing what it asks: "and don't ...", "please never ...".
var clauseOpeners = setOf("and but so please just also")

// negatedAt reports whether the words at i are said not to be wanted now: "without extracting", "rather
// than deleting it", "instead of restarting", "don't want to extract it yet", "before I drop anything".
func negatedAt(toks []token, i int) bool {
	said := func(words ...string) bool {
		if i < len(words) {
			return false
		}
		for k, w := range words {
			if toks[i-len(words)+k].lower != w {
				return false
			}
		}
		return true
	}
	if i == 0 {
		return false
	}
	if every := toks[i-1].lower == "every" || toks[i-1].lower == "each"; every && said("not", toks[i-1].lower) || toks[i-1].lower == "not" && (toks[i].lower == "every" || toks[i].lower == "each") {
		return true // "just one total, not every file listed": what the answer must not print
	}
	switch toks[i-1].lower {
	case "without", "w/o", "haven't", "havent", "hasn't", "hasnt", "didn't", "didnt":
		return true // "I haven't pushed any of them": what was not done
	case "than":
		// "rather than deleting it", "I'd rather be nice about it than kill it": "rather" earlier in the clause.
		for k := i - 2; k >= 0 && k >= i-8 && !toks[k].comma; k-- {
			if toks[k].lower == "rather" {
				return true
			}
		}
	case "of":
		return said("instead", "of")
	case "i", "we":
		return said("before", "i") || said("before", "we")
	case "to":
		return said("don't", "want", "to") || said("dont", "want", "to") || said("do", "not", "want", "to") || said("no", "need", "to") // "(no need to follow it)"
	}
	return false
}

// lackedAt reports whether toks[i] names what something does not have: "that box doesn't have rsync
// installed" asks for no rsync, and rules out no answer that avoids it.
func lackedAt(toks []token, i int) bool {
	if i < 2 || toks[i-1].lower != "have" && toks[i-1].lower != "has" {
		return false
	}
	switch toks[i-2].lower {
	case "doesn't", "doesnt", "don't", "dont", "not", "never":
		return true
	}
	return false
}

// laterAt reports whether toks[i] is what the person will do after the ask: "whether origin has it
// before I rebase" asks for no rebase, "I'll compress them at the weekend" for no compression.
func laterAt(toks []token, i int) bool {
	if i >= 1 && (toks[i-1].lower == "i'll" || toks[i-1].lower == "we'll") {
		return true // "I'll compress them at the weekend"
	}
	if i >= 3 && toks[i-2].lower == "to" && toks[i-3].lower == "about" && (i < 4 || toks[i-4].lower == "i'm" || toks[i-4].lower == "we're" || toks[i-4].lower == "am" || toks[i-4].lower == "are") {
		return true // "I'm about to copy three hundred gigs onto it"
	}
	if i >= 3 && toks[i-3].lower == "before" && (toks[i-1].lower == "gets" || toks[i-1].lower == "get" || toks[i-1].lower == "is") && !toks[i-3].comma && !toks[i-2].comma {
		return true // "I'll talk to them before anything gets deleted"
	}
	return i >= 2 && toks[i-2].lower == "before" && (toks[i-1].lower == "i" || toks[i-1].lower == "we")
}
