package safety

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// BlastRadius is what a command would touch on disk if it ran now. The zero value means nothing destructive.
type BlastRadius struct {
	Actions []ImpactAction `json:"actions"`
	// Files, Dirs and Bytes add up the actions; a path touched by two actions counts twice.
	Files int64 `json:"files"`
	Dirs  int64 `json:"dirs"`
	Bytes int64 `json:"bytes"`
	// Truncated means a time or entry bound was hit: the totals are lower bounds.
	Truncated bool `json:"truncated"`
	// Approximate means some action was estimated (unsupported find predicates, rsync): totals may be too high.
	Approximate bool `json:"approximate"`
	// Unknown means some target depends on run time ($x, $(…), stdin) or the command could not be parsed.
	Unknown bool `json:"unknown"`
}

// ImpactAction is one destructive call and what it would touch.
type ImpactAction struct {
	Verb string `json:"verb"` // the command as the person wrote it, minus wrappers: "rm", "find", ">"
	Op   string `json:"op"`   // delete, move, chmod, chown, truncate or overwrite
	// Targets are the expanded operands, relative to the working directory when inside it, at most
	// maxListedTargets of them; MoreTargets counts the rest.
	Targets     []string `json:"targets"`
	MoreTargets int      `json:"more_targets,omitempty"`
	Dest        string   `json:"dest,omitempty"` // where a move goes
	Files       int64    `json:"files"`
	Dirs        int64    `json:"dirs"`
	Bytes       int64    `json:"bytes"`
	Missing     []string `json:"missing,omitempty"` // targets that do not exist
	// Dynamic holds the source text of operands that could not be expanded before run time.
	Dynamic     []string `json:"dynamic,omitempty"`
	Truncated   bool     `json:"truncated,omitempty"`
	Approximate bool     `json:"approximate,omitempty"`
	Span        Span     `json:"span"`
}

// MarshalJSON keeps actions an array, never null, for scripts that iterate it.
func (b BlastRadius) MarshalJSON() ([]byte, error) {
	type plain BlastRadius
	if b.Actions == nil {
		b.Actions = []ImpactAction{}
	}
	return json.Marshal(plain(b))
}

// The operations an action can perform.
const (
	OpDelete    = "delete"
	OpMove      = "move"
	OpChmod     = "chmod"
	OpChown     = "chown"
	OpTruncate  = "truncate"
	OpOverwrite = "overwrite"
)

// Default bounds of one Impact call: a preview must appear before the person has finished reading the
// command, and must not read a whole disk to do it.
const (
	defaultImpactTime    = 300 * time.Millisecond
	defaultImpactEntries = 200_000
	maxListedTargets     = 20
)

// impactLimits lets tests shrink the bounds without exporting knobs nobody else should turn.
var impactLimits = struct {
	time    time.Duration
	entries int64
}{defaultImpactTime, defaultImpactEntries}

