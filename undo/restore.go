package undo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Conflict is a path or repository that changed after the command ran: restoring it would throw that
// change away, so it happens only with the person's consent.
type Conflict struct {
	Path string `json:"path"`
	Why  string `json:"why"`
}

// step is what undo does to one entry.
type step int

const (
	stepNone    step = iota
	stepRestore      // put the content, link or kind back, with its mode, owner and times
	stepMeta         // put mode and owner back only
	stepRemove       // remove what the command put where nothing was
	stepTimes        // put a directory's times back, if the run changed them or undo does
)

// Plan is what undoing a snapshot would do, worked out from how things are now before anything changes.
type Plan struct {
	Manifest Manifest
	// Conflicts changed after the run; Apply leaves them unless told to overwrite.
	Conflicts []Conflict
	// Unchanged counts the recorded paths the command left as they were.
	Unchanged int
	// Notes say what cannot be put back.
	Notes []string

	steps    []step
	conflict []bool
	cur      []State // how each entry's path was found
	repos    []repoPlan
	st       store
	// linkedBack holds the objects already put back by a hard link during Apply.
	linkedBack sync.Map
}

// repoPlan is what undo does to one repository.
type repoPlan struct {
	r        Repo
	cur      Refs
	conflict bool
}

// Counts says how much a plan restores: files, directories and links put back, paths removed, and
// repositories reset.
type Counts struct {
	Restored int `json:"restored"`
	Removed  int `json:"removed"`
	Meta     int `json:"permissions"`
	Repos    int `json:"repos"`
}

// Count is what Apply would do; with conflicts false, the conflicting paths are left out.
func (p *Plan) Count(conflicts bool) Counts {
	var c Counts
	for i, s := range p.steps {
		if p.conflict[i] && !conflicts {
			continue
		}
		switch s {
		case stepRestore:
			c.Restored++
		case stepRemove:
			c.Removed++
		case stepMeta:
			c.Meta++
		}
	}
	for _, r := range p.repos {
		if r.changes() && (!r.conflict || conflicts) {
			c.Repos++
		}
	}
	return c
}

// Empty reports whether undoing would change nothing: the command changed nothing the snapshot holds,
// or everything is already back.
func (p *Plan) Empty() bool { return p.Count(true) == Counts{} }

// PlanUndo works out what undoing snapshot m would restore, and what changed since the run.
func PlanUndo(ctx context.Context, o Options, m Manifest) (*Plan, error) {
	o = o.withDefaults()
	p := &Plan{Manifest: m, st: store{o.Dir}, Notes: slices.Clone(m.Notes)}
	if !m.Undone.IsZero() {
		return nil, fmt.Errorf("snapshot %s was undone %s", m.ID, m.Undone.Local().Format("2006-01-02 15:04"))
	}
	if m.Unavailable != "" {
		return nil, fmt.Errorf("this run cannot be undone: %s", m.Unavailable)
	}
	sortEntries(&p.Manifest)
	if !m.Committed {
		p.Notes = append(p.Notes, "cmdai did not see this command end: every change it finds is shown as a conflict")
	}
	for _, r := range m.Repos {
		rp, err := planRepo(ctx, r)
		if err != nil {
			return nil, err
		}
		if rp.conflict {
			p.Conflicts = append(p.Conflicts, rp.conflicts()...)
		}
		p.repos = append(p.repos, rp)
	}
	es := p.Manifest.Entries
	p.steps, p.conflict, p.cur = make([]step, len(es)), make([]bool, len(es)), make([]State, len(es))
	for i, e := range es {
		cur, err := stateOf(e.Path)
		p.cur[i] = cur
		if err != nil {
			p.conflict[i] = true
			p.steps[i] = stepRestore
			p.Conflicts = append(p.Conflicts, Conflict{e.Path, "cannot be read now: " + err.Error()})
			continue
		}
		s, why := planEntry(e, cur)
		p.steps[i] = s
		if s == stepNone && !e.TimesOnly {
			p.Unchanged++
		}
		if s == stepNone || s == stepTimes {
			continue
		}
		if why != "" {
			p.conflict[i] = true
			p.Conflicts = append(p.Conflicts, Conflict{e.Path, why})
		}
	}
	return p, nil
}

