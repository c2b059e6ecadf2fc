package offline

import "strings"

// plainWords rewrites the idioms of a request into the plain words the catalogue's intents are written
// in ([idiom] in vocab_idiom.txt): "get rid of" is delete, "as they come in" is follow, "pdfs" are pdf
// files. People say the same thing many ways; each intent then lists one. Quoted words are never
// rewritten, and a phrase matches on stems, so "getting rid of" is an idiom too. toks is not changed.
func (c *catalogue) plainWords(toks []token) []token {
	var out []token
	for i := 0; i < len(toks); {
		if p, ok := c.idiomAt(toks, i); ok {
			if out == nil {
				out = append(make([]token, 0, len(toks)+4), toks[:i]...)
			}
			plain := tokenize(p.value)
			if n := len(plain); n > 0 {
				plain[n-1].comma = toks[i+len(p.stems)-1].comma
			}
			out = append(out, plain...)
			i += len(p.stems)
			continue
		}
		if ext, ok := c.pluralExt(toks[i]); ok {
			// "pdfs", "jpgs": files of that extension.
			if out == nil {
				out = append(make([]token, 0, len(toks)+4), toks[:i]...)
			}
			plain := tokenize(ext + " files")
			plain[1].comma = toks[i].comma
			out = append(out, plain...)
			i++
			continue
		}
		if out != nil {
			out = append(out, toks[i])
		}
		i++
	}
	if out == nil {
		return toks
	}
	return out
}

// idiomAt returns the longest idiom that starts at toks[i].
func (c *catalogue) idiomAt(toks []token, i int) (vocabPhrase, bool) {
	t := toks[i]
	if t.quoted {
		return vocabPhrase{}, false
	}
	key := t.stem
	if determiner(t.lower) {
		key = "the" // "this box" is an idiom written "the box" too
	}
	for _, p := range c.idioms[key] {
		if matchStems(toks, i, p.stems) {
			return p, true
		}
	}
	if t.lower != t.stem {
		for _, p := range c.idioms[t.lower] {
			if matchStems(toks, i, p.stems) {
				return p, true
			}
		}
	}
	return vocabPhrase{}, false
}

// indexIdioms files the [idiom] phrases by their first stem, longest first; a phrase that starts with
// a determiner is filed under "the", since determiners match each other.
func (c *catalogue) indexIdioms() {
	c.idioms = make(map[string][]vocabPhrase, 256)
	for _, p := range c.vocabPhrases["idiom"] {
		key := p.stems[0]
		if determiner(key) {
			key = "the"
		}
		c.idioms[key] = append(c.idioms[key], p)
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
