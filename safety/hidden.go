package safety

import (
	"path"
	"slices"
	"strings"
	"sync"
)

// Command words that hide their name: glob characters (/bin/r? -rf /), a name produced by a command
// substitution ($(echo rm)), a variable split by a reassigned IFS. The walker resolves what it can; a
// glob is matched against the commands cmdai knows in the usual $PATH directories.

// binDirs are the directories of $PATH a glob in a command word is matched against.
var binDirs = []string{"/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"}

// commonCommands are everyday programs with no rules of their own, so that a glob such as /bin/c?t can
// be told to name cat rather than something dangerous.
var commonCommands = []string{"ls", "cat", "echo", "printf", "grep", "egrep", "fgrep", "head", "tail", "less",
	"more", "wc", "sort", "uniq", "cut", "paste", "join", "tr", "tee", "touch", "mkdir", "pwd", "cd", "id",
	"who", "w", "whoami", "date", "cal", "df", "du", "free", "top", "htop", "ps", "pgrep", "uptime", "uname",
	"hostname", "env", "printenv", "true", "false", "test", "expr", "seq", "yes", "sleep", "basename",
	"dirname", "readlink", "realpath", "stat", "file", "diff", "cmp", "comm", "md5sum", "sha1sum",
	"sha256sum", "gzip", "gunzip", "zcat", "bzip2", "xz", "unzip", "make", "go", "gcc", "cc", "ld", "as",
	"vim", "vi", "nano", "man", "info", "which", "whereis", "type", "ping", "ip", "ss", "netstat", "dig",
	"host", "nslookup", "ssh", "scp", "curl", "wget", "git", "tar", "zip", "jq", "column", "nl", "od",
	"hexdump", "strings", "xxd", "base64", "fold", "fmt", "tac", "rev", "shuf", "split", "csplit", "sum",
	"nproc", "lscpu", "lsblk", "lsof", "lsusb", "lspci", "dmesg", "last", "groups", "users", "tty", "stty",
	"clear", "reset", "script", "watch", "time", "timeout", "mktemp", "install", "ln", "cp", "mv", "chmod",
	"chown", "chgrp", "find", "xargs", "locate", "updatedb", "awk", "sed", "perl", "python", "python3",
	"ruby", "node", "java", "javac", "npm", "pip", "pip3", "cargo", "rustc", "docker", "kubectl"}

var (
	knownOnce  sync.Once
	knownNames []string
)

// knownCommands lists, sorted, every command cmdai has rules for or knows to be common.
func knownCommands() []string {
	knownOnce.Do(func() {
		set := map[string]bool{}
		for n := range rulesByName {
			set[n] = true
		}
		for n := range wrappers {
			set[n] = true
		}
		for n := range shells {
			set[n] = true
		}
		for n := range interpreters {
			set[n] = true
		}
		for _, n := range commonCommands {
			set[n] = true
		}
		for n := range set {
			knownNames = append(knownNames, n)
		}
		slices.Sort(knownNames)
	})
	return knownNames
}

// maxCandidates bounds the commands a globbed command word is judged as.
const maxCandidates = 24

// globName resolves a command word holding glob characters. When the pattern names exactly one known
// command, head comes back as that command's path; when it names several or none, ok is false and the
// call is left dynamic with the candidates recorded. A word that is not a valid pattern ([ alone) is a
// plain name.
func (w *walker) globName(cl *call, head arg) (arg, bool) {
	pat := head.Value
	if _, err := path.Match(pat, ""); err != nil {
		head.Glob = false
		return head, true
	}
	cl.Hidden = "glob"
	dir, base := "", pat
	if i := strings.LastIndexByte(pat, '/'); i >= 0 {
		dir, base = pat[:i], pat[i+1:]
		if dir == "" {
			dir = "/"
		}
	}
	if !strings.HasPrefix(dir, "/") {
		// r? or ./r? globs the files of the current directory: known only after cd /bin and the like.
		if !slices.Contains(binDirs, w.cwd) {
			return head, false
		}
		dir = w.cwd
	}
	if dir = path.Clean(dir); !hasGlob(dir) && !slices.Contains(binDirs, dir) {
		return head, false
	} else if hasGlob(dir) {
		found := ""
		for _, d := range binDirs {
			if ok, _ := path.Match(dir, d); ok {
				found = d
				break
			}
		}
		if found == "" {
			return head, false
		}
		dir = found
	}
	var cands []string
	if !hasGlob(base) {
		cands = []string{base}
	} else {
		for _, n := range knownCommands() {
			if ok, _ := path.Match(base, n); ok {
				cands = append(cands, n)
				if len(cands) == maxCandidates {
					break
				}
			}
		}
	}
	if len(cands) != 1 {
		cl.Candidates = cands
		return head, false
	}
	name := strings.TrimSuffix(dir, "/") + "/" + cands[0]
	head.Value, head.Head, head.Tail, head.Glob = name, name, name, false
	return head, true
}
