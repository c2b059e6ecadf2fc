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
	m := &Model{params: p, exStart: []uint32{0}}
	tplID := map[string]uint32{}
	var tfs []map[uint32]float64
	for _, ex := range examples {
		var ids []uint32
		for _, cmd := range ex.Commands {
			t, err := abstract(cmd)
			if err != nil {
				st.Dropped++
				continue
			}
			id, ok := tplID[t.text]
			if !ok {
				id = uint32(len(m.tpls))
				tplID[t.text] = id
				m.tpls = append(m.tpls, t)
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		tf := terms(ex.Request)
		if len(ids) == 0 || len(tf) == 0 {
			continue
		}
		m.exTpl = append(m.exTpl, ids...)
		m.exStart = append(m.exStart, uint32(len(m.exTpl)))
		tfs = append(tfs, tf)
	}
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
