package safety

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// git counts what "git clean -f" would remove by asking git itself with -n (dry run): its ignore rules,
// nested repositories and pathspecs are too intricate to reimplement. The dry run only reads, and the
// settings below keep it from writing the index or starting helpers a hostile repository could name.
func (im *impactor) git(c impactCall, args []arg) {
	cwd := c.cwd
	for len(args) > 0 && !args[0].Dynamic && args[0].Value != "clean" {
		switch v := args[0].Value; {
		case v == "-C" && len(args) > 1:
			fields, dyn := im.x.fields(args[1], cwd)
			if dyn || len(fields) != 1 {
				cwd = ""
			} else if filepath.IsAbs(fields[0]) {
				cwd = fields[0]
			} else if cwd != "" {
				cwd = filepath.Join(cwd, fields[0])
			}
			args = args[2:]
		case v == "--no-pager" || v == "--no-optional-locks" || v == "-P":
			args = args[1:]
		default:
			return // another subcommand, or global options (-c, --git-dir) that change what clean sees
		}
	}
	if len(args) == 0 {
		return
	}
	ac := newAction("git clean", OpDelete, c)
	ac.cwd = cwd
	p := parseGNU(args[1:], gnuSpec{shortValue: "e", longValue: []string{"--exclude"}})
	if p.short['n'] || p.long["--dry-run"] || !p.short['f'] && !p.long["--force"] {
		return // a dry run, or refused by clean.requireForce
	}
	if cwd == "" {
		ac.a.Dynamic = append(ac.a.Dynamic, "the repository")
		im.finish(ac)
		return
	}
	dry := []string{"-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false", "-c", "core.quotePath=false",
		"-C", cwd, "clean", "-n"}
	if p.short['i'] || p.long["--interactive"] {
		ac.a.Approximate = true // the person may keep some
	}
	for _, f := range []string{"d", "x", "X"} {
		if p.short[f[0]] {
			dry = append(dry, "-"+f)
		}
	}
	if strings.Count(flagsOf(args[1:]), "f") >= 2 {
		dry = append(dry, "-f", "-f") // also nested repositories
	}
	if e, ok := p.values["e"]; ok {
		dry = append(dry, "--exclude="+e)
	}
	if e, ok := p.values["--exclude"]; ok {
		dry = append(dry, "--exclude="+e)
	}
	dry = append(dry, "--")
	for _, o := range p.operands {
		fields, dyn := im.x.fields(o, cwd)
		if dyn {
			ac.dynamic(o)
			im.finish(ac)
			return
		}
		dry = append(dry, fields...)
	}
	paths, ok := im.gitDryRun(dry)
	if !ok {
		ac.a.Truncated = im.b.hit
		return // not a repository, or git failed: git clean would fail the same way
	}
	for i, p := range paths {
		paths[i] = filepath.Join(cwd, p)
	}
	im.addPaths(ac, paths, countTree)
	im.finish(ac)
}

// gitDryRun runs git with args within the budget's time and returns the paths it would remove, relative
// to its directory.
func (im *impactor) gitDryRun(args []string) ([]string, bool) {
	if im.b.exhausted() {
		return nil, false
	}
	ctx, cancel := context.WithDeadline(im.b.ctx, im.b.deadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.WaitDelay = 50 * time.Millisecond // a helper git started must not keep its output open past the deadline
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "GIT_TERMINAL_PROMPT=0", "LC_ALL=C", "LANGUAGE=C")
	out, err := cmd.Output()
	if err != nil {
		im.b.exhausted() // records a deadline or cancellation that killed git
		return nil, false
	}
	var paths []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		p, ok := strings.CutPrefix(sc.Text(), "Would remove ")
		if !ok {
			continue // "Would skip repository …" and the like stay
		}
		if strings.HasPrefix(p, `"`) {
			if u, err := strconv.Unquote(p); err == nil {
				p = u
			}
		}
		paths = append(paths, p)
	}
	return paths, true
}

// flagsOf concatenates the short flags among args, to count repeated ones such as -ff.
func flagsOf(args []arg) string {
	var sb strings.Builder
	for _, a := range args {
		if !a.Dynamic && strings.HasPrefix(a.Value, "-") && !strings.HasPrefix(a.Value, "--") {
			sb.WriteString(a.Value[1:])
		} else if a.Value == "--force" {
			sb.WriteString("f")
		}
	}
	return sb.String()
}
