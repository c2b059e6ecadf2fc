package undo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Repo is a git repository a command works on: its refs before the run, the index as a tree, and its
// refs after the run once the snapshot is committed.
type Repo struct {
	// Dir is the top of the work tree.
	Dir string `json:"dir"`
	Pre Refs   `json:"pre"`
	// Index is the index written as a tree object; empty when it had conflicts and could not be.
	Index string `json:"index,omitempty"`
	Post  *Refs  `json:"post,omitempty"`
}

// Refs are where HEAD, the branches and the tags point.
type Refs struct {
	// Head is the branch HEAD names ("refs/heads/main"); empty when HEAD is detached.
	Head string `json:"head,omitempty"`
	// HeadSHA is the commit HEAD is at; empty in a repository without commits.
	HeadSHA string            `json:"head_sha,omitempty"`
	Refs    map[string]string `json:"refs,omitempty"`
	// Stash is the stash list, newest first.
	Stash []string `json:"stash,omitempty"`
}

// gitTarget is a repository a command will change, and which files beyond the tracked ones it may
// remove.
type gitTarget struct {
	dir                string
	untracked, ignored bool
}

// gitChanging reads a git command line: whether it changes HEAD, refs, the index or the work tree in a
// way undo can take back, in which directory, and whether it removes untracked or ignored files.
// args follow the word git.
func gitChanging(args []string, cwd string) (t gitTarget, ok bool) {
	t.dir = cwd
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch a := args[0]; {
		case a == "-C" && len(args) > 1:
			t.dir = resolve(t.dir, args[1])
			args = args[2:]
		case a == "-c" && len(args) > 1:
			args = args[2:]
		case a == "--git-dir" || a == "--work-tree" || strings.HasPrefix(a, "--git-dir=") || strings.HasPrefix(a, "--work-tree="):
			return t, false // another repository than the directory says: not followed
		default:
			args = args[1:]
		}
	}
	if len(args) == 0 {
		return t, false
	}
	sub, rest := args[0], args[1:]
	flags := shortFlags(rest)
	switch sub {
	case "reset", "checkout", "switch", "restore", "rebase", "merge", "pull", "cherry-pick", "revert",
		"commit", "am", "rm", "mv":
		return t, true
	case "clean":
		t.untracked = true
		t.ignored = strings.ContainsAny(flags, "xX")
		return t, true
	case "stash":
		t.untracked = strings.Contains(flags, "u") || strings.Contains(flags, "a") ||
			slices.Contains(rest, "--include-untracked") || slices.Contains(rest, "--all")
		t.ignored = strings.Contains(flags, "a") || slices.Contains(rest, "--all")
		return t, true
	case "branch", "tag":
		for _, a := range rest {
			switch a {
			case "--delete", "--force", "--move", "--copy":
				return t, true
			}
		}
		return t, strings.ContainsAny(flags, "dDmMcCf")
	case "update-ref":
		return t, true
	}
	return t, false
}

// shortFlags concatenates the letters of args' short options: "-fdx" and "-f -d" both give their letters.
func shortFlags(args []string) string {
	var sb strings.Builder
	for _, a := range args {
		if a == "--" {
			break
		}
		if len(a) > 1 && a[0] == '-' && a[1] != '-' {
			sb.WriteString(a[1:])
		}
	}
	return sb.String()
}

// git runs git in dir and returns its standard output. The settings keep it from starting helpers a
// repository could name (fsmonitor) and from asking for anything on the terminal.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", append([]string{"-c", "core.fsmonitor=false", "-C", dir}, args...)...)
	cmd.WaitDelay = time.Second
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "LC_ALL=C", "LANGUAGE=C", "GIT_OPTIONAL_LOCKS=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			return "", fmt.Errorf("git %s: %w", args[0], err)
		}
		return "", fmt.Errorf("git %s: %s", args[0], msg)
	}
	return string(out), nil
}

// repoTop is the top of the work tree dir is in, or "" when it is in none.
func repoTop(ctx context.Context, dir string) string {
	out, err := git(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(out)
}

// readRefs reads where HEAD, the branches and the tags point. It only reads.
func readRefs(ctx context.Context, dir string) (Refs, error) {
	var r Refs
	if out, err := git(ctx, dir, "symbolic-ref", "-q", "HEAD"); err == nil {
		r.Head = strings.TrimSpace(out)
	}
	if out, err := git(ctx, dir, "rev-parse", "-q", "--verify", "HEAD^{commit}"); err == nil {
		r.HeadSHA = strings.TrimSpace(out)
	}
	out, err := git(ctx, dir, "for-each-ref", "--format=%(objectname) %(refname)", "refs/heads", "refs/tags")
	if err != nil {
		return r, err
	}
	r.Refs = map[string]string{}
	for line := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
		if sha, name, ok := strings.Cut(line, " "); ok {
			r.Refs[name] = sha
		}
	}
	if out, err := git(ctx, dir, "rev-parse", "-q", "--verify", "refs/stash"); err == nil && out != "" {
		out, err := git(ctx, dir, "log", "-g", "--format=%H", "refs/stash", "--")
		if err != nil {
			return r, err
		}
		r.Stash = strings.Fields(out)
	}
	return r, nil
}

