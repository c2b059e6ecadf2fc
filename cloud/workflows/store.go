package workflows

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/workflows/wire"
	"github.com/cmdai/cmdai/workflow"
	"github.com/cmdai/cmdai/workflow/integrations"
)

// Errors the API maps to its answers.
var (
	ErrNotFound = pgstore.ErrNotFound
	ErrConflict = errors.New("a workflow of that name already exists in the organisation")
	ErrNoKey    = errors.New("the server has no secrets key (CMDAI_SECRETS_KEY): integration settings cannot be stored")
)

// InvalidError is a workflow that does not validate; Errors names each step and field.
type InvalidError struct{ Errors workflow.Errors }

func (e *InvalidError) Error() string { return "the workflow is not valid:\n" + e.Errors.Error() }

// check parses and validates a workflow's source.
func check(source string) (*workflow.Workflow, error) {
	w, err := workflow.Parse([]byte(source))
	if err != nil {
		return nil, &InvalidError{Errors: workflow.Errors{{Field: "source", Message: err.Error()}}}
	}
	if es := workflow.Validate(w, integrations.Builtins(nil).Names()); es != nil {
		return nil, &InvalidError{Errors: es}
	}
	return w, nil
}

func newSecret() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return b
}

// sealSecret seals a webhook secret when the server has a keyring; without one it is kept as it is
// (the webhook still verifies, and docs/workflows.md says to set the key).
func (s *Service) sealSecret(orgID string, secret []byte) ([]byte, error) {
	if s.opts.Keyring == nil {
		return secret, nil
	}
	return s.opts.Keyring.Seal(secret, []byte("workflow-webhook:"+orgID))
}

func (s *Service) openSecret(orgID string, stored []byte) ([]byte, error) {
	if s.opts.Keyring == nil || !bytes.HasPrefix(stored, []byte("cmdai-sealed-")) {
		return stored, nil // stored before the server had a key
	}
	return s.opts.Keyring.Open(stored, []byte("workflow-webhook:"+orgID))
}

// Create stores a new workflow and returns it with its webhook secret (answered this once).
func (s *Service) Create(ctx context.Context, orgID, userID, source string) (wire.Workflow, error) {
	w, err := check(source)
	if err != nil {
		return wire.Workflow{}, err
	}
	secret := base64.RawURLEncoding.EncodeToString(newSecret())
	sealed, err := s.sealSecret(orgID, []byte(secret))
	if err != nil {
		return wire.Workflow{}, fmt.Errorf("seal the webhook secret: %w", err)
	}
	out := wire.Workflow{OrgID: orgID, Name: w.Name, Description: w.Description, Source: source, Triggers: triggers(w),
		WebhookSecret: secret}
	err = s.DB.QueryRow(ctx, `INSERT INTO workflows (org_id, name, source, webhook_secret, created_by)
		VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at, updated_at`,
		orgID, w.Name, source, sealed, nullable(userID)).Scan(&out.ID, &out.CreatedAt, &out.UpdatedAt)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return wire.Workflow{}, ErrConflict
	}
	if err != nil {
		return wire.Workflow{}, fmt.Errorf("store the workflow: %w", err)
	}
	return out, nil
}

// Update replaces a workflow's source (its name must stay the same).
func (s *Service) Update(ctx context.Context, id, source string) (wire.Workflow, error) {
	w, err := check(source)
	if err != nil {
		return wire.Workflow{}, err
	}
	cur, err := s.Get(ctx, id)
	if err != nil {
		return wire.Workflow{}, err
	}
	if cur.Name != w.Name {
		return wire.Workflow{}, &InvalidError{Errors: workflow.Errors{{Field: "name",
			Message: fmt.Sprintf("the workflow is %s: create a new one for another name", cur.Name)}}}
	}
	_, err = s.DB.Exec(ctx, `UPDATE workflows SET source = $2, updated_at = now() WHERE id = $1`, id, source)
	if err != nil {
		return wire.Workflow{}, fmt.Errorf("update the workflow: %w", err)
	}
	return s.Get(ctx, id)
}

