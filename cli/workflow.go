package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/workflow"
	"github.com/cmdai/cmdai/workflow/integrations"
)

type workflowFlags struct {
	json         bool
	params       []string
	integrations string
}

func newWorkflowCmd(s *streams) *cobra.Command {
	var f workflowFlags
	cmd := &cobra.Command{
		Use:   "workflow",
		Short: "Check and run workflows: YAML files of steps that run as a DAG, each command through the gate",
		Long: `A workflow is a YAML file of steps (command, script, http, integration, aws) that run as a DAG:
independent steps at the same time, each after the steps it requires. Every command and script step
passes the execution gate like a command you run by hand: your safety mode, your rules and your
organisation's policy. Starting a run is your plain yes to its steps; a step that needs more (the word
yes for a critical command, an approval) stops the run and says why.

  cmdai workflow validate deploy.yaml            # exit 0 valid, 2 not (each error names its step and field)
  cmdai workflow run deploy.yaml --param environment=staging
  cmdai workflow run deploy.yaml --param environment=staging --json
  cmdai workflow schema > workflow.schema.json   # the JSON Schema, for editors

${name} reads a parameter (then an environment variable), ${env.NAME} the environment,
${secrets.NAME} the variable CMDAI_SECRET_NAME (masked in logs), ${steps.STEP.output} an earlier
step's output. Values are quoted into commands as data, never code. Integration settings (slack's
webhook_url, github's token…) are read from --integrations, by default
$XDG_CONFIG_HOME/cmdai/integrations.yaml. See docs/workflows.md.`,
		Args: usageArgs(cobra.NoArgs),
	}
	validate := &cobra.Command{
		Use:   "validate FILE",
		Short: "Check a workflow: exit 0 when valid, 2 when not, naming each error's step and field",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE:  func(c *cobra.Command, args []string) error { return workflowValidate(s, f, args[0]) },
	}
	validate.Flags().BoolVar(&f.json, "json", false, `print one JSON object: {"file","workflow","valid","errors":[{"step","field","message","line"}]}`)
	run := &cobra.Command{
		Use:   "run FILE [--param NAME=VALUE]...",
		Short: "Run a workflow on this machine, through the daemon, streaming its steps' logs",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE:  func(c *cobra.Command, args []string) error { return workflowRun(c.Context(), s, f, args[0]) },
	}
	run.Flags().StringArrayVarP(&f.params, "param", "p", nil, "a parameter's value, NAME=VALUE (repeat for each)")
	run.Flags().BoolVar(&f.json, "json", false, "print the run as one JSON object: each step's name, status, start and end times, exit code (logs go to stderr)")
	run.Flags().StringVar(&f.integrations, "integrations", "", "a YAML file of integration settings by name (default $XDG_CONFIG_HOME/cmdai/integrations.yaml)")
	schema := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of workflow files, for editors",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			_, err := s.out.Write(workflow.Schema)
			return err
		},
	}
	cmd.AddCommand(validate, run, schema)
	return cmd
}

// workflowReport is what validate --json prints.
type workflowReport struct {
	File     string                `json:"file"`
	Workflow string                `json:"workflow,omitempty"`
	Valid    bool                  `json:"valid"`
	Errors   []workflow.FieldError `json:"errors"`
}

// loadWorkflow reads and validates a workflow file; a workflow that is not valid is a usage error (2).
func loadWorkflow(path string) (*workflow.Workflow, []byte, workflowReport, error) {
	rep := workflowReport{File: path, Errors: []workflow.FieldError{}}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, rep, fmt.Errorf("read the workflow: %w", err)
	}
	w, err := workflow.Parse(src)
	if err != nil {
		rep.Errors = append(rep.Errors, workflow.FieldError{Field: "yaml", Message: err.Error()})
		return nil, src, rep, &exitError{code: ExitUsage, err: fmt.Errorf("%s: %w", path, err)}
	}
	rep.Workflow = w.Name
	if es := workflow.Validate(w, integrations.Builtins(nil).Names()); es != nil {
		rep.Errors = es
		return w, src, rep, &exitError{code: ExitUsage, err: fmt.Errorf("%s is not a valid workflow:\n%s", path, indent(es.Error()))}
	}
	rep.Valid = true
	return w, src, rep, nil
}

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }

func workflowValidate(s *streams, f workflowFlags, path string) error {
	w, _, rep, err := loadWorkflow(path)
	if f.json {
		if werr := writeJSONLine(s.out, rep); werr != nil {
			return werr
		}
		if err != nil {
			var e *exitError
			if errors.As(err, &e) {
				return &exitError{code: e.code}
			}
		}
		return err
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(s.out, "%s: workflow %s is valid (%d steps)\n", path, w.Name, len(w.Steps))
	return nil
}

func parseParams(list []string) (map[string]string, error) {
	out := map[string]string{}
	for _, p := range list {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return nil, usageErrorf("--param %q: write NAME=VALUE", p)
		}
		out[k] = v
	}
	return out, nil
}

