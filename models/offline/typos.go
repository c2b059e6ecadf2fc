package offline

import (
	"fmt"
	"strings"
	"sync"

	"github.com/cmdai/cmdai/assets"
	"github.com/cmdai/cmdai/models/offline/tldr"
)

// correctTypos rewrites the words of prompt that are near misses of words the engine knows (tool names,
// the tldr pages' words, the catalogue's keywords) and returns the notes that say so ("read 'instal'
// as 'install'"). Words it knows, quoted words, paths and numbers stay as they are.
func (e *Engine) correctTypos(prompt string) (string, []string) {
	x := tldrIndex()
	if x == nil {
		return prompt, nil
	}
	known, targets := e.knownWords()
	fields := strings.Fields(prompt)
	var notes []string
	for i, f := range fields {
		w := strings.ToLower(strings.Trim(f, ",;:.!?"))
		if a, b, ok := strings.Cut(w, "-"); ok && isAlpha(a) && isAlpha(b) && len(a) > 3 && x.Known(a) == 0 && !known[a] && x.Known(b) > 0 {
			// "wolrd-writable": the first half of a compound slipped.
			if c := nearest(a, targets); c != "" && c != a {
				fields[i] = strings.Replace(f, a, c, 1)
				notes = append(notes, fmt.Sprintf("read '%s' as '%s'", a, c))
			}
			continue
		}
		if len(w) < 3 || !isAlpha(w) || x.Known(w) > 0 || x.IsProgram(w) || isName(fields, i, w) || chatWords[w] || commonEnglish()[w] && !slipWords[w] {
			continue // "the kids can't print" is not pids, "the front desk" not a disk
		}
		c := nearest(w, targets)
		if len(w) == 3 {
			c = nearestProgram(w) // "kil" is kill, not the size unit kib
			if c == "" && i == 0 {
				c = nearest(w, requestVerbs) // "shw me the files in /etc"
			}
		}
		if (known[w] || known[stem(w)]) && (c == "" || targets[c] < catalogueRank || x.Known(c) == 0) {
			// A word the catalogue knows, or an inflection of one, that the pages never use is a slip
			// only when one edit makes it a word both use: "delet" is delete, "flies" files.
			continue
		}
		if modals[c] && !modalPlace(fields, i) {
			continue // "is maya in the docker group": a name where no "may" can stand
		}
		if c != "" && (len(w) > 3 || (everydayPrograms[c] || requestVerbs[c] > 0) && i == 0) {
			// Three letters are corrected only to a program or a verb the request starts with: "gti
			// status", "shw me".
			fields[i] = strings.Replace(f, strings.Trim(f, ",;:.!?"), c, 1)
			notes = append(notes, fmt.Sprintf("read '%s' as '%s'", w, c))
		}
	}
	if len(notes) == 0 {
		return prompt, nil
	}
	return strings.Join(fields, " "), notes
}

// commonEnglish are the common English words (assets/english), which are never slips.
var commonEnglish = sync.OnceValue(func() map[string]bool {
	words := make(map[string]bool, 13000)
	for _, l := range strings.Split(assets.CommonEnglish, "\n") {
		if l != "" && l[0] != '#' {
			words[l] = true
		}
	}
	return words
})

// slipWords are common words that in a request are nearly always a slip: "find all pdf flies".
var slipWords = setOf("flies")

// isName reports whether word w at fields[i] names something rather than misspells a word: a name
// given after "called" or "named", or one of the names people make up with "my" (mydir, myfile),
// which are one edit from programs (mkdir).
func isName(fields []string, i int, w string) bool {
	if strings.HasPrefix(w, "my") && len(w) > 4 || environmentNames[w] {
		return true
	}
	if i > 0 && i+1 < len(fields) && nameKinds[strings.ToLower(strings.Trim(fields[i+1], ",;:.!?"))] && pointingWords[strings.ToLower(fields[i-1])] {
		return true // "the prod namespace", "the api deployment"
	}
	if i == 0 {
		return false
	}
	if capitalised(fields[i]) && capitalised(fields[i-1]) && !strings.ContainsAny(fields[i-1], ".!?") {
		return true // "New York", "Buenos Aires": a place, not "new work"
	}
	prev := strings.ToLower(strings.Trim(fields[i-1], ",;:.!?"))
	return prev == "called" || prev == "named" || nameKinds[prev] && !(len(w) > 5 && strings.HasSuffix(w, "ing")) // "this server lisening on": no name
}

