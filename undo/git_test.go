package undo_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func (e *env) git(args ...string) string {
	e.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = e.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		e.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// repoState is everything undo must put back in a repository: HEAD, refs, the index, the work tree's
// changes, untracked files and the content of every file.
func (e *env) repoState() string {
	e.t.Helper()
	var sb strings.Builder
	sb.WriteString(e.git("rev-parse", "HEAD"))
	sb.WriteString(e.git("symbolic-ref", "-q", "--short", "HEAD"))
	sb.WriteString(e.git("for-each-ref"))
	sb.WriteString(e.git("status", "--porcelain", "--untracked-files=all", "--ignored"))
	sb.WriteString(e.git("diff", "--cached"))
	sb.WriteString(e.git("diff"))
	err := filepath.WalkDir(e.dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(e.dir, p)
			sb.WriteString(rel + ": " + string(b) + "\n")
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return sb.String()
}

func newRepo(t *testing.T) *env {
	e := newEnv(t)
	for k, v := range map[string]string{"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
		"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1",
		"HOME": t.TempDir()} {
		t.Setenv(k, v)
	}
	e.git("init", "-q", "-b", "main")
	for i, content := range []string{"one", "two", "three"} {
		e.write("a.txt", "a "+content+"\n")
		e.write("b.txt", "b "+content+"\n")
		e.write("c.txt", "c "+content+"\n")
		e.write("dir/n"+string(rune('0'+i))+".txt", content+"\n")
		e.git("add", "-A")
		e.git("commit", "-q", "-m", content)
	}
	e.git("branch", "feature", "HEAD~1")
	e.write(".gitignore", "*.o\n")
	e.git("add", ".gitignore")
	e.git("commit", "-q", "-m", "ignore")
	// Uncommitted work: an edit, a staged edit, a deleted file, an untracked and an ignored one.
	e.write("a.txt", "a edited, not staged\n")
	e.write("b.txt", "b staged\n")
	e.git("add", "b.txt")
	e.write("b.txt", "b staged, then edited again\n")
	if err := os.Remove(filepath.Join(e.dir, "c.txt")); err != nil {
		t.Fatal(err)
	}
	e.write("untracked/new.txt", "new\n")
	e.write("build.o", "object\n")
	return e
}

// History-changing git commands with uncommitted work, then undo: HEAD, refs, the index and every
// edit are back.
func TestUndoGit(t *testing.T) {
	for _, cmd := range []string{
		"git reset --hard HEAD~2",
		"git checkout -- .",
		"git restore --staged --worktree .",
		"git clean -fdx",
		"git branch -D feature",
		"git stash -u",
		"git reset --hard HEAD~2 && git clean -fd",
	} {
		t.Run(cmd, func(t *testing.T) {
			e := newRepo(t)
			before := e.repoState()
			if e.run(cmd) == nil {
				t.Fatal("no snapshot")
			}
			if e.repoState() == before {
				t.Fatal("the command changed nothing")
			}
			p, _, err := e.undo(false)
			if err != nil || len(p.Conflicts) > 0 {
				t.Fatalf("undo: %v; conflicts %v", err, p.Conflicts)
			}
			if after := e.repoState(); after != before {
				t.Fatalf("after undo:\n%s\nbefore:\n%s", after, before)
			}
		})
	}
}

// A rebase moves a branch and the work tree; undo moves them back.
func TestUndoRebase(t *testing.T) {
	e := newRepo(t)
	e.git("stash", "-u")
	e.git("checkout", "-q", "feature")
	e.write("f.txt", "on feature\n")
	e.git("add", "f.txt")
	e.git("commit", "-q", "-m", "feature work")
	before := e.repoState()
	e.run("git rebase main")
	if e.repoState() == before {
		t.Fatal("the rebase changed nothing")
	}
	p, _, err := e.undo(false)
	if err != nil || len(p.Conflicts) > 0 {
		t.Fatalf("undo: %v; conflicts %v", err, p.Conflicts)
	}
	if after := e.repoState(); after != before {
		t.Fatalf("after undo:\n%s\nbefore:\n%s", after, before)
	}
}

// A commit made after the reset is not thrown away without consent.
func TestUndoGitConflict(t *testing.T) {
	e := newRepo(t)
	e.run("git reset --hard HEAD~2")
	e.write("a.txt", "work after the reset\n")
	e.git("commit", "-q", "-am", "after")
	p, c, err := e.undo(false)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Conflicts) == 0 || c.Repos != 0 {
		t.Fatalf("conflicts %v, counts %+v", p.Conflicts, c)
	}
	if got := e.git("log", "-1", "--format=%s"); got != "after\n" {
		t.Fatalf("HEAD is %q", got)
	}
}
