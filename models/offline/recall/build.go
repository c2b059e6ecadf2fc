package recall

import (
	"errors"
	"fmt"
	"slices"

	"github.com/cmdai/cmdai/models/offline/shape"
)

// Example is one request of a training corpus with the commands that answer it.
type Example struct {
	Request  string
	Commands []string
}

// BuildStats says what Build kept.
type BuildStats struct {
	Examples, Kept, Templates, Terms, Postings int
	// Dropped counts commands without an NLC2CMD shape or whose template would change it.
	Dropped int
}

// Build trains a model on examples. It is deterministic: the same examples and params give a model that
// encodes to the same bytes.
func Build(examples []Example, p Params) (*Model, BuildStats, error) {
	if p.Neighbours <= 0 || p.Power <= 0 {
		return nil, BuildStats{}, fmt.Errorf("build recall model: neighbours and power must be positive, got %d and %g", p.Neighbours, p.Power)
	}
	st := BuildStats{Examples: len(examples)}
	m := &Model{params: p}
	c := collect(examples, &st, func(cmd string) (string, Template, bool) {
		t, err := abstract(cmd)
		return t.text, t, err == nil
	})
	m.tpls, m.exStart, m.exTpl = c.values, c.start, c.ids
	tfs := c.tfs
	if len(tfs) == 0 {
		return nil, st, errors.New("build recall model: no example has a usable command")
	}
	st.Kept, st.Templates = len(tfs), len(m.tpls)
	m.index = newIndex(tfs)
	st.Terms, st.Postings = len(m.terms), len(m.postEx)
	m.shapes = make([][]shape.Utility, len(m.tpls))
	for i, t := range m.tpls {
		m.shapes[i], _ = shape.Utilities(t.String()) // abstract checked that it parses
	}
	m.indexShapes()
	if p.Presence != 0 || p.PresenceFlags != 0 {
		m.presence = trainPresence(tfs, m.presenceLabels, p)
	}
	return m, st, nil
}

// answered is what collect makes of a corpus: the distinct values its commands become, and for each
// kept example its term counts and which values answer it.
type answered[V any] struct {
	values []V
	// start[e]:start[e+1] indexes ids, the values that answer kept example e.
	start, ids []uint32
	tfs        []map[uint32]float64
}

// collect reads examples: each command becomes a value by read (its key says which commands share one;
// false drops the command, counted in st). Examples with no value or no terms are left out.
func collect[V any](examples []Example, st *BuildStats, read func(cmd string) (string, V, bool)) answered[V] {
	a := answered[V]{start: []uint32{0}}
	id := map[string]uint32{}
	for _, ex := range examples {
		var ids []uint32
		for _, cmd := range ex.Commands {
			key, v, ok := read(cmd)
			if !ok {
				st.Dropped++
				continue
			}
			n, seen := id[key]
			if !seen {
				n = uint32(len(a.values))
				id[key] = n
				a.values = append(a.values, v)
			}
			if !slices.Contains(ids, n) {
				ids = append(ids, n)
			}
		}
		tf := terms(ex.Request)
		if len(ids) == 0 || len(tf) == 0 {
			continue
		}
		a.ids = append(a.ids, ids...)
		a.start = append(a.start, uint32(len(a.ids)))
		a.tfs = append(a.tfs, tf)
	}
	return a
}
