package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/pattern"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/safety/wire"
	"github.com/cmdai/cmdai/store"
	"github.com/oklog/ulid/v2"
)

// NewHandler returns every route the daemon serves. Each response carries the protocol version; each
// request is checked against the caller's credentials before anything else.
func NewHandler(d *daemon) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/status", d.handleStatus)
	mux.HandleFunc("POST /v1/generate", d.handleGenerate)
	mux.HandleFunc("POST /v1/check", d.handleCheck)
	mux.HandleFunc("GET /v1/history", d.handleHistoryList)
	mux.HandleFunc("GET /v1/history/{id}", d.handleHistoryGet)
	mux.HandleFunc("DELETE /v1/history/{id}", d.handleHistoryDelete)
	mux.HandleFunc("POST /v1/history/{id}/exit", d.handleHistoryExit)
	mux.HandleFunc("GET /v1/patterns", d.handlePatterns)
	mux.HandleFunc("POST /v1/patterns", d.handlePatternSave)
	mux.HandleFunc("DELETE /v1/patterns/{id}", d.handlePatternDelete)
	mux.HandleFunc("POST /v1/patterns/{id}/use", d.handlePatternUse)
	mux.HandleFunc("POST /v1/explain", d.handleExplain)
	mux.HandleFunc("POST /v1/config/reload", d.handleReload)
	mux.HandleFunc("GET /v1/sync", d.handleSyncStatus)
	mux.HandleFunc("POST /v1/sync", d.handleSyncNow)
	mux.HandleFunc("POST /v1/shutdown", d.handleShutdown)
	mux.HandleFunc("POST /v1/workflows/run", d.handleWorkflowRun)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &ipc.Error{Status: http.StatusNotFound, Code: ipc.CodeNotFound,
			Message: fmt.Sprintf("no route %s %s", r.Method, r.URL.Path)})
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(ipc.VersionHeader, strconv.Itoa(d.opts.protocol))
		if p, _ := r.Context().Value(peerKey{}).(peer); p.err != nil || p.uid != *d.opts.allowUID {
			d.log.Warn("refused a caller", "uid", p.uid, "err", p.err)
			writeError(w, &ipc.Error{Status: http.StatusForbidden, Code: ipc.CodeForbidden,
				Message: "this daemon serves another user: start your own with 'cmdai daemon start'"})
			return
		}
		d.inflight.Add(1)
		defer func() {
			d.lastSeen.Store(time.Now().UnixNano())
			d.inflight.Add(-1)
		}()
		r.Body = http.MaxBytesReader(w, r.Body, ipc.MaxRequestBytes)
		t0 := time.Now()
		mux.ServeHTTP(w, r)
		d.log.Debug("request", "method", r.Method, "path", r.URL.Path, "took_ms", time.Since(t0).Milliseconds())
	})
}

func (d *daemon) handleStatus(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, d.status())
}

func (d *daemon) status() ipc.Status {
	cfg := d.config()
	name, err := d.models.resolve(cfg.Backend)
	if err != nil {
		name = cfg.Backend
	}
	return ipc.Status{
		PID: os.Getpid(), Version: d.opts.Version, UptimeS: time.Since(d.started).Seconds(),
		Backend: name, Model: d.models.modelFor(name), Warm: d.models.warm(name, d.models.modelFor(name)),
		Socket: d.opts.Socket, History: d.store.History.Len(), Protocol: d.opts.protocol,
		Log: d.logPath, Store: d.store.Dir(), Config: d.opts.ConfigPath, IdleExitS: d.idleExit().Seconds(),
		ConfigError: d.configError(),
		Sync:        new(d.sync.status(context.Background())),
	}
}

// approvedPattern reports whether the request's command is its team pattern filled with its values: the
// daemon fills the template itself, so a command that only claims a pattern is not approved.
func (d *daemon) approvedPattern(ctx context.Context, req ipc.CheckRequest) bool {
	if req.PatternID == "" {
		return false
	}
	p, err := d.store.Patterns.Get(ctx, req.PatternID)
	if err != nil || p.Source != store.SourceTeam {
		return false
	}
	declared := make([]pattern.Param, 0, len(p.Params))
	for _, prm := range p.Params {
		declared = append(declared, prm.Model())
	}
	filled, bad := pattern.Fill(p.Command, pattern.Params(p.Command, declared), req.PatternValues)
	return len(bad) == 0 && filled == req.Command
}

func (d *daemon) handleCheck(w http.ResponseWriter, r *http.Request) {
	req, err := ipc.DecodeCheck(r.Body)
	if err != nil {
		writeError(w, err)
		return
	}
	opts := d.config().SafetyOptions(d.shell(req.Shell))
	v := safety.Check(req.Command, opts)
	writeJSON(w, http.StatusOK, ipc.CheckResult{Command: req.Command, Risk: v.Risk.String(), Findings: wire.FromFindings(v.Findings),
		Policy: d.policy.DecidePattern(r.Context(), req.Command, req.Cwd, req.PatternID,
			d.approvedPattern(r.Context(), req), opts)})
}

func (d *daemon) shell(requested string) string {
	if requested != "" {
		return requested
	}
	if s := d.config().Shell; s != "" {
		return s
	}
	return "bash"
}

