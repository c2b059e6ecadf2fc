// Package tlog is the transparency-log half of the audit log, which a client needs without the
// database: RFC 6962 Merkle trees over event hashes and their inclusion and consistency proofs, and tree
// heads as C2SP checkpoints in signed notes.
package tlog

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// KeyName is the name the server signs checkpoints under, in their signature lines.
const KeyName = "cmdai-server"

// Origin names a chain's log in its checkpoints, so that one chain's checkpoint cannot pass for
// another's.
func Origin(chainID string) string { return "cmdai/audit/" + chainID }

// Checkpoint is a Merkle tree head: the C2SP tlog-checkpoint body (origin, tree size, root hash).
type Checkpoint struct {
	Origin string
	Size   uint64
	Root   []byte
}

// Text is the checkpoint's body as it is signed: three lines, the root in standard base64.
func (c Checkpoint) Text() string {
	return c.Origin + "\n" + strconv.FormatUint(c.Size, 10) + "\n" + base64.StdEncoding.EncodeToString(c.Root) + "\n"
}

// parseCheckpoint reads a checkpoint's body; lines after the third (extensions) are allowed and ignored.
func parseCheckpoint(text string) (Checkpoint, error) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 || lines[0] == "" {
		return Checkpoint{}, errors.New("a checkpoint has an origin, a tree size and a root hash, a line each")
	}
	size, err := strconv.ParseUint(lines[1], 10, 64)
	if err != nil || strconv.FormatUint(size, 10) != lines[1] {
		return Checkpoint{}, fmt.Errorf("checkpoint tree size %q is not a decimal number", lines[1])
	}
	root, err := base64.StdEncoding.Strict().DecodeString(lines[2])
	if err != nil || len(root) != sha256.Size {
		return Checkpoint{}, fmt.Errorf("checkpoint root hash %q is not 32 bytes of base64", lines[2])
	}
	return Checkpoint{Origin: lines[0], Size: size, Root: root}, nil
}

// signer signs notes with an Ed25519 key under KeyName (note's Signer).
type signer struct {
	key  ed25519.PrivateKey
	hash uint32
}

func (s signer) Name() string                    { return KeyName }
func (s signer) KeyHash() uint32                 { return s.hash }
func (s signer) Sign(msg []byte) ([]byte, error) { return ed25519.Sign(s.key, msg), nil }

// keyHash is a signed note's key hash: the first four bytes of SHA-256 over the key's name, a newline,
// the algorithm byte (1: Ed25519) and the public key.
func keyHash(pub ed25519.PublicKey) uint32 {
	h := sha256.New()
	h.Write([]byte(KeyName + "\n\x01"))
	h.Write(pub)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

// Sign returns the checkpoint as a C2SP signed note signed with key.
func Sign(c Checkpoint, key ed25519.PrivateKey) (string, error) {
	pub := key.Public().(ed25519.PublicKey)
	msg, err := note.Sign(&note.Note{Text: c.Text()}, signer{key: key, hash: keyHash(pub)})
	if err != nil {
		return "", fmt.Errorf("sign checkpoint: %w", err)
	}
	return string(msg), nil
}

// VerifierKey is the signed-note verifier key of pub ("cmdai-server+<key hash>+<base64>"), what a
// client keeps to check checkpoints with.
func VerifierKey(pub ed25519.PublicKey) (string, error) {
	return note.NewEd25519VerifierKey(KeyName, pub)
}

// Open checks a signed checkpoint's signature by pub and that it is of origin, and returns it.
func Open(signed string, pub ed25519.PublicKey, origin string) (Checkpoint, error) {
	vkey, err := VerifierKey(pub)
	if err != nil {
		return Checkpoint{}, err
	}
	return OpenWith(signed, vkey, origin)
}

// OpenWith is Open with a verifier key (VerifierKey's form).
func OpenWith(signed, verifierKey, origin string) (Checkpoint, error) {
	v, err := note.NewVerifier(verifierKey)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("verifier key: %w", err)
	}
	n, err := note.Open([]byte(signed), note.VerifierList(v))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("checkpoint signature: %w", err)
	}
	c, err := parseCheckpoint(n.Text)
	if err != nil {
		return Checkpoint{}, err
	}
	if c.Origin != origin {
		return Checkpoint{}, fmt.Errorf("the checkpoint is of %q, not %q", c.Origin, origin)
	}
	return c, nil
}
