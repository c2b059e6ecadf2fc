package pattern

import (
	"fmt"
	"regexp"
	"slices"
)

// Limits on one parameter.
const (
	MaxNameBytes        = 64
	MaxDefaultBytes     = 1 << 10
	MaxDescriptionBytes = 200
)

var paramNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ParamError is a parameter that does not fit its template: Param names it. Placeholder says that the
// fault is a ${Param} of the template rather than a declared parameter.
type ParamError struct {
	Param       string
	Placeholder bool
	msg         string
}

func (e *ParamError) Error() string { return e.msg }

func paramErrorf(name, format string, args ...any) error {
	return &ParamError{Param: name, msg: fmt.Sprintf(format, args...)}
}

// Check holds a template and the parameters declared for it to each other: each name is well formed
// and declared once, each type is known, each default reads as its type, each parameter is used in the
// template, and each placeholder of the template is declared. The error is a *ParamError. It returns
// the parameters with an empty type read as string.
func Check(template string, params []Param) ([]Param, error) {
	used := Placeholders(template)
	out := make([]Param, 0, len(params))
	for _, p := range params {
		switch {
		case !paramNameRE.MatchString(p.Name) || len(p.Name) > MaxNameBytes:
			return nil, paramErrorf(p.Name, "parameter name %q: use a letter or _, then letters, digits or _ (at most %d)", p.Name, MaxNameBytes)
		case !IsParamName(p.Name):
			return nil, paramErrorf(p.Name, "parameter %q: an all-capital name is the shell's environment variable; give the parameter a name with a lower-case letter", p.Name)
		case slices.ContainsFunc(out, func(q Param) bool { return q.Name == p.Name }):
			return nil, paramErrorf(p.Name, "parameter %q is declared twice", p.Name)
		}
		t, err := ParseType(string(p.Type))
		if err != nil {
			return nil, paramErrorf(p.Name, "parameter %q: %v", p.Name, err)
		}
		p.Type = t
		switch {
		case len(p.Default) > MaxDefaultBytes:
			return nil, paramErrorf(p.Name, "parameter %q: the default is longer than 1 KiB", p.Name)
		case p.Default != "" && p.Type.Check(p.Default) != nil:
			return nil, paramErrorf(p.Name, "parameter %q: default %q is not a valid %s: %v", p.Name, p.Default, p.Type, p.Type.Check(p.Default))
		case len(p.Description) > MaxDescriptionBytes:
			return nil, paramErrorf(p.Name, "parameter %q: the description is longer than %d bytes", p.Name, MaxDescriptionBytes)
		case !slices.Contains(used, p.Name):
			return nil, paramErrorf(p.Name, "parameter %q is not used in the template (write ${%s} where it goes)", p.Name, p.Name)
		}
		out = append(out, p)
	}
	for _, name := range used {
		if !slices.ContainsFunc(out, func(p Param) bool { return p.Name == name }) {
			return nil, &ParamError{Param: name, Placeholder: true, msg: fmt.Sprintf("placeholder ${%s} is not declared in parameters", name)}
		}
	}
	return out, nil
}
