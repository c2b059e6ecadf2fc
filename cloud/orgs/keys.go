package orgs

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/secrets"
	"github.com/cmdai/cmdai/policy"
)

// keyPurpose names the policy signing key among the server's keys.
const keyPurpose = "policy-bundle"

// KeyID names a public key: the hex of the first 8 bytes of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// ParseSigningKey reads POLICY_SIGNING_KEY: the base64 (standard or URL alphabet, padded or not) of an
// Ed25519 seed (32 bytes) or private key (64 bytes).
func ParseSigningKey(s string) (ed25519.PrivateKey, error) {
	s = strings.TrimSpace(s)
	var raw []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if raw, err = enc.DecodeString(s); err == nil {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("not base64: %w", err)
	}
	switch len(raw) {
	case ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(raw), nil
	case ed25519.PrivateKeySize:
		k := ed25519.NewKeyFromSeed(raw[:ed25519.SeedSize])
		if !k.Equal(ed25519.PrivateKey(raw)) {
			return nil, fmt.Errorf("the 64 bytes are not an Ed25519 private key (seed and public key disagree)")
		}
		return k, nil
	}
	return nil, fmt.Errorf("%d bytes: want an Ed25519 seed of 32 bytes (generate one with 'openssl rand -base64 32')", len(raw))
}

// SigningKey returns the key that signs policy bundles: Service.Key, or else the one stored in the
// database, generated and stored by the first replica that needs it. With a secrets keyring the stored
// seed is sealed under it, and a seed stored in plaintext before is sealed here.
func (s *Service) SigningKey(ctx context.Context) (ed25519.PrivateKey, error) {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if s.key != nil {
		return s.key, nil
	}
	if s.Key != nil {
		s.key = s.Key
		return s.key, nil
	}
	kr, err := s.keyring()
	if err != nil {
		return nil, fmt.Errorf("policy signing key: %w", err)
	}
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return nil, fmt.Errorf("generate policy signing key: %w", err)
	}
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	stored, err := sealedSeed(kr, keyPurpose, KeyID(pub), seed)
	if err != nil {
		return nil, fmt.Errorf("policy signing key: %w", err)
	}
	k, err := pgstore.EnsureServerKey(ctx, s.DB, pgstore.ServerKey{Purpose: keyPurpose, KeyID: KeyID(pub), Seed: stored, PublicKey: pub})
	if err != nil {
		return nil, fmt.Errorf("policy signing key: %w", err)
	}
	key, err := openServerKey(k, kr)
	if err != nil {
		return nil, fmt.Errorf("policy signing key: %w", err)
	}
	if kr != nil && !secrets.IsSealed(k.Seed) {
		if _, err := sealStoredSeed(ctx, s.DB, kr, k); err != nil {
			return nil, fmt.Errorf("policy signing key: %w", err)
		}
	}
	s.key = key
	return s.key, nil
}

// SignedBundle is an organisation's bundle as it travels, with the id of the key that signed it.
type SignedBundle struct {
	policy.SignedBundle
	OrgID   string
	Version int64
	KeyID   string
}

// SignedBundle returns the organisation's current policies, issued now and signed.
func (s *Service) SignedBundle(ctx context.Context, orgID string) (SignedBundle, error) {
	key, err := s.SigningKey(ctx)
	if err != nil {
		return SignedBundle{}, err
	}
	b, err := s.Bundle(ctx, orgID, time.Now())
	if err != nil {
		return SignedBundle{}, err
	}
	sb, err := policy.Sign(b, key)
	if err != nil {
		return SignedBundle{}, err
	}
	return SignedBundle{SignedBundle: sb, OrgID: b.OrgID, Version: b.Version, KeyID: KeyID(key.Public().(ed25519.PublicKey))}, nil
}

// PublicKey returns the public key of the signing key (Service.Key, or else the stored one) without
// generating one: pgstore.ErrNotFound when the server has none yet.
func (s *Service) PublicKey(ctx context.Context) (ed25519.PublicKey, error) {
	if s.Key != nil {
		return s.Key.Public().(ed25519.PublicKey), nil
	}
	k, err := pgstore.ServerKeyByPurpose(ctx, s.DB, keyPurpose)
	if err != nil {
		return nil, err
	}
	return ed25519.PublicKey(k.PublicKey), nil
}
