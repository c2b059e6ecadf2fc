package offline

import (
	"math"
	"slices"
	"strings"
)

// confFeatures are what the engine knows about how well it understood a prompt.
type confFeatures struct {
	prior     float64 // how often the winning intent was right on the train split
	coverage  float64 // share of the person's content words that keywords and slots explain
	full      float64 // 1 when every content word was explained
	size      float64 // log(1 + content words): long requests are harder
	uncovered float64 // content words nobody explained
	gap       float64 // (best - runner-up) / best, 1 without a runner-up
	missing   float64 // required slots left as placeholders
	stages    float64 // commands in the answer: pipeline stages and -exec
	fallback  float64 // 1 when no intent matched and the fallback guessed
	quoted    float64 // quoted words in the prompt
	find      float64 // 1 when the answer starts with find
}

// confNames are the feature names as the [confmodel] vocabulary spells them, in struct order.
var confNames = []string{"prior", "coverage", "full", "size", "uncovered", "gap", "missing", "stages", "fallback", "quoted", "find"}

func (f *confFeatures) values() []float64 {
	return []float64{f.prior, f.coverage, f.full, f.size, f.uncovered, f.gap, f.missing, f.stages, f.fallback, f.quoted, f.find}
}

// confidence estimates the chance that the answer is right. A logistic model over confFeatures, fitted
// on the NL2Bash train split and stored in the catalogue ([confmodel]), turns the features into that
// probability; without a model the older hand formula and calibration curve apply.
func (e *Engine) confidence(toks []token, best, second *match, c *composer, command string) float64 {
	f := e.features(toks, best, second, c, command)
	if w := e.cat.confModel; len(w) == len(confNames)+1 {
		z := w[0]
		for i, x := range f.values() {
			z += w[i+1] * x
		}
		conf := 1 / (1 + math.Exp(-z))
		if command == "find ." && best.score < 0.6 {
			// One weak word ("show") and nothing for find to take: "... JAVA_HOME isn't set. how can I
			// check what it's set to" is no search.
			return min(conf, 0.2)
		}
		if clearRequest(f, c) {
			// The model learnt from long corpus sentences, where an intent's record is poor; a short
			// request whose every word was understood and that gave the command its arguments is a clear
			// match, and the person should get the answer.
			conf = math.Max(conf, clearConfidence+0.3*f.prior)
		}
		return conf
	}
	conf := f.prior * (0.3 + 0.7*f.coverage)
	if f.full == 1 {
		// Every word was understood: trust the answer more than the intent's record on mixed prompts.
		conf += (1 - conf) * 0.5 * f.prior * f.prior
	}
	conf *= 0.75 + 0.25*math.Min(1, f.gap*3)
	conf *= math.Pow(0.7, f.missing)
	return e.cat.calibrate(math.Max(0, math.Min(1, conf)))
}

// personWords make a request a message from a person rather than a terse description.
var personWords = setOf("i i'm im i've ive i'd i'll my me mine we we're our us you your it's pls please thanks lol")

// runsProgram reports whether command runs the program p in one of its stages.
func runsProgram(command, p string) bool {
	if len(p) < 2 || !isAlnum(strings.ReplaceAll(p, "-", "")) {
		return false
	}
	for _, stage := range strings.Split(command, "|") {
		f := strings.Fields(stage)
		for len(f) > 0 && (f[0] == "sudo" || strings.Contains(f[0], "=")) {
			f = f[1:]
		}
		if len(f) > 0 && f[0] == p {
			return true
		}
	}
	return false
}

// clearWords is the most content words a clear request has; clearConfidence the least confidence it gets.
const (
	clearWords      = 6
	clearConfidence = 0.55
)

// clearRequest reports whether the prompt was short, fully understood, asked for a command that takes
// nothing from it or gave the template all its
// required arguments (a file, a pattern, a name, a size, a time, a count, options its words name ...), and had no
// close rival reading.
func clearRequest(f confFeatures, c *composer) bool {
	s := c.s
	if f.full != 1 || f.missing > 0 || f.fallback > 0 || f.gap < 0.25 || f.size > math.Log1p(clearWords) {
		return false
	}
	return len(s.paths)+len(s.globs)+len(s.patterns)+len(s.urls)+len(s.hosts)+len(s.ports)+len(s.pids)+len(s.sizes)+len(s.times) > 0 || s.empty ||
		s.count > 0 || s.old != "" || c.flagged || c.usedWords > 0 || s.iface != "" || c.slotless
}

