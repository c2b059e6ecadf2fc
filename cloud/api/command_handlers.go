package api

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/safety"
)

const (
	defaultPageSize = 50
	maxPageSize     = 200
	maxFieldBytes   = 8 << 10
)

func toCommandJSON(c pgstore.Command) apitype.Command {
	return apitype.Command{ID: c.ID, ClientID: c.ClientID, Prompt: c.Prompt, Command: c.Command, Shell: c.Shell,
		Risk: c.Risk, Backend: c.Backend, CreatedAt: c.CreatedAt, ClientRisk: c.ClientRisk}
}

func (h *handler) createCommand(w http.ResponseWriter, r *http.Request) {
	var req apitype.CreateCommandRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	for field, v := range map[string]string{"prompt": req.Prompt, "command": req.Command} {
		if strings.TrimSpace(v) == "" || len(v) > maxFieldBytes {
			writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, field+" is required (at most 8 KiB)", map[string]string{"field": field}))
			return
		}
	}
	for field, v := range map[string]string{"shell": req.Shell, "risk": req.Risk, "backend": req.Backend} {
		if len(v) > 64 {
			writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, field+" is longer than 64 bytes", map[string]string{"field": field}))
			return
		}
	}
	if req.ClientID != nil && (*req.ClientID == "" || len(*req.ClientID) > 128) {
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "client_id must be 1 to 128 bytes", map[string]string{"field": "client_id"}))
		return
	}
	// The risk stored, shown and counted in analytics is the server's own rating: a client's is only
	// kept beside it, so a client cannot file rm -rf / as safe.
	risk := safety.Check(req.Command, safety.Options{Shell: req.Shell}).Risk.String()
	nc := pgstore.NewCommand{
		UserID: principal(r.Context()).UserID, ClientID: req.ClientID, Prompt: req.Prompt, Command: req.Command,
		Shell: req.Shell, Risk: risk, ClientRisk: req.Risk, Backend: req.Backend,
	}
	var (
		c   pgstore.Command
		err error
	)
	if noteOf(r) != nil {
		// History writes are audited (Deps.AuditCommandWrites): the row and its event commit together.
		c, err = h.createAudited(r, nc)
	} else {
		c, err = pgstore.CreateCommand(r.Context(), h.db, nc)
	}
	if err != nil {
		writeError(w, r, commandWriteError(err))
		return
	}
	writeJSON(w, http.StatusCreated, toCommandJSON(c))
}

// commandWriteError is how a failed command insert answers: a client_id already taken is a 409 that
// names the field, anything else as it is.
func commandWriteError(err error) error {
	if errors.Is(err, pgstore.ErrConflict) {
		return errorf(http.StatusConflict, CodeConflict, "a command with this client_id exists", map[string]string{"field": "client_id"})
	}
	return err
}

func (h *handler) listCommands(w http.ResponseWriter, r *http.Request) {
	limit, after, err := pageParams(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	// One row more than asked for says whether there is a next page without a count query.
	cmds, err := pgstore.CommandsByUser(r.Context(), h.db, principal(r.Context()).UserID, after, limit+1)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writePage(w, cmds, limit, func(c pgstore.Command) pgstore.Cursor { return pgstore.Cursor{CreatedAt: c.CreatedAt, ID: c.ID} }, toCommandJSON)
}

func (h *handler) deleteCommand(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	err := errNotFoundIfBadID(id, "command")
	if err == nil {
		// The owner is part of the WHERE clause: another user's command is "not found", never deleted.
		err = pgstore.DeleteCommand(r.Context(), h.db, principal(r.Context()).UserID, id)
	}
	if errors.Is(err, pgstore.ErrNotFound) {
		err = errorf(http.StatusNotFound, CodeNotFound, "no such command", nil)
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// writePage answers one page of a list fetched with one row more than limit: the extra row only says
// that a next page exists, and the last row shown becomes its cursor.
func writePage[T, J any](w http.ResponseWriter, rows []T, limit int, cursor func(T) pgstore.Cursor, toJSON func(T) J) {
	var page apitype.Page[J]
	if len(rows) > limit {
		rows = rows[:limit]
		s := encodeCursor(cursor(rows[limit-1]))
		page.NextCursor = &s
	}
	page.Items = make([]J, 0, len(rows))
	for _, r := range rows {
		page.Items = append(page.Items, toJSON(r))
	}
	writeJSON(w, http.StatusOK, page)
}

// A cursor is opaque to clients: base64 of "<created_at in RFC 3339 nanoseconds>|<id>".
func encodeCursor(c pgstore.Cursor) string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.CreatedAt.UTC().Format(time.RFC3339Nano) + "|" + c.ID))
}

func decodeCursor(s string) (pgstore.Cursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return pgstore.Cursor{}, false
	}
	at, id, ok := strings.Cut(string(b), "|")
	t, err := time.Parse(time.RFC3339Nano, at)
	if !ok || err != nil || !pgstore.IsUUID(id) {
		return pgstore.Cursor{}, false
	}
	return pgstore.Cursor{CreatedAt: t, ID: id}, true
}
