package workflow

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/robfig/cron/v3"
)

// FieldError is one thing wrong with a workflow: the step (empty for the workflow itself), the field,
// and what is wrong in a person's words.
type FieldError struct {
	Step    string `json:"step,omitempty"`
	Field   string `json:"field"`
	Message string `json:"message"`
	Line    int    `json:"line,omitempty"`
}

func (e FieldError) Error() string {
	if e.Step != "" {
		return fmt.Sprintf("step %q: %s: %s", e.Step, e.Field, e.Message)
	}
	return e.Field + ": " + e.Message
}

// Errors is every FieldError of a workflow.
type Errors []FieldError

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

var (
	stepName  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)
	paramName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// cronParser reads the five-field cron of a schedule trigger, and descriptors such as @hourly.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseCron reads a schedule trigger's cron.
func ParseCron(spec string) (cron.Schedule, error) { return cronParser.Parse(spec) }

// Validate checks a workflow and returns every error it finds (nil when it is valid). known, when not
// nil, lists the integrations this machine has.
func Validate(w *Workflow, known []string) Errors {
	var es Errors
	add := func(step, field, format string, args ...any) {
		line := 0
		if s, ok := w.Step(step); ok {
			line = s.line
		}
		es = append(es, FieldError{Step: step, Field: field, Message: fmt.Sprintf(format, args...), Line: line})
	}
	if strings.TrimSpace(w.Name) == "" {
		add("", "name", "a workflow needs a name")
	}
	for i, t := range w.Triggers {
		field := fmt.Sprintf("triggers[%d]", i)
		switch t.Type {
		case TriggerWebhook:
			if !strings.HasPrefix(t.Path, "/") {
				add("", field+".path", "a webhook trigger needs a path that starts with /, such as /deploy")
			}
		case TriggerSchedule:
			if _, err := ParseCron(t.Cron); err != nil {
				add("", field+".cron", "%q is not a cron schedule such as \"0 2 * * *\": %v", t.Cron, err)
			}
		case TriggerManual:
		default:
			add("", field+".type", "%q is not a trigger: use webhook, schedule or manual", t.Type)
		}
	}
	params := map[string]Parameter{}
	for i, p := range w.Parameters {
		field := fmt.Sprintf("parameters[%d]", i)
		if !paramName.MatchString(p.Name) {
			add("", field+".name", "%q is not a parameter name (letters, digits and _)", p.Name)
			continue
		}
		field = "parameters." + p.Name
		if _, dup := params[p.Name]; dup {
			add("", field, "parameter %q is declared twice", p.Name)
		}
		params[p.Name] = p
		switch p.Type {
		case "", "string", "number", "integer", "boolean":
		default:
			add("", field+".type", "%q is not a type: use string, number, integer or boolean", p.Type)
			continue
		}
		for _, v := range p.Enum {
			if _, err := p.coerce(v); err != nil {
				add("", field+".enum", "%v", err)
			}
		}
		if p.Default != nil {
			if _, err := p.coerce(p.Default); err != nil {
				add("", field+".default", "%v", err)
			}
		}
	}
	if len(w.Steps) == 0 {
		add("", "steps", "a workflow needs at least one step")
	}
	names := map[string]bool{}
	for i, s := range w.Steps {
		if !stepName.MatchString(s.Name) {
			es = append(es, FieldError{Field: fmt.Sprintf("steps[%d].name", i), Line: s.line,
				Message: fmt.Sprintf("%q is not a step name (letters, digits, _ and -, not starting with a digit)", s.Name)})
			continue
		}
		if names[s.Name] {
			add(s.Name, "name", "another step has this name")
		}
		names[s.Name] = true
	}
	for _, s := range w.Steps {
		if !stepName.MatchString(s.Name) {
			continue
		}
		es = append(es, validateStep(w, s, names, params, known)...)
	}
	if cyc := FindCycle(w); cyc != nil {
		add(cyc[0], "requires", "the steps form a cycle: %s", strings.Join(cyc, " → "))
	}
	return es
}

