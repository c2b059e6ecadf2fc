package tui

import (
	"errors"
	"slices"
	"testing"
)

func TestResults(t *testing.T) {
	var r results[string]
	first := r.start()
	second := r.start()
	r.apply(first, []string{"stale"}, nil)
	if len(r.items) != 0 || !r.loading {
		t.Fatalf("an older answer was taken: %+v", r)
	}
	r.apply(second, []string{"a", "b", "c"}, nil)
	if !slices.Equal(r.items, []string{"a", "b", "c"}) || r.loading {
		t.Fatalf("the newest answer was not taken: %+v", r)
	}
	r.move(-1)
	if got, _ := r.current(); got != "c" {
		t.Errorf("up from the first row selects %q, want the last", got)
	}
	r.move(1)
	if got, _ := r.current(); got != "a" {
		t.Errorf("down from the last row selects %q, want the first", got)
	}
	r.selected = 2
	r.apply(r.start(), []string{"x"}, nil)
	if got, ok := r.current(); !ok || got != "x" {
		t.Errorf("a shorter answer leaves the selection past its end: %q %v", got, ok)
	}
	r.apply(r.start(), nil, errors.New("daemon gone"))
	if r.err == nil || !slices.Equal(r.items, []string{"x"}) {
		t.Errorf("a failed query must keep the rows and report the error: %+v", r)
	}
	var empty results[int]
	if _, ok := empty.current(); ok {
		t.Error("an empty list has a current row")
	}
	empty.move(1) // must not divide by zero
}