func (e *Engine) features(toks []token, best, second *match, c *composer, command string) confFeatures {
	content, covered, quoted := 0, 0, 0
	context := contextClauses(toks)
	chatty := slices.ContainsFunc(toks, func(t token) bool { return t.chat })
	var idle []bool
	if chatty && best.score >= idleReading {
		idle = idleClauses(toks)
	}
	for i, t := range toks {
		if t.quoted {
			quoted++
			continue
		}
		if idle != nil && idle[i] || relayed(toks, i) {
			continue // "Just a number would be great, not the whole cpuinfo wall of text."
		}
		if !t.used && slices.ContainsFunc(toks[:i], func(u token) bool { return u.used && u.lower == t.lower }) {
			continue // "the nightly cron job ..., show me today's cron activity": one word, understood once
		}
		if e.cat.has("stop", t.lower) || e.cat.has("stop", t.stem) {
			continue
		}
		if context != nil && context[i] && !t.used {
			continue // "so i have a bunch of .tmp files scattered around ~/projects, can you find them all"
		}
		if !t.used && clauseAdverbs[t.lower] && (t.comma || i == len(toks)-1) && i > 0 && toks[i-1].lower != "the" {
			continue // "can I just peek at which files are in it first?": when, not what
		}
		if t.aside && !t.used && chatty {
			// "(case-insensitive, people log it both ways...)": an aside, not the ask. In a terse
			// description ("... (lines with spaces are considered blank)") it is part of what is asked.
			continue
		}
		if !t.used && runsProgram(command, t.lower) {
			covered++ // "can ffmpeg turn it into an mp4?": the program the answer runs
			content++
			continue
		}
		content++
		if (t.lower == "called" || t.lower == "named") && i+1 < len(toks) && toks[i+1].used {
			covered++ // "a zip of the reports folder called reports.zip": the name's cue
			continue
		}
		if t.used && !(t.value && !strings.Contains(command, t.raw)) {
			// A word the request looks for that the command never mentions was not understood.
			covered++
		}
	}
	covered = min(content, covered+c.usedWords)
	f := confFeatures{prior: best.intent.prior, coverage: 1, gap: 1, missing: float64(c.missing), quoted: float64(quoted)}
	if content > 0 {
		f.coverage = float64(covered) / float64(content)
		if covered == content {
			f.full = 1
		}
	}
	f.size = math.Log1p(float64(content))
	f.uncovered = float64(content - covered)
	if second != nil && best.score > 0 {
		f.gap = math.Max(0, math.Min(1, (best.score-second.score)/best.score))
	}
	f.stages = float64(1 + strings.Count(command, " | ") + strings.Count(command, " -exec "))
	if best.intent == e.cat.fallback {
		f.fallback = 1
	}
	if best.intent.findFirst {
		f.find = 1
	}
	return f
}

// idleReading is the least match score for which idleClauses are left out of a chatty request's words:
// a weak reading ("I don't mind waiting" read as sleep) must explain more of the request.
const idleReading = 2

// idleClauses marks the clauses of a person's message in which the reading used no word: "I just
// plugged in a USB stick and want to know what it showed up as", "Just a number would be great, not
// the whole cpuinfo wall of text". They say why or how the person asks, not what the command does,
// and the words the reading did not understand there are not the ask's. nil when no clause is idle.
func idleClauses(toks []token) []bool {
	var out []bool
	start := 0
	for i, t := range toks {
		if !t.comma && i < len(toks)-1 {
			continue
		}
		if !slices.ContainsFunc(toks[start:i+1], func(u token) bool { return u.used || u.quoted }) {
			if out == nil {
				out = make([]bool, len(toks))
			}
			for k := start; k <= i; k++ {
				out[k] = true
			}
		}
		start = i + 1
	}
	return out
}

// relayVerbs follow who a request comes from: "my boss wants", "the ops channel asked".
var relayVerbs = setOf("wants wanted asked asks needs needed requested")

// relayed reports whether toks[i] is the unused subject or verb of a request passed on from someone
// else at the start of a clause ("The ops channel asked how many CPU cores this box has", "the team
// lead wants the TODO comments counted"): who asks, not what.
func relayed(toks []token, i int) bool {
	if toks[i].used || toks[i].quoted {
		return false
	}
	start := clauseStart(toks, i)
	if i-start > 4 {
		return false // more than four words into its clause
	}
	for k := start + 1; k < len(toks) && k <= start+4; k++ {
		if toks[k].used || toks[k].quoted || toks[k].comma {
			return false
		}
		if relayVerbs[toks[k].lower] {
			first := toks[start].lower
			return i <= k && (first == "my" || first == "our" || first == "the" || first == "a" || first == "his" || first == "her")
		}
	}
	return false
}

