package audit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"slices"

	"github.com/cmdai/cmdai/cloud/audit/tlog"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// Report is what Verify found in one chain.
type Report struct {
	ChainID string `json:"chain_id"`
	// OrgID is the chain's organisation; empty for the chain of events outside any.
	OrgID  string `json:"org_id,omitempty"`
	Events int64  `json:"events"`
	// Checkpoints counts the signed checkpoints checked; CheckpointSize is the largest one's tree size.
	Checkpoints    int   `json:"checkpoints"`
	CheckpointSize int64 `json:"checkpoint_size"`
	Intact         bool  `json:"intact"`
	// Expired is the last sequence number of the events that expired under the organisation's audit
	// retention (0: none); the walk starts from the signed anchor after them.
	Expired int64 `json:"expired,omitempty"`
	// FirstBadSeq is the first sequence number that is not as it was written, and Problem says how.
	FirstBadSeq int64  `json:"first_bad_seq,omitempty"`
	Problem     string `json:"problem,omitempty"`
}

// link checks events one by one, in order, against the one before.
type link struct {
	next int64  // the sequence number the next event must have
	prev string // the hash the next event must name as previous_hash
}

func newLink() link { return link{next: 1, prev: zeroHash} }

// check returns the first bad sequence number and what is wrong with row, or 0 and "" when it is the
// next event of the chain, whole.
func (l *link) check(chainID string, row pgstore.AuditEvent) (int64, string) {
	switch {
	case row.Seq != l.next:
		return l.next, fmt.Sprintf("event %d is missing: the chain goes from event %d to event %d", l.next, l.next-1, row.Seq)
	case row.PreviousHash != l.prev:
		return row.Seq, fmt.Sprintf("event %d does not follow event %d: its previous_hash is not that event's hash", row.Seq, row.Seq-1)
	}
	e, details, err := fromRow(row)
	if err != nil {
		return row.Seq, fmt.Sprintf("event %d cannot be read: %v", row.Seq, err)
	}
	if h, err := eventHash(e, details); err != nil || h != row.EventHash || e.ChainID() != chainID {
		return row.Seq, fmt.Sprintf("event %d was changed: its fields do not hash to its event_hash", row.Seq)
	}
	l.next, l.prev = row.Seq+1, row.EventHash
	return 0, ""
}

// signedCheckpoint is a checkpoint whose signature was checked, and where it came from.
type signedCheckpoint struct {
	tlog.Checkpoint
	from string
}

