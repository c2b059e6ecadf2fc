package offline

import (
	"cmp"
	"fmt"
	"io/fs"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"
)

// catalogue is the compiled form of assets/offline: what the engine knows, kept apart from how it
// matches so that coverage grows by editing data.
type catalogue struct {
	intents []*intent
	// index maps the first stem of every keyword phrase to the places it occurs, so that matching a
	// prompt is one pass over its tokens rather than a scan of every phrase.
	index map[string][]phraseRef
	refs  []phraseRef                  // every keyword phrase, grouped by first stem into index once all are read
	vocab map[string]map[string]string // section -> phrase -> value
	// vocabPhrases holds each section's phrases as stems, longest first, for greedy matching.
	vocabPhrases map[string][]vocabPhrase
	// read collects every vocabulary phrase in file order until finishVocab cuts it into vocabPhrases,
	// all sections sharing one array.
	read []sectionPhrase
	// pool backs every vocabulary phrase's stems (each intents file has its own), so that compiling
	// the catalogue allocates in bulk.
	pool []string
	// fallback answers when no intent matches; it is the intent named "fallback", if any.
	fallback *intent
	// idioms are the [idiom] phrases by first stem (indexIdioms).
	idioms map[string][]idiom
	// extValues holds every extension the [ext] vocabulary knows, to tell files from host names.
	extValues map[string]bool
	// confModel is the logistic confidence model: bias, then one weight per confNames entry.
	confModel []float64
	// calibration maps raw confidence to a probability; sorted by raw value.
	calibration [][2]float64
}

type intent struct {
	name      string
	groups    []group
	tpl       string            // the command template
	variants  map[string]string // "darwin", "fish", ...: templates for that OS or shell; nil for most intents
	say       string
	prior     float64
	findFirst bool     // the command starts with find
	chmods    bool     // the command changes permissions
	tools     []string // the namedTools its command runs
}

// namedTools are programs people ask for by name ("is there a jq way to do that?", "can rsync skip
// it?") whose name is no everyday word or service, with the programs that answer for them: a reading
// that runs the program named is preferred (toolBonus).
var namedTools = map[string][]string{
	"jq": {"jq"}, "yq": {"yq"}, "ffmpeg": {"ffmpeg", "ffprobe"}, "ffprobe": {"ffprobe"},
	"imagemagick": {"convert", "magick", "mogrify", "identify", "montage"}, "magick": {"convert", "magick", "mogrify", "identify", "montage"},
	"mogrify": {"mogrify"}, "rsync": {"rsync"}, "curl": {"curl"}, "wget": {"wget"}, "openssl": {"openssl"},
	"awk": {"awk", "gawk"}, "sed": {"sed"}, "tar": {"tar"}, "kubectl": {"kubectl"}, "helm": {"helm"},
	"pandoc": {"pandoc"}, "exiftool": {"exiftool"}, "sqlite3": {"sqlite3"}, "lsof": {"lsof"}, "netstat": {"netstat"},
	"nmap": {"nmap"}, "tcpdump": {"tcpdump"}, "iptables": {"iptables"}, "journalctl": {"journalctl"}, "xargs": {"xargs"},
	"gpg": {"gpg"}, "scp": {"scp"}, "7z": {"7z"}, "rclone": {"rclone"}, "ping": {"ping"}, "traceroute": {"traceroute", "mtr"},
}

// toolTalk are words that make a named program what the request is about rather than what should run:
// "the manual for rsync", "the rsync command I ran last week", "install jq".
var toolTalk = setOf("man manual manpage history install installed installing reinstall uninstall version help docs documentation ran typed")

// toolsRunBy inverts namedTools: the tools a program answers for ("mogrify" for imagemagick and magick).
var toolsRunBy = func() map[string][]string {
	m := make(map[string][]string)
	for tool, programs := range namedTools {
		for _, p := range programs {
			m[p] = append(m[p], tool)
		}
	}
	return m
}()

// toolBonus is what a reading gains for running a program the request names.
const toolBonus = 1.5

type group struct {
	weight  float64
	need    bool
	exclude bool
}

type phraseRef struct {
	intent, group int
	stems         []string
}

type sectionPhrase struct {
	section string
	vocabPhrase
}

type vocabPhrase struct {
	stems []string
	value string
}

