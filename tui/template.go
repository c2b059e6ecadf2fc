package tui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/cmdai/cmdai/ipc"
)

// placeholderRE finds ${name} in a template. All-capital names (${HOME}, ${PATH}) are the shell's own
// variables and stay as they are.
var placeholderRE = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

func isShellVar(name string) bool { return strings.ToUpper(name) == name }

// placeholders lists the parameter names of a template in the order they first appear.
func placeholders(template string) []string {
	var names []string
	for _, m := range placeholderRE.FindAllStringSubmatch(template, -1) {
		if !isShellVar(m[1]) && !contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	return names
}

// guessType reads a parameter's type from its name: paths for file and directory names, int for counts.
func guessType(name string) string {
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

// templateParams are the parameters a person fills for p: the declared ones, then any placeholder the
// template uses without declaring it (a string without a default).
func templateParams(p ipc.Pattern) []ipc.PatternParam {
	params := append([]ipc.PatternParam(nil), p.Params...)
	for _, name := range placeholders(p.Command) {
		declared := false
		for _, prm := range params {
			declared = declared || prm.Name == name
		}
		if !declared {
			params = append(params, ipc.PatternParam{Name: name, Type: ipc.ParamString})
		}
	}
	return params
}

// checkValue reports whether v reads as a value of type typ.
func checkValue(typ, v string) error {
	switch typ {
	case ipc.ParamInt:
		if _, err := strconv.Atoi(strings.TrimSpace(v)); err != nil {
			return fmt.Errorf("a whole number is needed here")
		}
	case ipc.ParamPath:
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("a path is needed here")
		}
		if strings.ContainsAny(v, "\x00\n") {
			return fmt.Errorf("a path cannot hold a line break")
		}
	}
	return nil
}

// fill puts values into template, each quoted for the shell as its type needs. It returns the first
// value that does not read as its type, by parameter name.
func fill(template string, params []ipc.PatternParam, values map[string]string) (string, map[string]error) {
	bad := map[string]error{}
	quoted := map[string]string{}
	for _, prm := range params {
		v := values[prm.Name]
		if prm.Type == ipc.ParamInt || prm.Type == ipc.ParamPath {
			v = strings.TrimSpace(v)
		}
		if err := checkValue(prm.Type, v); err != nil {
			bad[prm.Name] = err
			continue
		}
		quoted[prm.Name] = shellQuote(v, prm.Type == ipc.ParamPath)
	}
	out := placeholderRE.ReplaceAllStringFunc(template, func(m string) string {
		name := m[2 : len(m)-1]
		if q, ok := quoted[name]; ok {
			return q
		}
		return m
	})
	return out, bad
}

// safeWord is what a shell reads as one literal word without quotes.
var safeWord = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// shellQuote quotes s as one word. A path that starts with ~/ keeps the tilde outside the quotes so
// that the shell still expands it.
func shellQuote(s string, path bool) string {
	if path && (s == "~" || strings.HasPrefix(s, "~/")) {
		if s == "~" {
			return s
		}
		return "~/" + shellQuote(s[2:], false)
	}
	if s == "" {
		return "''"
	}
	if safeWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