// openCheckpoints checks the signature and origin of each signed note and returns the checkpoints in
// order of size. A bad signature, or two checkpoints of one size with different roots, is a problem
// in the log: first bad names the sequence number the offending checkpoint claims to cover.
func openCheckpoints(chainID string, pub ed25519.PublicKey, notes []signedNote) ([]signedCheckpoint, int64, string) {
	var out []signedCheckpoint
	for _, n := range notes {
		c, err := tlog.Open(n.note, pub, tlog.Origin(chainID))
		if err != nil {
			return nil, max(1, n.size), fmt.Sprintf("the %s checkpoint of size %d does not verify: %v", n.from, n.size, err)
		}
		if c.Size == 0 {
			continue
		}
		out = append(out, signedCheckpoint{c, n.from})
	}
	slices.SortStableFunc(out, func(a, b signedCheckpoint) int { return cmpUint(a.Size, b.Size) })
	for i := 1; i < len(out); i++ {
		if out[i].Size == out[i-1].Size && !bytes.Equal(out[i].Root, out[i-1].Root) {
			return nil, int64(out[i].Size), fmt.Sprintf("two signed checkpoints of size %d have different roots: the log was forked", out[i].Size)
		}
	}
	return out, 0, ""
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// signedNote is a checkpoint as a signed note, before its signature is checked.
type signedNote struct {
	note string
	size int64  // the size it is filed under (the stored row's), for messages
	from string // "stored" or "given"
}

// checkAnchor checks an anchor against the signed checkpoint of its size: its compact range has that
// checkpoint's root, and its event hash is that tree's last leaf. It returns the first bad sequence
// number and what is wrong, or 0 and "".
func checkAnchor(a pgstore.AuditAnchor, cps []signedCheckpoint) (int64, string) {
	var root []byte
	for _, c := range cps {
		if int64(c.Size) == a.Seq {
			root = c.Root
		}
	}
	if root == nil {
		return 1, fmt.Sprintf("events 1 to %d were removed and no signed checkpoint of that size vouches for the anchor", a.Seq)
	}
	got, err := tlog.CompactRoot(uint64(a.Seq), a.Compact)
	if err != nil || !bytes.Equal(got, root) {
		return 1, fmt.Sprintf("the anchor at event %d does not match the signed checkpoint of %d events", a.Seq, a.Seq)
	}
	leaf, err := tlog.LeafHash(a.EventHash)
	if err != nil || tlog.VerifyInclusion(uint64(a.Seq-1), uint64(a.Seq), leaf, a.Inclusion, root) != nil {
		return a.Seq, fmt.Sprintf("the anchor's hash of event %d is not that event's in the signed checkpoint", a.Seq)
	}
	return 0, ""
}

// verifyPage is how many events Verify reads at a time.
const verifyPage = 1000

// Verify walks a chain and checks every event's link to the one before, its hash, that sequence
// numbers run 1, 2, 3... with no gap, and that the Merkle tree of the events matches every signed
// checkpoint (the stored ones and given, signed notes kept elsewhere), whose signatures it checks with
// pub. An event changed, removed or moved, a history rewritten under a checkpoint, or events cut from
// the end of a chain that a checkpoint covered: Report.Intact is false and FirstBadSeq names the first
// sequence number that is not as it was written (for a rewrite the events of the last checkpoint that
// still matches are known good, so it is the one after them). The error is for a log that could not be
// read at all.
func Verify(ctx context.Context, q pgstore.Querier, chainID string, pub ed25519.PublicKey, given []string) (Report, error) {
	rep := Report{ChainID: chainID, Intact: true}
	if chainID != pgstore.NilChain {
		rep.OrgID = chainID
	}
	fail := func(seq int64, problem string) (Report, error) {
		rep.Intact, rep.FirstBadSeq, rep.Problem = false, seq, problem
		return rep, nil
	}
	// Checkpoints first: every one read now covers only events written before the walk starts.
	stored, err := pgstore.AuditCheckpoints(ctx, q, chainID)
	if err != nil {
		return rep, fmt.Errorf("read checkpoints: %w", err)
	}
	var notes []signedNote
	for _, c := range stored {
		notes = append(notes, signedNote{note: c.Note, size: c.TreeSize, from: "stored"})
	}
	for _, n := range given {
		notes = append(notes, signedNote{note: n, from: "given"})
	}
	if len(notes) > 0 && len(pub) != ed25519.PublicKeySize {
		return rep, errors.New("no public key to check the checkpoints' signatures with")
	}
	cps, bad, problem := openCheckpoints(chainID, pub, notes)
	if bad != 0 {
		return fail(bad, problem)
	}
	rep.Checkpoints = len(cps)
	if len(cps) > 0 {
		rep.CheckpointSize = int64(cps[len(cps)-1].Size)
	}

	l := newLink()
	tree := tlog.NewBuilder()
	good := int64(0) // the size of the largest checkpoint matched so far
	next := 0        // the next checkpoint to match
	// Events up to an anchor may have expired: the walk starts after it, from what the anchor holds,
	// once the anchor is shown to match the signed checkpoint of its size.
	anchor, err := pgstore.LatestAuditAnchor(ctx, q, chainID)
	switch {
	case errors.Is(err, pgstore.ErrNotFound):
	case err != nil:
		return rep, fmt.Errorf("read the chain's anchor: %w", err)
	default:
		if bad, problem := checkAnchor(anchor, cps); bad != 0 {
			return fail(bad, problem)
		}
		if tree, err = tlog.NewBuilderFrom(uint64(anchor.Seq), anchor.Compact); err != nil {
			return fail(1, fmt.Sprintf("the anchor at event %d is malformed: %v", anchor.Seq, err))
		}
		l = link{next: anchor.Seq + 1, prev: anchor.EventHash}
		good, rep.Expired, rep.Events = anchor.Seq, anchor.Seq, anchor.Seq
		for next < len(cps) && int64(cps[next].Size) <= anchor.Seq {
			next++
		}
	}
	for {
		page, err := pgstore.AuditEvents(ctx, q, chainID, l.next-1, verifyPage)
		if err != nil {
			return rep, fmt.Errorf("read events: %w", err)
		}
		for _, row := range page {
			if bad, problem := l.check(chainID, row); bad != 0 {
				return fail(bad, problem)
			}
			leaf, err := tlog.LeafHash(row.EventHash)
			if err != nil {
				return fail(row.Seq, fmt.Sprintf("event %d's hash is malformed", row.Seq))
			}
			if err := tree.Append(leaf); err != nil {
				return rep, err
			}
			rep.Events = row.Seq
			for ; next < len(cps) && int64(cps[next].Size) == row.Seq; next++ {
				root, err := tree.Root()
				if err != nil {
					return rep, err
				}
				if !bytes.Equal(root, cps[next].Root) {
					return fail(good+1, fmt.Sprintf("events 1 to %d do not match the signed checkpoint of that size: the history after event %d was rewritten", row.Seq, good))
				}
				good = row.Seq
			}
		}
		if len(page) < verifyPage {
			break
		}
	}
	if next < len(cps) {
		last := int64(cps[len(cps)-1].Size)
		return fail(rep.Events+1, fmt.Sprintf("the chain ends at event %d but a signed checkpoint covers %d events: events %d to %d were removed", rep.Events, last, rep.Events+1, last))
	}
	return rep, nil
}
