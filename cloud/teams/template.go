package teams

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/safety"
)

// Limits on what a shared pattern holds.
const (
	MaxTemplateBytes = 8 << 10
	MaxParameters    = 20
	MaxTags          = 10
)

// ParameterTypes are the types a pattern parameter may declare.
var ParameterTypes = []string{"string", "path", "int", "bool"}

var (
	placeholderPattern = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)
	paramNamePattern   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)
	tagPattern         = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,31}$`)
)

// Placeholders returns the distinct ${name} placeholders of a template, in order of first use.
func Placeholders(template string) []string {
	var names []string
	for _, m := range placeholderPattern.FindAllStringSubmatch(template, -1) {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	return names
}

// checkTemplate holds a template and its parameters to each other: every placeholder is declared, every
// declared parameter is used once at least, names are unique and defaults fit their types.
func checkTemplate(template string, params []pgstore.Parameter) error {
	if strings.TrimSpace(template) == "" || len(template) > MaxTemplateBytes {
		return invalid("template", "template is required (at most 8 KiB)")
	}
	if len(params) > MaxParameters {
		return invalid("parameters", "at most %d parameters", MaxParameters)
	}
	used := Placeholders(template)
	declared := make([]string, 0, len(params))
	for i := range params {
		p := &params[i]
		if !paramNamePattern.MatchString(p.Name) {
			return invalid("parameters", "parameter name %q is not a letter or _ followed by letters, digits or _", p.Name)
		}
		if slices.Contains(declared, p.Name) {
			return invalid("parameters", "parameter %q is declared twice", p.Name)
		}
		declared = append(declared, p.Name)
		if p.Type == "" {
			p.Type = "string"
		}
		if !slices.Contains(ParameterTypes, p.Type) {
			return invalid("parameters", "parameter %q has type %q (want string, path, int or bool)", p.Name, p.Type)
		}
		if len(p.Default) > 1024 {
			return invalid("parameters", "parameter %q has a default longer than 1 KiB", p.Name)
		}
		if p.Default != "" {
			var bad bool
			switch p.Type {
			case "int":
				_, err := strconv.Atoi(p.Default)
				bad = err != nil
			case "bool":
				_, err := strconv.ParseBool(p.Default)
				bad = err != nil
			}
			if bad {
				return invalid("parameters", "parameter %q: default %q is not a valid %s", p.Name, p.Default, p.Type)
			}
		}
		if !slices.Contains(used, p.Name) {
			return invalid("parameters", "parameter %q is not used in the template (write ${%s} where it goes)", p.Name, p.Name)
		}
	}
	for _, name := range used {
		if !slices.Contains(declared, name) {
			return invalid("template", "placeholder ${%s} is not declared in parameters", name)
		}
	}
	return nil
}

// normalizeTags lowercases, checks and de-duplicates tags.
func normalizeTags(tags []string) ([]string, error) {
	if len(tags) > MaxTags {
		return nil, invalid("tags", "at most %d tags", MaxTags)
	}
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if !tagPattern.MatchString(t) {
			return nil, invalid("tags", "tag %q is not 1 to 32 lowercase letters, digits, '.', '_' or '-'", t)
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, nil
}

// templateRisk rates a template with every placeholder left open as a quoted shell variable: the safety
// engine treats what it cannot know as unknown, so a pattern is rated for the worst value a member
// might fill in rather than for its defaults.
func templateRisk(template, shell string) safety.Risk {
	open := placeholderPattern.ReplaceAllString(template, `"$$$1"`)
	return safety.Check(open, safety.Options{Shell: shell}).Risk
}
