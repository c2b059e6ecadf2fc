package prompt

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAcceptsWhatModelsWrite(t *testing.T) {
	tests := []struct {
		name, reply, cmd, expl string
	}{
		{"bare json", `{"command": "ls -la", "explanation": "Lists all files, hidden ones too."}`,
			"ls -la", "Lists all files, hidden ones too."},
		{"json keys reversed", `{"explanation":"Shows disk usage.","command":"df -h"}`, "df -h", "Shows disk usage."},
		{"json with escapes", `{"command":"find . -name \"*.go\" -exec grep -l \"TODO\" {} +","explanation":"x"}`,
			`find . -name "*.go" -exec grep -l "TODO" {} +`, "x"},
		{"json in a fence", "```json\n{\n  \"command\": \"du -sh *\",\n  \"explanation\": \"Sizes of each entry.\"\n}\n```",
			"du -sh *", "Sizes of each entry."},
		{"json after prose", "Sure! Here is the command:\n\n{\"command\": \"git log --oneline -n 10\", \"explanation\": \"Last ten commits.\"}\n\nLet me know if you need more.",
			"git log --oneline -n 10", "Last ten commits."},
		{"json without explanation", `{"command":"uptime"}`, "uptime", ""},
		{"cmd key", `{"cmd": "whoami", "explanation": "Prints your user name."}`, "whoami", "Prints your user name."},
		{"nested json", `{"answer": {"command": "pwd", "explanation": "Current directory."}}`, "pwd", "Current directory."},
		{"json cut off in the explanation", `{"command": "tar -czf logs.tar.gz logs/", "explanation": "Compresses the lo`,
			"tar -czf logs.tar.gz logs/", ""},
		{"json with a dollar prompt", `{"command":"$ echo hi","explanation":"Says hi."}`, "echo hi", "Says hi."},
		{"json with backticks", "{\"command\":\"`ps aux`\",\"explanation\":\"All processes.\"}", "ps aux", "All processes."},
		{"json with a fence inside", `{"command":"` + "```bash\\nls -1\\n```" + `","explanation":"One per line."}`, "ls -1", "One per line."},
		{"json with awk braces first", `Use awk '{print $1}' like this: {"command":"awk '{print $1}' access.log","explanation":"First column."}`,
			"awk '{print $1}' access.log", "First column."},
		{"json after thinking", "<think>The user wants to count lines. {\"command\": \"rm -rf /\"}</think>\n{\"command\":\"wc -l file.txt\",\"explanation\":\"Counts lines.\"}",
			"wc -l file.txt", "Counts lines."},
		{"multi-line command in json", `{"command":"for f in *.log; do\n  gzip \"$f\"\ndone","explanation":"Compresses each log."}`,
			"for f in *.log; do\n  gzip \"$f\"\ndone", "Compresses each log."},
		{"bash fence with prose", "To list the files sorted by size, run:\n\n```bash\nls -lS\n```\n\nThis sorts the listing by file size, largest first.",
			"ls -lS", "This sorts the listing by file size, largest first."},
		{"fence with prose only before", "To see the kernel version:\n```sh\nuname -r\n```", "uname -r", "To see the kernel version"},
		{"fence without language", "```\ndf -h /\n```", "df -h /", ""},
		{"fence with prompts and output", "```console\n$ date +%Y\n2024\n```", "date +%Y", ""},
		{"fence with a comment", "```bash\n# show listening sockets\nss -tlnp\n```", "ss -tlnp", ""},
		{"fence with a loop", "```bash\nfor f in *.txt; do\n  wc -l \"$f\"\ndone\n```",
			"for f in *.txt; do\n  wc -l \"$f\"\ndone", ""},
		{"unclosed fence", "```bash\ngrep -rn main .", "grep -rn main .", ""},
		{"indented fence", "Run:\n\n    ```shell\n    ps -ef | grep nginx\n    ```", "ps -ef | grep nginx", "Run"},
		{"dollar line", "You can use:\n$ free -m\nIt shows memory in megabytes.", "free -m", "It shows memory in megabytes."},
		{"code span in prose", "Run `ls -a` to include hidden files.", "ls -a", "Run ls -a to include hidden files."},
		{"bare command", "ls -la", "ls -la", ""},
		{"bare command with explanation line", "docker ps -a\nLists every container, stopped ones too.",
			"docker ps -a", "Lists every container, stopped ones too."},
		{"prose then command", "Here is the command:\nkill -9 1234", "kill -9 1234", "Here is the command"},
		{"bare env assignment", "LC_ALL=C sort file.txt", "LC_ALL=C sort file.txt", ""},
		{"bare relative path", "./configure --prefix=/usr/local", "./configure --prefix=/usr/local", ""},
		{"cd up", "cd ..", "cd ..", ""},
		{"crlf", "{\"command\": \"ls\",\r\n \"explanation\": \"Lists.\"}\r\n", "ls", "Lists."},
		{"markdown explanation", "```bash\nhtop\n```\n**Explanation:** `htop` shows processes interactively.", "htop", "htop shows processes interactively."},
		{"dangerous answers parse too", `{"command":"rm -rf / --no-preserve-root","explanation":"Deletes everything."}`,
			"rm -rf / --no-preserve-root", "Deletes everything."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, expl, err := Parse(tt.reply)
			if err != nil {
				t.Fatalf("Parse(%q) failed: %v", tt.reply, err)
			}
			if cmd != tt.cmd {
				t.Errorf("command = %q, want %q", cmd, tt.cmd)
			}
			if expl != tt.expl && !(tt.expl != "" && strings.Contains(expl, tt.expl)) {
				t.Errorf("explanation = %q, want %q", expl, tt.expl)
			}
		})
	}
}

