package undo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cmdai/cmdai/safety"
)

// The blast-radius walk of Prepare has the preview's budget, which settles most commands, then, when that
// was cut short, a longer one: it runs once the person has said yes, and a root it misses is a file undo
// cannot put back.
const (
	quickImpactTime = 300 * time.Millisecond
	impactTime      = 2 * time.Second
)

// Snapshot is what Prepare recorded before a command ran. A nil *Snapshot (nothing to take back) is
// valid: Commit does nothing.
type Snapshot struct {
	s store
	m Manifest
}

// ID is the snapshot's ID, which 'cmdai undo ID' takes.
func (s *Snapshot) ID() string { return s.m.ID }

// Manifest is what the snapshot holds so far.
func (s *Snapshot) Manifest() Manifest { return s.m }

// TooBigError is Prepare's answer to a command that would touch more than the bound: it runs without a
// snapshot, as fast as it would without cmdai.
type TooBigError struct {
	Bytes int64 // what the command would touch
	// AtLeast is set when Bytes is a lower bound: the blast radius was cut short.
	AtLeast bool
	// Entries, when set, is the bound on paths that was hit rather than the bound on bytes.
	Entries int
}

func (e *TooBigError) Error() string {
	switch {
	case e.Entries > 0:
		return fmt.Sprintf("undo not available: more than %s paths would be touched", thousands(int64(e.Entries)))
	case e.AtLeast:
		return "undo not available: more than " + humanBytes(e.Bytes) + " would be touched"
	}
	return "undo not available: " + humanBytes(e.Bytes) + " would be touched"
}

// PreviewNote is what the preview says about undo for a command with blast radius b: "undo not
// available: 3.2 GB would be touched" over the bound, "" otherwise.
func PreviewNote(b safety.BlastRadius, o Options) string {
	if o.Disabled || o.MaxBytes <= 0 {
		return ""
	}
	if n := contentBytes(b); n > o.MaxBytes {
		return (&TooBigError{Bytes: n, AtLeast: b.Truncated}).Error()
	}
	return ""
}

// contentBytes adds up the bytes of the actions whose files' contents a snapshot keeps.
func contentBytes(b safety.BlastRadius) int64 {
	var n int64
	for _, a := range b.Actions {
		if a.Op != safety.OpChmod && a.Op != safety.OpChown {
			n += a.Bytes
		}
	}
	return n
}

// Prepare snapshots what cmd would delete, overwrite, truncate, move or re-permission if it ran in cwd
// now, and the state of the git repositories it would change, so that Undo can put them back. Call it
// once the gate has allowed cmd and just before running it, then Commit once it has run.
//
// It returns nil and no error when the command changes nothing undo keeps. An error means the command
// has no snapshot and says why in a person's words (a *TooBigError over the bound, or a store that
// could not be written); the command may still run.
func Prepare(ctx context.Context, cmd, cwd string, so safety.Options, o Options) (*Snapshot, error) {
	o = o.withDefaults()
	if o.Disabled {
		return nil, nil
	}
	if abs, err := filepath.Abs(cwd); err == nil {
		cwd = abs
	}
	b, err := blastRadius(ctx, cmd, cwd, so, o.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("undo not available: %w", err)
	}
	p := plan(b, safety.FactsOf(cmd, so), cwd)
	st := store{o.Dir}
	if len(p.roots) == 0 && len(p.absent) == 0 && len(p.repos) == 0 {
		if len(p.notes) > 0 {
			st.unavailable(cmd, cwd, "nothing it changes can be put back", p.notes)
		}
		return nil, nil
	}
	if n := contentBytes(b); o.MaxBytes > 0 && n > o.MaxBytes {
		err := &TooBigError{Bytes: n, AtLeast: b.Truncated}
		st.unavailable(cmd, cwd, strings.TrimPrefix(err.Error(), "undo not available: "), p.notes)
		return nil, err
	}
	for _, r := range p.roots {
		if r.how == putLink && within(st.dir, r.path) {
			return nil, errors.New("undo not available: the command deletes cmdai's own undo store")
		}
	}
	snap, err := take(ctx, st, p, cmd, cwd, o.MaxBytes, !b.Truncated)
	var big *TooBigError
	switch {
	case errors.As(err, &big):
		st.unavailable(cmd, cwd, strings.TrimPrefix(big.Error(), "undo not available: "), p.notes)
		return nil, big
	case err != nil:
		return nil, fmt.Errorf("undo not available: %w", err)
	}
	return snap, nil
}

