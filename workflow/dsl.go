// Package workflow is cmdai's workflow engine: the YAML DSL (Parse, Validate), safe `${var}`
// interpolation, and the Executor that runs a workflow's steps as a DAG, every command and script step
// through the execution gate.
package workflow

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Workflow is one workflow file.
type Workflow struct {
	Name        string      `yaml:"name" json:"name"`
	Description string      `yaml:"description,omitempty" json:"description,omitempty"`
	Version     string      `yaml:"version,omitempty" json:"version,omitempty"`
	Author      string      `yaml:"author,omitempty" json:"author,omitempty"`
	Triggers    []Trigger   `yaml:"triggers,omitempty" json:"triggers,omitempty"`
	Parameters  []Parameter `yaml:"parameters,omitempty" json:"parameters,omitempty"`
	Steps       []Step      `yaml:"steps" json:"steps"`
}

// The trigger types.
const (
	TriggerWebhook  = "webhook"
	TriggerSchedule = "schedule"
	TriggerManual   = "manual"
)

// Trigger starts a workflow: a webhook at Path, a cron Schedule, or a person (manual).
type Trigger struct {
	Type string `yaml:"type" json:"type"`
	Path string `yaml:"path,omitempty" json:"path,omitempty"`
	Cron string `yaml:"cron,omitempty" json:"cron,omitempty"`
}

// UnmarshalYAML reads a trigger written as `{type: webhook, path: …}`, as `{webhook: {path: …}}`, or
// as the bare word `manual`.
func (t *Trigger) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		t.Type = n.Value
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: a trigger is a mapping such as {type: manual}", n.Line)
	}
	type plain Trigger
	if mapHasKey(n, "type") {
		return n.Decode((*plain)(t))
	}
	if len(n.Content) != 2 {
		return fmt.Errorf("line %d: a trigger names its type: webhook, schedule or manual", n.Line)
	}
	t.Type = n.Content[0].Value
	if v := n.Content[1]; v.Kind == yaml.MappingNode {
		var body plain
		if err := v.Decode(&body); err != nil {
			return err
		}
		t.Path, t.Cron = body.Path, body.Cron
	}
	return nil
}

// Parameter is one typed input of a workflow.
type Parameter struct {
	Name        string `yaml:"name" json:"name"`
	Type        string `yaml:"type,omitempty" json:"type,omitempty"` // string (default), number, boolean
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	Required    bool   `yaml:"required,omitempty" json:"required,omitempty"`
	Enum        []any  `yaml:"enum,omitempty" json:"enum,omitempty"`
	Default     any    `yaml:"default,omitempty" json:"default,omitempty"`
}

// parameterList reads parameters written as a list of {name: …} or as a mapping from name to body.
type parameterList []Parameter

func (l *parameterList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			var p Parameter
			if err := n.Content[i+1].Decode(&p); err != nil {
				return err
			}
			p.Name = n.Content[i].Value
			*l = append(*l, p)
		}
		return nil
	}
	var ps []Parameter
	if err := n.Decode(&ps); err != nil {
		return err
	}
	*l = ps
	return nil
}

// The step actions.
const (
	ActionCommand     = "command"
	ActionHTTP        = "http"
	ActionScript      = "script"
	ActionIntegration = "integration"
	ActionAWS         = "aws"
)

// Step is one node of the workflow's DAG.
type Step struct {
	Name   string `yaml:"name" json:"name"`
	Action string `yaml:"action" json:"action"`
	// Command is the shell command of a command step; of a script step, the script to run when Script
	// is empty.
	Command string `yaml:"command,omitempty" json:"command,omitempty"`
	Script  string `yaml:"script,omitempty" json:"script,omitempty"`
	// Requires names the steps that must succeed before this one starts.
	Requires []string `yaml:"requires,omitempty" json:"requires,omitempty"`
	// OnFailure names a step that runs when this one fails (a rollback, a notification). A step named
	// by some on_failure runs only then, unless it requires steps itself.
	OnFailure  string   `yaml:"on_failure,omitempty" json:"on_failure,omitempty"`
	MaxRetries int      `yaml:"max_retries,omitempty" json:"max_retries,omitempty"`
	RetryDelay Duration `yaml:"retry_delay,omitempty" json:"retry_delay,omitempty"`
	Timeout    Duration `yaml:"timeout,omitempty" json:"timeout,omitempty"`
	// If is a condition: the step runs when it holds, and is skipped otherwise.
	If string `yaml:"if,omitempty" json:"if,omitempty"`

	// http
	URL            string            `yaml:"url,omitempty" json:"url,omitempty"`
	Method         string            `yaml:"method,omitempty" json:"method,omitempty"`
	Headers        map[string]string `yaml:"headers,omitempty" json:"headers,omitempty"`
	Body           string            `yaml:"body,omitempty" json:"body,omitempty"`
	ExpectedStatus int               `yaml:"expected_status,omitempty" json:"expected_status,omitempty"`

	// integration
	Integration string `yaml:"integration,omitempty" json:"integration,omitempty"`
	Channel     string `yaml:"channel,omitempty" json:"channel,omitempty"`
	Message     string `yaml:"message,omitempty" json:"message,omitempty"`

	// aws (and an integration's own settings)
	Service    string         `yaml:"service,omitempty" json:"service,omitempty"`
	Operation  string         `yaml:"operation,omitempty" json:"operation,omitempty"`
	Parameters map[string]any `yaml:"parameters,omitempty" json:"parameters,omitempty"`

	// Labels are what a runner must carry to run this step on the server (self-hosted runners).
	Labels []string `yaml:"labels,omitempty" json:"labels,omitempty"`
	// Retryable says the step may run again when its runner dies in the middle of it; a step that is not
	// retryable fails instead, visibly (it may have half run).
	Retryable bool `yaml:"retryable,omitempty" json:"retryable,omitempty"`

	line int // where the step starts in the file, for error messages
}

