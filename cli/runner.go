package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/cmdai/cmdai/cloud/workflows/runner"
	"github.com/cmdai/cmdai/cloud/workflows/wire"
	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/workflow"
)

// runnerSettings is what `cmdai runner register` saves and `cmdai runner` reads:
// $XDG_CONFIG_HOME/cmdai/runner.json, readable by its owner only (it holds the token).
type runnerSettings struct {
	Server string   `json:"server"`
	Token  string   `json:"token"`
	Name   string   `json:"name,omitempty"`
	Labels []string `json:"labels,omitempty"`
}

func runnerSettingsPath() string { return filepath.Join(config.Dir(), "runner.json") }

type runnerFlags struct {
	server, token, name, dir string
	labels                   []string
	poll                     time.Duration
	json                     bool
}

func newRunnerCmd(s *streams) *cobra.Command {
	var f runnerFlags
	cmd := &cobra.Command{
		Use:   "runner",
		Short: "Run workflow steps for your organisation's server, as a self-hosted runner with labels",
		Long: `A runner claims, from cmdai-server, the queued workflow steps whose labels it carries, and runs each on
this machine through the execution gate: your safety mode and rules, and your organisation's policy.
It renews its claim while the step runs; if it dies, the server gives a retryable step to another runner
and fails any other, saying why (at-least-once: see docs/workflows.md).

  cmdai runner register --name build-01 --labels linux,docker   # an admin, logged in; saves the token
  cmdai runner                                                  # claim and run steps until Ctrl-C

The token can also come from --token or CMDAI_RUNNER_TOKEN, the server from --server or CMDAI_SERVER.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error { return runnerRun(c.Context(), s, f) },
	}
	cmd.Flags().StringVar(&f.server, "server", "", "the server's URL (default: runner.json's, then CMDAI_SERVER)")
	cmd.Flags().StringVar(&f.token, "token", "", "the runner's token (default: runner.json's, then CMDAI_RUNNER_TOKEN)")
	cmd.Flags().StringSliceVar(&f.labels, "labels", nil, "labels this runner carries, besides those it registered with (a,b)")
	cmd.Flags().StringVar(&f.dir, "dir", "", "where steps run (default: the current directory)")
	cmd.Flags().DurationVar(&f.poll, "poll", 500*time.Millisecond, "how often to ask for a step when none is queued")
	register := &cobra.Command{
		Use:   "register --name NAME [--labels a,b]",
		Short: "Register this machine as a runner of your organisation (an admin, logged in) and save its token",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(c *cobra.Command, _ []string) error { return runnerRegister(c.Context(), s, f) },
	}
	register.Flags().StringVar(&f.name, "name", "", "the runner's name (default: the host name)")
	register.Flags().StringSliceVar(&f.labels, "labels", nil, "the runner's labels (a,b)")
	register.Flags().BoolVar(&f.json, "json", false, "print the runner as JSON (with its token)")
	cmd.AddCommand(register)
	return cmd
}

func loadRunnerSettings() (runnerSettings, error) {
	var st runnerSettings
	raw, err := os.ReadFile(runnerSettingsPath())
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("read the runner's settings: %w", err)
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return st, fmt.Errorf("read the runner's settings %s: %w", runnerSettingsPath(), err)
	}
	return st, nil
}

func runnerRun(ctx context.Context, s *streams, f runnerFlags) error {
	st, err := loadRunnerSettings()
	if err != nil {
		return err
	}
	pick := func(vals ...string) string {
		for _, v := range vals {
			if v != "" {
				return v
			}
		}
		return ""
	}
	server := pick(f.server, st.Server, os.Getenv("CMDAI_SERVER"))
	token := pick(f.token, st.Token, os.Getenv("CMDAI_RUNNER_TOKEN"))
	if server == "" || token == "" {
		return usageErrorf("the runner needs a server and a token: run 'cmdai runner register' (logged in as an admin), or pass --server and --token")
	}
	cfg, err := config.Load(config.Path())
	if err != nil {
		return err
	}
	enf, err := openLocalPolicy(ctx)
	if err != nil {
		fmt.Fprintf(s.err, "cmdai: %v\n", err) // the enforcer denies every command until a good bundle arrives
	}
	opts := cfg.SafetyOptions("bash")
	g := &workflow.Gate{Mode: opts.Mode, Safety: opts, Shell: "/bin/sh"}
	if enf != nil {
		g.Policy = enf
	}
	dir := f.dir
	if dir == "" {
		if dir, err = os.Getwd(); err != nil {
			return fmt.Errorf("find the working directory: %w", err)
		}
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(s.err, &slog.HandlerOptions{Level: slog.LevelInfo}))
	r := &runner.Runner{Server: server, Token: token, Labels: append(st.Labels, f.labels...), Gate: g, Dir: dir,
		Poll: f.poll, Log: log}
	log.Info("runner started", "server", server, "labels", strings.Join(r.Labels, ","), "dir", dir)
	return r.Run(ctx)
}

func runnerRegister(ctx context.Context, s *streams, f runnerFlags) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cl, org, err := orgClient(ctx)
	if err != nil {
		return err
	}
	creds := cl.Credentials()
	name := f.name
	if name == "" {
		name, _ = os.Hostname()
	}
	body, _ := json.Marshal(wire.RegisterRunner{OrgID: org.ID, Name: name, Labels: f.labels})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(creds.Server, "/")+"/api/v1/runners", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("register the runner: %w", err)
	}
	bearer := creds.APIKey
	if bearer == "" {
		bearer = creds.AccessToken
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+bearer)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("register the runner: %w", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("register the runner: %s: %s", resp.Status, strings.TrimSpace(string(raw)))
	}
	var rn wire.Runner
	if err := json.Unmarshal(raw, &rn); err != nil {
		return fmt.Errorf("register the runner: %w", err)
	}
	st := runnerSettings{Server: creds.Server, Token: rn.Token, Name: rn.Name, Labels: rn.Labels}
	out, _ := json.MarshalIndent(st, "", "  ")
	if err := os.MkdirAll(config.Dir(), 0o700); err != nil {
		return fmt.Errorf("save the runner's settings: %w", err)
	}
	if err := os.WriteFile(runnerSettingsPath(), out, 0o600); err != nil {
		return fmt.Errorf("save the runner's settings: %w", err)
	}
	if f.json {
		return writeJSONLine(s.out, rn)
	}
	fmt.Fprintf(s.out, "registered runner %s (%s) in %s; its token is saved in %s\nstart it with: cmdai runner\n",
		rn.Name, rn.ID, org.Name, runnerSettingsPath())
	return nil
}
