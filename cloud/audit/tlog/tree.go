package tlog

import (
	"encoding/hex"
	"fmt"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
)

// hasher is RFC 6962's: a leaf is SHA-256(0x00 || data), a node SHA-256(0x01 || left || right).
var hasher = rfc6962.DefaultHasher

var ranges = &compact.RangeFactory{Hash: hasher.HashChildren}

// LeafHash is the Merkle leaf hash of an event: RFC 6962's hash of the event's hash (32 bytes).
func LeafHash(eventHash string) ([]byte, error) {
	raw, err := hex.DecodeString(eventHash)
	if err != nil || len(raw) != 32 {
		return nil, fmt.Errorf("event hash %q is not 64 hex digits", eventHash)
	}
	return hasher.HashLeaf(raw), nil
}

// EmptyRoot is the root of a tree with no leaves: SHA-256 of nothing.
func EmptyRoot() []byte { return hasher.EmptyRoot() }

// Builder computes the roots of a growing tree, leaf by leaf, keeping only the compact range.
type Builder struct{ r *compact.Range }

// NewBuilder returns a Builder of an empty tree.
func NewBuilder() *Builder { return &Builder{r: ranges.NewEmptyRange(0)} }

// Append adds the next leaf hash.
func (b *Builder) Append(leaf []byte) error { return b.r.Append(leaf, nil) }

// Root is the root of the leaves appended so far.
func (b *Builder) Root() ([]byte, error) {
	if b.r.End() == 0 {
		return EmptyRoot(), nil
	}
	return b.r.GetRootHash(nil)
}

// Tree is a chain's Merkle tree: leaf i is the event with sequence number i+1.
type Tree struct {
	leaves [][]byte // leaf hashes, from leaf offset on
	// offset leaves before leaves are known only by their compact range, prefix (see NewTreeAfter).
	offset uint64
	prefix [][]byte
}

// NewTree returns the tree over these leaf hashes.
func NewTree(leaves [][]byte) *Tree { return &Tree{leaves: leaves} }

// Size is how many leaves the tree has.
func (t *Tree) Size() uint64 { return t.offset + uint64(len(t.leaves)) }