// writeIndex writes the index as a tree object, which is how undo puts the index back. It adds an object
// to the repository and changes nothing else; an index with conflicts cannot be written.
func writeIndex(ctx context.Context, dir string) (string, error) {
	out, err := git(ctx, dir, "write-tree")
	return strings.TrimSpace(out), err
}

// dirtyPaths lists, as absolute paths, what differs from HEAD in the work tree or the index, and, when
// asked, the untracked (or also ignored) files and directories.
func dirtyPaths(ctx context.Context, t gitTarget, top string) ([]string, error) {
	args := []string{"status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=no"}
	if t.untracked {
		args[len(args)-1] = "--untracked-files=normal"
	}
	if t.ignored {
		args = append(args, "--ignored=traditional")
	}
	out, err := git(ctx, top, args...)
	if err != nil {
		return nil, err
	}
	var paths []string
	for rec := range strings.SplitSeq(out, "\x00") {
		if len(rec) < 4 {
			continue
		}
		paths = append(paths, filepath.Join(top, filepath.FromSlash(strings.TrimSuffix(rec[3:], "/"))))
	}
	return paths, nil
}

// operationInProgress names a rebase, merge, cherry-pick or revert that stopped half way, or "".
func operationInProgress(ctx context.Context, dir string) string {
	for _, p := range []struct{ path, what string }{{"rebase-merge", "a rebase"}, {"rebase-apply", "a rebase"},
		{"MERGE_HEAD", "a merge"}, {"CHERRY_PICK_HEAD", "a cherry-pick"}, {"REVERT_HEAD", "a revert"}} {
		out, err := git(ctx, dir, "rev-parse", "--git-path", p.path)
		if err != nil {
			continue
		}
		path := strings.TrimSpace(out)
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		if _, err := os.Lstat(path); err == nil {
			return p.what
		}
	}
	return ""
}

// moveWorkTree takes the index and work tree from commit from to commit to, as a checkout would, and
// refuses (changing nothing) when a file it would write has changes of its own. force overwrites them.
func moveWorkTree(ctx context.Context, dir, from, to string, force bool) error {
	if force {
		_, err := git(ctx, dir, "read-tree", "--reset", "-u", to)
		return err
	}
	_, err := git(ctx, dir, "read-tree", "-m", "-u", from, to)
	return err
}

// setRef points ref at sha, provided it still points at old ("" when it must not exist).
func setRef(ctx context.Context, dir, ref, sha, old string) error {
	if old == "" {
		old = strings.Repeat("0", len(sha))
	}
	_, err := git(ctx, dir, "update-ref", "-m", "cmdai undo", ref, sha, old)
	return err
}

// setHead points HEAD at the branch head, or, detached, at sha.
func setHead(ctx context.Context, dir string, r Refs) error {
	if r.Head != "" {
		_, err := git(ctx, dir, "symbolic-ref", "-m", "cmdai undo", "HEAD", r.Head)
		return err
	}
	if r.HeadSHA == "" {
		return errors.New("HEAD had no commit")
	}
	_, err := git(ctx, dir, "update-ref", "--no-deref", "-m", "cmdai undo", "HEAD", r.HeadSHA)
	return err
}

// dropStash removes the newest stash entry, as git stash drop does.
func dropStash(ctx context.Context, dir string) error {
	_, err := git(ctx, dir, "stash", "drop", "-q", "stash@{0}")
	return err
}

// storeStash puts commit back on the stash list, as the newest entry.
func storeStash(ctx context.Context, dir, commit string) error {
	_, err := git(ctx, dir, "stash", "store", "-q", "-m", "put back by cmdai undo", commit)
	return err
}

// setIndex puts the index back to the tree it was written as, then refreshes the files' stat data so
// that git does not see every file as changed.
func setIndex(ctx context.Context, dir, tree string) error {
	if _, err := git(ctx, dir, "read-tree", tree); err != nil {
		return err
	}
	_, _ = git(ctx, dir, "update-index", "-q", "--refresh") // exits 1 when files differ, which they may
	return nil
}
