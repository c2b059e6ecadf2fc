package offline

import "strings"

// plainWords rewrites the idioms of a request into the plain words the catalogue's intents are written
// in ([idiom] in vocab_idiom.txt): "get rid of" is delete, "as they come in" is follow, "pdfs" are pdf
// files. People say the same thing many ways; each intent then lists one. Quoted words are never
// rewritten, and a phrase matches on stems, so "getting rid of" is an idiom too. toks is not changed.
func (c *catalogue) plainWords(toks []token) []token {
	var out []token
	for i := 0; i < len(toks); {
		plain, n := c.plainAt(toks, i)
		if n == 0 {
			if out != nil {
				out = append(out, toks[i])
			}
			i++
			continue
		}
		if out == nil {
			out = append(make([]token, 0, len(toks)+4), toks[:i]...)
		}
		if len(plain) > 0 {
			out = append(out, plain...)
			out[len(out)-1].comma = toks[i+n-1].comma // copies: the idiom's own tokens stay as they are
			out[len(out)-1].asks = toks[i+n-1].asks
		} else if len(out) > 0 && toks[i+n-1].comma {
			// "Is anything mounted at /mnt/nas right now?": the clause, and the question, end where
			// the dropped words did.
			out[len(out)-1].comma = true
			out[len(out)-1].asks = out[len(out)-1].asks || toks[i+n-1].asks
		} else if len(out) > 0 && askStarts[toks[i].lower] {
			// "before i hand this iso over to the client can u give me the md5": the question starts
			// a clause of its own, as after a comma.
			out[len(out)-1].comma = true
		}
		i += n
	}
	if out == nil {
		return toks
	}
	return out
}

// askStarts are the first words of the dropped phrases that start a question or an ask: "can you",
// "could u", "I'd like to" ("before I upload the pics I'd like to strip their metadata").
var askStarts = setOf("can could would will i'd we'd")

// plainAt is what the words at toks[i] say plainly, and how many words that is; 0 when they are no
// idiom. The longest idiom wins; "pdfs" and "jpgs" are files of that extension.
func (c *catalogue) plainAt(toks []token, i int) ([]token, int) {
	t := toks[i]
	if t.quoted {
		return nil, 0
	}
	for _, key := range []string{t.stem, t.lower} {
		for _, p := range c.idioms[key] {
			if len(p.stems) == 1 && strings.HasSuffix(t.lower, "ing") && !strings.HasSuffix(p.stems[0], "ing") {
				continue // "seeing loads of failed attempts, ...": a gerund tells, "see" asks
			}
			if matchStems(toks, i, p.stems) {
				return p.plain, len(p.stems)
			}
		}
		if t.lower == t.stem {
			break
		}
	}
	if ext, ok := c.pluralExt(t); ok {
		return tokenize(ext + " files"), 1
	}
	if everyKind(toks, i) {
		if i+1 == len(toks) || toks[i+1].lower == "here" {
			return tokenize("*." + t.lower), 1 // "every csv here" are the ones here, not below
		}
		return tokenize(t.lower + " files"), 1 // "each jpg from Downloads"
	}
	return nil, 0
}

// everyKind reports whether toks[i] is a kind of file said in the singular after "every", "each" or
// "all" with no noun after it: "every csv" is every csv file.
func everyKind(toks []token, i int) bool {
	if i == 0 || !pluralKinds[toks[i].lower] {
		return false
	}
	switch toks[i-1].lower {
	case "every", "each", "all":
	default:
		return false
	}
	if i+1 < len(toks) {
		switch stem(toks[i+1].lower) {
		case "file", "document", "image", "video", "photo", "picture", "song", "track", "archive":
			return false
		}
	}
	return true
}

// idiom is an [idiom] phrase's stems and the plain words it is read as, tokenized once.
type idiom struct {
	stems []string
	plain []token
}

// indexIdioms files the [idiom] phrases by their first stem, longest first, with their plain words
// tokenized.
func (c *catalogue) indexIdioms() {
	c.idioms = make(map[string][]idiom, 256)
	for _, p := range c.vocabPhrases["idiom"] {
		c.idioms[p.stems[0]] = append(c.idioms[p.stems[0]], idiom{stems: p.stems, plain: tokenize(p.value)})
	}
}

// pluralExt reads an extension said in the plural ("pdfs", "mp3s") as that extension, when the
// extension is one the catalogue knows as a file kind of its own.
func (c *catalogue) pluralExt(t token) (string, bool) {
	if t.quoted || len(t.lower) < 4 || !strings.HasSuffix(t.lower, "s") {
		return "", false
	}
	ext := strings.TrimSuffix(t.lower, "s")
	if !pluralKinds[ext] || c.vocab["ext"][t.lower] != "" {
		return "", false
	}
	return ext, true
}

// pluralKinds are extensions people pluralise as nouns ("my pdfs"); "logs" or "docs" are names of
// folders as often as kinds of files.
var pluralKinds = setOf("pdf jpg jpeg png gif svg webp mp3 mp4 mkv wav flac csv tsv json yaml yml xml html docx xlsx iso deb rpm zip tgz")

// corrections are what people type when they take back what they began to ask: "list the tables... no
// wait, just list the databases".
var corrections = [][]string{{"no", "wait"}, {"wait", "no"}, {"actually", "no"}, {"scratch", "that"}, {"never", "mind"},
	{"nevermind"}, {"on", "second", "thought"}}

// afterCorrection drops what a request took back: the words up to its last correction, when at least
// two words follow it.
func afterCorrection(toks []token) []token {
	for i := len(toks) - 3; i > 0; i-- {
		for _, c := range corrections {
			if i+len(c)+2 > len(toks) {
				continue
			}
			match := true
			for j, w := range c {
				if toks[i+j].quoted || toks[i+j].lower != w {
					match = false
					break
				}
			}
			if match {
				return toks[i+len(c):]
			}
		}
	}
	return toks
}
