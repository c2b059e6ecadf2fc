package cli

import (
	"slices"
	"strings"
	"testing"
)

func TestReadLine(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		request []string // nil: one of cmdai's commands
		command string
	}{
		// Requests that begin with a command's name, when the rest does not fit that command.
		{args: []string{"check", "disk", "space"}, request: []string{"check", "disk", "space"}, command: "check"},
		{args: []string{"check", "if", "the", "server", "is", "up"}, request: []string{"check", "if", "the", "server", "is", "up"}, command: "check"},
		{args: []string{"sync", "the", "folder", "a", "to", "b"}, request: []string{"sync", "the", "folder", "a", "to", "b"}, command: "sync"},
		{args: []string{"init", "a", "git", "repository"}, request: []string{"init", "a", "git", "repository"}, command: "init"},
		{args: []string{"help", "me", "find", "large", "files"}, request: []string{"help", "me", "find", "large", "files"}, command: "help"},
		{args: []string{"history", "of", "my", "shell"}, request: []string{"history", "of", "my", "shell"}, command: "history"},
		{args: []string{"model", "the", "data"}, request: []string{"model", "the", "data"}, command: "model"},
		{args: []string{"config", "show", "me", "the", "proxy"}, request: []string{"config", "show", "me", "the", "proxy"}, command: "config"},
		{args: []string{"daemon", "status", "please"}, request: []string{"daemon", "status", "please"}, command: "daemon"},
		{args: []string{"completion", "of", "words"}, request: []string{"completion", "of", "words"}, command: "completion"},
		// Flags are read only before the request's first word.
		{args: []string{"list", "files", "with", "ls", "-la"}, request: []string{"list", "files", "with", "ls", "-la"}},
		{args: []string{"-p", "-a", "2", "find", "logs", "--json"}, request: []string{"find", "logs", "--json"}},
		{args: []string{"-pa3", "list", "files", "-h"}, request: []string{"list", "files", "-h"}},
		{args: []string{"--backend", "offline", "check", "disk", "space"}, request: []string{"check", "disk", "space"}, command: "check"},
		// -- first: a request whatever it begins with.
		{args: []string{"--", "check", "ls"}, request: []string{"check", "ls"}},
		{args: []string{"-p", "--", "history"}, request: []string{"history"}},
		// The commands themselves.
		{args: []string{"check", "rm -rf /"}},
		{args: []string{"check", "rm", "-rf", "/"}},
		{args: []string{"check", "--json", "rm", "-rf", "/"}},
		{args: []string{"--json", "check", "ls"}},
		{args: []string{"check", "ls"}},
		{args: []string{"check", "echo \"unterminated"}},
		{args: []string{"check", "terraform", "destroy"}}, // known to the safety engine, installed or not
		{args: []string{"check", "./deploy.sh", "prod"}},
		{args: []string{"check"}},
		{args: []string{"check", "--help"}},
		{args: []string{"help"}},
		{args: []string{"help", "check"}},
		{args: []string{"help", "model", "pull"}},
		{args: []string{"init", "zsh"}},
		{args: []string{"init", "--uninstall", "fish"}},
		{args: []string{"history", "--json"}},
		{args: []string{"init", "--frobnicate", "zsh"}}, // init's usage error, not a request
		{args: []string{"check", "-z", "disk", "space"}},
		{args: []string{"init", "tcsh"}},      // one word: init's usage error
		{args: []string{"patterns", "bogus"}}, // a mistyped sub-command
		{args: []string{"check", "reboot"}},
		{args: []string{"history", "rm", "3"}},
		{args: []string{"sync"}},
		{args: []string{"model", "list"}},
		{args: []string{"model"}},
		{args: []string{"config", "edit"}},
		{args: []string{"completion", "bash"}},
		{args: []string{"popup", "--shell", "bash", "--", "list files"}},
		{args: []string{"__complete", "check", ""}},
		{args: []string{"--version"}},
		{args: nil},
	} {
		got := readLine(tc.args)
		if !slices.Equal(got.request, tc.request) || got.command != tc.command {
			t.Errorf("readLine(%q) = request %q (command %q), want %q (command %q)", tc.args, got.request, got.command, tc.request, tc.command)
		}
		if tc.request == nil && !slices.Equal(got.args, tc.args) {
			t.Errorf("readLine(%q) changed a command's arguments to %q", tc.args, got.args)
		}
		if tc.request != nil {
			// cobra must read every word from the request's first on as an argument of the root command.
			i := len(got.args) - len(tc.request)
			if i < 1 || got.args[i-1] != "--" || !slices.Equal(got.args[i:], tc.request) {
				t.Errorf("readLine(%q).args = %q: want -- before the request", tc.args, got.args)
			}
		}
	}
}

func TestReadLineAmbiguousCheck(t *testing.T) {
	for args, want := range map[string]bool{
		"check git status":   true,
		"check kill the job": true,
		"check ls -la":       false,
		"check rm -rf /":     false,
	} {
		l := readLine(strings.Fields(args))
		if l.request != nil || l.ambiguous != want {
			t.Errorf("readLine(%q): request %q, ambiguous %v; want a check, ambiguous %v", args, l.request, l.ambiguous, want)
		}
	}
}