// calibrate maps a raw score through the catalogue's calibration curve, measured on held-out data, so
// that the confidence reads as the chance the command is right.
func (c *catalogue) calibrate(x float64) float64 {
	pts := c.calibration
	if len(pts) < 2 {
		return x
	}
	if x <= pts[0][0] {
		return pts[0][1]
	}
	for i := 1; i < len(pts); i++ {
		if x <= pts[i][0] {
			a, b := pts[i-1], pts[i]
			return a[1] + (b[1]-a[1])*(x-a[0])/(b[0]-a[0])
		}
	}
	return pts[len(pts)-1][1]
}

// contextClauses marks the tokens of a request's clauses that only set the scene: in a request of
// several comma-separated clauses, one that starts (after "so", "hey", "ok" and the like) with its
// subject, "i have", "my wifi", "there are", "it", tells what the person has or sees, and another
// clause asks ("so i have a bunch of .tmp files scattered around ~/projects, can you find them all").
// Words of a context clause that no keyword or slot used are context, not words the engine failed to
// understand; what it names (a file, a folder) still counts when it was used. nil when no clause is
// context or every clause is.
func contextClauses(toks []token) []bool {
	out := make([]bool, len(toks))
	start, context, ask := 0, false, false
	for i, t := range toks {
		if !t.comma && i < len(toks)-1 && !askFollows(toks, i+1) {
			continue
		}
		j := start
		for j <= i && !toks[j].quoted && sceneOpeners[toks[j].lower] {
			j++ // "so", "hey", "ok"
		}
		asks := j < i && (toks[j].lower == "i" || toks[j].lower == "we") && // "i need them on a new branch called X"
			(wantVerbs[toks[j+1].lower] || (toks[j+1].lower == "just" || toks[j+1].lower == "only") && j+1 < i && wantVerbs[toks[j+2].lower]) ||
			j < i && (toks[j].lower == "i'd" || toks[j].lower == "we'd") && (toks[j+1].lower == "like" || toks[j+1].lower == "love") // "i'd like to watch its journal live"
		// "can I just peek at which files are in it first?" asks, whatever it goes on to say.
		polite := j < i && politeAsks[toks[j].lower] && !toks[j].quoted
		isContext := !polite && (!asks && j <= i && !toks[j].quoted && (sceneSubjects[toks[j].lower] || asides[toks[j].lower]) ||
			j < i && (isFileName(toks[j].raw) || strings.HasPrefix(toks[j].raw, "/") && toks[j+1].lower == "has") && fileStates[toks[j+1].lower] || // "dump.sql is massive", "/var/log/myapp has thousands of ..."
			j < i && !toks[j].quoted && isAlpha(toks[j].lower) && !askWords[toks[j].lower] && statedAt(toks, j, i) || // "wifi seems flaky", "disk graph just spiked"
			start == 0 && i < len(toks)-1 && j < i && len(toks[j].lower) > 5 && strings.HasSuffix(toks[j].lower, "ing") || // "starting work on the login page, ..."
			start == 0 && i < len(toks)-1 && j < i && !toks[j].quoted && pastTense(toks[j].lower) || // "got a folder of pngs in ./screens, ..."
			start == 0 && i < len(toks)-1 && hereScene(toks, j, i) || // "fresh fedora 40 vm here with nothing on it yet. i need ..."
			j < i && i < len(toks)-1 && !toks[j].quoted && (toks[j].lower == "keeps" || toks[j].lower == "kept") || // "..., api-7d9f8b-x2k4q, keeps misbehaving every few minutes."
			j < i && i < len(toks)-1 && toks[j].lower == "you" && (toks[j+1].lower == "know" || toks[j+1].lower == "remember")) // "you know those json responses from the api?"
		end := i
		if isContext && subordinators[toks[start].lower] {
			// "before I fire up the dev server (I want to) check which ports ...": without a comma, the
			// ask starts at its verb in the last clause, and at "I'd like to" in any.
			for k := j + 2; k <= i; k++ {
				if !toks[k].quoted && (askWords[toks[k].lower] && i == len(toks)-1 || wantsAt(toks, k)) {
					end = k - 1
					ask = true
					break
				}
			}
		}
		for k := start; k <= i; k++ {
			out[k] = isContext && k <= end
		}
		context, ask = context || isContext, ask || !isContext
		start = i + 1
	}
	// "zip up the reports folder so i can email it": what comes after the purpose only explains; after
	// "so i can", even a verb that could ask ("so I can see what's hogging it").
	for i := 1; i+1 < len(toks); i++ {
		if toks[i].quoted || !purposeAt(toks, i) {
			continue
		}
		for j := i; j < len(toks) && !out[j]; j++ {
			if j > i+2 && askWords[toks[j].lower] && !toks[j].quoted && toks[i].lower != "so" {
				break // "before I fire up the dev server (I want to) check which ports ...": the ask resumes
			}
			out[j] = true
			context = true
			if toks[j].comma {
				break
			}
		}
	}
	ask = ask || slices.Contains(out, false)
	if !context || !ask {
		return nil
	}
	return out
}

