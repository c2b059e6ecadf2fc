package tlog_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/cmdai/cmdai/cloud/audit/tlog"
)

// A tree whose first leaves were removed, known by their compact range, has the same roots and proofs
// as the whole tree from the removed prefix's size on.
func TestTreeAfterARemovedPrefix(t *testing.T) {
	var leaves [][]byte
	for i := range 41 {
		sum := sha256.Sum256([]byte(fmt.Sprint(i)))
		l, err := tlog.LeafHash(hex.EncodeToString(sum[:]))
		if err != nil {
			t.Fatal(err)
		}
		leaves = append(leaves, l)
	}
	whole := tlog.NewTree(leaves)
	for _, cut := range []uint64{1, 7, 16, 20, 33} {
		prefix, err := tlog.CompactRange(leaves[:cut])
		if err != nil {
			t.Fatal(err)
		}
		after, err := tlog.NewTreeAfter(cut, prefix, leaves[cut:])
		if err != nil {
			t.Fatal(err)
		}
		if root, err := tlog.CompactRoot(cut, prefix); err != nil || !bytes.Equal(root, mustRoot(t, whole, cut)) {
			t.Fatalf("cut %d: compact root %x: %v", cut, root, err)
		}
		for n := cut; n <= 41; n++ {
			if r, err := after.Root(n); err != nil || !bytes.Equal(r, mustRoot(t, whole, n)) {
				t.Fatalf("cut %d: root of %d: %v", cut, n, err)
			}
			for i := cut; i < n; i++ {
				p, err := after.InclusionProof(i, n)
				if err != nil {
					t.Fatalf("cut %d: inclusion of %d in %d: %v", cut, i, n, err)
				}
				if err := tlog.VerifyInclusion(i, n, leaves[i], p, mustRoot(t, whole, n)); err != nil {
					t.Fatalf("cut %d: inclusion of %d in %d does not verify: %v", cut, i, n, err)
				}
			}
			for m := cut; m <= n; m++ {
				p, err := after.ConsistencyProof(m, n)
				if err != nil {
					t.Fatalf("cut %d: consistency %d to %d: %v", cut, m, n, err)
				}
				if err := tlog.VerifyConsistency(m, n, p, mustRoot(t, whole, m), mustRoot(t, whole, n)); err != nil {
					t.Fatalf("cut %d: consistency %d to %d does not verify: %v", cut, m, n, err)
				}
			}
		}
		if _, err := after.Root(cut - 1); cut > 1 && err == nil {
			t.Fatalf("cut %d: a root before the cut", cut)
		}
	}
}

func mustRoot(t *testing.T, tr *tlog.Tree, n uint64) []byte {
	t.Helper()
	r, err := tr.Root(n)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
