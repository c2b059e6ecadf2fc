package safety

import "strings"

// Rules about version control: force pushes, hard resets, cleaning untracked files, rewriting history.

func init() {
	register(ruleGit, "git")
}

// gitSub skips git's global options and returns the subcommand index, and the -c settings.
func gitSub(args []arg) (int, []arg) {
	var cfg []arg
	for i := 0; i < len(args); i++ {
		v := args[i].Value
		switch {
		case v == "-c" && i+1 < len(args):
			cfg = append(cfg, args[i+1])
			i++
		case v == "-C" || v == "--git-dir" || v == "--work-tree" || v == "--namespace":
			i++
		case strings.HasPrefix(v, "--config-env"):
			if !strings.Contains(v, "=") {
				i++
			}
		case strings.HasPrefix(v, "-"):
		default:
			return i, cfg
		}
	}
	return len(args), cfg
}

// gitExecKeys are configuration keys whose value git runs as a command.
var gitExecKeys = []string{"core.pager", "core.sshcommand", "core.editor", "core.fsmonitor", "core.hookspath",
	"core.askpass", "diff.external", "sequence.editor", "credential.helper", "pager.", "alias.", "gpg.program",
	"uploadpack.packobjectshook", "filter.", "merge.", "difftool.", "mergetool.", "protocol.ext", "remote."}

func ruleGit(c *checker, cl *call) {
	i, cfg := gitSub(cl.Args)
	for _, kv := range cfg {
		c.gitConfig(cl, kv)
	}
	if i >= len(cl.Args) {
		return
	}
	sub := cl.Args[i].Value
	args := cl.Args[i+1:]
	has := func(short string, long ...string) bool { return hasFlag(args, short, long...) }
	switch sub {
	case "push":
		switch {
		case has("", "--mirror"):
			c.flagCall(cl, "git.push-mirror", High, "git push --mirror overwrites every branch and tag on the remote")
		case has("f", "--force"):
			c.flagCall(cl, "git.force-push", High, "git push --force overwrites the remote branch: commits others pushed are lost")
		case has("", "--force-with-lease", "--force-if-includes"):
			c.flagCall(cl, "git.force-push", Moderate, "git push --force-with-lease rewrites the remote branch (only if nobody pushed since)")
		case has("d", "--delete", "--prune"):
			c.flagCall(cl, "git.push-delete", High, "deletes branches or tags on the remote, for everyone who uses it")
		default:
			for _, a := range operands(args, "o") {
				if strings.HasPrefix(a.Value, "+") {
					c.flagCall(cl, "git.force-push", High, "the + refspec "+a.Value+" force-pushes: commits on the remote are lost")
					return
				}
				if strings.HasPrefix(a.Value, ":") && len(a.Value) > 1 {
					c.flagCall(cl, "git.push-delete", High, "the refspec "+a.Value+" deletes "+a.Value[1:]+" on the remote, for everyone who uses it")
					return
				}
			}
		}
	case "reset":
		if has("", "--hard", "--merge", "--keep") {
			c.flagCall(cl, "git.reset-hard", High, "git reset --hard throws away uncommitted changes for good")
		}
	case "clean":
		if has("nh", "--dry-run", "--help") || !has("f", "--force") && !has("i", "--interactive") {
			return
		}
		if has("dxX", "") {
			c.flagCall(cl, "git.clean", High, "git clean deletes untracked files and directories; they are not in git and cannot be recovered")
		} else {
			c.flagCall(cl, "git.clean", Moderate, "git clean -f deletes untracked files")
		}
	case "checkout":
		ops := operands(args, "bB")
		switch {
		case wholeTree(ops) && (containsValue(args, "--") || len(ops) == 1 || has("f", "--force")):
			c.flagCall(cl, "git.discard-all", High, "git checkout "+joinArgs(args).Value+" throws away every uncommitted change in the working tree, for good")
		case has("f", "--force") || containsValue(args, "--") && len(ops) > 0:
			c.flagCall(cl, "git.discard", Moderate, "discards uncommitted changes to files")
		}
	case "restore":
		if !has("S", "--staged") || has("W", "--worktree") {
			switch ops := operands(args, "s"); {
			case wholeTree(ops):
				c.flagCall(cl, "git.discard-all", High, "git restore "+joinArgs(args).Value+" throws away every uncommitted change in the working tree, for good")
			case len(ops) > 0:
				c.flagCall(cl, "git.discard", Moderate, "git restore discards uncommitted changes")
			}
		}
	case "switch":
		if has("f", "--force", "--discard-changes") {
			c.flagCall(cl, "git.discard", Moderate, "discards uncommitted changes")
		}
	case "branch":
		if has("D", "") || has("d", "--delete") && has("f", "--force") {
			for _, b := range operands(args, "") {
				if defaultBranches[strings.TrimPrefix(b.Value, "origin/")] {
					c.flagCall(cl, "git.branch-delete", High, "force-deletes "+b.Value+", the default branch, even if it is not merged")
					return
				}
			}
			c.flagCall(cl, "git.branch-delete", Moderate, "deletes a branch even if it is not merged")
		}
	case "stash":
		if len(args) > 0 && (args[0].Value == "clear" || args[0].Value == "drop") {
			c.flagCall(cl, "git.stash-drop", Moderate, "git stash "+args[0].Value+" throws away stashed work")
		}
	case "filter-branch", "filter-repo":
		c.flagCall(cl, "git.rewrite-history", High, "git "+sub+" rewrites the whole history of the repository")
	case "reflog":
		if len(args) > 0 && args[0].Value == "expire" {
			for _, a := range args {
				if strings.HasPrefix(a.Value, "--expire=now") || strings.HasPrefix(a.Value, "--expire=all") ||
					strings.HasPrefix(a.Value, "--expire-unreachable=now") {
					c.flagCall(cl, "git.reflog-expire", High, "expires the reflog now: lost commits can no longer be recovered")
					return
				}
			}
		}
		if len(args) > 0 && args[0].Value == "delete" {
			c.flagCall(cl, "git.reflog-expire", Moderate, "deletes reflog entries")
		}
	case "gc":
		for _, a := range args {
			if a.Value == "--prune=now" || a.Value == "--prune=all" {
				c.flagCall(cl, "git.gc-prune", High, "git gc --prune=now deletes unreachable commits for good")
				return
			}
		}
	case "prune":
		c.flagCall(cl, "git.gc-prune", Moderate, "deletes unreachable objects")
	case "update-ref":
		if has("d", "") {
			c.flagCall(cl, "git.update-ref", Moderate, "deletes a ref")
		}
	case "rm":
		if !has("", "--cached") {
			r, id := Moderate, "git.rm"
			if has("r", "") && has("f", "--force") {
				for _, o := range operands(args, "") {
					if o.Value == "." || o.Value == "*" {
						r = High
					}
				}
			}
			c.flagCall(cl, id, r, "git rm deletes files from the working tree")
		}
	case "worktree":
		if len(args) > 0 && args[0].Value == "remove" && has("f", "--force") {
			c.flagCall(cl, "git.worktree-remove", Moderate, "removes a worktree with its uncommitted changes")
		}
	case "tag":
		if has("d", "--delete") {
			c.flagCall(cl, "git.tag-delete", Moderate, "deletes a tag")
		}
	case "config":
		ops := operands(args, "f")
		if len(ops) >= 2 {
			c.gitConfig(cl, arg{Value: ops[0].Value + "=" + joinArgs(ops[1:]).Value, Span: ops[0].Span, Subs: ops[1].Subs})
		}
	case "submodule":
		if len(args) > 0 && args[0].Value == "deinit" && has("f", "--force") {
			c.flagCall(cl, "git.submodule", Moderate, "removes submodule working trees")
		}
	case "commit":
		if has("", "--amend") {
			return
		}
	}
}