func validateStep(w *Workflow, s Step, names map[string]bool, params map[string]Parameter, known []string) Errors {
	var es Errors
	add := func(field, format string, args ...any) {
		es = append(es, FieldError{Step: s.Name, Field: field, Message: fmt.Sprintf(format, args...), Line: s.line})
	}
	need := func(field, value, what string) {
		if strings.TrimSpace(value) == "" {
			add(field, "a%s %s step needs %s", an(s.Action), s.Action, what)
		}
	}
	switch s.Action {
	case ActionCommand:
		need("command", s.Command, "a command to run")
	case ActionScript:
		if strings.TrimSpace(s.Script) == "" && strings.TrimSpace(s.Command) == "" {
			add("script", "a script step needs the script to run (script, or command)")
		}
	case ActionHTTP:
		need("url", s.URL, "a url")
		if s.URL != "" && !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") &&
			!strings.HasPrefix(s.URL, "${") {
			add("url", "%q is not an http:// or https:// URL", s.URL)
		}
	case ActionIntegration:
		need("integration", s.Integration, "the integration to call, such as slack")
		if s.Integration != "" && known != nil && !slices.Contains(known, s.Integration) {
			add("integration", "no integration named %q (there are: %s)", s.Integration, strings.Join(known, ", "))
		}
	case ActionAWS:
		need("service", s.Service, "the AWS service, such as ecs")
		need("operation", s.Operation, "the operation, such as update-service")
	case "":
		add("action", "a step needs an action: command, http, script, integration or aws")
	default:
		add("action", "%q is not an action: use command, http, script, integration or aws", s.Action)
	}
	if s.ExpectedStatus != 0 && (s.ExpectedStatus < 100 || s.ExpectedStatus > 599) {
		add("expected_status", "%d is not an HTTP status", s.ExpectedStatus)
	}
	if s.MaxRetries < 0 {
		add("max_retries", "cannot be negative")
	}
	for _, r := range s.Requires {
		switch {
		case r == s.Name:
			add("requires", "a step cannot require itself")
		case !names[r]:
			add("requires", "no step named %q", r)
		}
	}
	if s.OnFailure != "" {
		switch {
		case s.OnFailure == s.Name:
			add("on_failure", "a step cannot be its own failure handler")
		case !names[s.OnFailure]:
			add("on_failure", "no step named %q", s.OnFailure)
		}
	}
	before := ancestors(w, s.Name)
	for field, text := range s.texts() {
		for _, ref := range references(text) {
			if msg := checkRef(ref, params, names, before); msg != "" {
				add(field, "${%s}: %s", ref, msg)
			}
		}
	}
	if s.If != "" {
		if _, _, _, err := splitCondition(s.If); err != nil {
			add("if", "%v", err)
		}
	}
	return es
}

func an(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "n"
	}
	return ""
}

// texts are the step's fields that may hold ${…}, by field name.
func (s Step) texts() map[string]string {
	m := map[string]string{"command": s.Command, "script": s.Script, "url": s.URL, "body": s.Body,
		"channel": s.Channel, "message": s.Message, "if": s.If}
	for k, v := range s.Headers {
		m["headers."+k] = v
	}
	for k, v := range s.Parameters {
		if str, ok := v.(string); ok {
			m["parameters."+k] = str
		}
	}
	return m
}

// checkRef says what is wrong with one ${ref}, or "" when it can be resolved.
func checkRef(ref string, params map[string]Parameter, names, before map[string]bool) string {
	if _, ok := params[ref]; ok {
		return "" // a parameter, even one named like a namespace (env)
	}
	head, rest, _ := strings.Cut(ref, ".")
	switch head {
	case "env", "secrets", "params", "parameters":
		if rest == "" {
			return "names nothing: write ${" + head + ".NAME}"
		}
		if (head == "params" || head == "parameters") && params[rest].Name == "" {
			return "no parameter named " + rest
		}
		return ""
	case "steps":
		step, field, _ := strings.Cut(rest, ".")
		if !names[step] {
			return "no step named " + step
		}
		if !before[step] {
			return "this step does not require " + step + " (add it to requires to use its outputs)"
		}
		switch f, _, _ := strings.Cut(field, "."); f {
		case "output", "status", "exit_code", "status_code", "outputs":
			return ""
		}
		return "a step's fields are output, outputs.NAME, status, exit_code and status_code"
	}
	if !paramName.MatchString(ref) {
		return "not a name: write ${parameter}, ${env.NAME}, ${secrets.NAME} or ${steps.STEP.output}"
	}
	return "" // a parameter, or else an environment variable
}

// ancestors are the steps that finish before name starts: what it requires, and what they require.
func ancestors(w *Workflow, name string) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(n string) {
		s, ok := w.Step(n)
		if !ok {
			return
		}
		for _, r := range s.Requires {
			if !seen[r] {
				seen[r] = true
				walk(r)
			}
		}
	}
	walk(name)
	// A failure handler runs after the step it handles, so it may read that step's outputs.
	for _, s := range w.Steps {
		if s.OnFailure == name && !seen[s.Name] {
			seen[s.Name] = true
			walk(s.Name)
		}
	}
	return seen
}

// FindCycle returns a cycle of requires as its path, first step repeated at the end (a → b → a), or
// nil when the steps form a DAG.
func FindCycle(w *Workflow) []string {
	const (
		unseen = iota
		open
		done
	)
	state := map[string]int{}
	var stack []string
	var cycle []string
	var visit func(string) bool
	visit = func(n string) bool {
		state[n] = open
		stack = append(stack, n)
		s, _ := w.Step(n)
		for _, r := range s.Requires {
			if _, ok := w.Step(r); !ok || r == n {
				continue
			}
			switch state[r] {
			case open:
				i := slices.Index(stack, r)
				cycle = append(slices.Clone(stack[i:]), r)
				return true
			case unseen:
				if visit(r) {
					return true
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = done
		return false
	}
	for _, s := range w.Steps {
		if state[s.Name] == unseen && visit(s.Name) {
			// The path follows requires, which point backwards in time; name it in running order.
			slices.Reverse(cycle)
			return cycle
		}
	}
	return nil
}