// modals are the helping verbs a slip may be one edit from ("maya" is one from "may").
var modals = setOf("may might can could will would shall should must")

// modalPlace reports whether a helping verb can stand at fields[i]: first in a sentence, or after a
// pronoun or "you" ("can you", "we could"). After "is", "the" or "in" a word one edit from "may" is a name.
func modalPlace(fields []string, i int) bool {
	if i == 0 || strings.ContainsAny(fields[i-1], ".!?") {
		return true
	}
	return pronouns[strings.ToLower(strings.Trim(fields[i-1], ",;:"))]
}

// capitalised reports whether a word starts with a capital and goes on in small letters ("York").
func capitalised(f string) bool {
	w := strings.Trim(f, ",;:.!?\"'()")
	if len(w) < 2 || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	return strings.ToLower(w[1:]) == w[1:]
}

// environmentNames are the names people give their environments, never slips ("prod" is not pod).
var environmentNames = setOf("prod staging stage dev qa uat preprod sandbox")

// nameKinds are the words beside which a word names a thing of that kind: "namespace prod",
// "branch mian" is a branch, whatever it is one edit from.
var nameKinds = setOf("namespace ns group branch pod deployment container cluster context database db schema table user host server service repo repository image volume network")

// requestVerbs are the verbs requests start with, as targets for a three-letter slip at the start.
var requestVerbs = map[string]int{"show": catalogueRank, "list": catalogueRank, "find": catalogueRank, "print": catalogueRank, "delete": catalogueRank, "remove": catalogueRank}

// nearestProgram is the everyday program one edit from a three-letter word, or "".
func nearestProgram(w string) string { return nearest(w, everydayTargets()) }

// everydayTargets are the everyday programs as typo targets, all of one rank.
var everydayTargets = sync.OnceValue(func() map[string]int {
	progs := make(map[string]int, len(everydayPrograms))
	for p := range everydayPrograms {
		progs[p] = 1
	}
	return progs
})

// knownWords are the words the engine knows (known: the catalogue's stems too) and those a typo may
// be corrected to (targets: the tldr pages' frequent words and program names), each with its rank:
// how often the pages use it, far more for a word the catalogue's intents and vocabulary use.
func (e *Engine) knownWords() (known map[string]bool, targets map[string]int) {
	return knownWordsOnce(e)
}

// catalogueRank lifts the rank of a word the catalogue knows above any the pages alone use.
const catalogueRank = 1 << 20

var knownWordsOnce = func() func(e *Engine) (map[string]bool, map[string]int) {
	var once sync.Once
	var words map[string]bool
	var targets map[string]int
	return func(e *Engine) (map[string]bool, map[string]int) {
		once.Do(func() {
			words = map[string]bool{}
			targets = map[string]int{}
			used := map[string]bool{} // every word the pages use, however rarely
			if x := tldrIndex(); x != nil {
				x.Vocabulary(func(w string, n int) {
					used[w] = true
					if n >= 8 && len(w) >= 3 && isAlpha(w) {
						words[w] = true
						targets[w] = n
					}
				})
				for _, p := range x.Pages {
					if !strings.Contains(p.Name, "-") && len(p.Name) >= 3 {
						words[p.Name] = true
						targets[p.Name] = max(targets[p.Name], 1)
					}
				}
			}
			// The vocabulary's words rank above the pages'; the intents' keywords do not: lifted too, they
			// pull words the pages never use but people do to the nearest keyword ("hire" read as
			// "hide", "matter" as "master", "nearly" as "nearby").
			catalogue := map[string]bool{}
			for _, ps := range e.cat.vocabPhrases {
				for _, p := range ps {
					for _, s := range p.stems {
						if len(s) >= 3 && isAlpha(s) {
							words[s] = true
							catalogue[s] = true
						}
					}
				}
			}
			for w := range catalogue {
				if _, ok := targets[w]; !ok && used[w] && len(w) >= 4 {
					targets[w] = 1 // a word of the catalogue's the pages seldom use: "bigger"
				}
			}
			for w := range requestWords {
				words[w] = true
				targets[w] = max(targets[w], 1)
				catalogue[w] = true
			}
			for w := range targets {
				if catalogue[w] || catalogue[stem(w)] {
					targets[w] += catalogueRank
				}
			}
		})
		return words, targets
	}
}()