// sortEntries puts entries in path order: a directory before what is in it.
func sortEntries(m *Manifest) {
	m.Entries = slices.Clone(m.Entries)
	slices.SortStableFunc(m.Entries, func(a, b Entry) int { return strings.Compare(a.Path, b.Path) })
}

// planEntry decides what to do with one entry, which is cur now, and why doing it is a conflict ("" when
// it is not).
func planEntry(e Entry, cur State) (step, string) {
	pre := e.Pre
	post := e.Post
	if e.TimesOnly {
		if post == nil || cur.Kind != KindDir || cur.MTime != post.MTime {
			return stepNone, "" // changed since, or unknown: its times stay as they are
		}
		return stepTimes, ""
	}
	if post == nil { // the run was not seen to end: anything that differs may be its doing, or newer
		post = &cur
		if e.MetaOnly && !metaChanged(pre, cur) || !e.MetaOnly && (restored(pre, cur) || pre.Kind == KindDir && !metaChanged(pre, cur)) {
			return stepNone, ""
		}
		s, _ := planEntry(Entry{Path: e.Path, Pre: e.Pre, MetaOnly: e.MetaOnly, Post: post}, cur)
		return s, "changed, by the command or since: cmdai did not see the command end"
	}
	switch {
	case pre.Kind == KindAbsent:
		if cur.Kind == KindAbsent {
			return stepNone, ""
		}
		if changedSince(*post, cur) && !(post.Kind == KindDir && cur.Kind == KindDir) {
			return stepRemove, "changed after the command put it there"
		}
		return stepRemove, ""
	case e.MetaOnly:
		if !metaChanged(pre, *post) || !metaChanged(pre, cur) {
			return stepNone, ""
		}
		if metaChanged(*post, cur) {
			return stepMeta, "its permissions or owner changed after the run"
		}
		return stepMeta, ""
	case pre.Kind == KindDir:
		if cur.Kind == KindDir && !metaChanged(pre, cur) {
			return stepNone, "" // its entries are compared one by one
		}
		if cur.Kind != KindAbsent && changedSince(*post, cur) {
			return stepRestore, "changed after the run"
		}
		return stepRestore, ""
	}
	if !changedBy(pre, *post) || restored(pre, cur) {
		return stepNone, "" // the command left it alone, or it is already back
	}
	if cur.Kind != KindAbsent && changedSince(*post, cur) || cur.Kind == KindAbsent && post.Kind != KindAbsent {
		return stepRestore, "changed after the run"
	}
	return stepRestore, ""
}

// restored reports whether cur is as pre was, though perhaps another file with the same content: what
// an earlier undo that skipped conflicts put back.
func restored(pre, cur State) bool {
	cur.Ino = pre.Ino
	return !changedBy(pre, cur)
}

// metaChanged reports whether mode, owner or kind differ.
func metaChanged(a, b State) bool {
	return a.Kind != b.Kind || a.Mode != b.Mode || a.UID != b.UID || a.GID != b.GID
}

