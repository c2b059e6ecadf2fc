package tldr

import (
	"regexp"
	"strings"
)

// Kind is what a placeholder asks for.
type Kind int

// Kinds of placeholders.
const (
	// KindOption is an option written in its short and long forms, {{[-r|--recursive]}}, or a
	// subcommand's spellings, {{[ls|list]}}: nothing to fill, one form to choose.
	KindOption Kind = iota
	// KindMore is {{...}}: "more of the same", dropped when filled.
	KindMore
	// KindPath is a file or directory, {{path/to/file.txt}}, possibly several.
	KindPath
	// KindDevice is a block device, {{/dev/sdX}}.
	KindDevice
	// KindURL is a URL, {{https://example.com}}.
	KindURL
	// KindHost is a host name or address, {{example.com}}, {{host}}, {{ip_address}}.
	KindHost
	// KindPort is a port number.
	KindPort
	// KindUser is a user name.
	KindUser
	// KindNumber is a number, possibly with a unit, written as its example value, {{10}}, {{5s}}.
	KindNumber
	// KindChoice is one of a few literal values, {{date|seconds|ns}}.
	KindChoice
	// KindValue is anything else, named by its words: {{container_name}}, {{branch_name}}, {{package}}.
	KindValue
)

// Hole is one placeholder of a template.
type Hole struct {
	// Raw is the placeholder's text between the braces.
	Raw  string
	Kind Kind
	// Alts are an option's forms (short first) or a choice's values.
	Alts []string
	// Prefix is literal text a placeholder carries before its value: {{cat path/to/file.json}}.
	Prefix string
	// Multi is true when the placeholder stands for several values (path/to/file1 path/to/file2 ...).
	Multi bool
	// Dir is true for a path that names a directory; Ext is the extension a file path shows (".json").
	Dir bool
	Ext string
	// Default is the example value of a number ("10") or a path that means "here" (".").
	Default string
	// Unit is what follows a number's digits in its example ("s", "%", "M").
	Unit string
	// Nouns are the words of a value's name: "container" for {{container_name}}.
	Nouns []string
}

// Part is literal text or a hole.
type Part struct {
	Text string
	Hole *Hole
}

// Template is an example's command split into literal text and holes.
type Template []Part