// Line is the line of the file where the step starts (0 when not parsed from a file).
func (s Step) Line() int { return s.line }

// Duration is a step's time-out or retry delay: a Go duration ("30s", "1m30s") or a number of seconds.
type Duration time.Duration

// UnmarshalYAML reads "30s" or 30.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = v
	return nil
}

// MarshalJSON writes the duration as Go writes it ("30s").
func (d Duration) MarshalJSON() ([]byte, error) {
	return strconv.AppendQuote(nil, time.Duration(d).String()), nil
}

// UnmarshalJSON reads "30s" or 30.
func (d *Duration) UnmarshalJSON(b []byte) error {
	v, err := ParseDuration(strings.Trim(string(b), `"`))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// ParseDuration reads a Go duration or a whole number of seconds.
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		if n < 0 {
			return 0, fmt.Errorf("duration %q is negative", s)
		}
		return Duration(time.Duration(n) * time.Second), nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as 30s or 2m", s)
	}
	if v < 0 {
		return 0, fmt.Errorf("duration %q is negative", s)
	}
	return Duration(v), nil
}

// Parse reads a workflow file. It checks only the YAML's shape; Validate checks the rest.
func Parse(src []byte) (*Workflow, error) {
	var doc struct {
		Name        string        `yaml:"name"`
		Description string        `yaml:"description"`
		Version     yaml.Node     `yaml:"version"`
		Author      string        `yaml:"author"`
		Triggers    []Trigger     `yaml:"triggers"`
		Parameters  parameterList `yaml:"parameters"`
		Steps       yaml.Node     `yaml:"steps"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("read the workflow: %w", yamlError(err))
	}
	w := &Workflow{Name: doc.Name, Description: doc.Description, Version: doc.Version.Value,
		Author: doc.Author, Triggers: doc.Triggers, Parameters: doc.Parameters}
	if doc.Steps.Kind != 0 && doc.Steps.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("read the workflow: line %d: steps is a list of steps", doc.Steps.Line)
	}
	for _, n := range doc.Steps.Content {
		var s Step
		if err := decodeStrict(n, &s); err != nil {
			return nil, fmt.Errorf("read the workflow: %w", yamlError(err))
		}
		s.line = n.Line
		w.Steps = append(w.Steps, s)
	}
	return w, nil
}

// decodeStrict decodes n into v refusing unknown fields, which yaml.Node.Decode does not.
func decodeStrict(n *yaml.Node, v any) error {
	b, err := yaml.Marshal(n)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			// Lines count from the step, not the file: say which step.
			name := ""
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == "name" {
						name = n.Content[i+1].Value
					}
				}
			}
			msgs := make([]string, len(te.Errors))
			for i, e := range te.Errors {
				msgs[i] = stripLine(e)
			}
			return fmt.Errorf("line %d: step %q: %s", n.Line, name, strings.Join(msgs, "; "))
		}
		return err
	}
	return nil
}

func stripLine(s string) string {
	if rest, ok := strings.CutPrefix(s, "line "); ok {
		if i := strings.Index(rest, ": "); i >= 0 {
			return rest[i+2:]
		}
	}
	return s
}

func yamlError(err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return errors.New(strings.Join(te.Errors, "; "))
	}
	return err
}

func mapHasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// Step returns the step named name.
func (w *Workflow) Step(name string) (Step, bool) {
	for _, s := range w.Steps {
		if s.Name == name {
			return s, true
		}
	}
	return Step{}, false
}
