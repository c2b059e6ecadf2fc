package orgs

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"

	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/secrets"
)

// The server keys' seeds are sealed under the secrets keyring when the server has one. A seed stored
// before that (or by a server without a keyring) stays readable as it is, and is sealed the next time a
// server with a keyring loads it, or by 'cmdai-server secrets rotate'.

// seedAAD binds a sealed seed to its row: a sealed seed copied to another purpose or key id does not open.
func seedAAD(purpose, keyID string) []byte {
	return []byte("cmdai server key seed:" + purpose + ":" + keyID)
}

// keyring is the keyring that seals the stored seed: Service.Keyring, else the environment's, else nil.
func (s *Service) keyring() (*secrets.Keyring, error) {
	if s.Keyring != nil {
		return s.Keyring, nil
	}
	kr, err := secrets.KeyringFromEnv()
	switch {
	case errors.Is(err, secrets.ErrNoKey):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("secrets keyring: %w", err)
	}
	return kr, nil
}

// sealedSeed returns seed as it is to be stored for a new key: sealed under kr, or as it is when kr is nil.
func sealedSeed(kr *secrets.Keyring, purpose, keyID string, seed []byte) ([]byte, error) {
	if kr == nil {
		return seed, nil
	}
	sealed, err := kr.Seal(seed, seedAAD(purpose, keyID))
	if err != nil {
		return nil, fmt.Errorf("seal the %s key's seed: %w", purpose, err)
	}
	return sealed, nil
}

// openServerKey returns the private key of a stored server key, opening its seed under kr when it is
// sealed, and checks it against the stored public key.
func openServerKey(k pgstore.ServerKey, kr *secrets.Keyring) (ed25519.PrivateKey, error) {
	seed := k.Seed
	if secrets.IsSealed(seed) {
		if kr == nil {
			return nil, fmt.Errorf("the %s key's seed is sealed and the server has no secrets keyring: set %s (and %s) to the keys it was sealed with",
				k.Purpose, secrets.EnvKey, secrets.EnvOldKeys)
		}
		var err error
		if seed, err = kr.Open(seed, seedAAD(k.Purpose, k.KeyID)); err != nil {
			return nil, fmt.Errorf("open the %s key's seed: %w", k.Purpose, err)
		}
	}
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("the %s key's seed is %d bytes, want %d", k.Purpose, len(seed), ed25519.SeedSize)
	}
	key := ed25519.NewKeyFromSeed(seed)
	if !bytes.Equal(key.Public().(ed25519.PublicKey), k.PublicKey) {
		return nil, fmt.Errorf("the %s key's seed does not match its stored public key", k.Purpose)
	}
	return key, nil
}

// sealStoredSeed seals the seed of k, stored in plaintext, under kr. It reports false when the stored
// seed changed meanwhile (another server sealed it first).
func sealStoredSeed(ctx context.Context, db pgstore.Querier, kr *secrets.Keyring, k pgstore.ServerKey) (bool, error) {
	if _, err := openServerKey(k, nil); err != nil {
		return false, err
	}
	sealed, err := sealedSeed(kr, k.Purpose, k.KeyID, k.Seed)
	if err != nil {
		return false, err
	}
	ok, err := pgstore.ReplaceServerKeySeed(ctx, db, k.Purpose, k.Seed, sealed)
	if err != nil {
		return false, fmt.Errorf("store the %s key's sealed seed: %w", k.Purpose, err)
	}
	return ok, nil
}

// SealServerKeys seals under kr the seeds of the server's keys that are stored in plaintext and returns
// how many it sealed; with write false it only counts them.
func SealServerKeys(ctx context.Context, db pgstore.Querier, kr *secrets.Keyring, write bool) (int, error) {
	keys, err := pgstore.ServerKeys(ctx, db)
	if err != nil {
		return 0, fmt.Errorf("read the server keys: %w", err)
	}
	n := 0
	for _, k := range keys {
		if secrets.IsSealed(k.Seed) {
			continue
		}
		if !write {
			n++
			continue
		}
		ok, err := sealStoredSeed(ctx, db, kr, k)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}
