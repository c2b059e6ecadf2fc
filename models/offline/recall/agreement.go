package recall

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cmdai/cmdai/models/offline/shape"
)

// Agreement is a second opinion on a command the catalogue is unsure of: an index of everyday requests
// whose accepted commands are known, which says how many requests like a new one were answered with a
// command of the same shape. It proposes nothing itself. Commands are stored as their shapes only
// (utilities and option names, read leniently, so that jq, ffmpeg and ImageMagick count), requests as
// hashed terms.
type Agreement struct {
	index
	// exStart[e]:exStart[e+1] indexes exShape, the shapes that answer example e.
	exStart []uint32
	exShape []uint32
	shapes  [][]shape.Utility
}

// The agreement's settings, chosen on leave-one-round-out runs over cmdai's everyday rounds.
const (
	// agreeNeighbours is how many of the most similar requests are asked.
	agreeNeighbours = 20
	// agreePower sharpens their say: a neighbour counts with similarity^agreePower.
	agreePower = 2
	// agreeRight is the NLC2CMD score above which a neighbour's command counts as the same answer.
	agreeRight = 0.5
)

// BuildAgreement indexes examples. Commands that mvdan.cc/sh cannot parse are dropped (BuildStats
// counts them). It is deterministic: the same examples give the same bytes.
func BuildAgreement(examples []Example) (*Agreement, BuildStats, error) {
	st := BuildStats{Examples: len(examples)}
	c := collect(examples, &st, func(cmd string) (string, []shape.Utility, bool) {
		us, err := shape.Lenient.Utilities(cmd)
		return shapeKey(us), us, err == nil && len(us) > 0
	})
	a := &Agreement{shapes: c.values, exStart: c.start, exShape: c.ids}
	tfs := c.tfs
	if len(tfs) == 0 {
		return nil, st, errors.New("build agreement index: no example has a usable command")
	}
	a.index = newIndex(tfs)
	st.Kept, st.Templates, st.Terms, st.Postings = len(tfs), len(a.shapes), len(a.terms), len(a.postEx)
	return a, st, nil
}

// shapeKey writes a shape as one string: utilities in order, each with its flags.
func shapeKey(us []shape.Utility) string {
	var b strings.Builder
	for _, u := range us {
		b.WriteString(u.Name)
		for _, f := range u.Flags {
			b.WriteString(" " + f)
		}
		b.WriteString("|")
	}
	return b.String()
}

// Support is the share, in [0, 1], of the requests most like request (each weighed by its similarity
// squared) that were answered with a command scoring above 0.5 against command: 0 when none is alike or
// command has no shape.
func (a *Agreement) Support(request, command string) float64 {
	if a == nil {
		return 0
	}
	pred, err := shape.Lenient.Utilities(command)
	if err != nil || len(pred) == 0 {
		return 0
	}
	sims, _ := a.similarities(request)
	support, total := 0.0, 0.0
	for _, e := range nearest(sims, agreeNeighbours) {
		w := math.Pow(float64(sims[e]), agreePower)
		total += w
		for _, id := range a.exShape[a.exStart[e]:a.exStart[e+1]] {
			if shape.Score(pred, a.shapes[id], 1) > agreeRight {
				support += w
				break
			}
		}
	}
	if total == 0 {
		return 0
	}
	return support / total
}

// agreementMagic starts an encoded agreement index; the last byte is the format version.
const agreementMagic = "cmdai-agree\x01"

// Encode writes the index in its compact binary form.
func (a *Agreement) Encode() []byte {
	b := a.index.append([]byte(agreementMagic))
	b = binary.AppendUvarint(b, uint64(a.examples))
	for e := range a.examples {
		ids := a.exShape[a.exStart[e]:a.exStart[e+1]]
		b = binary.AppendUvarint(b, uint64(len(ids)))
		for _, id := range ids {
			b = binary.AppendUvarint(b, uint64(id))
		}
	}
	// Utility names and flags are interned, as in the recall model.
	var names []string
	at := map[string]int{}
	intern := func(s string) uint64 {
		i, ok := at[s]
		if !ok {
			i = len(names)
			at[s] = i
			names = append(names, s)
		}
		return uint64(i)
	}
	var shapes []byte
	for _, us := range a.shapes {
		shapes = binary.AppendUvarint(shapes, uint64(len(us)))
		for _, u := range us {
			shapes = binary.AppendUvarint(shapes, intern(u.Name))
			shapes = binary.AppendUvarint(shapes, uint64(len(u.Flags)))
			for _, f := range u.Flags {
				shapes = binary.AppendUvarint(shapes, intern(f))
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, s := range names {
		b = appendString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(len(a.shapes)))
	return append(b, shapes...)
}

// DecodeAgreement reads an index that Encode wrote.
func DecodeAgreement(b []byte) (*Agreement, error) {
	if len(b) < len(agreementMagic) || string(b[:len(agreementMagic)]) != agreementMagic {
		return nil, fmt.Errorf("decode agreement index: bad header: %w", ErrCorrupt)
	}
	r := &reader{b: b[len(agreementMagic):]}
	a := &Agreement{index: readIndex(r), exStart: []uint32{0}}
	a.examples = r.count(len(r.b))
	for range a.examples {
		for range r.count(len(r.b)) {
			a.exShape = append(a.exShape, uint32(r.uvarint()))
		}
		a.exStart = append(a.exStart, uint32(len(a.exShape)))
	}
	names := make([]string, r.count(len(r.b)))
	for i := range names {
		names[i] = r.string()
	}
	name := func() string {
		if i := r.count(len(names) - 1); r.err == nil {
			return names[i]
		}
		return ""
	}
	a.shapes = make([][]shape.Utility, r.count(len(r.b)))
	for i := range a.shapes {
		us := make([]shape.Utility, r.count(len(r.b)))
		for j := range us {
			us[j].Name = name()
			us[j].Flags = make([]string, r.count(len(r.b)))
			for k := range us[j].Flags {
				us[j].Flags[k] = name()
			}
		}
		a.shapes[i] = us
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("%d bytes after the end", len(r.b))
	}
	if r.err == nil {
		r.err = a.check()
	}
	if r.err != nil {
		return nil, fmt.Errorf("decode agreement index: %w: %w", r.err, ErrCorrupt)
	}
	return a, nil
}

// check verifies what Support relies on: the index, and shape ids in range.
func (a *Agreement) check() error {
	if err := a.index.check(); err != nil {
		return err
	}
	for _, id := range a.exShape {
		if int(id) >= len(a.shapes) {
			return fmt.Errorf("example answered by shape %d of %d", id, len(a.shapes))
		}
	}
	return nil
}

// Diff reports the first way o differs from a beyond floating-point rounding, or nil.
func (a *Agreement) Diff(o *Agreement) error {
	if err := a.index.diff(&o.index); err != nil {
		return err
	}
	if !slices.Equal(a.exStart, o.exStart) || !slices.Equal(a.exShape, o.exShape) || len(a.shapes) != len(o.shapes) {
		return errors.New("the examples' shapes differ")
	}
	for i := range a.shapes {
		if !sameShape(a.shapes[i], o.shapes[i]) {
			return fmt.Errorf("shape %d differs", i)
		}
	}
	return nil
}
