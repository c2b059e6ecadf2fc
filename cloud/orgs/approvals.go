package orgs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

var (
	// ErrApprovalUsed is an approval that has already let its command run once.
	ErrApprovalUsed = errors.New("this approval has already been used")
	// ErrApprovalExpired is an approval that was not used in time.
	ErrApprovalExpired = errors.New("this approval has expired: request a new one")
	// ErrApprovalDecided is a decision on an approval that is no longer pending.
	ErrApprovalDecided = errors.New("this approval has already been decided")
	// ErrNotApproved is an approval used before an approver approved it, or after one denied it.
	ErrNotApproved = errors.New("this approval has not been approved")
	// ErrOtherCommand is an approval used for a command other than the one approved.
	ErrOtherCommand = errors.New("this approval is for another command")
	// ErrNotRequester is an approval used by someone other than the member who requested it.
	ErrNotRequester = errors.New("this approval is another member's")
	// ErrOwnApproval is an approver deciding their own request.
	ErrOwnApproval = errors.New("another admin or engineer must decide your own request")
)

// CommandHash is the hex SHA-256 of a command: an approval is bound to exactly this text.
func CommandHash(command string) string {
	sum := sha256.Sum256([]byte(command))
	return hex.EncodeToString(sum[:])
}

// maxCommand bounds a command asked for approval.
const maxCommand = 16 << 10

// RequestApproval records a member's request to run the command once.
func (s *Service) RequestApproval(ctx context.Context, orgID, requesterID string, a pgstore.Approval) (pgstore.Approval, error) {
	switch {
	case strings.TrimSpace(a.Command) == "":
		return pgstore.Approval{}, invalid("command", "command is required")
	case len(a.Command) > maxCommand:
		return pgstore.Approval{}, invalid("command", "command is over %d bytes", maxCommand)
	case len(a.Cwd) > 4096:
		return pgstore.Approval{}, invalid("cwd", "cwd is over 4096 bytes")
	case len(a.Host) > 255:
		return pgstore.Approval{}, invalid("host", "host is over 255 bytes")
	case len(a.Reason) > 2000:
		return pgstore.Approval{}, invalid("reason", "reason is over 2000 bytes")
	}
	ttl := s.ApprovalTTL
	if ttl <= 0 {
		ttl = DefaultApprovalTTL
	}
	a.OrgID, a.RequesterID, a.CommandHash = orgID, requesterID, CommandHash(a.Command)
	a.ExpiresAt = time.Now().Add(ttl)
	out, err := pgstore.CreateApproval(ctx, s.DB, a)
	if err != nil {
		return pgstore.Approval{}, fmt.Errorf("store approval: %w", err)
	}
	return out, nil
}

// Decide approves or denies a pending approval as decider, who is not its requester.
func (s *Service) Decide(ctx context.Context, orgID, approvalID, deciderID string, approve bool) (pgstore.Approval, error) {
	a, err := pgstore.ApprovalByID(ctx, s.DB, orgID, approvalID)
	if err != nil {
		return pgstore.Approval{}, err
	}
	if a.RequesterID == deciderID {
		return pgstore.Approval{}, ErrOwnApproval
	}
	status := "denied"
	if approve {
		status = "approved"
	}
	ok, err := pgstore.DecideApproval(ctx, s.DB, orgID, approvalID, deciderID, status)
	if err != nil {
		return pgstore.Approval{}, fmt.Errorf("decide approval: %w", err)
	}
	if a, err = pgstore.ApprovalByID(ctx, s.DB, orgID, approvalID); err != nil {
		return pgstore.Approval{}, err
	}
	if !ok {
		if a.Status == "expired" {
			return a, ErrApprovalExpired
		}
		return a, ErrApprovalDecided
	}
	return a, nil
}

// UseApproval spends the approval on command for userID, in q (a transaction the caller commits with
// the run it allows). It succeeds once, for the requester, for exactly the command approved, before it
// expires; otherwise the error says which of those failed.
func UseApproval(ctx context.Context, q pgstore.Querier, orgID, approvalID, userID, command string) (pgstore.Approval, error) {
	hash := CommandHash(command)
	ok, err := pgstore.UseApproval(ctx, q, orgID, approvalID, userID, hash)
	if err != nil {
		return pgstore.Approval{}, fmt.Errorf("use approval: %w", err)
	}
	a, err := pgstore.ApprovalByID(ctx, q, orgID, approvalID)
	if err != nil {
		return pgstore.Approval{}, err
	}
	switch {
	case ok:
		return a, nil
	case a.RequesterID != userID:
		return a, ErrNotRequester
	case a.CommandHash != hash:
		return a, ErrOtherCommand
	case a.Status == "used":
		return a, ErrApprovalUsed
	case a.Status == "expired":
		return a, ErrApprovalExpired
	}
	return a, ErrNotApproved
}
