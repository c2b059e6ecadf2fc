package apitype

import "time"

// Error codes of the organisation, policy and approval routes that clients act on.
const (
	// CodePolicyDenied: an organisation's policy (or the member's role) refuses the command.
	CodePolicyDenied = "policy_denied"
	// CodeApprovalRequired: the command may run once an admin or engineer approves it; request an
	// approval (POST /api/v1/orgs/{id}/approvals) and send its id back with the command.
	CodeApprovalRequired = "approval_required"
	// CodeApprovalUsed: the approval has already let its command run once.
	CodeApprovalUsed = "approval_used"
	// CodeApprovalExpired: the approval was not used before it expired.
	CodeApprovalExpired = "approval_expired"
)

// The roles of a member of an organisation.
const (
	OrgRoleAdmin    = "admin"
	OrgRoleEngineer = "engineer"
	OrgRoleJunior   = "junior"
	OrgRoleReadOnly = "readonly"
)

// The formats of an organisation's policy source.
const (
	PolicyFormatStructured = "structured" // the structured rules, as YAML or JSON
	PolicyFormatRego       = "rego"       // a Rego module
)

// The states of an approval.
const (
	ApprovalPending  = "pending"
	ApprovalApproved = "approved"
	ApprovalDenied   = "denied"
	ApprovalUsed     = "used"
	ApprovalExpired  = "expired"
)

// Org is an organisation as one of its members sees it: GET /api/v1/orgs. Role is that member's.
type Org struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
	// Features are the enterprise features switched on for the organisation.
	Features []string `json:"features"`
	// PolicyVersion is the version of the organisation's policy bundle: it grows with every policy change.
	PolicyVersion int64 `json:"policy_version"`
	// PolicyMaxAge is how long a daemon may enforce a bundle after it was issued, as a Go duration
	// ("24h0m0s"); "0s" means a bundle never goes stale. StaleAction is what a daemon does past it:
	// "deny" or "warn".
	PolicyMaxAge string    `json:"policy_max_age"`
	StaleAction  string    `json:"stale_action"`
	CreatedAt    time.Time `json:"created_at"`
}

// PolicyKey is GET /api/v1/policy/key: the server's Ed25519 public key that signs policy bundles.
// PublicKey is the raw 32-byte key (base64 in JSON).
type PolicyKey struct {
	KeyID     string `json:"key_id"`
	PublicKey []byte `json:"public_key"`
}

// PolicyBundle is GET /api/v1/orgs/{id}/policy/bundle: the organisation's policies at one version,
// signed. Payload is the canonical JSON of the bundle (package policy's Bundle) and Signature the
// server's Ed25519 signature over it (both base64 in JSON); verify them with the key KeyID names before
// reading Payload.
type PolicyBundle struct {
	OrgID     string `json:"org_id"`
	Version   int64  `json:"version"`
	Payload   []byte `json:"payload"`
	Signature []byte `json:"signature"`
	KeyID     string `json:"key_id"`
}

// OrgPolicy is one named policy of an organisation, as its author wrote it.
type OrgPolicy struct {
	Name   string `json:"name"`
	Format string `json:"format"`
	Source string `json:"source"`
	// Version is the bundle version this policy last changed at.
	Version   int64     `json:"version"`
	UpdatedBy *string   `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// PutPolicyRequest is PUT /api/v1/orgs/{id}/policies/{name}: the policy's source in its format. The
// server validates it and answers 400 naming the rule and field at fault (details.problems).
type PutPolicyRequest struct {
	Format string `json:"format"`
	Source string `json:"source"`
}

// PolicyProblem is one thing wrong with a policy a PUT sent: the rule (empty for the policy itself),
// the field and what is wrong. A 400 validation_failed answer lists them in details.problems.
type PolicyProblem struct {
	Rule    string `json:"rule"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// DryRunRequest is POST /api/v1/orgs/{id}/policies/dry-run: what the organisation's current policies
// decide for a command. UserEmail, when set, asks as that member (an admin's question); otherwise as
// the caller.
type DryRunRequest struct {
	Command   string `json:"command"`
	Cwd       string `json:"cwd,omitempty"`
	Host      string `json:"host,omitempty"`
	UserEmail string `json:"user_email,omitempty"`
}

// PolicyDecision is what the policies decide for one command: "allow", "deny" or "approval_required",
// with the reason shown to the person and the name of the policy that decided.
type PolicyDecision struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason,omitempty"`
	Policy   string `json:"policy,omitempty"`
}

// PolicyMatch is one rule that matched a command.
type PolicyMatch struct {
	Policy   string `json:"policy"`
	Rule     string `json:"rule,omitempty"`
	Decision string `json:"decision"`
	Reason   string `json:"reason,omitempty"`
}

// DryRunResult answers a DryRunRequest: the decision, every rule that matched, and the bundle version
// that decided.
type DryRunResult struct {
	Policy  PolicyDecision `json:"policy"`
	Matched []PolicyMatch  `json:"matched"`
	Version int64          `json:"version"`
}

// ApprovalRequest is POST /api/v1/orgs/{id}/approvals: a member asks an approver (admin or engineer)
// to let this exact command run once. Reason says why, for the approver.
type ApprovalRequest struct {
	Command string `json:"command"`
	Cwd     string `json:"cwd,omitempty"`
	Host    string `json:"host,omitempty"`
	Reason  string `json:"reason,omitempty"`
}

// Approval is one request to run a command, bound to the command (CommandHash is the hex SHA-256 of
// Command), the requester and ExpiresAt, and used at most once.
type Approval struct {
	ID             string     `json:"id"`
	OrgID          string     `json:"org_id"`
	RequesterID    string     `json:"requester_id"`
	RequesterEmail string     `json:"requester_email"`
	Command        string     `json:"command"`
	CommandHash    string     `json:"command_hash"`
	Cwd            string     `json:"cwd"`
	Host           string     `json:"host"`
	Reason         string     `json:"reason"`
	Status         string     `json:"status"`
	DecidedBy      *string    `json:"decided_by"`
	DecidedAt      *time.Time `json:"decided_at"`
	ExpiresAt      time.Time  `json:"expires_at"`
	UsedAt         *time.Time `json:"used_at"`
	CreatedAt      time.Time  `json:"created_at"`
}

// UseApprovalRequest is POST /api/v1/orgs/{id}/approvals/{aid}/use: the requester spends an approved
// approval on the command it was approved for. It succeeds once; then 409 approval_used, after
// ExpiresAt 410 approval_expired, and 403 for another command or another person.
type UseApprovalRequest struct {
	Command string `json:"command"`
}