// rangeTo is the compact range of leaves [begin, end), from the prefix's subtrees where it covers them
// (begin must be a boundary of them) and the leaves after.
func (t *Tree) rangeTo(begin, end uint64) (*compact.Range, error) {
	if end > t.Size() {
		return nil, fmt.Errorf("a tree of %d leaves has no size %d", t.Size(), end)
	}
	if begin >= t.offset {
		r := ranges.NewEmptyRange(begin)
		for _, l := range t.leaves[begin-t.offset : end-t.offset] {
			if err := r.Append(l, nil); err != nil {
				return nil, err
			}
		}
		return r, nil
	}
	// The prefix's subtrees from begin on: begin must start one of them.
	var hashes [][]byte
	at := uint64(0)
	for _, id := range compact.RangeNodes(0, t.offset, nil) {
		if b, _ := id.Coverage(); b >= begin {
			hashes = append(hashes, t.prefix[at])
		}
		at++
	}
	stop := min(end, t.offset)
	r, err := ranges.NewRange(begin, t.offset, hashes)
	if err != nil {
		return nil, fmt.Errorf("leaves %d to %d were removed: %w", begin, stop, err)
	}
	if end < t.offset {
		return nil, fmt.Errorf("leaves %d to %d were removed", begin, end)
	}
	for _, l := range t.leaves[:end-t.offset] {
		if err := r.Append(l, nil); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Root is the root hash of the tree's first size leaves (SHA-256 of nothing for none).
func (t *Tree) Root(size uint64) ([]byte, error) {
	if size > t.Size() {
		return nil, fmt.Errorf("a tree of %d leaves has no root at size %d", t.Size(), size)
	}
	if size == 0 {
		return hasher.EmptyRoot(), nil
	}
	r, err := t.rangeTo(0, size)
	if err != nil {
		return nil, err
	}
	return r.GetRootHash(nil)
}

// node is the hash of a perfect subtree of the tree.
func (t *Tree) node(id compact.NodeID) ([]byte, error) {
	begin, end := id.Coverage()
	if end > t.Size() {
		return nil, fmt.Errorf("node %+v is beyond the tree's %d leaves", id, t.Size())
	}
	if id.Level == 0 && begin >= t.offset {
		return t.leaves[begin-t.offset], nil
	}
	if end <= t.offset {
		// Inside the removed prefix: only its own subtrees are known.
		for i, pid := range compact.RangeNodes(0, t.offset, nil) {
			if pid == id {
				return t.prefix[i], nil
			}
		}
		return nil, fmt.Errorf("leaves %d to %d were removed: node %+v is not known", begin, end, id)
	}
	r, err := t.rangeTo(begin, end)
	if err != nil {
		return nil, err
	}
	// A perfect subtree's compact range is the one node.
	if hs := r.Hashes(); len(hs) == 1 {
		return hs[0], nil
	}
	return nil, fmt.Errorf("node %+v is not a perfect subtree", id)
}

func (t *Tree) prove(n proof.Nodes) ([][]byte, error) {
	hashes := make([][]byte, len(n.IDs))
	for i, id := range n.IDs {
		h, err := t.node(id)
		if err != nil {
			return nil, err
		}
		hashes[i] = h
	}
	return n.Rehash(hashes, hasher.HashChildren)
}

// InclusionProof proves that leaf index is in the tree of the first size leaves (RFC 6962 section 2.1.1).
func (t *Tree) InclusionProof(index, size uint64) ([][]byte, error) {
	if size > t.Size() {
		return nil, fmt.Errorf("a tree of %d leaves has no size %d", t.Size(), size)
	}
	n, err := proof.Inclusion(index, size)
	if err != nil {
		return nil, err
	}
	return t.prove(n)
}

// ConsistencyProof proves that the tree of the first size1 leaves is a prefix of the tree of the first
// size2 (RFC 6962 section 2.1.2).
func (t *Tree) ConsistencyProof(size1, size2 uint64) ([][]byte, error) {
	if size2 > t.Size() {
		return nil, fmt.Errorf("a tree of %d leaves has no size %d", t.Size(), size2)
	}
	n, err := proof.Consistency(size1, size2)
	if err != nil {
		return nil, err
	}
	return t.prove(n)
}

// VerifyInclusion checks a proof that leafHash is leaf index of the tree of size whose root is root.
func VerifyInclusion(index, size uint64, leafHash []byte, p [][]byte, root []byte) error {
	return proof.VerifyInclusion(hasher, index, size, leafHash, p, root)
}

// VerifyConsistency checks a proof that the tree of size1 with root1 is a prefix of the tree of size2
// with root2: that nothing the first checkpoint covered was changed or removed since.
func VerifyConsistency(size1, size2 uint64, p [][]byte, root1, root2 []byte) error {
	return proof.VerifyConsistency(hasher, size1, size2, p, root1, root2)
}

// CompactRange is the compact range of the first len(leaves) leaves: the hashes of the perfect
// subtrees that cover them, largest first. With it a tree grows on, and proves what lies after it,
// without the leaves it covers.
func CompactRange(leaves [][]byte) ([][]byte, error) {
	r := ranges.NewEmptyRange(0)
	for _, l := range leaves {
		if err := r.Append(l, nil); err != nil {
			return nil, err
		}
	}
	return r.Hashes(), nil
}

// CompactRoot is the root of the tree of size leaves whose compact range is hashes.
func CompactRoot(size uint64, hashes [][]byte) ([]byte, error) {
	if size == 0 {
		return EmptyRoot(), nil
	}
	r, err := ranges.NewRange(0, size, hashes)
	if err != nil {
		return nil, err
	}
	return r.GetRootHash(nil)
}

// NewBuilderFrom returns a Builder of a tree of size leaves whose compact range is hashes.
func NewBuilderFrom(size uint64, hashes [][]byte) (*Builder, error) {
	r, err := ranges.NewRange(0, size, hashes)
	if err != nil {
		return nil, err
	}
	return &Builder{r: r}, nil
}

// NewTreeAfter returns the tree whose first prefixSize leaves are known only by their compact range
// (they were removed) and whose next leaves are leaves. It has roots from size prefixSize on, and
// proves what its nodes after the prefix, and the prefix's own subtrees, can.
func NewTreeAfter(prefixSize uint64, prefix [][]byte, leaves [][]byte) (*Tree, error) {
	if _, err := ranges.NewRange(0, prefixSize, prefix); err != nil {
		return nil, fmt.Errorf("the compact range of the first %d leaves: %w", prefixSize, err)
	}
	return &Tree{leaves: leaves, offset: prefixSize, prefix: prefix}, nil
}

// Hashes is the compact range of the leaves appended so far (CompactRange's form).
func (b *Builder) Hashes() [][]byte { return b.r.Hashes() }