// loadCatalogue reads intents.txt and vocab.txt from fsys.
func loadCatalogue(fsys fs.FS) (*catalogue, error) {
	// Everything compiled here stays alive, so a collection while compiling finds nothing to free and
	// only delays a one-shot CLI's answer: the collector waits until the catalogue is built.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	c := &catalogue{index: make(map[string][]phraseRef, 4096), intents: make([]*intent, 0, 768), vocab: make(map[string]map[string]string, 64), vocabPhrases: make(map[string][]vocabPhrase, 64),
		read: make([]sectionPhrase, 0, 3072), pool: make([]string, 0, 5120), refs: make([]phraseRef, 0, 12288)}
	// The vocabularies and the intents share nothing until matching, so they compile side by side:
	// start-up time is what a one-shot CLI pays on every run. The goroutine ends before we return.
	vocabErr := make(chan error, 1)
	go func() { vocabErr <- c.loadVocab(fsys) }()
	err := c.loadIntents(fsys)
	if verr := <-vocabErr; verr != nil {
		return nil, verr
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (c *catalogue) loadVocab(fsys fs.FS) error {
	vocabs, err := fs.Glob(fsys, "offline/vocab*.txt")
	if err != nil || len(vocabs) == 0 {
		return fmt.Errorf("read offline vocabulary: no offline/vocab*.txt in the catalogue")
	}
	for _, name := range vocabs {
		if err := c.readVocab(fsys, name); err != nil {
			return err
		}
	}
	return c.finishVocab()
}

func (c *catalogue) loadIntents(fsys fs.FS) error {
	names, err := fs.Glob(fsys, "offline/intents_*.txt")
	if err != nil || len(names) == 0 {
		return fmt.Errorf("read offline intents: no offline/intents_*.txt in the catalogue")
	}
	// The files compile side by side, each into its own intents and phrases, and join in name order:
	// an intent's number is its place in the whole catalogue.
	files := make([]intentFile, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() { files[i], files[i].err = readIntents(fsys, name) })
	}
	wg.Wait()
	seen := make(map[string]bool, cap(c.intents))
	for _, f := range files {
		if f.err != nil {
			return f.err
		}
		for _, in := range f.intents {
			// A name is how a reading is told and tested; two intents under one are a slip.
			if seen[in.name] {
				return fmt.Errorf("read offline intents: intent %s is defined twice", in.name)
			}
			seen[in.name] = true
		}
		base := len(c.intents)
		c.intents = append(c.intents, f.intents...)
		for _, r := range f.refs {
			r.intent += base
			c.refs = append(c.refs, r)
		}
	}
	return c.finish()
}

func (c *catalogue) readVocab(fsys fs.FS, name string) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("read offline vocabulary: %w", err)
	}
	section := ""
	text := unsafe.String(unsafe.SliceData(data), len(data)) // data is ours and never written again
	for n := 1; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '[' && line[len(line)-1] == ']' {
			section = line[1 : len(line)-1]
			if c.vocab[section] == nil {
				c.vocab[section] = make(map[string]string, 32)
			}
			continue
		}
		if section == "" {
			return fmt.Errorf("%s:%d: entry outside a [section]", name, n)
		}
		phrase, value, _ := strings.Cut(line, "=")
		phrase, value = strings.TrimSpace(phrase), strings.TrimSpace(value)
		for phrase != "" {
			var p string
			p, phrase, _ = strings.Cut(phrase, ";")
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			c.vocab[section][p] = value
			c.read = append(c.read, sectionPhrase{section, vocabPhrase{stems: stemInto(&c.pool, p), value: value}})
		}
	}
	return nil
}