// Impact reports what cmd would delete, move, overwrite or re-permission if it ran in cwd now. It only reads:
// it resolves the command with Check's walker, expands globs itself and walks the targets without
// following symlinks, never running the command. The walk is bounded in entries and time; a deadline on
// ctx replaces the default time budget and reaching it only truncates the result. Cancelling ctx stops the
// walk and returns ctx's error with what was counted so far. A command that does not parse yields Unknown
// rather than an error, because Check already reports it and the shell would run none of it.
func Impact(ctx context.Context, cmd string, cwd string, opts Options) (BlastRadius, error) {
	if cwd == "" {
		wd, err := os.Getwd()
		if err != nil {
			return BlastRadius{Unknown: true}, nil
		}
		cwd = wd
	} else if abs, err := filepath.Abs(cwd); err == nil {
		cwd = abs
	}
	if opts.Shell == "fish" {
		cmd, _ = fishAsBash(cmd) // fish.go
		opts.Shell = "bash"
	}
	calls, err := simpleCommands(cmd, opts)
	var tooComplex errTooComplex
	partial := errors.As(err, &tooComplex)
	if err != nil && !partial {
		return BlastRadius{Unknown: true}, nil
	}
	b := newWalkBudget(ctx)
	im := &impactor{b: b, x: &globExpander{b: b}, home: newWalker(opts).home, clobbered: map[string]bool{}}
	dirs := newCwdTracker(cmd, cwd, opts.Shell)
	for _, c := range calls {
		if b.exhausted() {
			im.res.Truncated = true
			break
		}
		if c.Shadowed {
			continue // a function body, counted where the function is called
		}
		if slices.Contains(c.Wrappers, "find") {
			// find's -exec commands are counted from find's own expression; one that find runs through
			// a shell (-exec sh -c 'rm …') is only known to delete something.
			if op := destructiveOps[c.Name]; op != "" && !im.findCounted {
				ac := newAction(c.Name, op, impactCall{call: c})
				ac.a.Dynamic = []string{"files find passes to " + c.Name}
				im.finish(ac)
			}
			continue
		}
		if c.Name == "find" {
			im.findCounted = false
		}
		ic := impactCall{call: c, cwd: dirs.at(c)}
		if (c.Name == "cd" || c.Name == "pushd" || c.Name == "popd") && !c.Piped && !c.Background {
			dirs.cd(c, im.chdir(ic))
			continue
		}
		im.call(ic)
	}
	res := im.res
	for _, a := range res.Actions {
		res.Files += a.Files
		res.Dirs += a.Dirs
		res.Bytes += a.Bytes
		res.Truncated = res.Truncated || a.Truncated
		res.Approximate = res.Approximate || a.Approximate
		res.Unknown = res.Unknown || len(a.Dynamic) > 0
	}
	if partial {
		// The walk stopped at one of its bounds: what it found is counted, the rest is not known.
		res.Truncated, res.Unknown = true, true
	}
	if b.err != nil {
		res.Truncated = true
		return res, b.err
	}
	return res, nil
}

// destructiveOps are the commands whose mere presence under find -exec means files go.
var destructiveOps = map[string]string{"rm": OpDelete, "rmdir": OpDelete, "unlink": OpDelete, "shred": OpOverwrite,
	"mv": OpMove, "chmod": OpChmod, "chown": OpChown, "chgrp": OpChown, "truncate": OpTruncate}

// impactCall is a call from Check's walker and the directory it would run in ("" once a dynamic cd made
// it unknown).
type impactCall struct {
	call
	cwd string
}

// impactor turns calls into actions, sharing one budget across them.
type impactor struct {
	b    *walkBudget
	x    *globExpander
	res  BlastRadius
	home string // as the walker resolves ~, for a bare cd
	// findCounted is set when the last find's own expression held its destructive action.
	findCounted bool
	// clobbered remembers redirects already counted: the walker gives "{ a; b; } > f" to both a and b.
	clobbered map[string]bool
}

// actionDraft accumulates one ImpactAction.
type actionDraft struct {
	a    ImpactAction
	cwd  string
	seen map[string]bool // absolute roots already counted, so "rm -r a a/b" counts a/b once
	// creates is set for writers (> file, truncate) that create a missing target rather than miss it.
	creates bool
}

func newAction(verb, op string, c impactCall) *actionDraft {
	return &actionDraft{a: ImpactAction{Verb: verb, Op: op, Span: c.Span}, cwd: c.cwd, seen: map[string]bool{}}
}

// finish appends the action when it found anything worth showing.
func (im *impactor) finish(ac *actionDraft) {
	if ac == nil {
		return
	}
	a := ac.a
	if len(a.Targets) == 0 && len(a.Missing) == 0 && len(a.Dynamic) == 0 && a.Files == 0 && a.Dirs == 0 {
		return
	}
	a.Truncated = a.Truncated || im.b.hit
	if a.Targets == nil {
		a.Targets = []string{} // an array in JSON, like actions
	}
	im.res.Actions = append(im.res.Actions, a)
}

