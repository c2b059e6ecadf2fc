package fix

// knownCommands are commands people type often enough to mistype; a typo is corrected only towards one
// of them, so that a rare name on $PATH never wins by accident.
var knownCommands = []string{
	"apt", "apt-get", "awk", "bash", "brew", "bzip2", "cargo", "cat", "chmod", "chown", "cp", "curl",
	"cut", "date", "df", "diff", "dig", "dnf", "docker", "du", "echo", "env", "file", "find", "fish",
	"free", "gcc", "git", "go", "grep", "gzip", "head", "helm", "htop", "jq", "kill", "kubectl", "less",
	"ln", "locate", "ls", "make", "man", "mkdir", "more", "mv", "nano", "node", "npm", "npx", "pacman",
	"ping", "pip", "pip3", "ps", "pwd", "python", "python3", "rm", "rmdir", "rsync", "scp", "sed",
	"sort", "ssh", "stat", "sudo", "systemctl", "tail", "tar", "tee", "terraform", "tmux", "top",
	"touch", "tree", "uname", "uniq", "unzip", "vim", "wc", "wget", "which", "whoami", "xargs", "yarn",
	"yum", "zip", "zsh",
}

// shellBuiltins run without being on $PATH. cd is here so that a mistyped directory after it is never
// taken for a mistyped command.
var shellBuiltins = []string{"cd", "export", "source", "alias", "history", "type", "exit", "set", "unset"}

// gitCommands are git's everyday subcommands, for "git stauts".
var gitCommands = []string{
	"add", "bisect", "blame", "branch", "checkout", "cherry-pick", "clone", "commit", "config", "diff",
	"fetch", "grep", "init", "log", "merge", "mv", "pull", "push", "rebase", "reflog", "remote", "reset",
	"restore", "revert", "rm", "show", "stash", "status", "switch", "tag", "worktree",
}

// pkgWrites are package-manager verbs that change the system.
var pkgWrites = []string{
	"install", "remove", "purge", "upgrade", "update", "dist-upgrade", "full-upgrade", "autoremove",
	"reinstall", "erase", "add", "del", "refresh", "downgrade",
}

// serviceWrites are systemctl verbs that change the system.
var serviceWrites = []string{
	"start", "stop", "restart", "reload", "enable", "disable", "mask", "unmask", "daemon-reload",
}
