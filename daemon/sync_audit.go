package daemon

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/cmdai/cmdai/cloud/audit/tlog"
	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/store"
)

// settingAuditPrefix names, in the store's settings, the audit checkpoint kept of an organisation
// (followed by the server and the organisation's id).
const settingAuditPrefix = "sync.audit_checkpoint."

// keptCheckpoint is what the daemon keeps of an organisation's audit log between syncs: the signed
// checkpoint it last saw extend the one before, and the verifier key it pinned the first time.
type keptCheckpoint struct {
	VerifierKey string `json:"verifier_key"`
	Checkpoint  string `json:"checkpoint"`
	TreeSize    int64  `json:"tree_size"`
	// Rewritten stays set once the log failed to extend Checkpoint: a rewrite is not forgotten by a
	// restart or a later checkpoint that is consistent with the rewritten history.
	Rewritten bool   `json:"rewritten,omitempty"`
	Problem   string `json:"problem,omitempty"`
}

// checkAuditLogs checks that each of the person's organisations' audit logs extends the checkpoint
// this machine kept of it, keeps the newer checkpoint when it does, and reports the outcome in the
// sync status. A log that does not (its history was rewritten or cut) is logged as an error and stays
// reported until the checkpoint kept is removed. It never fails the round: history sync goes on.
func (w *syncWorker) checkAuditLogs(ctx context.Context, creds client.Credentials) {
	orgs, err := w.cl.Orgs(ctx)
	if err != nil {
		w.log.Warn("audit log check skipped: list organisations", "err", err)
		return
	}
	out := make([]ipc.AuditLogStatus, 0, len(orgs))
	for _, org := range orgs {
		st := w.checkAuditLog(ctx, creds.Server, org.ID)
		st.OrgName = org.Name
		out = append(out, st)
	}
	w.update(func(s *ipc.SyncStatus) { s.AuditLogs = out })
}

// checkAuditLog checks one organisation's audit log against the checkpoint kept of it.
func (w *syncWorker) checkAuditLog(ctx context.Context, server, orgID string) ipc.AuditLogStatus {
	st := ipc.AuditLogStatus{OrgID: orgID, State: ipc.AuditLogUnchecked, CheckedAt: time.Now().UTC()}
	name := settingAuditPrefix + server + "." + orgID
	var kept keptCheckpoint
	switch b, err := w.store.Settings.Get(ctx, name); {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		st.Problem = "read the checkpoint kept: " + err.Error()
		return st
	default:
		if err := json.Unmarshal(b, &kept); err != nil {
			st.Problem = "the checkpoint kept is unreadable: " + err.Error()
			return st
		}
	}
	st.TreeSize = kept.TreeSize
	if kept.Rewritten {
		w.log.Error("the organisation's audit log was rewritten: it does not extend the checkpoint this machine kept",
			"org", orgID, "kept_tree_size", kept.TreeSize, "problem", kept.Problem)
		st.State, st.Problem = ipc.AuditLogRewritten, kept.Problem
		return st
	}
	if kept.VerifierKey == "" {
		// The first check pins the key that signs policy bundles and checkpoints.
		k, err := w.cl.PolicyKey(ctx)
		if err != nil {
			st.Problem = "fetch the server's signing key: " + err.Error()
			return st
		}
		if len(k.PublicKey) != ed25519.PublicKeySize {
			st.Problem = "the server's signing key is not an Ed25519 key"
			return st
		}
		if kept.VerifierKey, err = tlog.VerifierKey(k.PublicKey); err != nil {
			st.Problem = "the server's signing key: " + err.Error()
			return st
		}
	}
	cp, err := w.cl.CheckAuditLog(ctx, orgID, kept.VerifierKey, kept.Checkpoint)
	var apiErr *client.Error
	switch {
	case errors.Is(err, client.ErrAuditLogRewritten):
		kept.Rewritten, kept.Problem = true, err.Error()
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusInternalServerError && strings.Contains(apiErr.Message, "does not verify"):
		// The server itself found its log changed under its last checkpoint and signs no more.
		kept.Rewritten, kept.Problem = true, "the server reports that the audit log does not verify: "+apiErr.Message
	case err != nil:
		st.Problem = err.Error()
		return st
	default:
		kept.Checkpoint, kept.TreeSize = cp.Checkpoint, cp.TreeSize
	}
	b, err := json.Marshal(kept)
	if err == nil {
		err = w.store.Settings.Set(ctx, name, b)
	}
	if err != nil {
		st.Problem = fmt.Sprintf("keep the checkpoint: %v", err)
		return st
	}
	st.TreeSize = kept.TreeSize
	if kept.Rewritten {
		w.log.Error("the organisation's audit log was rewritten: it does not extend the checkpoint this machine kept",
			"org", orgID, "kept_tree_size", kept.TreeSize, "problem", kept.Problem)
		st.State, st.Problem = ipc.AuditLogRewritten, kept.Problem
		return st
	}
	st.State = ipc.AuditLogConsistent
	return st
}
