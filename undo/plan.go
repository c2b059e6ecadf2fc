package undo

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cmdai/cmdai/safety"
)

// snapshotPlan is what a snapshot of one command records.
type snapshotPlan struct {
	roots  []root
	absent []string // paths missing now where the command may put something
	repos  []gitTarget
	notes  []string
}

// linkVerbs are the commands that only unlink the files they are given, so that a hard link keeps the
// content safe; shred -u writes over a file before it unlinks it, find -delete may leave most of a tree.
var linkVerbs = map[string]bool{"rm": true, "rmdir": true, "unlink": true, "git clean": true}

// plan reads the blast radius and the engine's facts about a command: which paths to record and how,
// which repositories, and what undo will not be able to take back.
func plan(b safety.BlastRadius, f safety.Facts, cwd string) snapshotPlan {
	var p snapshotPlan
	dirs, gitDirs := runDirs(f, cwd)
	for _, a := range b.Actions {
		how := putCopy
		if a.Op == safety.OpDelete && linkVerbs[a.Verb] {
			how = putLink
		}
		meta := a.Op == safety.OpChmod || a.Op == safety.OpChown
		slashed := slashedArgs(f, a.Verb, dirs)
		for _, t := range a.Targets {
			for _, path := range resolveIn(dirs, t) {
				if slashed[path] { // rm -r link/ goes through the symlink, to what it points to
					if real, err := filepath.EvalSymlinks(path); err == nil {
						p.roots = append(p.roots, root{path: real, how: how, meta: meta})
					}
				}
				p.roots = append(p.roots, root{path: path, how: how, meta: meta})
			}
		}
		if a.Truncated || a.MoreTargets > 0 {
			// Only the first targets are listed: take every path the command names, and what its globs
			// match now. A path it leaves alone is recorded for nothing, and undo leaves it alone too.
			for _, path := range namedPaths(f, a.Verb, dirs) {
				p.roots = append(p.roots, root{path: path, how: putCopy, meta: meta})
			}
		}
		if len(a.Dynamic) > 0 {
			p.notes = append(p.notes, "paths known only when the command runs ("+strings.Join(a.Dynamic, ", ")+
				") are not in the snapshot")
		}
		if a.Op == safety.OpMove && a.Dest != "" {
			p.destinations(a, dirs)
		}
	}
	for i, cf := range f.Commands {
		if cf.Program != "git" {
			continue
		}
		if t, ok := gitChanging(cf.Args, gitDirs[i]); ok {
			p.repos = append(p.repos, t)
		}
	}
	p.notes = append(p.notes, effectNotes(f)...)
	return p
}

// destinations records where a move puts its sources: a path absent now is an absent path (undo removes
// what the move put there), an existing file there is overwritten and so recorded.
func (p *snapshotPlan) destinations(a safety.ImpactAction, dirs []string) {
	dests := resolveIn(dirs, a.Dest)
	if len(dests) == 0 {
		dests = []string{resolve(dirs[0], a.Dest)}
	}
	dest := dests[0]
	fi, err := os.Stat(dest)
	if err != nil || !fi.IsDir() {
		if err != nil {
			p.absent = append(p.absent, dest)
		}
		return
	}
	for _, t := range a.Targets {
		into := filepath.Join(dest, filepath.Base(t))
		if _, err := os.Lstat(into); err != nil {
			p.absent = append(p.absent, into)
		} else {
			p.roots = append(p.roots, root{path: into, how: putCopy})
		}
	}
}

// runDirs are the directories the command's calls may run in: cwd, then each directory a cd names. The
// blast radius gives a target relative to the directory its call runs in, without saying which. gitDirs
// is, for each of the facts' commands, the directory the last cd before it left.
func runDirs(f safety.Facts, cwd string) (dirs []string, gitDirs []string) {
	dirs = []string{cwd}
	cur := cwd
	for _, cf := range f.Commands {
		gitDirs = append(gitDirs, cur)
		if cf.Program != "cd" && cf.Program != "pushd" {
			continue
		}
		if len(cf.Paths) != 1 || cf.DynamicArgs {
			continue
		}
		cur = resolve(cur, cf.Paths[0])
		if !slices.Contains(dirs, cur) {
			dirs = append(dirs, cur)
		}
	}
	return dirs, gitDirs
}

func resolve(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

// resolveIn makes target absolute: against the working directory when the command changes no directory,
// else against each directory it may run in where the path exists.
func resolveIn(dirs []string, target string) []string {
	if filepath.IsAbs(target) || len(dirs) == 1 {
		return []string{resolve(dirs[0], target)}
	}
	var out []string
	for _, d := range dirs {
		p := filepath.Join(d, target)
		if _, err := os.Lstat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// slashedArgs are the arguments with a trailing slash of the commands run as verb, made absolute: a
// symlink named so is followed.
func slashedArgs(f safety.Facts, verb string, dirs []string) map[string]bool {
	out := map[string]bool{}
	for _, cf := range f.Commands {
		if cf.Program != verb {
			continue
		}
		for _, a := range cf.Args {
			if len(a) > 1 && strings.HasSuffix(a, "/") {
				for _, d := range dirs {
					out[resolve(d, a)] = true
				}
			}
		}
	}
	return out
}

// namedPaths are the paths the commands run as verb name, with their globs matched now, that exist.
// A move's last operand is where the files go, not one of them.
func namedPaths(f safety.Facts, verb string, dirs []string) []string {
	var out []string
	for _, cf := range f.Commands {
		if cf.Program != verb {
			continue
		}
		paths := cf.Paths
		if verb == "mv" {
			if slices.Contains(cf.Flags, "t") || slices.Contains(cf.Flags, "target-directory") {
				continue // the sources are every operand but the option's value, which facts do not single out
			}
			if len(paths) > 0 {
				paths = paths[:len(paths)-1]
			}
		}
		for _, p := range paths {
			for _, d := range dirs {
				abs := resolve(d, p)
				if strings.ContainsAny(p, "*?[") {
					matches, _ := filepath.Glob(abs)
					out = append(out, matches...)
				} else if _, err := os.Lstat(abs); err == nil {
					out = append(out, abs)
				}
			}
		}
	}
	return out
}

// effectNotes say, from the safety findings, what the command does that no snapshot of files can take
// back: writes to devices, changes on other machines, services and databases, system settings.
func effectNotes(f safety.Facts) []string {
	var notes []string
	for _, fd := range f.Findings {
		var what string
		switch {
		case strings.HasPrefix(fd.Rule, "disk."):
			what = "writes to a disk or device"
		case strings.HasPrefix(fd.Rule, "net."), strings.HasPrefix(fd.Rule, "remote."),
			fd.Rule == "git.force-push", fd.Rule == "git.push-delete", fd.Rule == "git.push-mirror":
			what = "effects on other machines"
		case strings.HasPrefix(fd.Rule, "cloud."), strings.HasPrefix(fd.Rule, "db."),
			strings.HasPrefix(fd.Rule, "k8s."), strings.HasPrefix(fd.Rule, "docker."):
			what = "changes to services, databases and containers"
		case strings.HasPrefix(fd.Rule, "sys."), strings.HasPrefix(fd.Rule, "pkg."):
			what = "changes to the system"
		case fd.Rule == "git.gc-prune", fd.Rule == "git.reflog-expire":
			what = "git objects removed for good"
		default:
			continue
		}
		note := "not undone: " + what + " (" + fd.Message + ")"
		if !slices.Contains(notes, note) {
			notes = append(notes, note)
		}
	}
	return notes
}
