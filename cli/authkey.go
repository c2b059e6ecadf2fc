package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/seal"
)

// authRotateKey replaces the sync key. The new key is saved here first (with the old one beside it),
// then every record's content key is re-wrapped, then the server's fingerprint moves: an interrupted
// rotation resumes when run again, and no record is ever left sealed by a key nobody has.
func authRotateKey(ctx context.Context, s *streams) error {
	path := client.CredentialsPath()
	creds, err := client.LoadCredentials(path)
	if err != nil {
		return err
	}
	if !creds.LoggedIn() {
		return client.ErrNotLoggedIn
	}
	cl := client.New(creds, func(c client.Credentials) error {
		// Keep the keys as this command set them when the session is refreshed meanwhile.
		c.SyncKey, c.PreviousSyncKey = creds.SyncKey, creds.PreviousSyncKey
		return client.SaveCredentials(path, c)
	})
	cur, err := cl.SyncKey(ctx)
	if err != nil {
		return fmt.Errorf("read the account's sync key: %w", err)
	}
	prev, next, err := rotationKeys(creds, cur.KeyID)
	if err != nil {
		return err
	}
	creds.SyncKey, creds.PreviousSyncKey = next.Phrase(), prev.Phrase()
	creds = mergeTokens(creds, cl.Credentials())
	if err := client.SaveCredentials(path, creds); err != nil {
		return err
	}
	rewrapped, skipped, err := rewrapAll(ctx, cl, prev, next)
	if err != nil {
		return fmt.Errorf("re-wrap the records' keys (run 'cmdai auth rotate-key' again to resume): %w", err)
	}
	if cur.KeyID != next.ID() {
		if err := cl.SetSyncKey(ctx, prev.ID(), next.ID()); err != nil {
			return fmt.Errorf("record the new key on the server: %w", err)
		}
	}
	creds = mergeTokens(creds, cl.Credentials())
	creds.PreviousSyncKey = ""
	if err := client.SaveCredentials(path, creds); err != nil {
		return err
	}
	fmt.Fprintf(s.out, "Re-wrapped %d records with the new key", rewrapped)
	if skipped > 0 {
		fmt.Fprintf(s.out, " (%d could not be opened with the old key and were left as they are)", skipped)
	}
	fmt.Fprintf(s.out, `.

Your new recovery phrase (the old one no longer works; your other machines need this one):

    %s

`, next.Phrase())
	kickSync(ctx)
	return nil
}

// rotationKeys returns the key to rotate from and the one to rotate to, resuming a rotation that a
// saved PreviousSyncKey shows was interrupted.
func rotationKeys(creds client.Credentials, serverKeyID string) (prev, next seal.Key, err error) {
	mine, err := seal.ParsePhrase(creds.SyncKey)
	if err != nil {
		return prev, next, errors.New("this machine has no sync key: log in again with your recovery phrase first")
	}
	if creds.PreviousSyncKey != "" {
		old, err := seal.ParsePhrase(creds.PreviousSyncKey)
		if err == nil && (old.ID() == serverKeyID || mine.ID() == serverKeyID) {
			return old, mine, nil
		}
	}
	if mine.ID() != serverKeyID {
		return prev, next, errors.New("this machine's sync key is not the account's current one: log in again with the current recovery phrase")
	}
	next, err = seal.NewKey()
	return mine, next, err
}

// mergeTokens takes the (possibly refreshed) tokens from fresh and keeps the keys from c.
func mergeTokens(c, fresh client.Credentials) client.Credentials {
	fresh.SyncKey, fresh.PreviousSyncKey = c.SyncKey, c.PreviousSyncKey
	return fresh
}

// rewrapAll re-wraps every live record still under prev, page by page.
func rewrapAll(ctx context.Context, cl *client.Client, prev, next seal.Key) (rewrapped, skipped int, err error) {
	cursor := ""
	for {
		page, err := cl.Pull(ctx, cursor, "", 500)
		if err != nil {
			return rewrapped, skipped, err
		}
		wrapped := map[string][]byte{}
		for _, rec := range page.Records {
			if rec.Deleted || rec.KeyID == next.ID() {
				continue
			}
			s, err := seal.Rewrap(prev, next, client.AD(rec.ID, rec.CreatedAt, rec.Risk), client.Sealed(rec))
			if err != nil {
				skipped++
				continue
			}
			wrapped[rec.ID] = s.WrappedKey
		}
		if len(wrapped) > 0 {
			n, err := cl.Rewrap(ctx, next.ID(), wrapped)
			if err != nil {
				return rewrapped, skipped, err
			}
			rewrapped += n
		}
		cursor = page.NextCursor
		if !page.More {
			return rewrapped, skipped, nil
		}
	}
}
