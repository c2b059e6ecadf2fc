package daemon

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/explain"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/safety/wire"
)

// explainBudget bounds how long a model may take over an explanation before the daemon answers
// with its own.
const explainBudget = 20 * time.Second

// handleExplain answers POST /v1/explain: what each program of the command does, the safety verdict
// and, when a model backend is configured, the model's own account of the command first.
func (d *daemon) handleExplain(w http.ResponseWriter, r *http.Request) {
	req, err := ipc.DecodeExplain(r.Body)
	if err != nil {
		writeError(w, err)
		return
	}
	cfg := d.config()
	shell := d.shell(req.Shell)
	verdict := safety.Check(req.Command, cfg.SafetyOptions(shell))
	out := ipc.Explanation{Command: req.Command, Risk: verdict.Risk.String(), Findings: wire.FromFindings(verdict.Findings),
		Steps: explain.Steps(req.Command, runtime.GOOS), Backend: "offline"}

	requested := req.Backend
	if requested == "" {
		requested = cfg.Backend
	}
	var lead string
	if name, err := d.models.resolve(requested); err == nil && name != "offline" {
		model := req.Model // empty: the backend's configured model
		ctx, cancel := context.WithTimeout(r.Context(), explainBudget)
		resp, err := d.models.generate(ctx, name, model, models.Request{Shell: shell,
			Prompt: "Explain in detail, step by step, what this shell command does and what could go wrong. " +
				"Put the explanation in the explanation field and repeat the command unchanged: " + req.Command}, nil)
		cancel()
		if err != nil {
			d.log.Info("explain: the backend did not answer; using the offline explanation", "backend", name, "err", err)
		} else if e := strings.TrimSpace(resp.Explanation); e != "" {
			lead, out.Backend = e, name
		}
	}
	out.Text = explain.Text(lead, out)
	writeJSON(w, http.StatusOK, out)
}
