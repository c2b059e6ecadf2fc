package policy_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/policy"
)

func testBundle(t *testing.T) policy.Bundle {
	t.Helper()
	return policy.Bundle{
		OrgID:   "org1",
		Version: 7,
		Policies: []policy.Policy{
			mustParse(t, "juniors", `{"rules":[{"name":"no-rm-rf","if":{"user_has_role":"junior","command_matches":"rm -rf"},"then":"deny","reason":"juniors may not run rm -rf <ever> & always"}]}`),
			mustParse(t, "rego", "package x\n\ndeny contains \"no curl\" if \"curl\" in input.facts.programs\n"),
		},
		IssuedAt:    time.Date(2026, 3, 4, 13, 0, 0, 0, time.FixedZone("CET", 3600)),
		MaxAge:      policy.Duration(72 * time.Hour),
		StaleAction: policy.StaleWarn,
	}
}

func keys(t *testing.T) (ed25519.PublicKey, ed25519.PrivateKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return pub, priv
}

func TestSignVerify(t *testing.T) {
	pub, priv := keys(t)
	b := testBundle(t)
	s, err := policy.Sign(b, priv)
	if err != nil {
		t.Fatal(err)
	}
	got, err := policy.Verify(s, pub)
	if err != nil {
		t.Fatal(err)
	}
	want := b
	want.IssuedAt = b.IssuedAt.UTC()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("verified %+v\nwant %+v", got, want)
	}
	// The verified bundle is the one that was signed: it decides as the original does.
	set, err := policy.Compile(context.Background(), got)
	if err != nil {
		t.Fatal(err)
	}
	in := input("curl -s example.com", "engineer")
	in.OrgID, in.Time = "org1", want.IssuedAt
	if d := decide(t, set, in); d.Decision != gate.PolicyDeny || d.Reason != "no curl" {
		t.Errorf("verified bundle decides %+v", d)
	}

	// It travels as JSON and verifies after the trip.
	wire, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back policy.SignedBundle
	if err := json.Unmarshal(wire, &back); err != nil {
		t.Fatal(err)
	}
	if _, err := policy.Verify(back, pub); err != nil {
		t.Errorf("after a JSON round trip: %v", err)
	}
}

// The payload is canonical: the same bundle signs to the same bytes, keys sorted, no spaces, no HTML
// escapes.
func TestSignCanonical(t *testing.T) {
	_, priv := keys(t)
	a, err := policy.Sign(testBundle(t), priv)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := policy.Sign(testBundle(t), priv)
	if !bytes.Equal(a.Payload, b.Payload) || !bytes.Equal(a.Signature, b.Signature) {
		t.Error("the same bundle signed twice gave different bytes")
	}
	p := string(a.Payload)
	for _, want := range []string{`{"issued_at":"2026-03-04T12:00:00Z","max_age":"72h0m0s","org_id":"org1","policies":[`,
		`<ever> & always"`, `"stale_action":"warn","version":7}`} {
		if !strings.Contains(p, want) {
			t.Errorf("payload lacks %s:\n%s", want, p)
		}
	}
	if strings.ContainsAny(p, "\n\t") || strings.Contains(p, `": `) {
		t.Errorf("payload has insignificant space:\n%s", p)
	}
}

func TestVerifyRejectsTampering(t *testing.T) {
	pub, priv := keys(t)
	s, err := policy.Sign(testBundle(t), priv)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(b []byte, i int) []byte {
		c := bytes.Clone(b)
		c[i] ^= 0x01
		return c
	}
	otherPub, _ := keys(t)
	// The payload with the rule's deny turned into allow: what an attacker would want.
	loosened := bytes.Replace(s.Payload, []byte(`"then":"deny"`), []byte(`"then":"allow"`), 1)
	if bytes.Equal(loosened, s.Payload) {
		t.Fatal("the payload does not hold the rule")
	}
	for name, bad := range map[string]struct {
		s   policy.SignedBundle
		pub ed25519.PublicKey
	}{
		"payload byte flipped":   {policy.SignedBundle{Payload: flip(s.Payload, len(s.Payload)/2), Signature: s.Signature}, pub},
		"payload first byte":     {policy.SignedBundle{Payload: flip(s.Payload, 0), Signature: s.Signature}, pub},
		"payload loosened":       {policy.SignedBundle{Payload: loosened, Signature: s.Signature}, pub},
		"payload truncated":      {policy.SignedBundle{Payload: s.Payload[:len(s.Payload)-1], Signature: s.Signature}, pub},
		"signature byte flipped": {policy.SignedBundle{Payload: s.Payload, Signature: flip(s.Signature, 10)}, pub},
		"signature last byte":    {policy.SignedBundle{Payload: s.Payload, Signature: flip(s.Signature, len(s.Signature)-1)}, pub},
		"signature missing":      {policy.SignedBundle{Payload: s.Payload}, pub},
		"wrong key":              {s, otherPub},
	} {
		if _, err := policy.Verify(bad.s, bad.pub); !errors.Is(err, policy.ErrBadSignature) {
			t.Errorf("%s: %v, want ErrBadSignature", name, err)
		}
	}
	if _, err := policy.Verify(s, pub[:16]); err == nil {
		t.Error("a short public key verified")
	}
}

// A signature over something that is not a valid bundle still does not give a bundle.
func TestVerifyRejectsInvalidPayload(t *testing.T) {
	pub, priv := keys(t)
	for _, payload := range []string{`not json`, `{"org_id":"o","version":1,"policies":[],"extra":1}`,
		`{"org_id":"","version":1,"policies":[]}`,
		`{"org_id":"o","version":1,"max_age":"1h","policies":[]}`} {
		sig := ed25519.Sign(priv, append([]byte("cmdai policy bundle v1\n"), payload...))
		_, err := policy.Verify(policy.SignedBundle{Payload: []byte(payload), Signature: sig}, pub)
		if err == nil || errors.Is(err, policy.ErrBadSignature) {
			t.Errorf("%s: %v", payload, err)
		}
	}
	// And the signing context matters: a bare signature over the payload is not a bundle signature.
	s, _ := policy.Sign(testBundle(t), priv)
	s.Signature = ed25519.Sign(priv, s.Payload)
	if _, err := policy.Verify(s, pub); !errors.Is(err, policy.ErrBadSignature) {
		t.Errorf("signature without the context: %v", err)
	}
}

func TestSignRejectsInvalidBundle(t *testing.T) {
	_, priv := keys(t)
	for name, mutate := range map[string]func(*policy.Bundle){
		"no org":          func(b *policy.Bundle) { b.OrgID = "" },
		"version 0":       func(b *policy.Bundle) { b.Version = 0 },
		"no stale action": func(b *policy.Bundle) { b.StaleAction = "" },
		"bad stale":       func(b *policy.Bundle) { b.StaleAction = "ignore" },
		"same names":      func(b *policy.Bundle) { b.Policies[1].Name = b.Policies[0].Name },
		"bad rule":        func(b *policy.Bundle) { b.Policies[0].Rules[0].Then = "forbid" },
		"no issued_at":    func(b *policy.Bundle) { b.IssuedAt = time.Time{} },
	} {
		b := testBundle(t)
		mutate(&b)
		if _, err := policy.Sign(b, priv); err == nil {
			t.Errorf("%s: signed", name)
		}
	}
	if _, err := policy.Sign(testBundle(t), priv[:32]); err == nil {
		t.Error("signed with a short key")
	}
}
