package api_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/audit/tlog"
)

// checkpoint asks for the organisation's audit checkpoint with query, as tok, and checks the answer
// against the document (the validating transport) and its signature against the verifier key.
func (o *orgAPI) checkpoint(tok, query string) apitype.AuditCheckpoint {
	o.t.Helper()
	r := o.do("GET", "/api/v1/orgs/"+o.org+"/audit/checkpoint"+query, tok, nil)
	o.want(r, http.StatusOK, "")
	var cp apitype.AuditCheckpoint
	if err := json.Unmarshal([]byte(r.Raw), &cp); err != nil {
		o.t.Fatal(err)
	}
	c, err := tlog.OpenWith(cp.Checkpoint, cp.VerifierKey, tlog.Origin(o.org))
	if err != nil || int64(c.Size) != cp.TreeSize || !bytes.Equal(c.Root, cp.RootHash) || cp.OrgID != o.org {
		o.t.Fatalf("checkpoint %s does not verify: %v", r.Raw, err)
	}
	return cp
}

// The organisation's checkpoint is for its members, whatever their role; it is signed by the key that
// signs policy bundles; its proofs verify; a request for a proof it cannot give is a 400.
func TestAuditCheckpointRoute(t *testing.T) {
	o := newOrgAPI(t)
	ctx := context.Background()
	add := func(n int) {
		for i := range n {
			err := audit.Record(ctx, o.pool, audit.Event{OrgID: o.org, Action: "test.event", Status: audit.StatusSuccess,
				Details: map[string]any{"i": i}})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	add(3)
	first := o.checkpoint(o.roTok, "")
	if first.TreeSize < 3 || first.Inclusion != nil || first.Consistency != nil {
		t.Fatalf("first checkpoint: %+v", first)
	}
	key := o.do("GET", "/api/v1/policy/key", o.roTok, nil)
	if first.KeyID != key.Body["key_id"] {
		t.Fatalf("the checkpoint's key %s is not the policy key %s", first.KeyID, key.Body["key_id"])
	}
	add(4)
	cp := o.checkpoint(o.junTok, fmt.Sprintf("?leaf=%d&from=%d", first.TreeSize, first.TreeSize))
	if cp.TreeSize != first.TreeSize+4 || cp.Inclusion == nil || cp.Consistency == nil {
		t.Fatalf("checkpoint with proofs: %+v", cp)
	}
	in := cp.Inclusion
	leaf, err := tlog.LeafHash(in.EventHash)
	if err != nil || !bytes.Equal(leaf, in.LeafHash) || in.Seq != first.TreeSize {
		t.Fatalf("inclusion %+v: %v", in, err)
	}
	if err := tlog.VerifyInclusion(uint64(in.Seq-1), uint64(cp.TreeSize), leaf, in.Proof, cp.RootHash); err != nil {
		t.Fatalf("inclusion proof: %v", err)
	}
	if err := tlog.VerifyConsistency(uint64(first.TreeSize), uint64(cp.TreeSize), cp.Consistency.Proof, first.RootHash, cp.RootHash); err != nil {
		t.Fatalf("consistency proof: %v", err)
	}
	// The raw JSON carries base64 hashes, as documented.
	r := o.do("GET", "/api/v1/orgs/"+o.org+"/audit/checkpoint?from="+fmt.Sprint(cp.TreeSize), o.adminTok, nil)
	if root, _ := base64.StdEncoding.DecodeString(r.Body["root_hash"].(string)); !bytes.Equal(root, cp.RootHash) {
		t.Fatalf("root_hash %v", r.Body["root_hash"])
	}
	if proof := r.Body["consistency"].(map[string]any)["proof"].([]any); len(proof) != 0 {
		t.Fatalf("the consistency of a tree with itself needs no proof: %v", proof)
	}

	base := "/api/v1/orgs/" + o.org + "/audit/checkpoint"
	for _, q := range []string{"?leaf=0", "?leaf=x", fmt.Sprintf("?leaf=%d", cp.TreeSize+1), fmt.Sprintf("?from=%d", cp.TreeSize+1), "?from=-1"} {
		o.want(o.do("GET", base+q, o.engTok, nil), http.StatusBadRequest, api.CodeValidation)
	}
	o.want(o.do("GET", base, o.outsiderTok, nil), http.StatusNotFound, api.CodeNotFound)
	o.want(o.do("GET", "/api/v1/orgs/"+o.outsiderOrg+"/audit/checkpoint", o.adminTok, nil), http.StatusNotFound, api.CodeNotFound)
	o.want(o.do("GET", "/api/v1/orgs/not-an-id/audit/checkpoint", o.adminTok, nil), http.StatusNotFound, api.CodeNotFound)
	o.want(o.do("GET", base, "", nil), http.StatusUnauthorized, api.CodeUnauthorized)

	// A history cut under the checkpoint: the server signs nothing more and says why.
	if _, err := o.pool.Exec(ctx, `ALTER TABLE audit_logs DISABLE RULE audit_logs_no_delete; ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only;
		DELETE FROM audit_logs WHERE chain_id = '`+o.org+`' AND seq = 2`); err != nil {
		t.Fatal(err)
	}
	r = o.do("GET", base, o.adminTok, nil)
	o.want(r, http.StatusInternalServerError, api.CodeInternal)
	if message(r) != audit.ErrUnverifiable.Error() {
		t.Fatalf("the refusal: %s", r.Raw)
	}
}