// Apply undoes the snapshot: the repositories' work trees, refs and HEAD, then the files, then the
// indexes. With overwrite false, conflicting paths and repositories are left as they are; with true,
// they are restored too. The snapshot is marked undone when everything asked for went back; failures
// come back joined, each naming its path.
func (p *Plan) Apply(ctx context.Context, overwrite bool) (Counts, error) {
	unlock, err := p.st.lock(false, true)
	if err != nil {
		return Counts{}, err
	}
	defer unlock()
	var failed []error
	fail := func(path string, err error) {
		failed = append(failed, fmt.Errorf("%s: %w", path, err))
	}
	var done Counts
	for _, r := range p.repos {
		if r.conflict && !overwrite || !r.changes() {
			continue
		}
		if err := r.applyRefs(ctx, overwrite); err != nil {
			fail(r.r.Dir, err)
			continue
		}
		done.Repos++
	}
	es := p.Manifest.Entries
	skip := func(i int) bool { return p.steps[i] == stepNone || p.conflict[i] && !overwrite }
	restoredIn := map[string]bool{} // directories something was put back in
	// What the command created goes first, deepest first, so that what was there before fits again.
	for i := len(es) - 1; i >= 0; i-- {
		if skip(i) || p.steps[i] != stepRemove {
			continue
		}
		err := os.Remove(es[i].Path)
		if errors.Is(err, fs.ErrNotExist) {
			err = nil
		}
		if err != nil && es[i].Post != nil && es[i].Post.Kind == KindDir {
			err = fmt.Errorf("not removed: it holds files the command did not put there")
		}
		if err != nil {
			fail(es[i].Path, err)
			continue
		}
		done.Removed++
	}
	// Directories in order, so that what is in them has somewhere to go; then files, symlinks and the
	// like, several at a time; then the names that share a file restored just before.
	var files, links []int
	for i, e := range es {
		if skip(i) || p.steps[i] == stepRemove || p.steps[i] == stepTimes {
			continue
		}
		var err error
		switch {
		case p.steps[i] == stepMeta:
			if err = setMeta(e.Path, e.Pre, false); err == nil {
				done.Meta++
			}
		case e.Pre.Kind == KindDir:
			if err = p.restore(e, p.cur[i]); err == nil {
				done.Restored++
				restoredIn[filepath.Dir(e.Path)] = true
			}
		case e.LinkOf != "":
			links = append(links, i)
		default:
			files = append(files, i)
		}
		if err != nil {
			fail(e.Path, err)
		}
	}
	errs := parallel(files, func(i int) error { return p.restore(es[i], p.cur[i]) })
	for _, i := range links {
		errs[i] = p.restore(es[i], p.cur[i])
	}
	for _, i := range slices.Concat(files, links) {
		if errs[i] != nil {
			fail(es[i].Path, errs[i])
			continue
		}
		done.Restored++
		restoredIn[filepath.Dir(es[i].Path)] = true
	}
	// Directories last, deepest first: putting files in them changed their times.
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		if e.Pre.Kind != KindDir || e.MetaOnly || p.conflict[i] && !overwrite {
			continue
		}
		var err error
		switch {
		case e.TimesOnly:
			if p.steps[i] == stepTimes && (e.Post.MTime != e.Pre.MTime || restoredIn[e.Path]) {
				err = setTimes(e.Path, e.Pre)
			}
		case p.steps[i] != stepNone || restoredIn[e.Path]:
			err = setMeta(e.Path, e.Pre, true)
		}
		if err != nil {
			fail(e.Path, err)
		}
		restoredIn[filepath.Dir(e.Path)] = restoredIn[filepath.Dir(e.Path)] || p.steps[i] != stepNone
	}
	for _, r := range p.repos {
		if r.conflict && !overwrite || r.r.Index == "" {
			continue
		}
		if err := setIndex(ctx, r.r.Dir, r.r.Index); err != nil {
			fail(r.r.Dir, fmt.Errorf("put the index back: %w", err))
		}
	}
	if len(failed) == 0 && (overwrite || len(p.Conflicts) == 0) {
		m, err := p.st.read(p.Manifest.ID)
		if err == nil {
			m.Undone = time.Now()
			err = p.st.write(&m)
		}
		if err != nil {
			failed = append(failed, err)
		}
	}
	return done, errors.Join(failed...)
}

// parallel runs do for each of the indexes, several at a time: restoring is mostly waiting on the file
// system. It returns the errors by index.
func parallel(indexes []int, do func(i int) error) map[int]error {
	errs := make(map[int]error, len(indexes))
	var mu sync.Mutex
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(max(2*runtime.GOMAXPROCS(0), 4), 16, max(len(indexes), 1)) {
		wg.Go(func() {
			for i := range next {
				err := do(i)
				mu.Lock()
				errs[i] = err
				mu.Unlock()
			}
		})
	}
	for _, i := range indexes {
		next <- i
	}
	close(next)
	wg.Wait()
	return errs
}

