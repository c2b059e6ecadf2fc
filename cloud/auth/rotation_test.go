package auth

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Rotating the JWT secret keeps tokens signed by the previous one valid until they expire, and only
// while the previous secret is kept.
func TestTokensRotateWithKeyID(t *testing.T) {
	oldSecret, newSecret := bytes.Repeat([]byte("o"), 32), bytes.Repeat([]byte("n"), 32)
	const user, session = "6f1c2a52-7b0e-4d6c-9a8e-3c2d1b0a9f8e", "0b9e8d7c-6a5f-4e3d-8c2b-1a0f9e8d7c6b"
	now := time.Now()
	before := Tokens{Secret: oldSecret, Now: func() time.Time { return now }}
	old, _, err := before.IssueAccess(user, session)
	if err != nil {
		t.Fatal(err)
	}
	parsed, _, err := jwt.NewParser().ParseUnverified(old, &AccessClaims{})
	if err != nil || parsed.Header["kid"] != KeyID(oldSecret) {
		t.Fatalf("token header %v (%v), want kid %s", parsed.Header, err, KeyID(oldSecret))
	}

	rotated := Tokens{Secret: newSecret, Previous: [][]byte{oldSecret}, Now: func() time.Time { return now.Add(time.Minute) }}
	if c, err := rotated.ParseAccess(old); err != nil || c.Subject != user {
		t.Fatalf("token of the previous secret after rotation: %v", err)
	}
	fresh, _, err := rotated.IssueAccess(user, session)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rotated.ParseAccess(fresh); err != nil {
		t.Fatalf("token of the new secret: %v", err)
	}
	if _, err := before.ParseAccess(fresh); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("a server that has only the old secret accepted a token of the new one: %v", err)
	}

	dropped := Tokens{Secret: newSecret, Now: rotated.Now}
	if _, err := dropped.ParseAccess(old); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("token of a secret no longer kept: %v, want refused", err)
	}
	expired := Tokens{Secret: newSecret, Previous: [][]byte{oldSecret}, Now: func() time.Time { return now.Add(AccessTTL + time.Minute) }}
	if _, err := expired.ParseAccess(old); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("expired token of the previous secret: %v, want refused", err)
	}
}