// defaultBranches are the names repositories give their main line of work.
var defaultBranches = setOf("main", "master", "trunk", "develop", "development", "production", "prod", "release", "stable")

// wholeTree reports pathspecs that cover the whole working tree: ., *, :/, the top directory.
func wholeTree(ops []arg) bool {
	for _, o := range ops {
		switch o.Value {
		case ".", "*", ":/", ":/*", "./", "./*", ":(top)", "..":
			return true
		}
	}
	return false
}

func containsValue(args []arg, v string) bool {
	for _, a := range args {
		if a.Value == v {
			return true
		}
	}
	return false
}

// gitConfig judges key=value given with git -c or git config: some keys make git run their value.
func (c *checker) gitConfig(cl *call, kv arg) {
	k, v, _ := strings.Cut(kv.Value, "=")
	key := strings.ToLower(k)
	for _, e := range gitExecKeys {
		if key != e && !(strings.HasSuffix(e, ".") && strings.HasPrefix(key, e)) {
			continue
		}
		if strings.HasPrefix(e, "alias.") && !strings.HasPrefix(v, "!") {
			return
		}
		if (e == "merge." || e == "difftool." || e == "mergetool." || e == "filter." || e == "remote.") &&
			!strings.HasSuffix(key, ".cmd") && !strings.HasSuffix(key, ".driver") && !strings.HasSuffix(key, ".clean") &&
			!strings.HasSuffix(key, ".smudge") && !strings.HasSuffix(key, ".process") && !strings.HasSuffix(key, ".uploadpack") &&
			!strings.HasSuffix(key, ".receivepack") && !strings.HasSuffix(key, "proxy") {
			return
		}
		if e == "credential.helper" && !strings.HasPrefix(v, "!") {
			return
		}
		val := kv
		val.Value = strings.TrimPrefix(v, "!")
		c.commandOption(cl, val, "git "+k)
		return
	}
}
