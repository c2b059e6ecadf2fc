package teams

import (
	"errors"
	"regexp"
	"slices"
	"strings"

	"github.com/cmdai/cmdai/pattern"
	"github.com/cmdai/cmdai/safety"
)

// Limits on what a shared pattern holds.
const (
	MaxTemplateBytes = 8 << 10
	MaxParameters    = 20
	MaxTags          = 10
)

var tagPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,31}$`)

// checkTemplate holds a shared template to the server's limits and, through pattern.Check, to its
// parameters, as every client does; it returns the parameters with their types filled in.
func checkTemplate(template string, params []pattern.Param) ([]pattern.Param, error) {
	if strings.TrimSpace(template) == "" || len(template) > MaxTemplateBytes {
		return nil, invalid("template", "template is required (at most 8 KiB)")
	}
	if len(params) > MaxParameters {
		return nil, invalid("parameters", "at most %d parameters", MaxParameters)
	}
	checked, err := pattern.Check(template, params)
	var pe *pattern.ParamError
	switch {
	case errors.As(err, &pe) && pe.Placeholder:
		return nil, invalid("template", "%s", pe.Error())
	case err != nil:
		return nil, invalid("parameters", "%s", err.Error())
	}
	return checked, nil
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

// templateRisk rates a template opened as every client opens it (pattern.Open), so a pattern is rated
// for the worst value a member might fill in rather than for its defaults.
func templateRisk(template, shell string) safety.Risk {
	return safety.Check(pattern.Open(template), safety.Options{Shell: shell}).Risk
}