// finishVocab derives lookups from all vocabulary files once they are read.
func (c *catalogue) finishVocab() error {
	for k, v := range c.vocab["calibration"] {
		x, err1 := strconv.ParseFloat(k, 64)
		y, err2 := strconv.ParseFloat(v, 64)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("offline vocabulary: calibration point %q = %q is not a number", k, v)
		}
		c.calibration = append(c.calibration, [2]float64{x, y})
	}
	if m := c.vocab["confmodel"]; len(m) > 0 {
		c.confModel = make([]float64, len(confNames)+1)
		for i, name := range append([]string{"bias"}, confNames...) {
			w, err := strconv.ParseFloat(m[name], 64)
			if err != nil {
				return fmt.Errorf("offline vocabulary: confmodel weight %q: %w", name, err)
			}
			c.confModel[i] = w
		}
	}
	slices.SortFunc(c.calibration, func(a, b [2]float64) int { return cmp.Compare(a[0], b[0]) })
	c.extValues = map[string]bool{}
	for _, v := range c.vocab["ext"] {
		for _, x := range strings.Split(v, ",") {
			c.extValues[x] = true
		}
	}
	count := make(map[string]int, len(c.vocab))
	for _, p := range c.read {
		count[p.section]++
	}
	all := make([]vocabPhrase, 0, len(c.read))
	for _, p := range c.read {
		ps, ok := c.vocabPhrases[p.section]
		if !ok {
			n := len(all)
			all = all[:n+count[p.section]]
			ps = all[n:n:len(all)]
		}
		c.vocabPhrases[p.section] = append(ps, p.vocabPhrase)
	}
	c.read = nil
	for _, ps := range c.vocabPhrases {
		sortLongestFirst(ps)
	}
	c.indexIdioms()
	return nil
}

// sortLongestFirst orders phrases by length, longest first, keeping file order among equals. The
// stable sort works in place, so no section allocates scratch space.
func sortLongestFirst(ps []vocabPhrase) {
	slices.SortStableFunc(ps, func(a, b vocabPhrase) int { return cmp.Compare(len(b.stems), len(a.stems)) })
}

// stemInto turns a catalogue phrase into its token stems, stored in *pool; a word written "=word" is
// kept as written and matches only that form.
func stemInto(pool *[]string, p string) []string {
	start := len(*pool)
	p = strings.ToLower(p)
	for p != "" {
		var w string
		w, p, _ = strings.Cut(p, " ")
		switch w = strings.TrimSpace(w); {
		case strings.HasPrefix(w, "=") && len(w) > 1:
			*pool = append(*pool, exactMark+w[1:]) // "=installed": as written, so "install" is no match
		case w != "":
			*pool = append(*pool, stem(w))
		}
	}
	return (*pool)[start:len(*pool):len(*pool)]
}

// intentFile is one intents file compiled: its intents, and its keyword phrases numbered by the
// intent's place in the file, their stems in pool.
type intentFile struct {
	intents []*intent
	refs    []phraseRef
	pool    []string
	err     error
}

func readIntents(fsys fs.FS, name string) (intentFile, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return intentFile{}, fmt.Errorf("read offline intents: %w", err)
	}
	// About one stem in 8 bytes and one phrase in 14: the pools rarely grow.
	c := intentFile{refs: make([]phraseRef, 0, len(data)/14), pool: make([]string, 0, len(data)/8)}
	var cur *intent
	text := unsafe.String(unsafe.SliceData(data), len(data)) // data is ours and never written again
	for n := 1; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		key, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		if key == "intent" {
			cur = &intent{name: rest, prior: 0.7}
			c.intents = append(c.intents, cur)
			continue
		}
		if cur == nil {
			return c, fmt.Errorf("%s:%d: %q before the first intent", name, n, key)
		}
		switch {
		case key == "need" || key == "want" || key == "not":
			g := group{weight: 1, need: key == "need", exclude: key == "not"}
			if key == "want" {
				g.weight = 0.5
			}
			// An explicit weight may lead the list: "want 2: sudo; as root".
			if w, tail, ok := strings.Cut(rest, ":"); ok {
				if f, err := strconv.ParseFloat(strings.TrimSpace(w), 64); err == nil {
					g.weight, rest = f, tail
				}
			}
			gi := len(cur.groups)
			cur.groups = append(cur.groups, g)
			for rest != "" {
				var p string
				p, rest, _ = strings.Cut(rest, ";")
				if st := stemInto(&c.pool, p); len(st) > 0 {
					c.refs = append(c.refs, phraseRef{intent: len(c.intents) - 1, group: gi, stems: st})
				}
			}
		case key == "tpl":
			cur.tpl = rest
		case strings.HasPrefix(key, "tpl."):
			if cur.variants == nil {
				cur.variants = make(map[string]string, 2)
			}
			cur.variants[key[4:]] = rest
		case key == "say":
			cur.say = rest
		case key == "prior":
			f, err := strconv.ParseFloat(rest, 64)
			if err != nil {
				return c, fmt.Errorf("%s:%d: prior: %w", name, n, err)
			}
			cur.prior = f
		default:
			return c, fmt.Errorf("%s:%d: unknown key %q", name, n, key)
		}
	}
	return c, nil
}

