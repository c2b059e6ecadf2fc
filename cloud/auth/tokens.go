package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

const (
	// Issuer and Audience are the iss and aud of every access token; tokens with others are refused.
	Issuer   = "cmdai"
	Audience = "cmdai-api"
	// AccessTTL and RefreshTTL are how long access and refresh tokens live.
	AccessTTL  = 15 * time.Minute
	RefreshTTL = 7 * 24 * time.Hour

	typeAccess = "access"
)

// ErrInvalidToken is wrapped by every reason a bearer credential is refused.
var ErrInvalidToken = errors.New("invalid or expired token")

// AccessClaims are an access token's claims: the standard ones plus the token type and the session
// (refresh-token family) it belongs to, so logging out ends the session's access tokens too.
type AccessClaims struct {
	Type      string `json:"typ"`
	SessionID string `json:"sid"`
	jwt.RegisteredClaims
}

// Tokens signs access tokens with one HS256 secret and checks them against it or a previous one.
// Every token names the secret that signed it by a key id (the JWT "kid" header, KeyID), so rotating
// JWT_SECRET keeps the tokens signed before valid until they expire, as long as the old secret is in
// Previous.
type Tokens struct {
	Secret []byte
	// Previous are secrets that signed tokens before Secret did; remove one once AccessTTL has passed.
	Previous [][]byte
	Now      func() time.Time // nil means time.Now
}

// KeyID names a signing secret without revealing it: the first 8 bytes of its SHA-256, in hex.
func KeyID(secret []byte) string {
	sum := sha256.Sum256(secret)
	return hex.EncodeToString(sum[:8])
}

// key finds the secret that signed tok by its kid; a token without one was signed before key ids and
// is checked against the current secret only.
func (t Tokens) key(tok *jwt.Token) (any, error) {
	kid, _ := tok.Header["kid"].(string)
	if kid == "" || kid == KeyID(t.Secret) {
		return t.Secret, nil
	}
	for _, p := range t.Previous {
		if kid == KeyID(p) {
			return p, nil
		}
	}
	return nil, fmt.Errorf("signed by an unknown key %q", kid)
}

func (t Tokens) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// IssueAccess returns a signed access token for the user's session.
func (t Tokens) IssueAccess(userID, sessionID string) (string, time.Time, error) {
	now := t.now()
	exp := now.Add(AccessTTL)
	claims := AccessClaims{
		Type:      typeAccess,
		SessionID: sessionID,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    Issuer,
			Subject:   userID,
			Audience:  jwt.ClaimStrings{Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
		},
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	tok.Header["kid"] = KeyID(t.Secret)
	s, err := tok.SignedString(t.Secret)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("sign access token: %w", err)
	}
	return s, exp, nil
}

// ParseAccess checks an access token: HS256 only (so "none" and every asymmetric algorithm are refused),
// signature, expiry, issuer, audience and type, and that the subject and session are UUIDs: a validly signed
// token whose claims do not have the types this server issues is refused like any other bad token.
func (t Tokens) ParseAccess(token string) (AccessClaims, error) {
	var claims AccessClaims
	_, err := jwt.ParseWithClaims(token, &claims, t.key,
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(Issuer),
		jwt.WithAudience(Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(t.now),
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		return AccessClaims{}, fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	if claims.Type != typeAccess || claims.Subject == "" || claims.SessionID == "" {
		return AccessClaims{}, fmt.Errorf("%w: not an access token", ErrInvalidToken)
	}
	if !pgstore.IsUUID(claims.Subject) || !pgstore.IsUUID(claims.SessionID) {
		return AccessClaims{}, fmt.Errorf("%w: subject or session is not a uuid", ErrInvalidToken)
	}
	return claims, nil
}

// randomToken returns prefix followed by 32 random bytes in URL-safe base64.
func randomToken(prefix string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken is how refresh tokens and API keys are stored: they are 256 random bits, so a fast hash is
// enough and lets the server find them by hash.
func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