func (d *daemon) handleHistoryList(w http.ResponseWriter, r *http.Request) {
	q := store.Query{Search: r.URL.Query().Get("q"), Cwd: r.URL.Query().Get("cwd"), Limit: 50}
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > ipc.MaxHistoryLimit {
			writeError(w, &ipc.Error{Status: http.StatusBadRequest, Code: ipc.CodeBadRequest,
				Message: fmt.Sprintf("limit must be a number from 1 to %d", ipc.MaxHistoryLimit)})
			return
		}
		q.Limit = n
	}
	entries, err := d.store.History.List(r.Context(), q)
	if err != nil {
		d.internalError(w, "list history", err)
		return
	}
	list := ipc.HistoryList{Entries: make([]ipc.HistoryEntry, 0, len(entries))}
	for _, e := range entries {
		list.Entries = append(list.Entries, wireEntry(e))
	}
	writeJSON(w, http.StatusOK, list)
}

func (d *daemon) handleHistoryGet(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(w, r)
	if !ok {
		return
	}
	e, err := d.store.History.Get(r.Context(), id)
	if err != nil {
		d.storeError(w, "get history entry", err)
		return
	}
	writeJSON(w, http.StatusOK, wireEntry(e))
}

func (d *daemon) handleHistoryDelete(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(w, r)
	if !ok {
		return
	}
	if err := d.store.History.Delete(r.Context(), id); err != nil {
		d.storeError(w, "delete history entry", err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (d *daemon) handleHistoryExit(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(w, r)
	if !ok {
		return
	}
	req, err := ipc.DecodeExit(r.Body)
	if err != nil {
		writeError(w, err)
		return
	}
	ran := store.Ran{Code: req.ExitCode, Took: time.Duration(req.DurationMS) * time.Millisecond}
	if req.Command != "" {
		// An edited command is recorded with its own verdict, never the answer's.
		e, err := d.store.History.Get(r.Context(), id)
		if err != nil {
			d.storeError(w, "record exit status", err)
			return
		}
		if req.Command != e.Command {
			v := safety.Check(req.Command, d.config().SafetyOptions(d.shell(e.Shell)))
			ran.Command, ran.Risk, ran.Findings = req.Command, v.Risk.String(), storeFindings(wire.FromFindings(v.Findings))
		}
	}
	e, err := d.store.History.SetExit(r.Context(), id, ran)
	if err != nil {
		d.storeError(w, "record exit status", err)
		return
	}
	writeJSON(w, http.StatusOK, wireEntry(e))
}

func (d *daemon) handleReload(w http.ResponseWriter, _ *http.Request) {
	if err := d.reload("request"); err != nil {
		writeError(w, &ipc.Error{Status: http.StatusBadRequest, Code: ipc.CodeInvalidConfig,
			Message: err.Error() + "\nthe daemon keeps its previous settings"})
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Status string `json:"status"`
	}{"reloaded"})
}

func (d *daemon) handleShutdown(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusAccepted, struct {
		Status string `json:"status"`
	}{"stopping"})
	d.stop(errShutdownRequested)
}

func parseID(w http.ResponseWriter, r *http.Request) (ulid.ULID, bool) {
	id, err := ulid.ParseStrict(r.PathValue("id"))
	if err != nil {
		writeError(w, &ipc.Error{Status: http.StatusBadRequest, Code: ipc.CodeBadRequest,
			Message: fmt.Sprintf("%q is not a history id (a 26-character ULID)", r.PathValue("id"))})
		return ulid.ULID{}, false
	}
	return id, true
}

func (d *daemon) storeError(w http.ResponseWriter, what string, err error) {
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, &ipc.Error{Status: http.StatusNotFound, Code: ipc.CodeNotFound, Message: err.Error()})
		return
	}
	d.internalError(w, what, err)
}

func (d *daemon) internalError(w http.ResponseWriter, what string, err error) {
	d.log.Error(what, "err", err)
	writeError(w, &ipc.Error{Status: http.StatusInternalServerError, Code: ipc.CodeInternal,
		Message: what + " failed: see the daemon log"})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// writeError answers with {"error":{"code","message"}}; errors that are not *ipc.Error are internal.
func writeError(w http.ResponseWriter, err error) {
	var e *ipc.Error
	if !errors.As(err, &e) {
		e = &ipc.Error{Status: http.StatusInternalServerError, Code: ipc.CodeInternal, Message: err.Error()}
	}
	status := e.Status
	if status == 0 {
		status = ipc.StatusFor(e.Code)
	}
	writeJSON(w, status, ipc.ErrorResponse{Error: ipc.ErrorBody{Code: e.Code, Message: e.Message}})
}

func wireEntry(e store.Entry) ipc.HistoryEntry {
	fs := make([]ipc.Finding, 0, len(e.Findings))
	for _, f := range e.Findings {
		fs = append(fs, ipc.Finding{Rule: f.Rule, Risk: f.Risk, Message: f.Message, Span: ipc.Span{Start: f.Start, End: f.End}})
	}
	return ipc.HistoryEntry{
		ID: e.ID.String(), Prompt: e.Prompt, Command: e.Command, Explanation: e.Explanation,
		Risk: e.Risk, Findings: fs, Backend: e.Backend, Model: e.Model, Cwd: e.Cwd, Shell: e.Shell,
		Created: e.Created, Executed: e.Executed, ExitCode: e.ExitCode, DurationMS: e.Duration.Milliseconds(),
		Count: e.Count,
	}
}