// finish checks the intents once all files are read and derives what matching needs.
func (c *catalogue) finish() error {
	// One sorted slice, cut into the index, costs a handful of allocations instead of one per phrase.
	// Group the refs by first stem with a counting pass: one copy, no sort, one map.
	slot := make(map[string]int32, 1024) // first stem -> its number in keys
	var keys []string
	var counts []int32
	which := make([]int32, len(c.refs))
	for i, r := range c.refs {
		first := strings.TrimPrefix(r.stems[0], exactMark)
		k, ok := slot[first]
		if !ok {
			k = int32(len(keys))
			slot[first] = k
			keys = append(keys, first)
			counts = append(counts, 0)
		}
		which[i] = k
		counts[k]++
	}
	starts := make([]int32, len(keys)+1)
	for k, n := range counts {
		starts[k+1] = starts[k] + n
	}
	next := slices.Clone(starts[:len(keys)])
	grouped := make([]phraseRef, len(c.refs))
	for i, r := range c.refs {
		grouped[next[which[i]]] = r
		next[which[i]]++
	}
	for k, key := range keys {
		c.index[key] = grouped[starts[k]:starts[k+1]:starts[k+1]]
	}
	c.refs = nil
	for _, in := range c.intents {
		if in.tpl == "" {
			return fmt.Errorf("offline intent %s has no tpl", in.name)
		}
		in.findFirst = strings.HasPrefix(in.tpl, "<find")
		in.chmods = strings.Contains(in.tpl, "chmod ")
		for _, w := range commandWords(in.tpl) {
			for _, tool := range toolsRunBy[w[strings.LastIndexByte(w, '/')+1:]] {
				if !slices.Contains(in.tools, tool) {
					in.tools = append(in.tools, tool)
				}
			}
		}
		if in.name == "fallback" {
			c.fallback = in
		}
	}
	return nil
}

// lookup finds the value of a phrase in a vocabulary section, matching whole stems from tokens[i].
// It returns the value and how many tokens matched, or 0 when nothing did.
func (c *catalogue) lookup(section string, toks []token, i int) (string, int) {
	for _, p := range c.vocabPhrases[section] {
		if matchStems(toks, i, p.stems) {
			return p.value, len(p.stems)
		}
	}
	return "", 0
}

func matchStems(toks []token, i int, stems []string) bool { return matchWords(toks, i, stems, false) }

// has reports whether a section holds the exact lowercase phrase.
func (c *catalogue) has(section, phrase string) bool {
	_, ok := c.vocab[section][phrase]
	return ok
}

// matchPhrase is matchStems for an intent's phrases, which a request may say with another determiner:
// "restart the computer" is written, "restart my computer" said. Vocabularies match strictly: "my
// pictures" is a place, "the pictures" are not.
func matchPhrase(toks []token, i int, stems []string) bool { return matchWords(toks, i, stems, true) }

// matchWords reports whether stems match the unquoted tokens from toks[i] on, by stem or as written;
// anyDeterminer lets one determiner stand for another.
func matchWords(toks []token, i int, stems []string, anyDeterminer bool) bool {
	if i+len(stems) > len(toks) {
		return false
	}
	for k, s := range stems {
		t := toks[i+k]
		if exact, ok := strings.CutPrefix(s, exactMark); ok {
			if t.quoted || t.lower != exact {
				return false
			}
			continue
		}
		if t.quoted || t.stem != s && t.lower != s && !(anyDeterminer && determiner(s) && determiner(t.lower)) {
			return false
		}
	}
	return true
}

// exactMark leads a catalogue word written "=word": it matches that form only, whatever its stem.
const exactMark = "\x00"

// determiner reports whether w points at a thing without naming it: a phrase written with one ("restart
// the computer") matches a request that says another ("restart my computer").
func determiner(w string) bool {
	switch w {
	case "the", "my", "this", "our", "your", "that":
		return true
	}
	return false
}
