package recall

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/cmdai/cmdai/models/offline/shape"
)

// magic starts an encoded model; the last byte is the format version.
const magic = "cmdai-recall\x03"

// Encode writes the model in its compact binary form: varints, term hashes and example ids as deltas,
// weights in one byte.
func (m *Model) Encode() []byte {
	b := []byte(magic)
	b = binary.AppendUvarint(b, uint64(m.params.Neighbours))
	b = binary.AppendUvarint(b, uint64(m.params.PresenceEpochs))
	for _, f := range m.params.floats() {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(*f))
	}
	b = m.index.append(b)
	b = binary.AppendUvarint(b, uint64(len(m.exStart)-1))
	b = binary.AppendUvarint(b, uint64(len(m.exTpl)))
	for e := 0; e+1 < len(m.exStart); e++ {
		tpls := m.exTpl[m.exStart[e]:m.exStart[e+1]]
		b = binary.AppendUvarint(b, uint64(len(tpls)))
		for _, t := range tpls {
			b = binary.AppendUvarint(b, uint64(t))
		}
	}
	// Utility names and flags are interned: a few hundred strings stand for tens of thousands of uses.
	var names []string
	id := map[string]int{}
	intern := func(s string) int {
		if i, ok := id[s]; ok {
			return i
		}
		id[s] = len(names)
		names = append(names, s)
		return id[s]
	}
	var shapes []byte
	for i, t := range m.tpls {
		shapes = appendString(shapes, t.text)
		shapes = binary.AppendUvarint(shapes, uint64(len(m.shapes[i])))
		for _, u := range m.shapes[i] {
			shapes = binary.AppendUvarint(shapes, uint64(intern(u.Name)))
			shapes = binary.AppendUvarint(shapes, uint64(len(u.Flags)))
			for _, f := range u.Flags {
				shapes = binary.AppendUvarint(shapes, uint64(intern(f)))
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, s := range names {
		b = appendString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(len(m.tpls)))
	return m.presence.encode(append(b, shapes...))
}

// floats are the params a model stores as float64s, in their order there.
func (p *Params) floats() []*float64 {
	return []*float64{&p.Power, &p.Scale, &p.Base, &p.ExpectScale, &p.ExpectBase,
		&p.Presence, &p.PresenceFlags, &p.PresencePrior, &p.PresenceRate, &p.PresenceL2, &p.PresencePrune}
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// ErrCorrupt means the bytes are not a model this version can read.
var ErrCorrupt = errors.New("not a recall model, or a damaged one")

// Decode reads a model that Encode wrote.
func Decode(b []byte) (*Model, error) {
	if len(b) < len(magic) || string(b[:len(magic)]) != magic {
		return nil, fmt.Errorf("decode recall model: bad header: %w", ErrCorrupt)
	}
	r := &reader{b: b[len(magic):]}
	m := &Model{}
	m.params.Neighbours = r.count(1 << 16)
	m.params.PresenceEpochs = r.count(1 << 16)
	for _, f := range m.params.floats() {
		*f = r.float64()
	}
	m.index = readIndex(r)
	nEx, nExTpl := r.count(len(r.b)), r.count(len(r.b))
	m.exStart = make([]uint32, 1, nEx+1)
	m.exTpl = make([]uint32, 0, nExTpl)
	for range nEx {
		for range r.count(len(r.b)) {
			m.exTpl = append(m.exTpl, uint32(r.uvarint()))
		}
		m.exStart = append(m.exStart, uint32(len(m.exTpl)))
	}
	m.examples = len(m.exStart) - 1
	names := make([]string, r.count(len(r.b)))
	for i := range names {
		names[i] = r.string()
	}
	name := func() string {
		if len(names) == 0 && r.err == nil {
			r.err = errors.New("a shape without names")
		}
		i := r.count(len(names) - 1)
		if r.err != nil {
			return ""
		}
		return names[i]
	}
	// Templates, utilities and flags go into three backing arrays, sliced once all are read: a handful
	// of allocations instead of tens of thousands.
	nTpl := r.count(len(r.b))
	var text []byte
	var utils []shape.Utility
	var flags []string
	tplEnd, utilEnd, flagEnd := make([]int, nTpl), make([]int, nTpl), []int(nil)
	for i := range nTpl {
		text = append(text, r.take(r.count(len(r.b)))...)
		tplEnd[i] = len(text)
		for range r.count(len(r.b)) {
			u := shape.Utility{Name: name()}
			for range r.count(len(r.b)) {
				flags = append(flags, name())
			}
			utils = append(utils, u)
			flagEnd = append(flagEnd, len(flags))
		}
		utilEnd[i] = len(utils)
	}
	all := string(text)
	m.tpls, m.shapes = make([]Template, nTpl), make([][]shape.Utility, nTpl)
	for j := range utils {
		from := 0
		if j > 0 {
			from = flagEnd[j-1]
		}
		utils[j].Flags = flags[from:flagEnd[j]:flagEnd[j]]
	}
	for i := range nTpl {
		from, ufrom := 0, 0
		if i > 0 {
			from, ufrom = tplEnd[i-1], utilEnd[i-1]
		}
		m.tpls[i] = Template{text: all[from:tplEnd[i]]}
		m.shapes[i] = utils[ufrom:utilEnd[i]:utilEnd[i]]
	}
	m.presence = decodePresence(r)
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("%d bytes after the end", len(r.b))
	}
	if r.err == nil {
		r.err = m.check()
	}
	if r.err == nil {
		m.indexShapes()
	}
	if r.err != nil {
		return nil, fmt.Errorf("decode recall model: %w: %w", r.err, ErrCorrupt)
	}
	return m, nil
}

// check verifies what Recall relies on: sorted terms, example and template ids in range.
func (m *Model) check() error {
	if m.params.Neighbours <= 0 {
		return errors.New("no neighbours")
	}
	if err := m.index.check(); err != nil {
		return err
	}
	for _, t := range m.exTpl {
		if int(t) >= len(m.tpls) {
			return fmt.Errorf("example answered by template %d of %d", t, len(m.tpls))
		}
	}
	return nil
}

// reader decodes varints and strings, keeping the first error; after one it returns zeros.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errors.New("truncated varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a length or index and checks it is at most limit.
func (r *reader) count(limit int) int {
	v := r.uvarint()
	if r.err == nil && v > uint64(max(limit, 0)) {
		r.err = fmt.Errorf("count %d over its limit %d", v, limit)
		return 0
	}
	return int(v)
}

func (r *reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if len(r.b) < n {
		r.err = errors.New("truncated")
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) byte() byte {
	if v := r.take(1); v != nil {
		return v[0]
	}
	return 0
}

func (r *reader) uint32() uint32 {
	if v := r.take(4); v != nil {
		return binary.LittleEndian.Uint32(v)
	}
	return 0
}

func (r *reader) float64() float64 {
	if v := r.take(8); v != nil {
		return math.Float64frombits(binary.LittleEndian.Uint64(v))
	}
	return 0
}

func (r *reader) string() string { return string(r.take(r.count(len(r.b)))) }

// Diff reports the first way o differs from m beyond floating-point rounding, or nil. Builds on
// different CPUs may round a TF-IDF weight differently (arm64 fuses multiply-adds, amd64 does not), so a
// weight may be one 255th apart and an idf a few ulps; everything else must be equal.
func (m *Model) Diff(o *Model) error {
	switch {
	case m.params != o.params:
		return fmt.Errorf("params %+v, other %+v", m.params, o.params)
	case !slices.Equal(m.exStart, o.exStart) || !slices.Equal(m.exTpl, o.exTpl):
		return errors.New("the examples' templates differ")
	case !slices.Equal(m.tpls, o.tpls):
		return errors.New("the templates differ")
	}
	if err := m.index.diff(&o.index); err != nil {
		return err
	}
	for i := range m.shapes {
		if !sameShape(m.shapes[i], o.shapes[i]) {
			return fmt.Errorf("shape of template %d differs", i)
		}
	}
	return m.presence.diff(o.presence, m.params.PresencePrune)
}