// restore puts one entry back as it was before the run; cur is how planning found its path. A path
// that is free is written in place; one that holds something is written beside and renamed over it,
// so that it holds the old or the new content, never half.
func (p *Plan) restore(e Entry, cur State) error {
	pre := e.Pre
	if pre.Kind == KindDir {
		switch cur, _ := stateOf(e.Path); cur.Kind {
		case KindDir:
			return nil // mode, owner and times are set once its contents are back
		case KindAbsent:
		default:
			if err := os.Remove(e.Path); err != nil {
				return err
			}
		}
		return mkdirIn(e.Path)
	}
	if cur.Kind == KindAbsent {
		err := p.create(e, e.Path)
		if errors.Is(err, fs.ErrNotExist) { // its directory went too, outside the snapshot
			if err = os.MkdirAll(filepath.Dir(e.Path), 0o755); err == nil {
				err = p.create(e, e.Path)
			}
		}
		if !errors.Is(err, fs.ErrExist) {
			return err
		}
		// Something appeared there since the plan: write beside it, as below.
	}
	tmp := filepath.Join(filepath.Dir(e.Path), ".cmdai-undo-"+filepath.Base(e.Path))
	os.Remove(tmp)
	err := p.create(e, tmp)
	if err == nil {
		err = os.Rename(tmp, e.Path)
		if err != nil {
			if cur, _ := stateOf(e.Path); cur.Kind == KindDir {
				// A directory the command put where a file was: removed only when empty.
				if err = os.Remove(e.Path); err == nil {
					err = os.Rename(tmp, e.Path)
				}
			}
		}
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// mkdirIn makes dir, and the directories above it that are gone.
func mkdirIn(dir string) error {
	err := os.Mkdir(dir, 0o700)
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(filepath.Dir(dir), 0o755); err == nil {
			err = os.Mkdir(dir, 0o700)
		}
	}
	return err
}

// create makes the entry's file, link, symlink or fifo at dst, which must be free, with the entry's mode,
// owner and times.
func (p *Plan) create(e Entry, dst string) error {
	pre := e.Pre
	var err error
	exact := false // the file made already has the entry's mode, owner and modification time
	switch {
	case e.LinkOf != "":
		err, exact = os.Link(e.LinkOf, dst), true
	case pre.Kind == KindFile:
		exact, err = p.putBack(e.Object, dst, pre)
	case pre.Kind == KindSymlink:
		err = os.Symlink(pre.Link, dst)
	case pre.Kind == KindOther && pre.Mode&fs.ModeNamedPipe != 0:
		err = unix.Mkfifo(dst, uint32(pre.Mode.Perm()))
	default:
		return errors.New("not put back: undo cannot recreate sockets and devices")
	}
	if err != nil || exact {
		return err
	}
	if err = setMeta(dst, pre, true); err != nil {
		os.Remove(dst)
	}
	return err
}

// putBack writes object sum to dst. An object only the store holds, the first time this undo needs it,
// becomes dst by a hard link: no byte is copied, as when the snapshot linked the file in, and when the
// snapshot linked the very file in, it already has its mode, owner and times (exact). Otherwise it is
// cloned or copied, so that two paths never share a file they did not share before.
func (p *Plan) putBack(sum, dst string, pre State) (exact bool, err error) {
	if _, taken := p.linkedBack.LoadOrStore(sum, true); !taken {
		if st, err := stateOf(p.st.object(sum)); err == nil && st.Kind == KindFile && st.Nlink == 1 {
			if err := os.Link(p.st.object(sum), dst); err == nil {
				return st.Mode == pre.Mode && st.UID == pre.UID && st.GID == pre.GID && st.MTime == pre.MTime, nil
			}
		}
	}
	return false, p.st.writeObject(sum, dst, pre.Mode)
}

// setMeta puts owner, mode and, with times, access and modification times back, without following a
// symlink. An owner only root may give stays as it is when undo does not run as root.
func setMeta(path string, st State, times bool) error {
	if err := os.Lchown(path, st.UID, st.GID); err != nil && !errors.Is(err, fs.ErrPermission) {
		return err
	}
	if st.Kind != KindSymlink {
		if err := os.Chmod(path, st.Mode&(fs.ModePerm|fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky)); err != nil {
			return err
		}
	}
	if !times {
		return nil
	}
	return setTimes(path, st)
}

func setTimes(path string, st State) error {
	ts := []unix.Timespec{unix.NsecToTimespec(st.ATime), unix.NsecToTimespec(st.MTime)}
	return unix.UtimesNanoAt(unix.AT_FDCWD, path, ts, unix.AT_SYMLINK_NOFOLLOW)
}
