package policy

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// StaleAction is what an organisation decides when a daemon's bundle is older than its maximum age.
type StaleAction string

// The stale actions.
const (
	StaleDeny StaleAction = "deny" // refuse every command until a current bundle arrives
	StaleWarn StaleAction = "warn" // keep enforcing the old bundle, and say it is old
)

// Duration is a time.Duration written in JSON as Go writes durations ("24h0m0s").
type Duration time.Duration

// D is the duration as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// MarshalText writes the duration as "24h0m0s".
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText reads a duration such as "24h" or "90m".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("max_age: %w", err)
	}
	*d = Duration(v)
	return nil
}

// Bundle is an organisation's policies at one version, as the server issues them to daemons.
type Bundle struct {
	OrgID    string    `json:"org_id"`
	Version  int64     `json:"version"`
	Policies []Policy  `json:"policies"`
	IssuedAt time.Time `json:"issued_at"`
	// MaxAge is how long after IssuedAt the bundle is current; zero means it never goes stale.
	MaxAge Duration `json:"max_age"`
	// StaleAction is what a daemon does with a bundle past MaxAge; required when MaxAge is set.
	StaleAction StaleAction `json:"stale_action,omitempty"`
}

func (b Bundle) stale(now time.Time) bool { return b.MaxAge > 0 && now.Sub(b.IssuedAt) > b.MaxAge.D() }

// Stale reports whether the bundle is past its maximum age at now.
func (b Bundle) Stale(now time.Time) bool { return b.stale(now) }

// validate checks the bundle's fields and each policy's, without compiling them.
func (b Bundle) validate() error {
	var probs []string
	if b.OrgID == "" {
		probs = append(probs, "org_id: missing")
	}
	if b.Version < 1 {
		probs = append(probs, fmt.Sprintf("version: %d is not a version (1 or more)", b.Version))
	}
	if b.MaxAge < 0 {
		probs = append(probs, "max_age: negative")
	}
	if b.MaxAge > 0 && b.IssuedAt.IsZero() {
		probs = append(probs, "issued_at: missing, and a bundle with a max_age needs it")
	}
	switch b.StaleAction {
	case StaleDeny, StaleWarn:
	case "":
		if b.MaxAge > 0 {
			probs = append(probs, "stale_action: missing: deny or warn, for a bundle past its max_age")
		}
	default:
		probs = append(probs, fmt.Sprintf("stale_action: %q is not deny or warn", b.StaleAction))
	}
	names := map[string]bool{}
	for i, p := range b.Policies {
		if names[p.Name] {
			probs = append(probs, fmt.Sprintf("policies[%d]: another policy is named %q", i, p.Name))
		}
		names[p.Name] = true
		if ps := p.problems(); len(ps) > 0 {
			probs = append(probs, (&ValidationError{Policy: p.Name, Problems: ps}).Error())
		}
	}
	if len(probs) > 0 {
		return fmt.Errorf("policy bundle for organisation %q version %d is not valid: %s", b.OrgID, b.Version,
			strings.Join(probs, "; "))
	}
	return nil
}

// SignedBundle is a bundle as it travels: the canonical JSON of the Bundle and the server's Ed25519
// signature over it. Daemons verify it before using it.
type SignedBundle struct {
	Payload   []byte `json:"payload"`
	Signature []byte `json:"signature"`
}

// signingContext separates bundle signatures from anything else the same key might sign.
const signingContext = "cmdai policy bundle v1\n"

// ErrBadSignature is returned for a bundle whose signature does not verify: tampered with, truncated, or
// signed by another key.
var ErrBadSignature = errors.New("policy bundle signature does not verify")

// Sign validates the bundle and signs its canonical JSON. IssuedAt is kept in UTC.
func Sign(b Bundle, priv ed25519.PrivateKey) (SignedBundle, error) {
	if len(priv) != ed25519.PrivateKeySize {
		return SignedBundle{}, fmt.Errorf("sign policy bundle: private key is %d bytes, not %d", len(priv), ed25519.PrivateKeySize)
	}
	if err := b.validate(); err != nil {
		return SignedBundle{}, err
	}
	b.IssuedAt = b.IssuedAt.UTC()
	payload, err := canonicalJSON(b)
	if err != nil {
		return SignedBundle{}, fmt.Errorf("sign policy bundle: %w", err)
	}
	return SignedBundle{Payload: payload, Signature: ed25519.Sign(priv, signed(payload))}, nil
}

// Verify checks the signature with the server's public key and returns the bundle it carries. A bundle
// that does not verify is ErrBadSignature, and its payload is not read.
func Verify(s SignedBundle, pub ed25519.PublicKey) (Bundle, error) {
	if len(pub) != ed25519.PublicKeySize {
		return Bundle{}, fmt.Errorf("verify policy bundle: public key is %d bytes, not %d", len(pub), ed25519.PublicKeySize)
	}
	if len(s.Signature) != ed25519.SignatureSize || !ed25519.Verify(pub, signed(s.Payload), s.Signature) {
		return Bundle{}, ErrBadSignature
	}
	var b Bundle
	d := json.NewDecoder(bytes.NewReader(s.Payload))
	d.DisallowUnknownFields()
	if err := d.Decode(&b); err != nil {
		return Bundle{}, fmt.Errorf("verify policy bundle: the signed payload is not a bundle: %w", err)
	}
	if err := b.validate(); err != nil {
		return Bundle{}, err
	}
	return b, nil
}

func signed(payload []byte) []byte {
	return append([]byte(signingContext), payload...)
}

// canonicalJSON encodes v with object keys sorted, no insignificant space and no HTML escaping, so the
// same bundle always gives the same bytes.
func canonicalJSON(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var tree any
	if err := d.Decode(&tree); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	e := json.NewEncoder(&out)
	e.SetEscapeHTML(false)
	if err := e.Encode(tree); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n")), nil
}
