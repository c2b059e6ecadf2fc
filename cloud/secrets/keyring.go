package secrets

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// KeySize is the size of a key-encryption key and of each data key: AES-256.
const KeySize = 32

// Environment settings a keyring is read from (each can also come from its _FILE).
const (
	// EnvKey is the current key-encryption key, base64 of 32 bytes.
	EnvKey = "CMDAI_SECRETS_KEY"
	// EnvKeyID names the current key (default "k1"); it is stored beside every wrapped data key.
	EnvKeyID = "CMDAI_SECRETS_KEY_ID"
	// EnvOldKeys lists keys that values may still be wrapped under: "id:base64,id:base64".
	EnvOldKeys = "CMDAI_SECRETS_OLD_KEYS"
)

// magic starts every sealed value, so that a value sealed by a later format is told apart.
var magic = []byte("cmdai-sealed-v1:")

// ErrNoKey is returned by KeyringFromEnv when no key is configured.
var ErrNoKey = errors.New("no secrets key: set " + EnvKey + " (base64 of 32 random bytes) or " + EnvKey + "_FILE")

// ErrUnknownKey is returned by Open for a value wrapped under a key id the keyring does not hold.
var ErrUnknownKey = errors.New("sealed under a key this keyring does not hold")

// A Keyring seals and opens values with envelope encryption under its current key, and opens values
// wrapped under any key it holds. It is safe for concurrent use.
type Keyring struct {
	current string
	keys    map[string]cipher.AEAD
}

// NewKeyring returns a keyring whose current key is keys[current]. Every key must be 32 bytes, and an id
// is at most 64 characters of letters, digits, '-', '_' and '.'.
func NewKeyring(current string, keys map[string][]byte) (*Keyring, error) {
	k := &Keyring{current: current, keys: map[string]cipher.AEAD{}}
	for id, key := range keys {
		if !validID(id) {
			return nil, fmt.Errorf("key id %q: use 1 to 64 letters, digits, '-', '_' or '.'", id)
		}
		aead, err := newAEAD(key)
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", id, err)
		}
		k.keys[id] = aead
	}
	if _, ok := k.keys[current]; !ok {
		return nil, fmt.Errorf("current key %q is not among the keys", current)
	}
	return k, nil
}

// KeyringFromEnv reads the keyring from CMDAI_SECRETS_KEY, CMDAI_SECRETS_KEY_ID and
// CMDAI_SECRETS_OLD_KEYS (each or its _FILE). It returns ErrNoKey when no key is set.
func KeyringFromEnv() (*Keyring, error) {
	encoded, err := Lookup(EnvKey)
	if err != nil {
		return nil, err
	}
	if encoded == "" {
		return nil, ErrNoKey
	}
	id, err := Lookup(EnvKeyID)
	if err != nil {
		return nil, err
	}
	if id == "" {
		id = "k1"
	}
	key, err := decodeKey(encoded)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", EnvKey, err)
	}
	keys := map[string][]byte{id: key}
	old, err := Lookup(EnvOldKeys)
	if err != nil {
		return nil, err
	}
	for _, entry := range strings.Split(old, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		oldID, oldEncoded, ok := strings.Cut(entry, ":")
		if !ok {
			return nil, fmt.Errorf("%s: entry %q is not id:base64", EnvOldKeys, entry)
		}
		oldKey, err := decodeKey(oldEncoded)
		if err != nil {
			return nil, fmt.Errorf("%s: key %q: %w", EnvOldKeys, oldID, err)
		}
		if _, dup := keys[oldID]; dup {
			return nil, fmt.Errorf("%s: key id %q is given twice", EnvOldKeys, oldID)
		}
		keys[oldID] = oldKey
	}
	return NewKeyring(id, keys)
}

