package recall

import (
	"hash/fnv"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// A request is read as a bag of hashed terms: its lower-cased words, the pairs of neighbouring words,
// and the stems of words with a common ending ("deleting" also counts as "delet"), so that "delete
// files modified" and "deletes the modified file" share more than "the". Before that, what varies between requests that want the same command is marked: a quoted
// string adds the term "qqq" (its words stay), a glob becomes "globx", a path "pathx", a number
// "numx". Feature hashing keeps the model free of any vocabulary: only 32-bit hashes are stored.
// They are compiled on first use, so that programs that never recall do not pay for it at start-up.
var termRes = sync.OnceValue(func() (r struct{ quoted, glob, path, number, word *regexp.Regexp }) {
	r.quoted = regexp.MustCompile("\"[^\"]*\"|'[^']*'|`[^`]*`")
	r.glob = regexp.MustCompile(`\S*\*\S*`)
	r.path = regexp.MustCompile(`\S*/\S*`)
	r.number = regexp.MustCompile(`\b\d+(\.\d+)?\b`)
	r.word = regexp.MustCompile(`[a-z0-9]+`)
	return r
})

// terms returns the hashed terms of text with their counts.
func terms(text string) map[uint32]float64 {
	re := termRes()
	text = re.quoted.ReplaceAllStringFunc(text, func(q string) string { return " qqq " + q })
	text = re.glob.ReplaceAllString(text, " globx ")
	text = re.path.ReplaceAllString(text, " pathx ")
	text = re.number.ReplaceAllString(text, " numx ")
	words := re.word.FindAllString(strings.ToLower(text), -1)
	tf := make(map[uint32]float64, 3*len(words))
	for _, w := range words {
		if st := stem(w); st != w {
			tf[hash("#"+st)]++ // "#" keeps a stem apart from a word spelt the same
		}
	}
	for i, w := range words {
		tf[hash(w)]++
		if i > 0 {
			tf[hash(words[i-1]+"_"+w)]++
		}
	}
	return tf
}

func hash(term string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(term))
	return h.Sum32()
}

// weigh turns term counts into a unit-length TF-IDF vector: (1 + ln tf) · idf.
// Terms are summed in order, so that the same text always weighs the same to the last bit.
func weigh(tf map[uint32]float64, idf func(uint32) float64) map[uint32]float64 {
	v := make(map[uint32]float64, len(tf))
	norm := 0.0
	for _, t := range slices.Sorted(maps.Keys(tf)) {
		c := tf[t]
		w := idf(t)
		if w <= 0 {
			continue
		}
		// The conversions round each product, so that no CPU fuses them into a multiply-add: the model
		// then builds to the same bytes on amd64 and arm64 (Model.Diff still allows a 255th).
		w = float64(w * (1 + math.Log(c)))
		v[t] = w
		norm += float64(w * w)
	}
	norm = math.Sqrt(norm)
	for t := range v {
		v[t] /= norm
	}
	return v
}

// stem strips one common English ending from words long enough to keep a stem of three letters.
func stem(w string) string {
	for _, suf := range []string{"ing", "ies", "es", "ed", "s"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}
