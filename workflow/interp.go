package workflow

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var refPattern = regexp.MustCompile(`\$\$?\{([^}]*)\}`)

// references are the names inside the ${…} of text (not $${…}, which is a literal ${…}).
func references(text string) []string {
	var out []string
	for _, m := range refPattern.FindAllStringSubmatch(text, -1) {
		if strings.HasPrefix(m[0], "$$") {
			continue
		}
		out = append(out, strings.TrimSpace(m[1]))
	}
	return out
}

// StepResult is what a finished step leaves for the steps after it.
type StepResult struct {
	Status     Status            `json:"status"`
	Output     string            `json:"output,omitempty"`  // a command's stdout, an http body, trimmed
	Outputs    map[string]string `json:"outputs,omitempty"` // NAME=value lines written to $CMDAI_OUTPUT
	ExitCode   int               `json:"exit_code"`
	StatusCode int               `json:"status_code,omitempty"`
}

// Scope is what ${…} can name: parameters, the environment, secrets and earlier steps' results.
type Scope struct {
	Params  map[string]string
	Env     func(string) (string, bool) // nil: os.LookupEnv
	Secrets map[string]string
	Steps   map[string]StepResult
}

// ErrUnresolved is wrapped by an interpolation that names nothing known.
var ErrUnresolved = errors.New("unresolved reference")

func (sc Scope) lookup(ref string) (string, error) {
	env := sc.Env
	if env == nil {
		env = os.LookupEnv
	}
	if v, ok := sc.Params[ref]; ok {
		return v, nil
	}
	head, rest, _ := strings.Cut(ref, ".")
	switch head {
	case "env":
		if v, ok := env(rest); ok {
			return v, nil
		}
		return "", fmt.Errorf("%w: ${%s}: no environment variable %s", ErrUnresolved, ref, rest)
	case "secrets":
		if v, ok := sc.Secrets[rest]; ok {
			return v, nil
		}
		return "", fmt.Errorf("%w: ${%s}: no secret named %s", ErrUnresolved, ref, rest)
	case "params", "parameters":
		if v, ok := sc.Params[rest]; ok {
			return v, nil
		}
		return "", fmt.Errorf("%w: ${%s}: no parameter named %s", ErrUnresolved, ref, rest)
	case "steps":
		step, field, _ := strings.Cut(rest, ".")
		r, ok := sc.Steps[step]
		if !ok {
			return "", fmt.Errorf("%w: ${%s}: step %s has not run", ErrUnresolved, ref, step)
		}
		switch f, name, _ := strings.Cut(field, "."); f {
		case "output":
			return r.Output, nil
		case "outputs":
			if v, ok := r.Outputs[name]; ok {
				return v, nil
			}
			return "", fmt.Errorf("%w: ${%s}: step %s wrote no output %s", ErrUnresolved, ref, step, name)
		case "status":
			return string(r.Status), nil
		case "exit_code":
			return strconv.Itoa(r.ExitCode), nil
		case "status_code":
			return strconv.Itoa(r.StatusCode), nil
		}
		return "", fmt.Errorf("%w: ${%s}: steps have output, outputs.NAME, status, exit_code and status_code", ErrUnresolved, ref)
	}
	if v, ok := sc.Params[ref]; ok {
		return v, nil
	}
	if v, ok := env(ref); ok {
		return v, nil
	}
	return "", fmt.Errorf("%w: ${%s} is neither a parameter nor an environment variable", ErrUnresolved, ref)
}

// Expand replaces each ${…} of text with its value, as plain text (URLs, messages, parameters).
func (sc Scope) Expand(text string) (string, error) {
	var firstErr error
	out := refPattern.ReplaceAllStringFunc(text, func(m string) string {
		if strings.HasPrefix(m, "$$") {
			return m[1:]
		}
		v, err := sc.lookup(strings.TrimSpace(m[2 : len(m)-1]))
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return v
	})
	return out, firstErr
}

// ExpandShell replaces each ${…} of a shell command with its value quoted for where it stands:
// outside quotes as one single-quoted word, inside double quotes with ", \, $ and ` escaped, inside
// single quotes by closing and reopening them. A value is always data: `x; rm -rf ~` stays one argument.
func (sc Scope) ExpandShell(command string) (string, error) {
	var b strings.Builder
	const (
		bare = iota
		single
		double
	)
	state := bare
	for i := 0; i < len(command); i++ {
		c := command[i]
		if c == '$' && strings.HasPrefix(command[i:], "$${") {
			end := strings.IndexByte(command[i:], '}')
			if end > 0 {
				b.WriteString(command[i+1 : i+end+1])
				i += end
				continue
			}
		}
		if c == '$' && strings.HasPrefix(command[i:], "${") {
			end := strings.IndexByte(command[i:], '}')
			if end > 0 {
				v, err := sc.lookup(strings.TrimSpace(command[i+2 : i+end]))
				if err != nil {
					return "", err
				}
				if strings.IndexByte(v, 0) >= 0 {
					return "", fmt.Errorf("${%s} holds a NUL byte, which no shell argument can", command[i+2:i+end])
				}
				switch state {
				case bare:
					b.WriteString(shellQuote(v))
				case double:
					b.WriteString(escapeDouble(v))
				case single:
					b.WriteString("'" + shellQuote(v) + "'")
				}
				i += end
				continue
			}
		}
		switch {
		case state == bare && c == '\\' && i+1 < len(command):
			b.WriteByte(c)
			i++
			c = command[i]
		case state == double && c == '\\' && i+1 < len(command):
			b.WriteByte(c)
			i++
			c = command[i]
		case state == bare && c == '\'':
			state = single
		case state == single && c == '\'':
			state = bare
		case state == bare && c == '"':
			state = double
		case state == double && c == '"':
			state = bare
		}
		b.WriteByte(c)
	}
	return b.String(), nil
}