// purposeAt reports whether a clause of purpose or reason starts at toks[i]: "so i can", "so that",
// "because", "since".
func purposeAt(toks []token, i int) bool {
	switch toks[i].lower {
	case "because", "cause", "cuz", "since":
		return true
	case "before", "until", "while":
		// "... what's inside before i extract anything": when, not what.
		next := toks[i+1].lower
		return next == "i" || next == "we" || next == "you" || next == "it" || next == "they" || len(next) > 5 && strings.HasSuffix(next, "ing") ||
			next == "modified" || // "before I touch anything", read as "before modified anything"
			toks[i].lower == "while" && next == "the" // "watch the pods change state live while the pipeline runs"
	case "so":
		next := toks[i+1].lower
		return next == "that" || next == "i" || next == "we" || next == "it" || next == "they" || next == "people"
	case "for":
		// "zip up the reports folder into reports-q2.zip for me to email"
		return i+2 < len(toks) && (toks[i+1].lower == "me" || toks[i+1].lower == "us") && toks[i+2].lower == "to"
	case "instead":
		// "watch the pods ... instead of re-running get every two seconds by hand": what it replaces.
		return i >= 3 && toks[i+1].lower == "of"
	case "to":
		// "ping 1.1.1.1 five times to see if the network itself is fine": why, after the ask.
		return i >= 3 && i+2 < len(toks) && purposeVerbs[toks[i+1].lower] && (toks[i+2].lower == "if" || toks[i+2].lower == "whether" || toks[i+2].lower == "sure" || toks[i+2].lower == "out")
	case "as":
		// "watch access.log live as the requests come in"
		next := toks[i+1].lower
		return next == "the" || next == "new" || next == "it" || next == "they" || next == "stuff" || next == "things" || next == "lines"
	}
	return false
}

// purposeVerbs open a purpose after "to": "to see if", "to make sure", "to find out whether".
var purposeVerbs = setOf("see show check make find confirm verify tell know")

// asides start a clause that limits rather than asks ("don't extract it", "never mind the hidden
// files"); fileStates follow a file that a clause describes ("dump.sql is massive").
var (
	asides     = setOf("dont don't never not without")
	fileStates = setOf("is has keeps was looks seems got contains belongs came comes")
)

// sceneStates follow a thing that a clause describes, whatever it is ("wifi seems flaky", "disk feels
// slow"); askWords start a question or an order, never a description.
var (
	sceneStates = setOf("reports says shows claims complains thinks suggests swears maybe probably apparently seems seem feels feel looks keeps kept broke crashed died hangs froze won't wont can't cant doesn't doesnt isn't isnt didn't stopped refuses refused fails hung needs wants takes accepts expects")
	askWords    = setOf("what which who where why how when show list find print tell give check get make freeze install " +
		"delete remove kill run start stop restart copy move rename create add search count compress extract convert resize " +
		"download upload sync open set change update upgrade put push pull commit merge clone tag dump restore load export " +
		"import mount unmount zip unzip tar grep sort watch follow display")
)

// statedAt reports whether one of the three words after toks[j], up to toks[last], tells a state or what
// happened: "dev server won't start", "disk graph just spiked".
func statedAt(toks []token, j, last int) bool {
	for k := j + 1; k <= min(j+5, last); k++ {
		// "my uncommitted changes": a participle after a determiner describes, it tells nothing.
		described := pointingWords[toks[k-1].lower] || possessives[toks[k-1].lower] || toks[k-1].lower == "a" || toks[k-1].lower == "an"
		if w := toks[k].lower; !toks[k].quoted && (sceneStates[w] || pastTense(w) && !described) {
			return true
		}
	}
	for k := j + 1; k <= min(j+6, last-1); k++ {
		if w := toks[k].lower; !toks[k].quoted && (w == "is" || w == "are" || w == "was" || w == "were") && !askWords[toks[k-1].lower] {
			return true // "grafana on the monitoring box (mon01) is only bound to localhost:3000"
		}
	}
	return false
}

