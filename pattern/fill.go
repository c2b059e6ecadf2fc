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
		quoted[prm.Name] = Quote(v, prm.Type == TypePath)
	}
	out := placeholderRE.ReplaceAllStringFunc(template, func(m string) string {
		name := m[2 : len(m)-1]
		if q, ok := quoted[name]; ok && IsParamName(name) {
			return q
		}
		return m
	})
	return out, bad
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
