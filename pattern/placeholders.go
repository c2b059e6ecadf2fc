package pattern

import (
	"regexp"
	"slices"
	"strings"
)

// placeholderRE finds ${name} in a template.
var placeholderRE = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// IsParamName reports whether the placeholder ${name} is a parameter: its name holds a lower-case
// letter. An all-capital name (${HOME}, ${PATH}, ${_}) is an environment variable that the shell
// expands when the command runs, on every machine the pattern reaches, so it is never filled, asked
// for, declared or shared as a parameter.
func IsParamName(name string) bool { return strings.ToUpper(name) != name }

// Placeholders lists the parameter names of a template in the order they first appear.
func Placeholders(template string) []string {
	var names []string
	for _, m := range placeholderRE.FindAllStringSubmatch(template, -1) {
		if IsParamName(m[1]) && !slices.Contains(names, m[1]) {
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
		if IsParamName(template[loc[2]:loc[3]]) {
			out = append(out, [2]int{loc[0], loc[1]})
		}
	}
	return out
}

// Open writes every parameter placeholder of template as a quoted shell variable of the same name. The
// safety engine treats what it cannot know as unknown, so the opened template is rated for any value a
// person might fill in rather than for its defaults; the client and the server rate patterns this way.
func Open(template string) string {
	return placeholderRE.ReplaceAllStringFunc(template, func(m string) string {
		if name := m[2 : len(m)-1]; IsParamName(name) {
			return `"$` + name + `"`
		}
		return m
	})
}