// unavailable records a run that undo cannot take back, and why, so that 'cmdai undo' says so rather than
// pass over it in silence.
func (s store) unavailable(cmd, cwd, why string, notes []string) {
	if s.init() != nil {
		return
	}
	unlock, err := s.lock(false, true)
	if err != nil {
		return
	}
	defer unlock()
	id, err := s.newID()
	if err != nil {
		return
	}
	_ = s.write(&Manifest{ID: id, Created: time.Now(), Command: cmd, Cwd: cwd, Unavailable: why, Notes: notes})
}

// blastRadius reads what cmd would touch: first within the preview's budget, which settles most
// commands and those far over the bound (which then run at once), then, when that was cut short, within
// a longer one.
func blastRadius(ctx context.Context, cmd, cwd string, so safety.Options, maxBytes int64) (safety.BlastRadius, error) {
	quick, cancel := context.WithTimeout(ctx, quickImpactTime)
	b, err := safety.Impact(quick, cmd, cwd, so)
	cancel()
	if err != nil || !b.Truncated || maxBytes > 0 && contentBytes(b) > maxBytes {
		return b, err
	}
	long, cancel := context.WithTimeout(ctx, impactTime)
	defer cancel()
	return safety.Impact(long, cmd, cwd, so)
}

// take records the plan's repositories and roots in the store and writes the snapshot's manifest.
func take(ctx context.Context, st store, p snapshotPlan, cmd, cwd string, maxBytes int64, early bool) (*Snapshot, error) {
	if err := st.init(); err != nil {
		return nil, err
	}
	unlock, err := st.lock(false, true)
	if err != nil {
		return nil, err
	}
	defer unlock()
	id, err := st.newID()
	if err != nil {
		return nil, err
	}
	m := Manifest{ID: id, Created: time.Now(), Command: cmd, Cwd: cwd, Absent: p.absent, Notes: p.notes}
	roots := p.roots
	for top, t := range reposOf(ctx, p.repos) {
		repo, dirty, absent, note, err := recordRepo(ctx, t, top)
		if err != nil {
			m.Notes = append(m.Notes, fmt.Sprintf("git repository %s not recorded: %v", top, err))
			continue
		}
		if note != "" {
			m.Notes = append(m.Notes, note)
		}
		m.Repos = append(m.Repos, repo)
		for _, d := range dirty {
			roots = append(roots, root{path: d, how: putCopy})
		}
		m.Absent = append(m.Absent, absent...)
	}
	c := capture{p: &putter{s: st}, maxBytes: maxBytes, early: early, skip: st.dir, uid: os.Getuid()}
	if err := c.run(ctx, roots, m.Absent); err != nil {
		return nil, err
	}
	m.Entries, m.Bytes = c.entries, c.bytes
	m.Notes = append(m.Notes, c.notes...)
	if len(m.Entries) == 0 && len(m.Absent) == 0 && len(m.Repos) == 0 {
		return nil, nil
	}
	if err := st.write(&m); err != nil {
		return nil, err
	}
	if err := os.WriteFile(st.pendingPath(id), nil, 0o600); err != nil {
		return nil, err
	}
	return &Snapshot{s: st, m: m}, nil
}

// reposOf finds the top of each target's repository and merges the targets of one repository. A
// command line that moves HEAD and then cleans may make ignored files untracked first (the ignore file
// goes with the commit), so there the ignored files are recorded too.
func reposOf(ctx context.Context, targets []gitTarget) map[string]gitTarget {
	repos := map[string]gitTarget{}
	count := map[string]int{}
	for _, t := range targets {
		top := repoTop(ctx, t.dir)
		if top == "" {
			continue
		}
		m := repos[top]
		m.dir = top
		m.untracked = m.untracked || t.untracked
		m.ignored = m.ignored || t.ignored
		repos[top] = m
		count[top]++
	}
	for top, t := range repos {
		if count[top] > 1 && t.untracked {
			t.ignored = true
			repos[top] = t
		}
	}
	return repos
}