// NewKey returns a fresh random key-encryption key, base64 encoded as KeyringFromEnv reads it.
func NewKey() string {
	b := make([]byte, KeySize)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// CurrentID is the id of the key new values are wrapped under.
func (k *Keyring) CurrentID() string { return k.current }

// IDs lists the ids of the keys the keyring holds, sorted.
func (k *Keyring) IDs() []string {
	ids := make([]string, 0, len(k.keys))
	for id := range k.keys {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Seal encrypts plaintext under a fresh data key wrapped by the current key. aad (additional data: the
// row or setting the value belongs to) is bound to the value: Open with other aad fails, so a sealed value
// copied to another row does not open there.
func (k *Keyring) Seal(plaintext, aad []byte) ([]byte, error) {
	dataKey := make([]byte, KeySize)
	if _, err := rand.Read(dataKey); err != nil {
		return nil, fmt.Errorf("data key: %w", err)
	}
	wrapped, err := k.wrap(k.current, dataKey)
	if err != nil {
		return nil, err
	}
	aead, err := newAEAD(dataKey)
	if err != nil {
		return nil, err
	}
	body := seal(aead, plaintext, aad)
	return encode(k.current, wrapped, body), nil
}

// Open decrypts a value that Seal returned, with the aad it was sealed with.
func (k *Keyring) Open(sealed, aad []byte) ([]byte, error) {
	id, wrapped, body, err := decode(sealed)
	if err != nil {
		return nil, err
	}
	dataKey, err := k.unwrap(id, wrapped)
	if err != nil {
		return nil, err
	}
	aead, err := newAEAD(dataKey)
	if err != nil {
		return nil, err
	}
	plaintext, err := open(aead, body, aad)
	if err != nil {
		return nil, fmt.Errorf("open sealed value: %w", err)
	}
	return plaintext, nil
}

// Rewrap returns sealed with its data key wrapped under the current key; the encrypted value itself is
// unchanged. A value already under the current key is returned as it is.
func (k *Keyring) Rewrap(sealed []byte) ([]byte, error) {
	id, wrapped, body, err := decode(sealed)
	if err != nil {
		return nil, err
	}
	if id == k.current {
		return sealed, nil
	}
	dataKey, err := k.unwrap(id, wrapped)
	if err != nil {
		return nil, err
	}
	rewrapped, err := k.wrap(k.current, dataKey)
	if err != nil {
		return nil, err
	}
	return encode(k.current, rewrapped, body), nil
}

// KeyID names the key a sealed value's data key is wrapped under.
func KeyID(sealed []byte) (string, error) {
	id, _, _, err := decode(sealed)
	return id, err
}

func (k *Keyring) wrap(id string, dataKey []byte) ([]byte, error) {
	aead, ok := k.keys[id]
	if !ok {
		return nil, fmt.Errorf("key %q: %w", id, ErrUnknownKey)
	}
	return seal(aead, dataKey, []byte("cmdai data key:"+id)), nil
}

func (k *Keyring) unwrap(id string, wrapped []byte) ([]byte, error) {
	aead, ok := k.keys[id]
	if !ok {
		return nil, fmt.Errorf("key %q: %w", id, ErrUnknownKey)
	}
	dataKey, err := open(aead, wrapped, []byte("cmdai data key:"+id))
	if err != nil {
		return nil, fmt.Errorf("unwrap data key under %q: %w", id, err)
	}
	return dataKey, nil
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("key is %d bytes, want %d", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("aes: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("gcm: %w", err)
	}
	return aead, nil
}

// seal returns nonce || ciphertext.
func seal(aead cipher.AEAD, plaintext, aad []byte) []byte {
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plaintext)+aead.Overhead())
	_, _ = rand.Read(nonce)
	return aead.Seal(nonce, nonce, plaintext, aad)
}

func open(aead cipher.AEAD, sealed, aad []byte) ([]byte, error) {
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return nil, errors.New("sealed value is too short")
	}
	n := aead.NonceSize()
	return aead.Open(nil, sealed[:n], sealed[n:], aad)
}

// encode lays out magic || len(id) || id || len(wrapped) || wrapped || body, lengths one byte each
// (an id is at most 64 bytes and a wrapped data key 60).
func encode(id string, wrapped, body []byte) []byte {
	out := make([]byte, 0, len(magic)+2+len(id)+len(wrapped)+len(body))
	out = append(out, magic...)
	out = append(out, byte(len(id)))
	out = append(out, id...)
	out = append(out, byte(len(wrapped)))
	out = append(out, wrapped...)
	return append(out, body...)
}

func decode(sealed []byte) (id string, wrapped, body []byte, err error) {
	bad := errors.New("not a value sealed by this keyring's format")
	if !bytes.HasPrefix(sealed, magic) {
		return "", nil, nil, bad
	}
	rest := sealed[len(magic):]
	if len(rest) < 1 || len(rest) < 1+int(rest[0]) {
		return "", nil, nil, bad
	}
	id, rest = string(rest[1:1+int(rest[0])]), rest[1+int(rest[0]):]
	if len(rest) < 1 || len(rest) < 1+int(rest[0]) {
		return "", nil, nil, bad
	}
	wrapped, body = rest[1:1+int(rest[0])], rest[1+int(rest[0]):]
	return id, wrapped, body, nil
}

func decodeKey(encoded string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(encoded))
	if err != nil {
		return nil, fmt.Errorf("not base64: %w", err)
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("key is %d bytes, want %d", len(key), KeySize)
	}
	return key, nil
}

func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.", r)) {
			return false
		}
	}
	return true
}
