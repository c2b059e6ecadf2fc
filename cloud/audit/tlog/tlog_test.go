package tlog

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// mth is RFC 6962's Merkle Tree Hash, section 2.1, written from its definition: the largest power of
// two below n splits the leaves.
func mth(leaves [][]byte) []byte {
	switch len(leaves) {
	case 0:
		s := sha256.Sum256(nil)
		return s[:]
	case 1:
		return leaves[0]
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	h := sha256.New()
	h.Write([]byte{1})
	h.Write(mth(leaves[:k]))
	h.Write(mth(leaves[k:]))
	return h.Sum(nil)
}

func testLeaves(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		sum := sha256.Sum256([]byte(fmt.Sprint("event ", i)))
		l, err := LeafHash(hex.EncodeToString(sum[:]))
		if err != nil {
			panic(err)
		}
		out[i] = l
	}
	return out
}

// The tree's roots are RFC 6962's, and its inclusion and consistency proofs verify against them at
// every size up to 40 (perfect trees, ragged ones, and every leaf of each); a proof against another
// root, leaf or size does not.
func TestTreeProofs(t *testing.T) {
	leaves := testLeaves(40)
	tree := NewTree(leaves)
	for size := uint64(0); size <= tree.Size(); size++ {
		root, err := tree.Root(size)
		if err != nil {
			t.Fatal(err)
		}
		if want := mth(leaves[:size]); !bytes.Equal(root, want) {
			t.Fatalf("root of %d leaves differs from RFC 6962's", size)
		}
		for i := uint64(0); i < size; i++ {
			p, err := tree.InclusionProof(i, size)
			if err != nil {
				t.Fatal(err)
			}
			if err := VerifyInclusion(i, size, leaves[i], p, root); err != nil {
				t.Fatalf("inclusion of %d in %d: %v", i, size, err)
			}
			if VerifyInclusion(i, size, leaves[(i+1)%size], p, root) == nil && size > 1 {
				t.Fatalf("inclusion of %d in %d verifies for another leaf", i, size)
			}
		}
		for from := uint64(1); from <= size; from++ {
			p, err := tree.ConsistencyProof(from, size)
			if err != nil {
				t.Fatal(err)
			}
			old := mth(leaves[:from])
			if err := VerifyConsistency(from, size, p, old, root); err != nil {
				t.Fatalf("consistency %d → %d: %v", from, size, err)
			}
			if from < size && VerifyConsistency(from, size, p, mth(leaves[1:from+1]), root) == nil {
				t.Fatalf("consistency %d → %d verifies for a rewritten prefix", from, size)
			}
		}
	}
	if _, err := tree.InclusionProof(3, 41); err == nil {
		t.Fatal("a proof in a tree larger than the leaves")
	}
}

// A checkpoint is a C2SP signed note: the body's three lines, a blank line, and "— name
// base64(key hash || Ed25519 signature)", the key hash being SHA-256("name\n" || 0x01 || public key)'s
// first four bytes. The note is built here from the specification, byte for byte.
func TestCheckpointIsASignedNote(t *testing.T) {
	seed := bytes.Repeat([]byte{7}, ed25519.SeedSize)
	key := ed25519.NewKeyFromSeed(seed)
	pub := key.Public().(ed25519.PublicKey)
	root := mth(testLeaves(5))
	c := Checkpoint{Origin: Origin("0f8fad5b-d9cb-469f-a165-70867728950e"), Size: 5, Root: root}
	signed, err := Sign(c, key)
	if err != nil {
		t.Fatal(err)
	}
	body := "cmdai/audit/0f8fad5b-d9cb-469f-a165-70867728950e\n5\n" + base64.StdEncoding.EncodeToString(root) + "\n"
	kh := sha256.Sum256(append([]byte("cmdai-server\n\x01"), pub...))
	sig := append(kh[:4:4], ed25519.Sign(key, []byte(body))...)
	want := body + "\n— cmdai-server " + base64.StdEncoding.EncodeToString(sig) + "\n"
	if signed != want {
		t.Fatalf("signed note:\n%s\nwant:\n%s", signed, want)
	}
	vkey, err := VerifierKey(pub)
	if err != nil || vkey != fmt.Sprintf("cmdai-server+%08x+%s", binary.BigEndian.Uint32(kh[:4]),
		base64.StdEncoding.EncodeToString(append([]byte{1}, pub...))) {
		t.Fatalf("verifier key %q, %v", vkey, err)
	}

	got, err := Open(signed, pub, c.Origin)
	if err != nil || got.Size != 5 || !bytes.Equal(got.Root, root) {
		t.Fatalf("open: %+v, %v", got, err)
	}
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, ed25519.SeedSize))
	for name, try := range map[string]func() error{
		"another key": func() error { _, err := Open(signed, other.Public().(ed25519.PublicKey), c.Origin); return err },
		"another origin": func() error {
			_, err := Open(signed, pub, Origin("00000000-0000-0000-0000-000000000000"))
			return err
		},
		"a changed size": func() error { _, err := Open(strings.Replace(signed, "\n5\n", "\n4\n", 1), pub, c.Origin); return err },
		"no signature":   func() error { _, err := Open(body+"\n", pub, c.Origin); return err },
	} {
		if try() == nil {
			t.Errorf("a checkpoint opened with %s", name)
		}
	}
}