// shellQuote is s as one shell word: itself when it holds only characters no shell treats specially,
// else single-quoted.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-./:@%+,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func escapeDouble(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`")
	return r.Replace(s)
}

// coerce checks v against the parameter's type and enum and returns it as text.
func (p Parameter) coerce(v any) (string, error) {
	s := fmt.Sprint(v)
	switch p.Type {
	case "number":
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "", fmt.Errorf("parameter %s is a number, not %q", p.Name, s)
		}
	case "integer":
		if _, err := strconv.ParseInt(s, 10, 64); err != nil {
			return "", fmt.Errorf("parameter %s is an integer, not %q", p.Name, s)
		}
	case "boolean":
		if _, err := strconv.ParseBool(s); err != nil {
			return "", fmt.Errorf("parameter %s is true or false, not %q", p.Name, s)
		}
	}
	return s, nil
}

// Bind checks the values given for a workflow's parameters (as text, from --param k=v or a request)
// and fills in defaults. It refuses unknown names, missing required ones and values outside an enum.
func Bind(w *Workflow, given map[string]string) (map[string]string, error) {
	out := map[string]string{}
	var errs []string
	declared := map[string]bool{}
	for _, p := range w.Parameters {
		declared[p.Name] = true
		v, ok := given[p.Name]
		if !ok {
			switch {
			case p.Default != nil:
				v = fmt.Sprint(p.Default)
			case p.Required:
				errs = append(errs, fmt.Sprintf("parameter %s is required (--param %s=VALUE)", p.Name, p.Name))
				continue
			default:
				out[p.Name] = ""
				continue
			}
		}
		s, err := p.coerce(v)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if len(p.Enum) > 0 && !slices.ContainsFunc(p.Enum, func(e any) bool { return fmt.Sprint(e) == s }) {
			allowed := make([]string, len(p.Enum))
			for i, e := range p.Enum {
				allowed[i] = fmt.Sprint(e)
			}
			errs = append(errs, fmt.Sprintf("parameter %s is one of %s, not %q", p.Name, strings.Join(allowed, ", "), s))
			continue
		}
		out[p.Name] = s
	}
	var unknown []string
	for k := range given {
		if !declared[k] {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		errs = append(errs, fmt.Sprintf("the workflow has no parameter %s", k))
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "; "))
	}
	return out, nil
}

// splitCondition reads an if: as `LEFT == RIGHT`, `LEFT != RIGHT` or a lone value (true unless empty,
// false, 0 or no).
func splitCondition(cond string) (left, op, right string, err error) {
	cond = strings.TrimSpace(cond)
	for _, o := range []string{"==", "!="} {
		if l, r, ok := strings.Cut(cond, o); ok {
			l, r = strings.TrimSpace(l), strings.TrimSpace(r)
			if l == "" || r == "" {
				return "", "", "", fmt.Errorf("%q compares nothing: write ${x} == 'value'", cond)
			}
			return l, o, r, nil
		}
	}
	if cond == "" {
		return "", "", "", errors.New("an empty condition")
	}
	return cond, "", "", nil
}

// Holds evaluates an if: condition in the scope.
func (sc Scope) Holds(cond string) (bool, error) {
	l, op, r, err := splitCondition(cond)
	if err != nil {
		return false, err
	}
	value := func(s string) (string, error) {
		v, err := sc.Expand(s)
		if err != nil {
			return "", err
		}
		if len(v) >= 2 && (v[0] == '\'' && v[len(v)-1] == '\'' || v[0] == '"' && v[len(v)-1] == '"') {
			v = v[1 : len(v)-1]
		}
		return v, nil
	}
	lv, err := value(l)
	if err != nil {
		return false, err
	}
	switch op {
	case "":
		switch strings.ToLower(strings.TrimSpace(lv)) {
		case "", "false", "0", "no":
			return false, nil
		}
		return true, nil
	}
	rv, err := value(r)
	if err != nil {
		return false, err
	}
	return (lv == rv) == (op == "=="), nil
}
