package api

import (
	"crypto/ed25519"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/audit/tlog"
	"github.com/cmdai/cmdai/cloud/orgs"
)

// auditCheckpoint is GET /api/v1/orgs/{id}/audit/checkpoint[?leaf=SEQ][&from=SIZE]: the organisation's
// audit log's checkpoint at its current size, signed (published now if the log has grown), with an
// inclusion proof for event SEQ and a consistency proof from tree size SIZE when asked. Members only.
func (h *handler) auditCheckpoint(w http.ResponseWriter, r *http.Request) {
	orgID, _, ok := h.orgAccess(w, r, orgs.ViewHistory)
	if !ok {
		return
	}
	var nums [2]int64
	for i, name := range []string{"leaf", "from"} {
		s := r.URL.Query().Get(name)
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 1 {
			writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, name+" is a whole number from 1", map[string]string{"field": name}))
			return
		}
		nums[i] = n
	}
	ctx := r.Context()
	p, err := h.auditLog.Publish(ctx, orgID, nums[0], nums[1])
	var pe *audit.ProofError
	switch {
	case errors.As(err, &pe) && pe.Expired:
		// The events the proof would start from expired under the organisation's retention: not a
		// malformed request, and not a rewrite.
		writeError(w, r, errorf(http.StatusGone, "audit_events_expired", pe.Message, map[string]string{"field": pe.Field}))
		return
	case errors.As(err, &pe):
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, pe.Message, map[string]string{"field": pe.Field}))
		return
	case errors.Is(err, audit.ErrUnverifiable):
		logger(ctx).ErrorContext(ctx, "audit log fails verification", slog.String("org_id", orgID), slog.String("error", err.Error()))
		writeError(w, r, errorf(http.StatusInternalServerError, CodeInternal, audit.ErrUnverifiable.Error(), nil))
		return
	case err != nil:
		writeError(w, r, err)
		return
	}
	key, err := h.orgs.SigningKey(ctx)
	if err != nil {
		writeError(w, r, err)
		return
	}
	pub := key.Public().(ed25519.PublicKey)
	vkey, err := tlog.VerifierKey(pub)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := apitype.AuditCheckpoint{OrgID: orgID, Origin: p.Origin, TreeSize: int64(p.Size), RootHash: p.Root,
		Checkpoint: p.Note, VerifierKey: vkey, KeyID: orgs.KeyID(pub)}
	if p.Seq != 0 {
		out.Inclusion = &apitype.AuditInclusion{Seq: p.Seq, EventHash: p.EventHash, LeafHash: p.LeafHash, Proof: nonNil(p.Inclusion)}
	}
	if p.From != 0 {
		out.Consistency = &apitype.AuditConsistency{From: int64(p.From), Proof: nonNil(p.Consistency)}
	}
	writeJSON(w, http.StatusOK, out)
}

// nonNil makes an empty proof [] rather than null.
func nonNil(p [][]byte) [][]byte {
	if p == nil {
		return [][]byte{}
	}
	return p
}