func triggers(w *workflow.Workflow) []workflow.Trigger {
	if w.Triggers == nil {
		return []workflow.Trigger{}
	}
	return w.Triggers
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Get returns a workflow (without its webhook secret).
func (s *Service) Get(ctx context.Context, id string) (wire.Workflow, error) {
	if !pgstore.IsUUID(id) {
		return wire.Workflow{}, ErrNotFound
	}
	var out wire.Workflow
	err := s.DB.QueryRow(ctx, `SELECT id, org_id, name, source, created_at, updated_at FROM workflows WHERE id = $1`, id).
		Scan(&out.ID, &out.OrgID, &out.Name, &out.Source, &out.CreatedAt, &out.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return wire.Workflow{}, ErrNotFound
	}
	if err != nil {
		return wire.Workflow{}, fmt.Errorf("read the workflow: %w", err)
	}
	if w, err := workflow.Parse([]byte(out.Source)); err == nil {
		out.Description, out.Triggers = w.Description, triggers(w)
	}
	return out, nil
}

// List returns an organisation's workflows, by name.
func (s *Service) List(ctx context.Context, orgID string) ([]wire.Workflow, error) {
	rows, err := s.DB.Query(ctx, `SELECT id FROM workflows WHERE org_id = $1 ORDER BY name`, orgID)
	if err != nil {
		return nil, fmt.Errorf("list workflows: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list workflows: %w", err)
	}
	out := make([]wire.Workflow, 0, len(ids))
	for _, id := range ids {
		w, err := s.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		w.Source = ""
		out = append(out, w)
	}
	return out, nil
}

// StartRun checks the parameters and queues a run as a River job, in one transaction.
func (s *Service) StartRun(ctx context.Context, workflowID, trigger, userID string, params map[string]string, scheduledFor *time.Time) (wire.Run, error) {
	wf, err := s.Get(ctx, workflowID)
	if err != nil {
		return wire.Run{}, err
	}
	w, err := check(wf.Source)
	if err != nil {
		return wire.Run{}, err
	}
	bound, err := workflow.Bind(w, params)
	if err != nil {
		return wire.Run{}, &InvalidError{Errors: workflow.Errors{{Field: "params", Message: err.Error()}}}
	}
	raw, _ := json.Marshal(bound)
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return wire.Run{}, fmt.Errorf("start a run: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	var id string
	err = tx.QueryRow(ctx, `INSERT INTO workflow_runs (workflow_id, org_id, source, params, trigger, scheduled_for, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
		wf.ID, wf.OrgID, wf.Source, raw, trigger, scheduledFor, nullable(userID)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return wire.Run{}, ErrConflict // this schedule's firing already has its run
	}
	if err != nil {
		return wire.Run{}, fmt.Errorf("start a run: %w", err)
	}
	if _, err := s.river.InsertTx(ctx, tx, RunArgs{RunID: id}, nil); err != nil {
		return wire.Run{}, fmt.Errorf("queue the run: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return wire.Run{}, fmt.Errorf("start a run: %w", err)
	}
	return s.Run(ctx, id)
}

// Run returns a run with its steps.
func (s *Service) Run(ctx context.Context, runID string) (wire.Run, error) {
	if !pgstore.IsUUID(runID) {
		return wire.Run{}, ErrNotFound
	}
	var r wire.Run
	var params []byte
	err := s.DB.QueryRow(ctx, `SELECT r.id, r.workflow_id, w.name, r.trigger, r.status, r.params, r.error,
			r.created_at, r.started_at, r.ended_at
		FROM workflow_runs r JOIN workflows w ON w.id = r.workflow_id WHERE r.id = $1`, runID).
		Scan(&r.ID, &r.WorkflowID, &r.Workflow, &r.Trigger, &r.Status, &params, &r.Error, &r.CreatedAt, &r.StartedAt, &r.EndedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return wire.Run{}, ErrNotFound
	}
	if err != nil {
		return wire.Run{}, fmt.Errorf("read the run: %w", err)
	}
	_ = json.Unmarshal(params, &r.Params)
	rows, err := s.DB.Query(ctx, `SELECT name, status, attempt, coalesce(runner_id::text, ''), exit_code, status_code,
			error, handler_of, started_at, ended_at
		FROM workflow_steps WHERE run_id = $1 ORDER BY queued_at, name`, runID)
	if err != nil {
		return wire.Run{}, fmt.Errorf("read the run's steps: %w", err)
	}
	r.Steps, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (wire.RunStep, error) {
		var st wire.RunStep
		err := row.Scan(&st.Name, &st.Status, &st.Attempt, &st.RunnerID, &st.ExitCode, &st.StatusCode, &st.Error,
			&st.HandlerOf, &st.StartedAt, &st.EndedAt)
		return st, err
	})
	if err != nil {
		return wire.Run{}, fmt.Errorf("read the run's steps: %w", err)
	}
	return r, nil
}

// Runs lists a workflow's runs, newest first (at most 100), without their steps.
func (s *Service) Runs(ctx context.Context, workflowID string) ([]wire.Run, error) {
	rows, err := s.DB.Query(ctx, `SELECT id FROM workflow_runs WHERE workflow_id = $1 ORDER BY created_at DESC LIMIT 100`, workflowID)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	out := make([]wire.Run, 0, len(ids))
	for _, id := range ids {
		r, err := s.Run(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Logs returns a run's log lines after the line with id after (0: from the start), at most 5000.
func (s *Service) Logs(ctx context.Context, runID string, after int64, step string) ([]wire.LogLine, error) {
	rows, err := s.DB.Query(ctx, `SELECT id, step, attempt, stream, line, at FROM workflow_step_logs
		WHERE run_id = $1 AND id > $2 AND ($3 = '' OR step = $3) ORDER BY id LIMIT 5000`, runID, after, step)
	if err != nil {
		return nil, fmt.Errorf("read the run's logs: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (wire.LogLine, error) {
		var l wire.LogLine
		err := row.Scan(&l.ID, &l.Step, &l.Attempt, &l.Stream, &l.Line, &l.Time)
		return l, err
	})
}

// WebhookSecret is the workflow's HMAC key, opened.
func (s *Service) WebhookSecret(ctx context.Context, workflowID string) ([]byte, error) {
	var orgID string
	var stored []byte
	err := s.DB.QueryRow(ctx, `SELECT org_id, webhook_secret FROM workflows WHERE id = $1`, workflowID).Scan(&orgID, &stored)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read the webhook secret: %w", err)
	}
	return s.openSecret(orgID, stored)
}

// SecretsName is the settings name that holds an organisation's workflow secrets, what
// ${secrets.NAME} reads in its server runs.
const SecretsName = "secrets"

// SetIntegration validates an integration's settings and stores them sealed.
func (s *Service) SetIntegration(ctx context.Context, orgID, name string, cfg map[string]string) error {
	if name != SecretsName {
		in, ok := integrations.Builtins(nil).Get(name)
		if !ok {
			return &InvalidError{Errors: workflow.Errors{{Field: "name", Message: "no integration named " + name + " (or " + SecretsName + ", for ${secrets.NAME})"}}}
		}
		if err := in.ValidateConfig(cfg); err != nil {
			return &InvalidError{Errors: workflow.Errors{{Field: "config", Message: err.Error()}}}
		}
	}
	if s.opts.Keyring == nil {
		return ErrNoKey
	}
	raw, _ := json.Marshal(cfg)
	sealed, err := s.opts.Keyring.Seal(raw, []byte("workflow-integration:"+orgID+":"+name))
	if err != nil {
		return fmt.Errorf("seal the integration settings: %w", err)
	}
	_, err = s.DB.Exec(ctx, `INSERT INTO workflow_integrations (org_id, name, sealed) VALUES ($1, $2, $3)
		ON CONFLICT (org_id, name) DO UPDATE SET sealed = excluded.sealed, updated_at = now()`, orgID, name, sealed)
	if err != nil {
		return fmt.Errorf("store the integration settings: %w", err)
	}
	return nil
}

// integrationSettings opens an organisation's integration settings, for the runner that runs its step.
func (s *Service) integrationSettings(ctx context.Context, orgID string) (map[string]map[string]string, error) {
	rows, err := s.DB.Query(ctx, `SELECT name, sealed FROM workflow_integrations WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("read integration settings: %w", err)
	}
	defer rows.Close()
	out := map[string]map[string]string{}
	for rows.Next() {
		var name string
		var sealed []byte
		if err := rows.Scan(&name, &sealed); err != nil {
			return nil, fmt.Errorf("read integration settings: %w", err)
		}
		if s.opts.Keyring == nil {
			return nil, ErrNoKey
		}
		raw, err := s.opts.Keyring.Open(sealed, []byte("workflow-integration:"+orgID+":"+name))
		if err != nil {
			return nil, fmt.Errorf("open %s's settings: %w", name, err)
		}
		cfg := map[string]string{}
		if err := json.Unmarshal(raw, &cfg); err != nil {
			return nil, fmt.Errorf("open %s's settings: %w", name, err)
		}
		out[name] = cfg
	}
	return out, rows.Err()
}

// RegisterRunner stores a runner and returns it with its token (answered this once).
func (s *Service) RegisterRunner(ctx context.Context, orgID, userID, name string, labels []string) (wire.Runner, error) {
	tok := "cmdr_" + base64.RawURLEncoding.EncodeToString(newSecret())
	sum := sha256.Sum256([]byte(tok))
	if labels == nil {
		labels = []string{}
	}
	out := wire.Runner{OrgID: orgID, Name: name, Labels: labels, Token: tok}
	err := s.DB.QueryRow(ctx, `INSERT INTO workflow_runners (org_id, name, labels, token_hash, created_by)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, orgID, name, labels, sum[:], nullable(userID)).Scan(&out.ID)
	if err != nil {
		return wire.Runner{}, fmt.Errorf("register the runner: %w", err)
	}
	return out, nil
}

// RunnerByToken returns the runner a token belongs to, and notes that it was seen.
func (s *Service) RunnerByToken(ctx context.Context, token string) (wire.Runner, error) {
	sum := sha256.Sum256([]byte(token))
	var r wire.Runner
	err := s.DB.QueryRow(ctx, `UPDATE workflow_runners SET last_seen_at = now() WHERE token_hash = $1
		RETURNING id, org_id, name, labels, last_seen_at`, sum[:]).Scan(&r.ID, &r.OrgID, &r.Name, &r.Labels, &r.LastSeenAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return wire.Runner{}, ErrNotFound
	}
	if err != nil {
		return wire.Runner{}, fmt.Errorf("find the runner: %w", err)
	}
	return r, nil
}

// CancelRun ends a run that has not ended: its queued and running steps are cancelled, and a runner
// running one learns it at its next heartbeat and stops the step. It reports whether the run was
// still going.
func (s *Service) CancelRun(ctx context.Context, runID, why string) (bool, error) {
	tx, err := s.DB.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("cancel the run: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	tag, err := tx.Exec(ctx, `UPDATE workflow_runs SET status = 'cancelled', error = $2, ended_at = now()
		WHERE id = $1 AND status IN ('queued', 'running')`, runID, why)
	if err != nil {
		return false, fmt.Errorf("cancel the run: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return false, nil
	}
	if _, err := tx.Exec(ctx, `UPDATE workflow_steps SET status = 'cancelled', error = $2, lease_expires_at = NULL,
		ended_at = now() WHERE run_id = $1 AND status IN ('queued', 'running')`, runID, why); err != nil {
		return false, fmt.Errorf("cancel the run's steps: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return false, fmt.Errorf("cancel the run: %w", err)
	}
	return true, nil
}
