package workflows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/cmdai/cmdai/workflow"
)

// RunArgs is a run's River job: it walks the run's DAG until every step has ended.
type RunArgs struct {
	RunID string `json:"run_id"`
}

// Kind names the job in River.
func (RunArgs) Kind() string { return "workflow_run" }

// InsertOpts puts runs on the workflows queue; a job that fails (a replica that stopped) is tried
// again, and resumes from the state in the database.
func (RunArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueName, MaxAttempts: 10}
}

type runWorker struct {
	river.WorkerDefaults[RunArgs]
	s *Service
}

// Timeout: a run takes as long as its steps do.
func (w *runWorker) Timeout(*river.Job[RunArgs]) time.Duration { return -1 }

// The step statuses a run's job writes and reads.
const (
	stQueued  = "queued"
	stRunning = "running"
)

type stepRow struct {
	status, errMsg, handlerOf string
	attempt                   int
}

func ended(status string) bool { return status != stQueued && status != stRunning }

// Work walks the run: it queues each step whose requirements succeeded, skips those whose
// requirements did not, takes back the steps of runners that stopped answering, queues an on_failure
// handler when its step fails, and ends the run when nothing is queued or running.
func (w *runWorker) Work(ctx context.Context, job *river.Job[RunArgs]) error {
	s := w.s
	runID := job.Args.RunID
	var source, status string
	var rawParams []byte
	err := s.DB.QueryRow(ctx, `UPDATE workflow_runs SET status = CASE WHEN status = 'queued' THEN 'running' ELSE status END,
			started_at = coalesce(started_at, now())
		WHERE id = $1 RETURNING source, status, params`, runID).Scan(&source, &status, &rawParams)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // the run was deleted
	}
	if err != nil {
		return fmt.Errorf("start run %s: %w", runID, err)
	}
	if status != stRunning {
		return nil // already ended
	}
	wf, err := workflow.Parse([]byte(source))
	if err != nil {
		return s.endRun(ctx, runID, string(workflow.StatusFailed), "the workflow no longer parses: "+err.Error())
	}
	isHandler := map[string]bool{}
	for _, st := range wf.Steps {
		if st.OnFailure != "" {
			if t, ok := wf.Step(st.OnFailure); ok && len(t.Requires) == 0 {
				isHandler[t.Name] = true
			}
		}
	}
	tick := time.NewTicker(s.opts.Poll)
	defer tick.Stop()
	for {
		if err := s.DB.QueryRow(ctx, `SELECT status FROM workflow_runs WHERE id = $1`, runID).Scan(&status); err != nil {
			return fmt.Errorf("read run %s: %w", runID, err)
		}
		if status != stRunning {
			return nil // cancelled
		}
		if err := s.reclaim(ctx, runID); err != nil {
			return err
		}
		rows, err := s.steps(ctx, runID)
		if err != nil {
			return err
		}
		var firstFail *stepRow
		firstName := ""
		active := false
		for _, st := range wf.Steps {
			r, ok := rows[st.Name]
			if !ok {
				continue
			}
			if !ended(r.status) {
				active = true
				continue
			}
			if r.status == "failed" || r.status == "refused" || r.status == "cancelled" {
				if firstFail == nil || r.handlerOf == "" && firstFail.handlerOf != "" {
					firstFail, firstName = &r, st.Name
				}
				if st.OnFailure != "" {
					if _, queued := rows[st.OnFailure]; !queued {
						if err := s.queueStep(ctx, runID, wf, st.OnFailure, st.Name); err != nil {
							return err
						}
						active = true
					}
				}
			}
		}
		if firstFail == nil {
			for _, st := range wf.Steps {
				if _, ok := rows[st.Name]; ok || isHandler[st.Name] {
					continue
				}
				ready, blocked := true, ""
				for _, req := range st.Requires {
					r, ok := rows[req]
					switch {
					case !ok || !ended(r.status):
						ready = false
					case r.status != string(workflow.StatusSuccess):
						blocked = req
					}
				}
				switch {
				case blocked != "":
					if err := s.setSkipped(ctx, runID, st.Name, "required step "+blocked+" did not succeed"); err != nil {
						return err
					}
					active = true // look again: what requires it is skipped in turn
				case ready:
					if err := s.queueStep(ctx, runID, wf, st.Name, ""); err != nil {
						return err
					}
					active = true
				}
			}
		}
		if !active {
			for _, st := range wf.Steps {
				if _, ok := rows[st.Name]; !ok {
					why := "the run stopped before this step"
					if isHandler[st.Name] {
						why = "no step failed that it handles"
					}
					if err := s.setSkipped(ctx, runID, st.Name, why); err != nil {
						return err
					}
				}
			}
			if firstFail != nil {
				msg := firstFail.errMsg
				if msg == "" {
					msg = "step " + firstName + " " + firstFail.status
				}
				return s.endRun(ctx, runID, firstFail.status, msg)
			}
			return s.endRun(ctx, runID, string(workflow.StatusSuccess), "")
		}
		select {
		case <-ctx.Done():
			return ctx.Err() // River tries the job again; the run resumes from the database
		case <-tick.C:
		}
	}
}