// display names a path the way the person thinks of it: relative when inside the working directory.
func (ac *actionDraft) display(abs string) string {
	if rel, err := filepath.Rel(ac.cwd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
		return rel
	}
	return abs
}

func (ac *actionDraft) listTarget(abs string) {
	if len(ac.a.Targets) < maxListedTargets {
		ac.a.Targets = append(ac.a.Targets, ac.display(abs))
	} else {
		ac.a.MoreTargets++
	}
}

func (ac *actionDraft) dynamic(a arg) {
	v := strings.ReplaceAll(a.Value, "{input}", "xargs input")
	if !slices.Contains(ac.a.Dynamic, v) {
		ac.a.Dynamic = append(ac.a.Dynamic, v)
	}
}

// covered reports whether abs lies inside a root this action already counted.
func (ac *actionDraft) covered(abs string) bool {
	for p := abs; ; {
		if ac.seen[p] {
			return true
		}
		parent := filepath.Dir(p)
		if parent == p {
			return false
		}
		p = parent
	}
}

// countMode is how a verb counts an operand: how much of it goes.
type countMode int

const (
	countTree      countMode = iota // the whole subtree (rm -r, mv, chmod -R)
	countFile                       // files only; directories make the command fail (rm, unlink, shred)
	countEmptyDir                   // only empty directories (rmdir, rm -d)
	countFileOrDir                  // rm -d: files, and directories when empty
	countRegular                    // regular files only, through symlinks (> file, truncate, dd of=)
)

// addOperands expands operands and counts each resulting path.
func (im *impactor) addOperands(ac *actionDraft, operands []arg, mode countMode) {
	var paths []string
	for _, o := range operands {
		fields, dyn := im.x.fields(o, ac.cwd)
		if dyn {
			ac.dynamic(o)
			continue
		}
		paths = append(paths, fields...)
	}
	im.addPaths(ac, paths, mode)
}

// addPaths counts already expanded paths, parents first so that nested operands are not counted twice.
func (im *impactor) addPaths(ac *actionDraft, paths []string, mode countMode) {
	type target struct{ abs, raw string }
	ts := make([]target, 0, len(paths))
	for _, p := range paths {
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(ac.cwd, p)
		}
		ts = append(ts, target{filepath.Clean(abs), p})
	}
	slices.SortStableFunc(ts, func(a, b target) int { return strings.Compare(a.abs, b.abs) })
	for _, t := range ts {
		if im.b.exhausted() {
			ac.a.Truncated = true
			return
		}
		im.addPath(ac, t.abs, strings.HasSuffix(t.raw, "/"), mode)
	}
}

// addPath counts one target. A trailing slash makes rm and friends resolve a symlink to its directory, and
// countRegular writes through symlinks.
func (im *impactor) addPath(ac *actionDraft, abs string, trailingSlash bool, mode countMode) {
	if ac.covered(abs) {
		return
	}
	stat := os.Lstat
	if trailingSlash || mode == countRegular {
		stat = os.Stat
	}
	if !im.b.spend(1) {
		ac.a.Truncated = true
		return
	}
	info, err := stat(abs)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && !ac.creates && len(ac.a.Missing) < maxListedTargets {
			ac.a.Missing = append(ac.a.Missing, ac.display(abs))
		}
		return
	}
	isDir := info.IsDir()
	switch mode {
	case countFile:
		if isDir {
			return
		}
	case countEmptyDir:
		if !isDir || !im.b.emptyDir(abs) {
			return
		}
	case countFileOrDir:
		if isDir && !im.b.emptyDir(abs) {
			return
		}
	case countRegular:
		if !info.Mode().IsRegular() {
			return
		}
	}
	ac.listTarget(abs)
	ac.seen[abs] = true
	t := im.b.count(abs, info)
	ac.a.Files += t.files
	ac.a.Dirs += t.dirs
	ac.a.Bytes += t.bytes
}