// chatWords are words of people's messages that the pages seldom use and that are one edit from words
// they do: never slips ("whatever" is no "whenever", "sitting" no "setting").
var chatWords = setOf("says saying whatever sitting sits hogging eating acting wrecked messed weird huge tiny bunch stuff " +
	"anyway actually basically literally honestly apparently somehow someone somebody nobody anybody " +
	"hire matter nearly lately tried tries trying wondering figure figured guess guessed thanks thank " +
	"please sorry hey hello cheers folks boss colleague teammate intern client customer")

// requestWords are words requests use that the pages seldom do, as typo targets: "apears" is appears,
// the cue of what to count; "crahsing" crashing.
var requestWords = setOf("appears appear appeared accidentally crashing crashed separately occurrences " +
	"occurrence permanently immediately recursively containing mentions mentioning whenever yesterday " +
	"uncommitted committed everything something somewhere leftover duplicates duplicate many where which whose without called space untar " +
	"tomorrow midnight open remotes timers stashes submodules mounts")

// nearest returns the known word one edit from w (two for words of eight letters or more): of several,
// one the catalogue knows ("biger" is bigger, not the program biber), then the one as long as w (a swap
// of two letters is the likeliest slip), then the one the pages use at least twice as often ("cound"
// is count rather than found); "" when none, or when two different words are equally near.
func nearest(w string, known map[string]int) string {
	most := 1
	if len(w) >= 8 {
		most = 2
	}
	type cand struct {
		word                string
		dist, lenDiff, rank int
	}
	better := func(a, b cand) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		if ca, cb := a.rank >= catalogueRank, b.rank >= catalogueRank; ca != cb {
			if ca {
				return -1
			}
			return 1
		}
		if fa, fb := a.word[0] == w[0], b.word[0] == w[0]; fa != fb {
			// A slip rarely hits the first letter: "lnes" is lines, not ones.
			if fa {
				return -1
			}
			return 1
		}
		if a.lenDiff != b.lenDiff {
			return a.lenDiff - b.lenDiff
		}
		fa, fb := a.rank%catalogueRank, b.rank%catalogueRank
		switch {
		case fa >= 2*fb:
			return -1
		case fb >= 2*fa:
			return 1
		}
		// A slip keeps the word's ending: "globaly" is globally (a doubled letter typed once), not global.
		return commonSuffix(b.word, w) - commonSuffix(a.word, w)
	}
	best, tie := cand{dist: most + 1}, false
	for k, rank := range known {
		if abs(len(k)-len(w)) > most || k[0] != w[0] && (len(w) < 2 || k[1] != w[1]) {
			continue
		}
		c := cand{word: k, dist: editDistance(w, k, most), lenDiff: abs(len(k) - len(w)), rank: rank}
		if c.dist > most {
			continue
		}
		switch d := better(c, best); {
		case d < 0:
			best, tie = c, false
		case d == 0 && tldr.Term(k) != tldr.Term(best.word):
			tie = true
		}
	}
	if tie || best.word == "" {
		return ""
	}
	return best.word
}

// commonSuffix is the length of the longest ending a and b share.
func commonSuffix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

// editDistance is the Damerau-Levenshtein (optimal string alignment) distance of a and b, or more
// than most when it exceeds it.
func editDistance(a, b string, most int) int {
	la, lb := len(a), len(b)
	prev2 := make([]int, lb+1)
	prev := make([]int, lb+1)
	cur := make([]int, lb+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= lb; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > most {
			return most + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