func (s *Service) steps(ctx context.Context, runID string) (map[string]stepRow, error) {
	rows, err := s.DB.Query(ctx, `SELECT name, status, error, handler_of, attempt FROM workflow_steps WHERE run_id = $1`, runID)
	if err != nil {
		return nil, fmt.Errorf("read run %s's steps: %w", runID, err)
	}
	defer rows.Close()
	out := map[string]stepRow{}
	for rows.Next() {
		var name string
		var r stepRow
		if err := rows.Scan(&name, &r.status, &r.errMsg, &r.handlerOf, &r.attempt); err != nil {
			return nil, fmt.Errorf("read run %s's steps: %w", runID, err)
		}
		out[name] = r
	}
	return out, rows.Err()
}

func (s *Service) queueStep(ctx context.Context, runID string, wf *workflow.Workflow, name, handlerOf string) error {
	st, _ := wf.Step(name)
	labels := st.Labels
	if labels == nil {
		labels = []string{}
	}
	_, err := s.DB.Exec(ctx, `INSERT INTO workflow_steps (run_id, name, status, labels, retryable, handler_of)
		VALUES ($1, $2, 'queued', $3, $4, $5) ON CONFLICT (run_id, name) DO NOTHING`,
		runID, name, labels, st.Retryable, handlerOf)
	if err != nil {
		return fmt.Errorf("queue step %s: %w", name, err)
	}
	return nil
}

func (s *Service) setSkipped(ctx context.Context, runID, name, why string) error {
	_, err := s.DB.Exec(ctx, `INSERT INTO workflow_steps (run_id, name, status, error, ended_at)
		VALUES ($1, $2, 'skipped', $3, now()) ON CONFLICT (run_id, name) DO NOTHING`, runID, name, why)
	if err != nil {
		return fmt.Errorf("skip step %s: %w", name, err)
	}
	return nil
}

func (s *Service) endRun(ctx context.Context, runID, status, msg string) error {
	_, err := s.DB.Exec(ctx, `UPDATE workflow_runs SET status = $2, error = $3, ended_at = now() WHERE id = $1`, runID, status, msg)
	if err != nil {
		return fmt.Errorf("end run %s: %w", runID, err)
	}
	s.log.InfoContext(ctx, "workflow run ended", "run", runID, "status", status)
	return nil
}

// reclaim takes back the steps whose runner's lease ran out: a retryable step is queued for another
// runner (up to RunnerTries runners), any other fails, saying so, since it may have half run.
func (s *Service) reclaim(ctx context.Context, runID string) error {
	rows, err := s.DB.Query(ctx, `SELECT s.id, s.name, s.retryable, s.attempt, coalesce(r.name, '')
		FROM workflow_steps s LEFT JOIN workflow_runners r ON r.id = s.runner_id
		WHERE s.run_id = $1 AND s.status = 'running' AND s.lease_expires_at < now()`, runID)
	if err != nil {
		return fmt.Errorf("find lost steps: %w", err)
	}
	type lost struct {
		id, name, runner string
		retryable        bool
		attempt          int
	}
	var all []lost
	for rows.Next() {
		var l lost
		if err := rows.Scan(&l.id, &l.name, &l.retryable, &l.attempt, &l.runner); err != nil {
			rows.Close()
			return fmt.Errorf("find lost steps: %w", err)
		}
		all = append(all, l)
	}
	rows.Close()
	for _, l := range all {
		var line string
		if l.retryable && l.attempt < s.opts.RunnerTries {
			line = fmt.Sprintf("runner %s stopped answering during attempt %d; the step is retryable: queued for another runner", l.runner, l.attempt)
			_, err = s.DB.Exec(ctx, `UPDATE workflow_steps SET status = 'queued', runner_id = NULL, lease_expires_at = NULL,
				queued_at = now() WHERE id = $1 AND status = 'running' AND attempt = $2`, l.id, l.attempt)
		} else {
			line = fmt.Sprintf("runner %s stopped answering during attempt %d; the step is not retryable (it may have half run), so it failed", l.runner, l.attempt)
			if l.retryable {
				line = fmt.Sprintf("runner %s stopped answering during attempt %d, the last of %d runners the step may have", l.runner, l.attempt, s.opts.RunnerTries)
			}
			_, err = s.DB.Exec(ctx, `UPDATE workflow_steps SET status = 'failed', error = $3, lease_expires_at = NULL,
				ended_at = now() WHERE id = $1 AND status = 'running' AND attempt = $2`, l.id, l.attempt, "step "+l.name+": "+line)
		}
		if err != nil {
			return fmt.Errorf("take back step %s: %w", l.name, err)
		}
		s.log.WarnContext(ctx, "workflow step lost its runner", "run", runID, "step", l.name, "runner", l.runner, "retryable", l.retryable)
		if err := s.appendLogs(ctx, runID, l.name, l.attempt, []logLine{{stream: "system", line: line}}); err != nil {
			return err
		}
	}
	return nil
}

type logLine struct {
	stream, line string
	at           time.Time
}

func (s *Service) appendLogs(ctx context.Context, runID, step string, attempt int, lines []logLine) error {
	if len(lines) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	for _, l := range lines {
		at := l.at
		if at.IsZero() {
			at = time.Now()
		}
		b.Queue(`INSERT INTO workflow_step_logs (run_id, step, attempt, stream, line, at) VALUES ($1, $2, $3, $4, $5, $6)`,
			runID, step, attempt, l.stream, l.line, at)
	}
	if err := s.DB.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("store step %s's logs: %w", step, err)
	}
	return nil
}

// marshal is json.Marshal for values that always encode.
func marshal(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
