package audit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/audit/tlog"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// Expire removes the chain's events written before before, keeping the chain verifiable: it verifies
// the chain first (it never anchors a history that was changed), signs a checkpoint of the tree up to
// the last event it removes, and stores an anchor there (that tree's compact range, the event's hash
// and its inclusion proof), from which Verify and Publish go on. The database's audit_expire refuses
// events younger than the organisation's audit retention. It returns how many events went.
func (l *Log) Expire(ctx context.Context, chainID string, before time.Time) (int64, error) {
	upto, err := pgstore.LastAuditSeqBefore(ctx, l.DB, chainID, before)
	if err != nil || upto == 0 {
		return 0, err
	}
	old, err := pgstore.LatestAuditAnchor(ctx, l.DB, chainID)
	if err != nil && !errors.Is(err, pgstore.ErrNotFound) {
		return 0, err
	}
	if old.Seq >= upto {
		return 0, nil
	}
	key, err := l.Key(ctx)
	if err != nil {
		return 0, fmt.Errorf("checkpoint signing key: %w", err)
	}
	rep, err := Verify(ctx, l.DB, chainID, key.Public().(ed25519.PublicKey), nil)
	if err != nil {
		return 0, err
	}
	if !rep.Intact {
		return 0, fmt.Errorf("expire: the chain does not verify from event %d (%s): %w", rep.FirstBadSeq, rep.Problem, ErrUnverifiable)
	}
	// The tree up to upto, from the previous anchor's compact range and the events after it.
	links, err := pgstore.AuditLinks(ctx, l.DB, chainID, upto)
	if err != nil {
		return 0, err
	}
	var leaves [][]byte
	var last string
	for _, ln := range links {
		if ln.Seq <= old.Seq {
			continue
		}
		leaf, err := tlog.LeafHash(ln.EventHash)
		if err != nil {
			return 0, err
		}
		leaves, last = append(leaves, leaf), ln.EventHash
	}
	if int64(len(leaves)) != upto-old.Seq {
		return 0, fmt.Errorf("expire: events %d to %d are not all there: %w", old.Seq+1, upto, ErrUnverifiable)
	}
	tree, err := tlog.NewTreeAfter(uint64(old.Seq), old.Compact, leaves)
	if err != nil {
		return 0, err
	}
	b, err := tlog.NewBuilderFrom(uint64(old.Seq), old.Compact)
	if err != nil {
		return 0, err
	}
	for _, leaf := range leaves {
		if err := b.Append(leaf); err != nil {
			return 0, err
		}
	}
	root, err := b.Root()
	if err != nil {
		return 0, err
	}
	inclusion, err := tree.InclusionProof(uint64(upto-1), uint64(upto))
	if err != nil {
		return 0, err
	}
	// The checkpoint of size upto vouches for the anchor once the events are gone.
	cp := tlog.Checkpoint{Origin: tlog.Origin(chainID), Size: uint64(upto), Root: root}
	note, err := tlog.Sign(cp, key)
	if err != nil {
		return 0, err
	}
	if err := pgstore.InsertAuditCheckpoint(ctx, l.DB, pgstore.AuditCheckpoint{ChainID: chainID, TreeSize: upto, RootHash: root, Note: note}); err != nil {
		return 0, fmt.Errorf("store the anchor's checkpoint: %w", err)
	}
	stored, err := pgstore.AuditCheckpoints(ctx, l.DB, chainID)
	if err != nil {
		return 0, err
	}
	for _, c := range stored {
		if c.TreeSize == upto && !bytes.Equal(c.RootHash, root) {
			return 0, fmt.Errorf("expire: the stored checkpoint of %d events has another root: %w", upto, ErrUnverifiable)
		}
	}
	var removed int64
	err = pgx.BeginTxFunc(ctx, l.DB, pgx.TxOptions{}, func(tx pgx.Tx) error {
		err := pgstore.InsertAuditAnchor(ctx, tx, pgstore.AuditAnchor{ChainID: chainID, Seq: upto, EventHash: last,
			Compact: b.Hashes(), Inclusion: inclusion})
		if err != nil {
			return fmt.Errorf("store the anchor: %w", err)
		}
		removed, err = pgstore.ExpireAuditEvents(ctx, tx, chainID, upto)
		return err
	})
	return removed, err
}
