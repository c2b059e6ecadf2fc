// Package seal encrypts history records end to end: each record gets its own random content key, sealed
// with XChaCha20-Poly1305, and that content key is wrapped by the person's key, which never leaves their
// machines. The record's id and the metadata the server sees are bound as associated data, so the server
// can neither read a record nor move one under another id or change its metadata unnoticed.
package seal

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// Scheme names the format of Sealed; the cloud API advertises it and a client refuses any other.
const Scheme = "xchacha20poly1305-wrapped-v1"

// KeySize is the size of a person's key and of each content key.
const KeySize = chacha20poly1305.KeySize

// ErrOpen means a record could not be opened: the wrong key, or a ciphertext, wrapped key or associated
// data that was changed after sealing.
var ErrOpen = errors.New("record failed authentication (wrong key or tampered data)")

// Key is a person's sync key: it wraps every content key.
type Key [KeySize]byte

// NewKey makes a random key.
func NewKey() (Key, error) {
	var k Key
	if _, err := rand.Read(k[:]); err != nil {
		return Key{}, fmt.Errorf("make sync key: %w", err)
	}
	return k, nil
}

// ID is a fingerprint of the key that reveals nothing about it; the server keeps it so that a machine
// can tell whether its key is the account's current one.
func (k Key) ID() string {
	m := hmac.New(sha256.New, k[:])
	m.Write([]byte("cmdai sync key id"))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// Sealed is one encrypted record as the server stores it.
type Sealed struct {
	KeyID      string `json:"key_id"`
	WrappedKey []byte `json:"wrapped_key"` // nonce || content key sealed by the person's key
	Ciphertext []byte `json:"ciphertext"`  // nonce || record sealed by the content key
}

// Labels keep a wrapped key from being accepted as a record and the other way round.
const (
	labelWrap   = "cmdai wrap v1\x00"
	labelRecord = "cmdai record v1\x00"
)

// Seal encrypts plaintext under a fresh content key and wraps that key with k; ad is authenticated but
// not encrypted, and Open must be given the same ad.
func Seal(k Key, ad, plaintext []byte) (Sealed, error) {
	var ck [KeySize]byte
	if _, err := rand.Read(ck[:]); err != nil {
		return Sealed{}, fmt.Errorf("make content key: %w", err)
	}
	ct, err := sealWith(ck[:], labelRecord, ad, plaintext)
	if err != nil {
		return Sealed{}, err
	}
	wk, err := sealWith(k[:], labelWrap, ad, ck[:])
	if err != nil {
		return Sealed{}, err
	}
	return Sealed{KeyID: k.ID(), WrappedKey: wk, Ciphertext: ct}, nil
}

// Open checks and decrypts s with k and ad. Any change to the ciphertext, the wrapped key or ad, or the
// wrong key, is ErrOpen.
func Open(k Key, ad []byte, s Sealed) ([]byte, error) {
	ck, err := openWith(k[:], labelWrap, ad, s.WrappedKey)
	if err != nil {
		return nil, err
	}
	return openWith(ck, labelRecord, ad, s.Ciphertext)
}

// Rewrap wraps s's content key with next instead of prev, leaving the ciphertext as it is: rotating the
// key costs one small write per record.
func Rewrap(prev, next Key, ad []byte, s Sealed) (Sealed, error) {
	ck, err := openWith(prev[:], labelWrap, ad, s.WrappedKey)
	if err != nil {
		return Sealed{}, err
	}
	wk, err := sealWith(next[:], labelWrap, ad, ck)
	if err != nil {
		return Sealed{}, err
	}
	return Sealed{KeyID: next.ID(), WrappedKey: wk, Ciphertext: s.Ciphertext}, nil
}

func sealWith(key []byte, label string, ad, plaintext []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	out := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(out); err != nil {
		return nil, fmt.Errorf("seal: make nonce: %w", err)
	}
	return aead.Seal(out, out, plaintext, withLabel(label, ad)), nil
}

func openWith(key []byte, label string, ad, sealed []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return nil, ErrOpen
	}
	nonce, ct := sealed[:aead.NonceSize()], sealed[aead.NonceSize():]
	pt, err := aead.Open(nil, nonce, ct, withLabel(label, ad))
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}

func withLabel(label string, ad []byte) []byte {
	return append([]byte(label), ad...)
}
