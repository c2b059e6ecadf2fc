package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

// APIKeyPrefix starts every API key, so that secret scanners and the bearer middleware recognise one.
const APIKeyPrefix = "cmdai_"

// Scopes an API key may hold.
const (
	ScopeCommandsRead  = "commands:read"
	ScopeCommandsWrite = "commands:write"
	ScopeTeamsRead     = "teams:read"  // see teams, list and use their patterns
	ScopeTeamsWrite    = "teams:write" // share patterns (membership changes need a login session)
	ScopeAnalyticsRead = "analytics:read"
)

// Scopes lists every scope, in the order they are documented.
var Scopes = []string{ScopeCommandsRead, ScopeCommandsWrite, ScopeTeamsRead, ScopeTeamsWrite, ScopeAnalyticsRead}

// MaxAPIKeyTTL bounds an API key's life; keys always expire.
const MaxAPIKeyTTL = 365 * 24 * time.Hour

// ErrInvalidScope is an API key request naming a scope that does not exist.
var ErrInvalidScope = errors.New("unknown scope")

// CreateAPIKey makes a key for the user and returns it with the only copy of its secret.
func (s *Service) CreateAPIKey(ctx context.Context, userID, name string, scopes []string, ttl time.Duration) (pgstore.APIKey, string, error) {
	for _, sc := range scopes {
		if !slices.Contains(Scopes, sc) {
			return pgstore.APIKey{}, "", fmt.Errorf("%w %q", ErrInvalidScope, sc)
		}
	}
	if ttl <= 0 || ttl > MaxAPIKeyTTL {
		ttl = MaxAPIKeyTTL
	}
	key, err := randomToken(APIKeyPrefix)
	if err != nil {
		return pgstore.APIKey{}, "", err
	}
	exp := s.Tokens.now().Add(ttl)
	k, err := pgstore.CreateAPIKey(ctx, s.DB, pgstore.NewAPIKey{
		UserID: userID, Name: name, Prefix: key[:len(APIKeyPrefix)+6], Hash: hashToken(key),
		Scopes: slices.Compact(slices.Sorted(slices.Values(scopes))), ExpiresAt: &exp,
	})
	if err != nil {
		return pgstore.APIKey{}, "", fmt.Errorf("store api key: %w", err)
	}
	return k, key, nil
}

// authenticateAPIKey reads the key on every request, so that a revoked key is refused on the next one; its
// last_used_at is written in the same statement, at most once a keyUseEvery per key and process.
func (s *Service) authenticateAPIKey(ctx context.Context, key string) (Principal, error) {
	hash, now := hashToken(key), s.Tokens.now()
	record := s.keyUses.due(hash, now)
	var (
		k   pgstore.APIKeyCredential
		err error
	)
	if record {
		k, err = pgstore.UseAPIKey(ctx, s.DB, hash, now)
	} else {
		k, err = pgstore.APIKeyCredentialByHash(ctx, s.DB, hash)
	}
	if errors.Is(err, pgstore.ErrNotFound) {
		return Principal{}, fmt.Errorf("%w: unknown api key", ErrInvalidToken)
	}
	if err != nil {
		return Principal{}, fmt.Errorf("find api key: %w", err)
	}
	if k.RevokedAt != nil {
		return Principal{}, fmt.Errorf("%w: api key revoked", ErrInvalidToken)
	}
	if k.ExpiresAt != nil && !k.ExpiresAt.After(now) {
		return Principal{}, fmt.Errorf("%w: api key expired", ErrInvalidToken)
	}
	if record {
		s.keyUses.recorded(hash, now)
	}
	return Principal{UserID: k.UserID, APIKeyID: k.ID, Scopes: k.Scopes}, nil
}
