package workflows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/workflows/wire"
	"github.com/cmdai/cmdai/workflow"
)

// ErrLeaseLost answers a runner that no longer holds the step (its lease ran out and the step went to
// another runner, or failed): it must stop, and its result is not kept.
var ErrLeaseLost = errors.New("this runner no longer holds the step")

// Claim gives the runner the oldest queued step of its organisation whose labels it carries all of, or
// ok false when there is none. The step is the runner's until its lease runs out without a heartbeat.
func (s *Service) Claim(ctx context.Context, runner wire.Runner, labels []string) (c wire.Claim, ok bool, err error) {
	labels = slices.Concat(labels, runner.Labels)
	if labels == nil {
		labels = []string{} // nil would be NULL, which contains nothing
	}
	var handlerOf string
	err = s.DB.QueryRow(ctx, `UPDATE workflow_steps s SET status = 'running', attempt = s.attempt + 1, runner_id = $1,
			lease_expires_at = now() + make_interval(secs => $4), started_at = coalesce(s.started_at, now())
		WHERE s.id = (
			SELECT s2.id FROM workflow_steps s2 JOIN workflow_runs r ON r.id = s2.run_id
			WHERE s2.status = 'queued' AND r.org_id = $2 AND r.status = 'running' AND s2.labels <@ $3::text[]
			ORDER BY s2.queued_at FOR UPDATE OF s2 SKIP LOCKED LIMIT 1)
		RETURNING s.id, s.run_id, s.name, s.attempt, s.handler_of`,
		runner.ID, runner.OrgID, labels, s.opts.Lease.Seconds()).Scan(&c.StepID, &c.RunID, &c.Step, &c.Attempt, &handlerOf)
	if errors.Is(err, pgx.ErrNoRows) {
		return wire.Claim{}, false, nil
	}
	if err != nil {
		return wire.Claim{}, false, fmt.Errorf("claim a step: %w", err)
	}
	var rawParams []byte
	if err := s.DB.QueryRow(ctx, `SELECT source, params FROM workflow_runs WHERE id = $1`, c.RunID).Scan(&c.Source, &rawParams); err != nil {
		return wire.Claim{}, false, fmt.Errorf("read the claimed step's run: %w", err)
	}
	_ = json.Unmarshal(rawParams, &c.Params)
	c.Results = map[string]workflow.StepResult{}
	rows, err := s.DB.Query(ctx, `SELECT name, status, output, outputs, coalesce(exit_code, 0), coalesce(status_code, 0)
		FROM workflow_steps WHERE run_id = $1 AND status NOT IN ('queued', 'running')`, c.RunID)
	if err != nil {
		return wire.Claim{}, false, fmt.Errorf("read earlier steps' results: %w", err)
	}
	for rows.Next() {
		var name, status string
		var r workflow.StepResult
		var outputs []byte
		if err := rows.Scan(&name, &status, &r.Output, &outputs, &r.ExitCode, &r.StatusCode); err != nil {
			rows.Close()
			return wire.Claim{}, false, fmt.Errorf("read earlier steps' results: %w", err)
		}
		r.Status = workflow.Status(status)
		_ = json.Unmarshal(outputs, &r.Outputs)
		c.Results[name] = r
	}
	rows.Close()
	if c.Integrations, err = s.integrationSettings(ctx, runner.OrgID); err != nil && !errors.Is(err, ErrNoKey) {
		return wire.Claim{}, false, err
	}
	c.Secrets = c.Integrations[SecretsName]
	delete(c.Integrations, SecretsName)
	c.LeaseSeconds = s.opts.Lease.Seconds()
	line := fmt.Sprintf("runner %s claimed the step (attempt %d)", runner.Name, c.Attempt)
	if handlerOf != "" {
		line += ", the on_failure of " + handlerOf
	}
	if err := s.appendLogs(ctx, c.RunID, c.Step, c.Attempt, []logLine{{stream: "system", line: line}}); err != nil {
		return wire.Claim{}, false, err
	}
	return c, true, nil
}

// Heartbeat renews the runner's lease on a step and stores the lines it sent.
func (s *Service) Heartbeat(ctx context.Context, runner wire.Runner, stepID string, hb wire.Heartbeat) error {
	var runID, name string
	err := s.DB.QueryRow(ctx, `UPDATE workflow_steps SET lease_expires_at = now() + make_interval(secs => $4)
		WHERE id = $1 AND runner_id = $2 AND attempt = $3 AND status = 'running' RETURNING run_id, name`,
		stepID, runner.ID, hb.Attempt, s.opts.Lease.Seconds()).Scan(&runID, &name)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrLeaseLost
	}
	if err != nil {
		return fmt.Errorf("renew the lease: %w", err)
	}
	return s.appendLogs(ctx, runID, name, hb.Attempt, toLines(hb.Logs))
}

func toLines(ls []wire.LogLine) []logLine {
	out := make([]logLine, 0, len(ls))
	for _, l := range ls {
		stream := l.Stream
		if stream != "stdout" && stream != "stderr" {
			stream = "stderr"
		}
		out = append(out, logLine{stream: stream, line: l.Line, at: l.Time})
	}
	return out
}

var resultStatuses = []workflow.Status{workflow.StatusSuccess, workflow.StatusFailed, workflow.StatusRefused,
	workflow.StatusSkipped, workflow.StatusCancelled}

// Complete records how the runner's step ended. A result from a runner that lost its lease is refused
// (the step went to another runner or failed).
func (s *Service) Complete(ctx context.Context, runner wire.Runner, stepID string, c wire.Completion) error {
	st := c.Report.Status
	if !slices.Contains(resultStatuses, st) {
		return &InvalidError{Errors: workflow.Errors{{Field: "report.status", Message: fmt.Sprintf("%q is not how a step ends", st)}}}
	}
	outputs := c.Result.Outputs
	if outputs == nil {
		outputs = map[string]string{}
	}
	var exit, code *int
	if c.Report.ExitCode != nil {
		exit = c.Report.ExitCode
	}
	if c.Result.StatusCode != 0 {
		code = &c.Result.StatusCode
	}
	var runID, name string
	err := s.DB.QueryRow(ctx, `UPDATE workflow_steps SET status = $4, exit_code = $5, status_code = $6, output = $7,
			outputs = $8, error = $9, lease_expires_at = NULL, ended_at = now()
		WHERE id = $1 AND runner_id = $2 AND attempt = $3 AND status = 'running' RETURNING run_id, name`,
		stepID, runner.ID, c.Attempt, string(st), exit, code, c.Result.Output, marshal(outputs), c.Report.Error).Scan(&runID, &name)
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrLeaseLost
	}
	if err != nil {
		return fmt.Errorf("record the step's end: %w", err)
	}
	return s.appendLogs(ctx, runID, name, c.Attempt, toLines(c.Logs))
}