// recordRepo reads a repository's refs, writes its index as a tree, and lists the files that differ from
// HEAD (and the untracked ones the command may remove): those present become roots, those missing
// absent paths.
func recordRepo(ctx context.Context, t gitTarget, top string) (r Repo, dirty, absent []string, note string, err error) {
	r.Dir = top
	if r.Pre, err = readRefs(ctx, top); err != nil {
		return r, nil, nil, "", err
	}
	if r.Index, err = writeIndex(ctx, top); err != nil {
		note = "the index of " + top + " has conflicts: undo does not put it back"
	}
	paths, err := dirtyPaths(ctx, t, top)
	if err != nil {
		return r, nil, nil, "", err
	}
	for _, p := range paths {
		if _, err := os.Lstat(p); err == nil {
			dirty = append(dirty, p)
		} else {
			absent = append(absent, p)
		}
	}
	return r, dirty, absent, note, nil
}

// Commit records that the command ran and ended with exitCode, for history entry historyID (empty when
// there is none), and how it left every path and repository, which is what Undo compares against to
// find changes made since. Call it as soon as the command has ended.
func (s *Snapshot) Commit(ctx context.Context, historyID string, exitCode int) error {
	if s == nil {
		return nil
	}
	unlock, err := s.s.lock(false, true)
	if err != nil {
		return err
	}
	defer unlock()
	m := &s.m
	for i := range m.Entries {
		st, err := stateOf(m.Entries[i].Path)
		if err != nil {
			st = State{Kind: KindOther} // unreadable now: only a person can say what to do with it
		}
		m.Entries[i].Post = &st
	}
	m.Entries = append(m.Entries, appeared(m.Absent, m.Entries)...)
	for i := range m.Repos {
		if refs, err := readRefs(ctx, m.Repos[i].Dir); err == nil {
			m.Repos[i].Post = &refs
		}
	}
	m.Committed, m.ExitCode, m.Finished = true, exitCode, time.Now()
	if historyID != "" {
		m.HistoryID = historyID
	}
	if err := s.s.write(m); err != nil {
		return err
	}
	os.Remove(s.s.pendingPath(m.ID))
	return nil
}

// appeared records what the run put at paths that were absent before: each becomes an entry absent
// before and as found after, with everything under it, so that undo can remove exactly that.
func appeared(absent []string, have []Entry) []Entry {
	known := map[string]bool{}
	for _, e := range have {
		known[e.Path] = true
	}
	var out []Entry
	for _, p := range absent {
		stack := []string{p}
		for len(stack) > 0 && len(out) < maxEntries {
			q := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			st, err := stateOf(q)
			if err != nil || st.Kind == KindAbsent || known[q] {
				continue
			}
			known[q] = true
			out = append(out, Entry{Path: q, Pre: State{Kind: KindAbsent}, Post: &st})
			if st.Kind == KindDir {
				names, _ := readNames(q)
				for i := len(names) - 1; i >= 0; i-- {
					stack = append(stack, filepath.Join(q, names[i]))
				}
			}
		}
	}
	return out
}

// CommitPending commits the newest snapshot that was prepared for command but not committed: the
// shell's `cmdai REQUEST` runs the command after the popup that took the snapshot has ended, and reports
// how it ended, with history entry historyID, through 'cmdai record-exit'. It does nothing when there is
// no such snapshot from the last day. It reads only the snapshots not committed, so it stays quick.
func CommitPending(ctx context.Context, o Options, historyID, command string, exitCode int) error {
	o = o.withDefaults()
	if o.Disabled {
		return nil
	}
	st := store{o.Dir}
	marks, _ := filepath.Glob(filepath.Join(st.snapshots(), "*.pending"))
	var newest *Manifest
	for _, mark := range marks {
		m, err := st.read(strings.TrimSuffix(filepath.Base(mark), ".pending"))
		if err != nil || m.Committed || time.Since(m.Created) > 24*time.Hour {
			continue
		}
		if (historyID != "" && m.HistoryID == historyID || command != "" && m.Command == command) &&
			(newest == nil || m.Created.After(newest.Created)) {
			newest = &m
		}
	}
	if newest == nil {
		return nil
	}
	return (&Snapshot{s: st, m: *newest}).Commit(ctx, historyID, exitCode)
}
