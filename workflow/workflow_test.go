package workflow_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/cmdai/cmdai/workflow"
)

func mustParse(t *testing.T, src string) *workflow.Workflow {
	t.Helper()
	w, err := workflow.Parse([]byte(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return w
}

// The seed's deploy-nextjs-to-aws validates as it is written, with Validate and with the JSON Schema
// that editors use.
func TestSeedExampleValidates(t *testing.T) {
	src, err := os.ReadFile("testdata/deploy-nextjs-to-aws.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w := mustParse(t, string(src))
	if es := workflow.Validate(w, []string{"aws", "github", "http", "slack", "webhook"}); es != nil {
		t.Fatalf("the seed's example is refused:\n%v", es)
	}
	if w.Name != "deploy-nextjs-to-aws" || len(w.Triggers) != 3 || len(w.Parameters) != 2 || len(w.Steps) < 5 {
		t.Fatalf("parsed %+v", w)
	}
	if err := schemaValidate(t, src); err != nil {
		t.Fatalf("the schema refuses the seed's example: %v", err)
	}
	// The schema can fail: a step without an action, an unknown field.
	for _, bad := range []string{
		"name: x\nsteps:\n  - name: a\n    command: ls\n",
		"name: x\nsteps:\n  - name: a\n    action: command\n    command: ls\n    retries: 3\n",
	} {
		if err := schemaValidate(t, []byte(bad)); err == nil {
			t.Errorf("the schema accepts %q", bad)
		}
	}
}

func schemaValidate(t *testing.T, src []byte) error {
	t.Helper()
	schema, err := jsonschema.UnmarshalJSON(bytes.NewReader(workflow.Schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("workflow.json", schema); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("workflow.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	// Through JSON, as an editor sees it.
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(inst)
}

func TestCycleIsRefusedAndNamed(t *testing.T) {
	w := mustParse(t, `
name: cyclic
steps:
  - name: a
    action: command
    command: echo a
    requires: [c]
  - name: b
    action: command
    command: echo b
    requires: [a]
  - name: c
    action: command
    command: echo c
    requires: [b]
`)
	es := workflow.Validate(w, nil)
	if len(es) != 1 || es[0].Field != "requires" {
		t.Fatalf("errors: %v", es)
	}
	msg := es[0].Error()
	// The path in running order, first step repeated.
	if !strings.Contains(msg, "a → b → c → a") && !strings.Contains(msg, "b → c → a → b") && !strings.Contains(msg, "c → a → b → c") {
		t.Fatalf("the cycle is not named as its path: %s", msg)
	}
}

func TestValidateNamesStepAndField(t *testing.T) {
	w := mustParse(t, `
name: broken
triggers:
  - type: schedule
    cron: "every day"
parameters:
  - name: env
    enum: [a, b]
    type: colour
steps:
  - name: build
    action: command
  - name: test
    action: command
    command: make test ${steps.deploy.output}
    requires: [biuld]
  - name: deploy
    action: http
    url: ftp://example.com
    expected_status: 999
    on_failure: nowhere
  - name: ping
    action: teleport
`)
	es := workflow.Validate(w, nil)
	want := map[string]bool{
		"triggers[0].cron": false, "parameters.env.type": false,
		"build.command": false, "test.requires": false, "test.command": false,
		"deploy.url": false, "deploy.expected_status": false, "deploy.on_failure": false, "ping.action": false,
	}
	for _, e := range es {
		key := e.Field
		if e.Step != "" {
			key = e.Step + "." + e.Field
		}
		if _, ok := want[key]; !ok {
			t.Errorf("unexpected error %v", e)
		}
		want[key] = true
		if e.Step != "" && !strings.HasPrefix(e.Error(), `step "`+e.Step+`": `+e.Field+": ") {
			t.Errorf("%q does not start with the step and field", e.Error())
		}
	}
	for k, seen := range want {
		if !seen {
			t.Errorf("no error for %s in:\n%v", k, es)
		}
	}
	if _, err := workflow.Parse([]byte("name: x\nsteps:\n  - name: a\n    action: command\n    comand: ls\n")); err == nil ||
		!strings.Contains(err.Error(), `step "a"`) || !strings.Contains(err.Error(), "comand") {
		t.Errorf("a misspelt field: %v", err)
	}
}

func TestBindParameters(t *testing.T) {
	src, _ := os.ReadFile("testdata/deploy-nextjs-to-aws.yaml")
	w := mustParse(t, string(src))
	if _, err := workflow.Bind(w, nil); err == nil || !strings.Contains(err.Error(), "environment is required") {
		t.Errorf("missing required: %v", err)
	}
	if _, err := workflow.Bind(w, map[string]string{"environment": "moon"}); err == nil || !strings.Contains(err.Error(), "one of staging, production") {
		t.Errorf("outside the enum: %v", err)
	}
	if _, err := workflow.Bind(w, map[string]string{"environment": "staging", "colour": "red"}); err == nil {
		t.Error("an unknown parameter was accepted")
	}
	got, err := workflow.Bind(w, map[string]string{"environment": "staging"})
	if err != nil || got["version"] != "latest" || got["environment"] != "staging" {
		t.Errorf("bound %v, %v", got, err)
	}
}

// A parameter's value is data in a command, wherever the ${…} stands.
func TestInterpolationQuotesValuesAsData(t *testing.T) {
	dir := t.TempDir()
	canary := filepath.Join(dir, "pwned")
	evil := "x; touch " + canary + "; rm -rf ~"
	sc := workflow.Scope{Params: map[string]string{"p": evil, "q": `it's "$(touch ` + canary + `)"`}}
	for _, tmpl := range []string{
		`printf '%s\n' ${p}`,
		`printf '%s\n' "${p}"`,
		`printf '%s\n' 'pre ${p}'`,
		`printf '%s\n' ${q}`,
		`printf '%s\n' "${q}"`,
	} {
		t.Run(tmpl, func(t *testing.T) {
			cmd, err := sc.ExpandShell(tmpl)
			if err != nil {
				t.Fatal(err)
			}
			w := &workflow.Workflow{Name: "quote", Steps: []workflow.Step{{Name: "s", Action: "command", Command: cmd}}}
			var out []string
			x := &workflow.Executor{Gate: &workflow.Gate{Mode: "permissive"}, Dir: dir, OnEvent: func(ev workflow.Event) {
				if ev.Kind == workflow.EventLog && ev.Stream == "stdout" {
					out = append(out, ev.Line)
				}
			}}
			// The command as expanded is what the gate sees; it must still pass it (the value is a
			// quoted word, not an rm).
			rep := x.Run(context.Background(), w, nil)
			if rep.Status != workflow.StatusSuccess {
				t.Fatalf("%s: %+v", cmd, rep)
			}
			if _, err := os.Stat(canary); err == nil {
				t.Fatalf("the value ran as code: %s", cmd)
			}
			want := sc.Params["p"]
			if strings.Contains(tmpl, "q") {
				want = sc.Params["q"]
			}
			if strings.HasPrefix(tmpl, `printf '%s\n' 'pre`) {
				want = "pre " + want
			}
			if strings.Join(out, "\n") != want {
				t.Fatalf("%s printed %q, want %q", cmd, out, want)
			}
		})
	}
}
