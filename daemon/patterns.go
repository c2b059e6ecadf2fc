package daemon

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/store"
)

// handlePatterns answers GET /v1/patterns: local and team patterns, searched when q is set.
func (d *daemon) handlePatterns(w http.ResponseWriter, r *http.Request) {
	limit := 0
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > ipc.MaxPatternLimit {
			writeError(w, &ipc.Error{Status: http.StatusBadRequest, Code: ipc.CodeBadRequest,
				Message: fmt.Sprintf("limit must be a number from 1 to %d", ipc.MaxPatternLimit)})
			return
		}
		limit = n
	}
	ps, err := d.store.Patterns.Search(r.Context(), r.URL.Query().Get("q"), limit)
	if err != nil {
		d.internalError(w, "list patterns", err)
		return
	}
	list := ipc.PatternList{Patterns: make([]ipc.Pattern, 0, len(ps))}
	for _, p := range ps {
		list.Patterns = append(list.Patterns, wirePattern(p))
	}
	writeJSON(w, http.StatusOK, list)
}

func (d *daemon) handlePatternSave(w http.ResponseWriter, r *http.Request) {
	p, err := ipc.DecodePattern(r.Body)
	if err != nil {
		writeError(w, err)
		return
	}
	sp := store.Pattern{ID: p.ID, Name: p.Name, Prompt: p.Prompt, Command: p.Command,
		Description: p.Description, Tags: p.Tags}
	for _, prm := range p.Params {
		sp.Params = append(sp.Params, store.Param(prm))
	}
	saved, err := d.store.Patterns.Save(r.Context(), sp)
	if err != nil {
		d.patternError(w, "save pattern", err)
		return
	}
	writeJSON(w, http.StatusOK, wirePattern(saved))
}

func (d *daemon) handlePatternDelete(w http.ResponseWriter, r *http.Request) {
	if err := d.store.Patterns.Delete(r.Context(), r.PathValue("id")); err != nil {
		d.patternError(w, "delete pattern", err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (d *daemon) handlePatternUse(w http.ResponseWriter, r *http.Request) {
	p, err := d.store.Patterns.Use(r.Context(), r.PathValue("id"))
	if err != nil {
		d.patternError(w, "count pattern use", err)
		return
	}
	writeJSON(w, http.StatusOK, wirePattern(p))
}

func (d *daemon) patternError(w http.ResponseWriter, what string, err error) {
	if errors.Is(err, store.ErrInvalid) {
		writeError(w, &ipc.Error{Status: http.StatusBadRequest, Code: ipc.CodeBadRequest, Message: err.Error()})
		return
	}
	d.storeError(w, what, err)
}

func wirePattern(p store.Pattern) ipc.Pattern {
	out := ipc.Pattern{ID: p.ID, Name: p.Name, Prompt: p.Prompt, Command: p.Command, Description: p.Description,
		Tags: p.Tags, Team: p.Team, Source: p.Source, Uses: p.Uses, Updated: p.Updated}
	if out.Name == "" {
		out.Name = p.Prompt
	}
	for _, prm := range p.Params {
		out.Params = append(out.Params, ipc.PatternParam(prm))
	}
	return out
}
