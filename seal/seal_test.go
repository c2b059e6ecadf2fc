package seal

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func mustKey(t *testing.T) Key {
	t.Helper()
	k, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestRoundTrip(t *testing.T) {
	k := mustKey(t)
	ad := []byte("01J0000000000000000000000A|2025-01-01T00:00:00Z|safe")
	msg := []byte(`{"prompt":"list files","command":"ls -la"}`)
	s, err := Seal(k, ad, msg)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(s.Ciphertext, []byte("ls -la")) || bytes.Contains(s.WrappedKey, k[:]) {
		t.Fatal("sealed record holds plaintext or the key")
	}
	if s.KeyID != k.ID() {
		t.Fatalf("key id %q, want %q", s.KeyID, k.ID())
	}
	got, err := Open(k, ad, s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, msg) {
		t.Fatalf("opened %q, want %q", got, msg)
	}
	s2, _ := Seal(k, ad, msg)
	if bytes.Equal(s.Ciphertext, s2.Ciphertext) || bytes.Equal(s.WrappedKey, s2.WrappedKey) {
		t.Fatal("two seals of one record are equal: the content key or nonce is not random")
	}
}

func TestRejects(t *testing.T) {
	k := mustKey(t)
	ad := []byte("id-1|meta")
	s, err := Seal(k, ad, []byte("secret command"))
	if err != nil {
		t.Fatal(err)
	}
	flip := func(b []byte, i int) []byte {
		c := bytes.Clone(b)
		c[i%len(c)] ^= 1
		return c
	}
	other := mustKey(t)
	tests := []struct {
		name string
		key  Key
		ad   []byte
		s    Sealed
	}{
		{"ciphertext body", k, ad, Sealed{WrappedKey: s.WrappedKey, Ciphertext: flip(s.Ciphertext, 30)}},
		{"ciphertext nonce", k, ad, Sealed{WrappedKey: s.WrappedKey, Ciphertext: flip(s.Ciphertext, 0)}},
		{"ciphertext tag", k, ad, Sealed{WrappedKey: s.WrappedKey, Ciphertext: flip(s.Ciphertext, len(s.Ciphertext)-1)}},
		{"truncated ciphertext", k, ad, Sealed{WrappedKey: s.WrappedKey, Ciphertext: s.Ciphertext[:10]}},
		{"wrapped key", k, ad, Sealed{WrappedKey: flip(s.WrappedKey, 40), Ciphertext: s.Ciphertext}},
		{"associated data", k, []byte("id-2|meta"), s},
		{"no associated data", k, nil, s},
		{"wrong key", other, ad, s},
		{"swapped wrapped key", k, ad, Sealed{WrappedKey: s.Ciphertext, Ciphertext: s.WrappedKey}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Open(tt.key, tt.ad, tt.s); !errors.Is(err, ErrOpen) {
				t.Fatalf("Open = %v, want ErrOpen", err)
			}
		})
	}
	t.Run("wrapped key of another record", func(t *testing.T) {
		s2, _ := Seal(k, ad, []byte("another"))
		if _, err := Open(k, ad, Sealed{WrappedKey: s2.WrappedKey, Ciphertext: s.Ciphertext}); !errors.Is(err, ErrOpen) {
			t.Fatalf("Open = %v, want ErrOpen", err)
		}
	})
}

func TestRewrap(t *testing.T) {
	prev, next := mustKey(t), mustKey(t)
	ad := []byte("id|meta")
	s, _ := Seal(prev, ad, []byte("echo hi"))
	r, err := Rewrap(prev, next, ad, s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(r.Ciphertext, s.Ciphertext) || r.KeyID != next.ID() {
		t.Fatal("rewrap changed the ciphertext or kept the old key id")
	}
	if got, err := Open(next, ad, r); err != nil || string(got) != "echo hi" {
		t.Fatalf("open rewrapped = %q, %v", got, err)
	}
	if _, err := Open(prev, ad, r); !errors.Is(err, ErrOpen) {
		t.Fatalf("old key still opens the rewrapped record: %v", err)
	}
	if _, err := Rewrap(next, prev, ad, s); !errors.Is(err, ErrOpen) {
		t.Fatalf("rewrap with the wrong key = %v, want ErrOpen", err)
	}
}

func TestPhrase(t *testing.T) {
	k := mustKey(t)
	p := k.Phrase()
	if n := len(strings.Split(p, "-")); n != 11 {
		t.Fatalf("phrase %q has %d groups, want 11", p, n)
	}
	for _, in := range []string{p, strings.ToLower(p), strings.ReplaceAll(p, "-", " "), strings.ReplaceAll(p, "-", "")} {
		got, err := ParsePhrase(in)
		if err != nil || got != k {
			t.Fatalf("ParsePhrase(%q) = %v, %v", in, got.ID(), err)
		}
	}
	typo := []byte(p)
	if typo[3] == 'A' {
		typo[3] = 'B'
	} else {
		typo[3] = 'A'
	}
	for _, bad := range []string{string(typo), p[:len(p)-6], "", "hello world"} {
		if _, err := ParsePhrase(bad); !errors.Is(err, ErrPhrase) {
			t.Fatalf("ParsePhrase(%q) = %v, want ErrPhrase", bad, err)
		}
	}
}

func TestKeyID(t *testing.T) {
	a, b := mustKey(t), mustKey(t)
	id := a.ID()
	if id == b.ID() || len(id) != 16 || a.ID() != id {
		t.Fatalf("key ids %q %q", a.ID(), b.ID())
	}
}