func TestParseRejectsReplyWithoutCommand(t *testing.T) {
	tests := []struct {
		name, reply, reason string
	}{
		{"empty", "", "empty"},
		{"blank", " \n\t\n ", "empty"},
		{"only thinking", "<think>hmm</think>", "empty"},
		{"refusal", "I'm sorry, but I can't help with that request.", "prose"},
		{"sentence", "This request is ambiguous.", "prose"},
		{"question", "Which directory do you mean?", "prose"},
		{"paragraphs", "There are many ways to do this.\n\nOne option is to think about what you want.\n\nAnother option is to ask again later.", "several paragraphs"},
		{"lowercase prose", "you could list the files and then look at the sizes of all of them", "prose"},
		{"json with empty command", `{"command": "", "explanation": "I do not know."}`, "empty command"},
		{"json with blank command", `{"command": "   ", "explanation": ""}`, "empty command"},
		{"json with a list", `{"command": ["ls", "pwd"], "explanation": ""}`, "not a string"},
		{"json without command", `{"explanation": "nothing"}`, "prose"},
		{"json cut inside the command", `{"command": "find . -name`, "prose"},
		{"empty fence", "```bash\n```", "prose"},
		{"lone tool name in a span", "You need `jq` for this.", "prose"},
		{"runaway", `{"command":"` + strings.Repeat("a ", 5000) + `"}`, "longer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd, _, err := Parse(tt.reply)
			if err == nil {
				t.Fatalf("Parse(%q) = %q, want an error", tt.reply, cmd)
			}
			if !errors.Is(err, ErrUnparsable) {
				t.Fatalf("err = %v, want it to match ErrUnparsable", err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %T, want *ParseError", err)
			}
			if !strings.Contains(pe.Reason, tt.reason) {
				t.Errorf("reason = %q, want it to mention %q", pe.Reason, tt.reason)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"command":"ls","explanation":"x"}`, "```bash\nls\n```", "$ ls", "Run `ls -a` now.",
		"ls -la", "", "{", `{"command":"`, "```", "<think>", "I can't."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cmd, _, err := Parse(s)
		if err != nil {
			if !errors.Is(err, ErrUnparsable) {
				t.Fatalf("error %v does not match ErrUnparsable", err)
			}
			return
		}
		if cmd == "" || cmd != strings.TrimSpace(cmd) || len(cmd) > maxCommandLen {
			t.Fatalf("Parse(%q) = %q: a command must be non-empty, trimmed and bounded", s, cmd)
		}
	})
}
