package tui

// results is a browser's list: the latest answer of a search with one row selected. Each query takes a
// sequence number, so that an older answer arriving late never replaces a newer one.
type results[T any] struct {
	seq      int
	items    []T
	selected int
	loading  bool
	err      error
}

// start begins a query and returns its sequence number.
func (r *results[T]) start() int {
	r.seq++
	r.loading = true
	return r.seq
}

// apply takes the answer to query seq, unless a newer query is on its way; on an error the old rows stay.
func (r *results[T]) apply(seq int, items []T, err error) {
	if seq != r.seq {
		return
	}
	r.loading, r.err = false, err
	if err == nil {
		r.items = items
	}
	r.selected = min(r.selected, max(len(r.items)-1, 0))
}

// move selects delta rows down (up when negative), wrapping around.
func (r *results[T]) move(delta int) {
	if len(r.items) > 0 {
		r.selected = (r.selected + delta + len(r.items)) % len(r.items)
	}
}

// current is the selected row.
func (r *results[T]) current() (T, bool) {
	if r.selected < 0 || r.selected >= len(r.items) {
		var zero T
		return zero, false
	}
	return r.items[r.selected], true
}
