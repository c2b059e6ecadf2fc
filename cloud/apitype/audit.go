package apitype

// AuditCheckpoint is GET /api/v1/orgs/{id}/audit/checkpoint: the latest signed checkpoint of the
// organisation's audit log (the Merkle tree head of its events, as a C2SP signed note), and the proofs
// asked for. A client keeps Checkpoint and, next time, asks for a consistency proof from its tree size:
// a history rewritten or cut since fails it.
type AuditCheckpoint struct {
	OrgID    string `json:"org_id"`
	Origin   string `json:"origin"`
	TreeSize int64  `json:"tree_size"`
	RootHash []byte `json:"root_hash"`
	// Checkpoint is the signed note: origin, tree size and root hash (base64) a line each, a blank
	// line, and the server's Ed25519 signature line.
	Checkpoint string `json:"checkpoint"`
	// VerifierKey checks Checkpoint's signature (the signed-note verifier key, name+hash+base64); KeyID
	// names the key as GET /api/v1/policy/key does: one key signs bundles and checkpoints.
	VerifierKey string            `json:"verifier_key"`
	KeyID       string            `json:"key_id"`
	Inclusion   *AuditInclusion   `json:"inclusion,omitempty"`
	Consistency *AuditConsistency `json:"consistency,omitempty"`
}

// AuditInclusion proves that event Seq (leaf Seq-1) is in the checkpoint's tree (RFC 6962 2.1.1).
type AuditInclusion struct {
	Seq       int64    `json:"seq"`
	EventHash string   `json:"event_hash"`
	LeafHash  []byte   `json:"leaf_hash"`
	Proof     [][]byte `json:"proof"`
}

// AuditConsistency proves that the tree of size From is a prefix of the checkpoint's (RFC 6962 2.1.2).
type AuditConsistency struct {
	From  int64    `json:"from"`
	Proof [][]byte `json:"proof"`
}
