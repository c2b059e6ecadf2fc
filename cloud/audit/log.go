package audit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/audit/tlog"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// ErrUnverifiable is a chain that no longer matches its latest signed checkpoint, or whose newest
// events do not chain: the server signs nothing more for it until an operator has looked.
var ErrUnverifiable = errors.New("the audit log does not verify: an operator should run 'cmdai-server audit verify'")

// ProofError is a proof asked for that the checkpoint cannot give: a leaf or a size beyond it, or
// (Expired) before the events that expired under the organisation's audit retention.
type ProofError struct {
	Field, Message string
	Expired        bool
}

func (e *ProofError) Error() string { return e.Field + ": " + e.Message }

// DB is what Log needs from PostgreSQL: queries and transactions (a *pgxpool.Pool).
type DB interface {
	pgstore.Querier
	BeginTx(ctx context.Context, opts pgx.TxOptions) (pgx.Tx, error)
}

// Log publishes the chains' signed checkpoints and proves inclusion and consistency against them.
type Log struct {
	DB DB
	// Key signs checkpoints: the server's Ed25519 key (the one that signs policy bundles).
	Key func(context.Context) (ed25519.PrivateKey, error)
}

// Published is a chain's latest checkpoint, signed, and the proofs asked for.
type Published struct {
	tlog.Checkpoint
	// Note is the checkpoint as a C2SP signed note.
	Note string
	// Inclusion, when a leaf was asked for: the event's sequence number and hash, its leaf hash and the
	// proof that it is in the tree.
	Seq       int64
	EventHash string
	LeafHash  []byte
	Inclusion [][]byte
	// Consistency, when a size was asked for: the proof that the tree of that size is a prefix of this one.
	From        uint64
	Consistency [][]byte
}

