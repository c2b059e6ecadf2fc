// Package pattern fills command templates for every client that uses patterns: it finds the ${name}
// placeholders of a template, checks values against their parameters' types and quotes them for the
// shell, so the TUI's form and the command line fill a pattern the same way.
package pattern

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/cmdai/cmdai/ipc"
)

// TypeBool is a parameter type that team patterns may declare (the cloud API accepts it); local
// patterns declare ipc.ParamString, ipc.ParamInt or ipc.ParamPath.
const TypeBool = "bool"

// placeholderRE finds ${name} in a template. All-capital names (${HOME}, ${PATH}) are the shell's own
// variables and stay as they are.
var placeholderRE = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// IsShellVar reports whether a placeholder's name is the shell's own variable (all capitals, such as
// HOME) rather than a parameter.
func IsShellVar(name string) bool { return strings.ToUpper(name) == name }

// Placeholders lists the parameter names of a template in the order they first appear.
func Placeholders(template string) []string {
	var names []string
	for _, m := range placeholderRE.FindAllStringSubmatch(template, -1) {
		if !IsShellVar(m[1]) && !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	return names
}

// Spans returns the byte ranges [start, end) of the parameter placeholders in template, in order, so a
// view can paint them.
func Spans(template string) [][2]int {
	var out [][2]int
	for _, loc := range placeholderRE.FindAllStringSubmatchIndex(template, -1) {
		if !IsShellVar(template[loc[2]:loc[3]]) {
			out = append(out, [2]int{loc[0], loc[1]})
		}
	}
	return out
}

// Open writes every parameter placeholder of template as a quoted shell variable of the same name, so
// the safety engine rates a pattern for any value a person might fill in rather than for its defaults.
func Open(template string) string {
	return placeholderRE.ReplaceAllStringFunc(template, func(m string) string {
		if name := m[2 : len(m)-1]; !IsShellVar(name) {
			return `"$` + name + `"`
		}
		return m
	})
}

// GuessType reads a parameter's type from its name: paths for file and directory names, int for counts.
func GuessType(name string) string {
	n := strings.ToLower(name)
	for _, w := range []string{"path", "file", "dir", "folder"} {
		if strings.Contains(n, w) {
			return ipc.ParamPath
		}
	}
	for _, w := range []string{"count", "lines", "num", "port", "size", "days", "depth", "limit"} {
		if strings.Contains(n, w) || n == "n" {
			return ipc.ParamInt
		}
	}
	return ipc.ParamString
}

// Params are the parameters a person fills for p: the declared ones (a missing type read as string),
// then any placeholder the template uses without declaring it (a string without a default).
func Params(p ipc.Pattern) []ipc.PatternParam {
	params := make([]ipc.PatternParam, 0, len(p.Params))
	for _, prm := range p.Params {
		if prm.Type == "" {
			prm.Type = ipc.ParamString
		}
		params = append(params, prm)
	}
	for _, name := range Placeholders(p.Command) {
		if !slices.ContainsFunc(params, func(prm ipc.PatternParam) bool { return prm.Name == name }) {
			params = append(params, ipc.PatternParam{Name: name, Type: ipc.ParamString})
		}
	}
	return params
}

// Check reports whether v reads as a value of type typ; the error says what is needed, for a person.
func Check(typ, v string) error {
	switch typ {
	case ipc.ParamInt:
		if _, err := strconv.Atoi(strings.TrimSpace(v)); err != nil {
			return errors.New("a whole number is needed here")
		}
	case ipc.ParamPath:
		if strings.TrimSpace(v) == "" {
			return errors.New("a path is needed here")
		}
		if strings.ContainsAny(v, "\x00\n") {
			return errors.New("a path cannot hold a line break")
		}
	case TypeBool:
		if _, err := strconv.ParseBool(strings.TrimSpace(v)); err != nil {
			return errors.New("true or false is needed here")
		}
	}
	return nil
}

// Fill puts values into template, each quoted for the shell as its type needs. The map names the
// parameters whose values do not read as their type, with why; placeholders without a valid value
// stay in the result as they are.
func Fill(template string, params []ipc.PatternParam, values map[string]string) (string, map[string]error) {
	bad := map[string]error{}
	quoted := map[string]string{}
	for _, prm := range params {
		v := values[prm.Name]
		if prm.Type != ipc.ParamString && prm.Type != "" {
			v = strings.TrimSpace(v)
		}
		if err := Check(prm.Type, v); err != nil {
			bad[prm.Name] = err
			continue
		}
		if prm.Type == TypeBool {
			b, _ := strconv.ParseBool(v)
			v = strconv.FormatBool(b)
		}
		quoted[prm.Name] = Quote(v, prm.Type == ipc.ParamPath)
	}
	out := placeholderRE.ReplaceAllStringFunc(template, func(m string) string {
		if q, ok := quoted[m[2:len(m)-1]]; ok {
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
