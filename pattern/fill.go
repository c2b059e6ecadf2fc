package pattern

import (
	"regexp"
	"strconv"
	"strings"
)

// Fill puts values into template's parameter placeholders, each quoted for the shell as its type needs.
// The map names the parameters whose values do not read as their type, with why; placeholders without
// a valid value stay in the result as they are.
func Fill(template string, params []Param, values map[string]string) (string, map[string]error) {
	bad := map[string]error{}
	quoted := map[string]string{}
	for _, prm := range params {
		v := values[prm.Name]
		if prm.Type != TypeString && prm.Type != "" {
			v = strings.TrimSpace(v)
		}
		if err := prm.Type.Check(v); err != nil {
			bad[prm.Name] = err
			continue
		}
		if prm.Type == TypeBool {
			b, _ := strconv.ParseBool(v)
			v = strconv.FormatBool(b)
		}
		quoted[prm.Name] = v
	}
	// Each placeholder is quoted for where it stands: a bare word, inside "…", or inside '…'. The
	// template's own quotes stay; the value never ends them.
	var b strings.Builder
	last := 0
	ctx := quoteContexts(template)
	for _, loc := range placeholderRE.FindAllStringSubmatchIndex(template, -1) {
		name := template[loc[2]:loc[3]]
		v, ok := quoted[name]
		if !ok || !IsParamName(name) {
			continue
		}
		b.WriteString(template[last:loc[0]])
		b.WriteString(quoteIn(ctx[loc[0]], v, typeOf(params, name) == TypePath))
		last = loc[1]
	}
	b.WriteString(template[last:])
	return b.String(), bad
}

func typeOf(params []Param, name string) Type {
	for _, p := range params {
		if p.Name == name {
			return p.Type
		}
	}
	return ""
}

// quoting is where a placeholder stands in the template: as a bare word, inside double quotes, or
// inside single quotes.
type quoting int

const (
	bare quoting = iota
	inDouble
	inSingle
)

// quoteContexts reads template as the shell would and tells, for each offset where a quote state
// holds, which one: backslash escapes, '…' (no escapes inside), "…" (backslash escapes \ \" \$ \`).
func quoteContexts(template string) map[int]quoting {
	out := map[int]quoting{}
	state := bare
	for i := 0; i < len(template); i++ {
		out[i] = state
		c := template[i]
		switch state {
		case bare:
			switch c {
			case '\\':
				i++
			case '\'':
				state = inSingle
			case '"':
				state = inDouble
			}
		case inSingle:
			if c == '\'' {
				state = bare
			}
		case inDouble:
			switch c {
			case '\\':
				i++
			case '"':
				state = bare
			}
		}
	}
	return out
}

// quoteIn writes value v for a placeholder in quoting context q, so that the shell reads exactly v there.
func quoteIn(q quoting, v string, path bool) string {
	switch q {
	case inDouble:
		// Inside "…" only \, ", $ and ` are special (and the tilde is not expanded).
		r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`")
		return r.Replace(v)
	case inSingle:
		// Nothing is special inside '…' but the quote that ends it: end, write one quote, start again.
		return strings.ReplaceAll(v, "'", `'\''`)
	}
	return Quote(v, path)
}

// safeWord is what a shell reads as one literal word without quotes.
var safeWord = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// Quote quotes s as one shell word. A path that starts with ~/ keeps the tilde outside the quotes so
// that the shell still expands it.
func Quote(s string, path bool) string {
	if path && (s == "~" || strings.HasPrefix(s, "~/")) {
		if s == "~" {
			return s
		}
		return "~/" + Quote(s[2:], false)
	}
	if s == "" {
		return "''"
	}
	if safeWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
