package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/teams"
	"github.com/cmdai/cmdai/pattern"
)

// toPatternJSON is a stored pattern on the wire; a parameter has the same fields in both shapes.
func toPatternJSON(p pgstore.Pattern) apitype.Pattern {
	params := make([]apitype.Parameter, 0, len(p.Parameters))
	for _, pp := range p.Parameters {
		params = append(params, apitype.Parameter(pp))
	}
	tags := p.Tags
	if tags == nil {
		tags = []string{}
	}
	return apitype.Pattern{ID: p.ID, TeamID: p.TeamID, CreatedBy: p.CreatedBy, Name: p.Name, Description: p.Description,
		Template: p.Template, Prompt: p.Prompt, Parameters: params, Tags: tags, Risk: p.Risk, UseCount: p.UseCount,
		LastUsedAt: p.LastUsedAt, SourceCommandID: p.SourceCommandID, CreatedAt: p.CreatedAt}
}

func (h *handler) sharePattern(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "team", "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req apitype.SharePatternRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	in := teams.PatternInput{CommandID: req.CommandID, Name: req.Name, Description: req.Description,
		Template: req.Template, Tags: req.Tags}
	for _, p := range req.Parameters {
		in.Parameters = append(in.Parameters, pattern.Param{Name: p.Name, Type: pattern.Type(p.Type), Default: p.Default, Description: p.Description})
	}
	what := "team"
	if req.CommandID != "" {
		what = "team or command"
		if !pgstore.IsUUID(req.CommandID) {
			writeError(w, r, errorf(http.StatusNotFound, CodeNotFound, "no such command", map[string]string{"field": "command_id"}))
			return
		}
	}
	p, err := h.teams.Share(r.Context(), ids[0], principal(r.Context()), in)
	if err != nil {
		writeError(w, r, teamError(err, what, "the team has a pattern with this name; choose another"))
		return
	}
	writeJSON(w, http.StatusCreated, toPatternJSON(p))
}

// listPatterns answers ?q=text&tag=tag&limit=1..200&cursor=…, newest first.
func (h *handler) listPatterns(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "team", "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	query := r.URL.Query()
	f := pgstore.PatternFilter{Text: strings.TrimSpace(query.Get("q")), Tag: strings.ToLower(strings.TrimSpace(query.Get("tag")))}
	if len(f.Text) > 200 || len(f.Tag) > 32 {
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "q is at most 200 bytes and tag at most 32", nil))
		return
	}
	limit, after, err := pageParams(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	f.After, f.Limit = after, limit+1 // one more than asked says whether a next page exists
	ps, err := h.teams.Patterns(r.Context(), ids[0], principal(r.Context()).UserID, f)
	if err != nil {
		writeError(w, r, teamError(err, "team", ""))
		return
	}
	writePage(w, ps, limit, func(p pgstore.Pattern) pgstore.Cursor { return pgstore.Cursor{CreatedAt: p.CreatedAt, ID: p.ID} }, toPatternJSON)
}

// pageParams reads ?limit= (1 to maxPageSize, default defaultPageSize) and ?cursor=.
func pageParams(r *http.Request) (int, *pgstore.Cursor, error) {
	limit := defaultPageSize
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxPageSize {
			return 0, nil, errorf(http.StatusBadRequest, CodeValidation, "limit must be 1 to 200", map[string]any{"field": "limit", "max": maxPageSize})
		}
		limit = n
	}
	var after *pgstore.Cursor
	if s := r.URL.Query().Get("cursor"); s != "" {
		c, ok := decodeCursor(s)
		if !ok {
			return 0, nil, errorf(http.StatusBadRequest, CodeValidation, "cursor is not one this server issued", map[string]string{"field": "cursor"})
		}
		after = &c
	}
	return limit, after, nil
}

func (h *handler) usePattern(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "pattern", "id", "pattern_id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	p, err := h.teams.Use(r.Context(), ids[0], ids[1], principal(r.Context()))
	if err != nil {
		writeError(w, r, teamError(err, "pattern", ""))
		return
	}
	writeJSON(w, http.StatusOK, toPatternJSON(p))
}