// Parse splits an example's command into literal text and typed holes.
func Parse(cmd string) Template {
	var t Template
	for {
		i := strings.Index(cmd, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(cmd[i+2:], "}}")
		if j < 0 {
			break
		}
		end := i + 2 + j
		for cmd[i+2] == '{' && end+2 < len(cmd) && cmd[end+2] == '}' { // {{{key: 1}}}: the braces belong to the value
			end++
		}
		if i > 0 {
			t = append(t, Part{Text: cmd[:i]})
		}
		h := classify(cmd[i+2 : end])
		t = append(t, Part{Hole: &h})
		cmd = cmd[end+2:]
	}
	if cmd != "" {
		t = append(t, Part{Text: cmd})
	}
	return t
}

// Holes are the template's placeholders, in order.
func (t Template) Holes() []*Hole {
	var hs []*Hole
	for _, p := range t {
		if p.Hole != nil {
			hs = append(hs, p.Hole)
		}
	}
	return hs
}

// Literal is the template with its options chosen and its other holes left out: the words it runs
// whatever the request says, for matching and explaining.
func (t Template) Literal() string {
	var b strings.Builder
	for _, p := range t {
		switch {
		case p.Hole == nil:
			b.WriteString(p.Text)
		case p.Hole.Kind == KindOption:
			b.WriteString(p.Hole.Alts[0])
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// Fill renders the template with fill's value for each hole; options take their first (short) form
// and {{...}} disappears. It reports false, with an empty command, when fill has no value for a hole:
// an answer never shows a placeholder.
func (t Template) Fill(fill func(h *Hole) (string, bool)) (string, bool) {
	var b strings.Builder
	for i, p := range t {
		if p.Hole == nil {
			b.WriteString(p.Text)
			continue
		}
		switch p.Hole.Kind {
		case KindOption:
			b.WriteString(p.Hole.Alts[0])
			continue
		case KindMore:
			continue
		}
		v, ok := fill(p.Hole)
		if !ok {
			return "", false
		}
		if i+1 < len(t) && t[i+1].Hole == nil && strings.HasPrefix(t[i+1].Text, ".") {
			// {{path/to/video}}.mkv: the template writes the extension itself.
			ext, _, _ := strings.Cut(t[i+1].Text, " ")
			v = strings.TrimSuffix(strings.Trim(v, "'"), ext)
		}
		b.WriteString(p.Hole.Prefix + v)
	}
	return strings.Join(strings.Fields(b.String()), " "), true
}

var (
	optionRE = regexp.MustCompile(`^\[([^|\]]*)\|([^\]]*)\]$`)
	numberRE = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)([a-zA-Z%]{0,3})$`)
	wordRE   = regexp.MustCompile(`[a-z]+`)
)

func classify(raw string) Hole {
	h := Hole{Raw: raw, Kind: KindValue}
	low := strings.ToLower(raw)
	switch {
	case raw == "..." || strings.Trim(raw, ". ") == "" && strings.Contains(raw, "..."):
		h.Kind = KindMore
		return h
	case optionRE.MatchString(raw):
		m := optionRE.FindStringSubmatch(raw)
		h.Kind = KindOption
		for _, a := range m[1:] {
			if a != "" {
				h.Alts = append(h.Alts, a)
			}
		}
		if len(h.Alts) == 2 && !strings.HasPrefix(h.Alts[0], "-") {
			// A subcommand's short and full spellings ([resi|resize]): the full one reads better.
			h.Alts[0], h.Alts[1] = h.Alts[1], h.Alts[0]
		}
		if len(h.Alts) == 0 {
			h.Alts = []string{""}
		}
		return h
	case raw == "." || raw == "..":
		h.Kind, h.Dir, h.Default = KindPath, true, raw
		return h
	case strings.Contains(low, "path/to") || strings.HasPrefix(raw, "~/") || strings.HasPrefix(raw, "./") ||
		strings.HasPrefix(raw, "*.") && !strings.Contains(raw, " "):
		h.Kind = KindPath
		words := strings.Fields(raw)
		if len(words) > 1 && !strings.Contains(words[0], "/") {
			h.Prefix = words[0] + " "
			words = words[1:]
		}
		h.Multi = len(words) > 1 || strings.Contains(raw, "...")
		last := words[0]
		base := last[strings.LastIndex(last, "/")+1:]
		h.Dir = strings.Contains(base, "dir") || strings.Contains(base, "folder") || strings.HasSuffix(last, "/")
		if k := strings.LastIndex(base, "."); k > 0 && !h.Dir {
			h.Ext = strings.TrimRight(base[k:], "*")
			if h.Ext == "." {
				h.Ext = ""
			}
		}
		return h
	case strings.HasPrefix(raw, "/dev/"):
		h.Kind = KindDevice
		return h
	case strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://") || strings.HasPrefix(low, "ftp://") || low == "url":
		h.Kind = KindURL
		return h
	case numberRE.MatchString(raw):
		m := numberRE.FindStringSubmatch(raw)
		h.Kind, h.Default, h.Unit = KindNumber, m[1], m[2]
		return h
	case !strings.Contains(raw, " ") && strings.Count(raw, "|") > 0 && !strings.HasPrefix(raw, "|"):
		h.Kind = KindChoice
		h.Alts = strings.Split(raw, "|")
		return h
	}
	h.Nouns = wordRE.FindAllString(low, -1)
	switch {
	case hasAny(h.Nouns, "port"):
		h.Kind = KindPort
	case hasAny(h.Nouns, "username", "user", "login") && !hasAny(h.Nouns, "group", "password"):
		h.Kind = KindUser
	case hasAny(h.Nouns, "host", "hostname", "domain", "server", "ip", "address", "remote") && !hasAny(h.Nouns, "name", "path", "file", "port", "user", "mac") ||
		raw == "example.com" || strings.HasSuffix(low, ".example.com") || strings.Count(raw, ".") == 3 && strings.Trim(raw, "0123456789.") == "":
		h.Kind = KindHost
	case low == "hostname" || low == "host_name" || low == "ip_address" || low == "remote_host":
		h.Kind = KindHost
	}
	return h
}

func hasAny(words []string, any ...string) bool {
	for _, w := range words {
		for _, a := range any {
			if w == a {
				return true
			}
		}
	}
	return false
}