// integrationSettings reads the integrations file: a mapping from integration name to its settings.
func integrationSettings(path string) (map[string]map[string]string, error) {
	explicit := path != ""
	if !explicit {
		path = filepath.Join(config.Dir(), "integrations.yaml")
	}
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the integration settings: %w", err)
	}
	var out map[string]map[string]string
	if err := yaml.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("read the integration settings %s: %w", path, err)
	}
	return out, nil
}

// secretsFromEnv are the CMDAI_SECRET_NAME variables, by NAME.
func secretsFromEnv() map[string]string {
	out := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			if name, ok := strings.CutPrefix(k, "CMDAI_SECRET_"); ok && name != "" {
				out[name] = v
			}
		}
	}
	return out
}

func workflowRun(ctx context.Context, s *streams, f workflowFlags, path string) error {
	w, src, _, err := loadWorkflow(path)
	if err != nil {
		return err
	}
	given, err := parseParams(f.params)
	if err != nil {
		return err
	}
	if _, err := workflow.Bind(w, given); err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	settings, err := integrationSettings(f.integrations)
	if err != nil {
		return err
	}
	cwd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("find the working directory: %w", err)
	}
	abs, _ := filepath.Abs(path)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	c := &ipc.Client{Autostart: startDaemon, StartTimeout: 15 * time.Second}
	defer c.Close()
	width := 0
	for _, st := range w.Steps {
		width = max(width, len(st.Name))
	}
	logs := s.out
	if f.json {
		logs = s.err
	}
	res, err := c.RunWorkflow(ctx, ipc.WorkflowRunRequest{Source: string(src), File: abs, Params: given, Dir: cwd,
		Env: os.Environ(), Secrets: secretsFromEnv(), Integrations: settings}, func(ev ipc.WorkflowEvent) {
		switch ev.Type {
		case ipc.WorkflowEventLog:
			fmt.Fprintf(logs, "%-*s | %s\n", width, ev.Step, ev.Line)
		case ipc.WorkflowEventStepStart:
			if ev.Attempt > 1 {
				fmt.Fprintf(s.err, "%-*s ▶ attempt %d\n", width, ev.Step, ev.Attempt)
			} else {
				fmt.Fprintf(s.err, "%-*s ▶ started\n", width, ev.Step)
			}
		case ipc.WorkflowEventStepEnd:
			if r := ev.Report; r != nil {
				fmt.Fprintf(s.err, "%-*s ■ %s%s\n", width, ev.Step, r.Status, stepDetail(*r))
			}
		}
	})
	if err != nil {
		if ctx.Err() != nil {
			return errCancelled
		}
		var ie *ipc.Error
		if errors.As(err, &ie) && ie.Code == ipc.CodeBadRequest {
			return &exitError{code: ExitUsage, err: errors.New(ie.Message)}
		}
		if errors.As(err, &ie) && ie.Code == ipc.CodeNotFound {
			return fmt.Errorf("the running daemon is older than this cmdai and cannot run workflows: restart it with 'cmdai daemon stop' and run again")
		}
		return fmt.Errorf("run the workflow: %w", err)
	}
	if f.json {
		if err := writeJSONLine(s.out, res); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(s.err, "workflow %s: %s in %s\n", res.Workflow, res.Status, res.EndedAt.Sub(res.StartedAt).Round(time.Millisecond))
	}
	return runExit(res, f.json)
}

func stepDetail(r ipc.WorkflowStep) string {
	var parts []string
	if !r.StartedAt.IsZero() && !r.EndedAt.IsZero() {
		parts = append(parts, r.EndedAt.Sub(r.StartedAt).Round(time.Millisecond).String())
	}
	if r.ExitCode != nil && *r.ExitCode != 0 {
		parts = append(parts, fmt.Sprintf("exit %d", *r.ExitCode))
	}
	if r.Error != "" {
		parts = append(parts, r.Error)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

// runExit is the exit status of a run: 0 success, 3 a step refused by the gate, 130 cancelled, 1 failed.
func runExit(res ipc.WorkflowResult, quiet bool) error {
	msg := func() error {
		if quiet || res.Error == "" {
			return nil
		}
		return errors.New(res.Error)
	}
	switch workflow.Status(res.Status) {
	case workflow.StatusSuccess:
		return nil
	case workflow.StatusRefused:
		return &exitError{code: ExitRefused, err: msg()}
	case workflow.StatusCancelled:
		return errCancelled
	}
	return &exitError{code: ExitError, err: msg()}
}