// Publish returns the chain's checkpoint at its current size, signing and storing a new one when the
// chain has grown since the last. Before it signs, it checks that the events since the last checkpoint
// chain on from it and that the tree still has the last checkpoint's root: it never signs over a
// history that was changed. leafSeq (a sequence number) asks for an inclusion proof, from (a tree size)
// for a consistency proof; zero asks for none.
func (l *Log) Publish(ctx context.Context, chainID string, leafSeq, from int64) (Published, error) {
	key, err := l.Key(ctx)
	if err != nil {
		return Published{}, fmt.Errorf("checkpoint signing key: %w", err)
	}
	pub := key.Public().(ed25519.PublicKey)
	origin := tlog.Origin(chainID)

	// One snapshot for the checkpoint and the events it is checked against.
	tx, err := l.DB.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return Published{}, fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	var last tlog.Checkpoint
	var lastNote string
	stored, err := pgstore.LatestAuditCheckpoint(ctx, tx, chainID)
	switch {
	case errors.Is(err, pgstore.ErrNotFound):
		last = tlog.Checkpoint{Origin: origin, Root: tlog.EmptyRoot()}
	case err != nil:
		return Published{}, fmt.Errorf("read the latest checkpoint: %w", err)
	default:
		if last, err = tlog.Open(stored.Note, pub, origin); err != nil {
			return Published{}, fmt.Errorf("the latest stored checkpoint: %w: %w", err, ErrUnverifiable)
		}
		lastNote = stored.Note
	}
	// Events up to an anchor may have expired: the tree then starts from the anchor's compact range.
	var anchor pgstore.AuditAnchor
	switch anchor, err = pgstore.LatestAuditAnchor(ctx, tx, chainID); {
	case errors.Is(err, pgstore.ErrNotFound):
	case err != nil:
		return Published{}, fmt.Errorf("read the chain's anchor: %w", err)
	}
	offset := uint64(anchor.Seq)
	links, err := pgstore.AuditLinks(ctx, tx, chainID, math.MaxInt64)
	if err != nil {
		return Published{}, fmt.Errorf("read the chain: %w", err)
	}
	for len(links) > 0 && uint64(links[0].Seq) <= offset {
		links = links[1:] // anchored but not removed yet
	}
	// The events the last checkpoint does not cover yet are checked whole before a checkpoint covers them.
	check := newLink()
	switch {
	case offset > 0 && last.Size == offset:
		check = link{next: int64(offset) + 1, prev: anchor.EventHash}
	case last.Size > offset && uint64(len(links))+offset >= last.Size:
		check = link{next: int64(last.Size) + 1, prev: links[last.Size-offset-1].EventHash}
	case offset > 0:
		check = link{next: int64(offset) + 1, prev: anchor.EventHash}
	}
	rows, err := pgstore.AuditEvents(ctx, tx, chainID, check.next-1, math.MaxInt32)
	if err != nil {
		return Published{}, fmt.Errorf("read the chain: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return Published{}, fmt.Errorf("read the chain: %w", err)
	}
	leaves := make([][]byte, len(links))
	for i, ln := range links {
		if ln.Seq != int64(offset)+int64(i)+1 {
			return Published{}, fmt.Errorf("event %d is missing: %w", int64(offset)+int64(i)+1, ErrUnverifiable)
		}
		if leaves[i], err = tlog.LeafHash(ln.EventHash); err != nil {
			return Published{}, fmt.Errorf("event %d: %v: %w", ln.Seq, err, ErrUnverifiable)
		}
	}
	for _, row := range rows {
		if bad, problem := check.check(chainID, row); bad != 0 {
			return Published{}, fmt.Errorf("%s: %w", problem, ErrUnverifiable)
		}
	}
	tree, err := tlog.NewTreeAfter(offset, anchor.Compact, leaves)
	if err != nil {
		return Published{}, fmt.Errorf("the chain's anchor: %v: %w", err, ErrUnverifiable)
	}
	if last.Size < offset {
		return Published{}, fmt.Errorf("the chain is anchored at event %d but its last checkpoint covers %d: %w", offset, last.Size, ErrUnverifiable)
	}
	if tree.Size() < last.Size {
		return Published{}, fmt.Errorf("the chain has %d events but its last checkpoint covers %d: %w", tree.Size(), last.Size, ErrUnverifiable)
	}
	root, err := tree.Root(last.Size)
	if err != nil {
		return Published{}, err
	}
	if !bytes.Equal(root, last.Root) {
		return Published{}, fmt.Errorf("the first %d events no longer match their checkpoint: %w", last.Size, ErrUnverifiable)
	}

	out := Published{Checkpoint: last, Note: lastNote}
	if tree.Size() > last.Size || lastNote == "" {
		if root, err = tree.Root(tree.Size()); err != nil {
			return Published{}, err
		}
		out.Checkpoint = tlog.Checkpoint{Origin: origin, Size: tree.Size(), Root: root}
		if out.Note, err = tlog.Sign(out.Checkpoint, key); err != nil {
			return Published{}, err
		}
		if out.Size > 0 {
			err := pgstore.InsertAuditCheckpoint(ctx, l.DB, pgstore.AuditCheckpoint{ChainID: chainID,
				TreeSize: int64(out.Size), RootHash: root, Note: out.Note})
			if err != nil {
				return Published{}, fmt.Errorf("store the checkpoint: %w", err)
			}
		}
	}

	if leafSeq != 0 && offset > 0 && uint64(leafSeq) <= offset {
		return Published{}, &ProofError{Field: "leaf", Expired: true, Message: fmt.Sprintf("events 1 to %d expired under the organisation's audit retention", offset)}
	}
	if from != 0 && offset > 0 && uint64(from) < offset {
		return Published{}, &ProofError{Field: "from", Expired: true, Message: fmt.Sprintf("events 1 to %d expired under the organisation's audit retention: no proof reaches back to a tree of %d", offset, from)}
	}
	if leafSeq != 0 {
		if leafSeq < 1 || uint64(leafSeq) > out.Size {
			return Published{}, &ProofError{Field: "leaf", Message: fmt.Sprintf("leaf is a sequence number from 1 to the checkpoint's tree size, %d", out.Size)}
		}
		out.Seq, out.EventHash, out.LeafHash = leafSeq, links[uint64(leafSeq)-offset-1].EventHash, leaves[uint64(leafSeq)-offset-1]
		if out.Inclusion, err = tree.InclusionProof(uint64(leafSeq-1), out.Size); err != nil {
			return Published{}, err
		}
	}
	if from != 0 {
		if from < 1 || uint64(from) > out.Size {
			return Published{}, &ProofError{Field: "from", Message: fmt.Sprintf("from is a tree size from 1 to the checkpoint's, %d", out.Size)}
		}
		out.From = uint64(from)
		if out.Consistency, err = tree.ConsistencyProof(uint64(from), out.Size); err != nil {
			return Published{}, err
		}
	}
	return out, nil
}
