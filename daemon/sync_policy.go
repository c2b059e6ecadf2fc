package daemon

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/policy"
	"github.com/cmdai/cmdai/policy/local"
)

// pullPolicy fetches the person's organisation policy: the server's signing key (pinned the first time,
// and never silently replaced), then the organisation's signed bundle when its version moved. A bundle
// that does not verify is refused and the last good one stays enforced. A person in no organisation
// has no policy. Logging out keeps the policy: the next login's sync replaces it.
func (w *syncWorker) pullPolicy(ctx context.Context, creds client.Credentials) error {
	if w.policy == nil {
		return nil
	}
	orgs, err := w.cl.Orgs(ctx)
	if err != nil {
		return fmt.Errorf("list organisations: %w", err)
	}
	if len(orgs) == 0 {
		if org, _ := w.policy.Version(); org != "" {
			w.log.Info("no organisation's policy applies any more")
		}
		return w.policy.Clear() // a policy file that did not verify goes too: it denies everything
	}
	org := orgs[0] // the organisation the person joined first: the server lists them oldest first
	// The file is what answers made without the daemon read: put back what the daemon verified when
	// the file was edited or removed, whether or not a new bundle follows.
	if restored, err := w.policy.Restore(); err != nil {
		return err
	} else if restored {
		w.log.Warn("the policy file was changed outside the daemon: the verified bundle is written back")
	}
	keyID, key := w.policy.PinnedKey()
	if key == nil {
		k, err := w.cl.PolicyKey(ctx)
		if err != nil {
			return fmt.Errorf("fetch the policy signing key: %w", err)
		}
		keyID, key = k.KeyID, k.PublicKey
	}
	enforcedOrg, enforced := w.policy.Version()
	if enforcedOrg == org.ID && enforced == org.PolicyVersion && w.policy.SameMember(creds.UserID, org.Role) {
		return nil
	}
	b, err := w.cl.PolicyBundle(ctx, org.ID)
	if err != nil {
		return fmt.Errorf("fetch the policy bundle: %w", err)
	}
	if b.KeyID != keyID {
		return fmt.Errorf("the policy bundle is signed with key %q, not the pinned %q: it is refused and the last good one stays", b.KeyID, keyID)
	}
	st := local.State{KeyID: keyID, Key: bytes.Clone(key), OrgID: org.ID, UserID: creds.UserID, Email: creds.Email,
		Roles: []string{org.Role}, FetchedAt: time.Now().UTC(),
		Bundle: policy.SignedBundle{Payload: b.Payload, Signature: b.Signature}}
	if err := w.policy.Install(ctx, st); err != nil {
		return fmt.Errorf("policy bundle %d of %s refused, the last good one stays: %w", b.Version, org.Name, err)
	}
	w.log.Info("policy bundle installed", "org", org.Name, "version", b.Version, "role", org.Role)
	return nil
}