// askFollows reports whether the ask starts at toks[k] without a comma: "someone sent me backup.tar.gz
// and i just want to peek at what's inside".
func askFollows(toks []token, k int) bool {
	if k+1 < len(toks) && toks[k].lower == "but" && (sceneSubjects[toks[k+1].lower] || possessives[toks[k+1].lower]) {
		return true // "i need to pull but my work in progress isn't ready to commit"
	}
	if k+1 < len(toks) && toks[k].lower == "and" && (toks[k+1].lower == "show" || toks[k+1].lower == "tell" || toks[k+1].lower == "before" || toks[k+1].lower == "then" || toks[k+1].lower == "know") {
		return true // "... and i want to see ..." read plainly as "and show"
	}
	if k+1 < len(toks) && toks[k].lower == "and" && askWords[toks[k+1].lower] && !toks[k+1].quoted {
		return true // "the app writes to /var/log/myapp/app.log and (i wanna) watch only the ERROR lines"
	}
	if k+1 < len(toks) && toks[k].lower == "and" && wantVerbs[toks[k+1].lower] {
		return true // "i'm writing release notes and need today's date as ..."
	}
	if k+2 >= len(toks) || toks[k].lower != "and" || toks[k+1].lower != "i" && toks[k+1].lower != "we" {
		return false
	}
	next := toks[k+2].lower
	return wantVerbs[next] || next == "just" || next == "only"
}

// subordinators open a clause that tells when or why, before the ask.
var subordinators = setOf("before after when once while since because if")

// clauseAdverbs at the end of a clause say when, not what: "peek inside it first", "delete them later".
var clauseAdverbs = setOf("first later now again please though too anyway")

// wantsAt reports whether an ask starts at toks[k]: "I'd like to", "I want", "we need", "could you".
func wantsAt(toks []token, k int) bool {
	if k+1 >= len(toks) {
		return false
	}
	w, next := toks[k].lower, toks[k+1].lower
	return (w == "i'd" || w == "we'd") && (next == "like" || next == "love") ||
		(w == "i" || w == "we") && wantVerbs[next] || politeAsks[w] && next == "you"
}

// politeAsks open a clause that asks, whatever it goes on to say.
var politeAsks = setOf("can could would will please pls")

// wantVerbs after "i" make a clause the ask: "i need them on a new branch".
var wantVerbs = setOf("need want wanna would like")

// pastTense reports whether w tells what happened rather than asks: "pushed", "got", "downloaded".
func pastTense(w string) bool {
	return len(w) > 4 && strings.HasSuffix(w, "ed") && !notPast[w] || pastIrregular[w]
}

var (
	notPast       = setOf("shred embed need speed feed seed bleed breed unshred")
	pastIrregular = setOf("ate eaten got had made did ran took left found lost broke sent saw wrote built gave spun came went began forgot brought bought caught thought fell felt froze grew held hung kept knew meant met paid said sold spent stood stole threw told understood woke won spat spit dumped shot blew drew drove dug fed fled flew hid led lit rang rode rose shook shut slid spoke sprang stuck swore tore wore wound")
)

// sceneOpeners are the words a chatty clause may begin with before its subject; sceneSubjects the
// subjects that make a clause tell rather than ask.
var (
	sceneOpeners  = setOf("so ok okay hey hi hmm um uh ugh argh welp sigh wait man dang damn well oh oops yo alright right basically anyway actually honestly btw also just but sorry now then and on before after when while once since because if though although")
	sceneSubjects = setOf("i i've ive i'm im i'd i'll my mine there there's theres it it's its we we've we're we'll our they they're they've says said complains " +
		"someone somebody something some things stuff a an the this these coworker colleague one lots plenty users customers people folks everyone everybody")
)

// hereScene reports whether toks[j..i] introduces what the person is on without asking anything:
// "fresh Fedora 40 VM here with nothing on it yet", "new laptop here".
func hereScene(toks []token, j, i int) bool {
	here := false
	for k := j; k <= i; k++ {
		if toks[k].quoted || askWords[toks[k].lower] {
			return false
		}
		here = here || k > j && toks[k].lower == "here"
	}
	return here
}
