package anon_test

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cloud/audit/anon"
)

// leaks are the shapes that must never appear in a template, whatever the corpus lists: an email, an
// IP address, a dotted host name, a URL, a path with a directory, a known token prefix.
var leaks = map[string]*regexp.Regexp{
	"email": regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`),
	"ipv4":  regexp.MustCompile(`\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b`),
	"ipv6":  regexp.MustCompile(`[0-9a-fA-F]{1,4}::?[0-9a-fA-F]{1,4}:`),
	"host":  regexp.MustCompile(`\b[a-z0-9-]+\.[a-z0-9-]+\.(io|com|org|net|lan|local|cloud|example)\b`),
	"url":   regexp.MustCompile(`[a-z]+://`),
	"path":  regexp.MustCompile(`(^|[\s=:])(/|~/)[A-Za-z0-9._-]+/`),
	"token": regexp.MustCompile(`AKIA|ASIA|ghp_|github_pat_|glpat-|xox[abpr]-|eyJ|sk_live|sk-|npm_[A-Za-z0-9]{8}|dckr_pat`),
}

// The bar: a secrets corpus (AWS keys, GitHub tokens, JWTs, passwords in URLs, -p flags, environment
// assignments, private addresses, emails, host names, home paths) through the anonymiser: nothing it
// lists survives in a template, and no template has the shape of an email, an address, a host, a
// URL, a path or a token.
func TestSecretsCorpusSurvivesNothing(t *testing.T) {
	f, err := os.Open("testdata/secrets_corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cmd, secrets, ok := strings.Cut(line, " ## ")
		if !ok {
			t.Fatalf("corpus line without ' ## ': %q", line)
		}
		cmd = strings.ReplaceAll(cmd, `\n`, "\n")
		n++
		tpl := anon.Template(cmd)
		if tpl == anon.PlaceholderUnparsed {
			t.Errorf("%q did not parse; the corpus is of commands a shell runs", cmd)
			continue
		}
		for _, s := range strings.Split(secrets, " || ") {
			if strings.Contains(tpl, s) {
				t.Errorf("%q survives in the template of %q: %q", s, cmd, tpl)
			}
		}
		for kind, re := range leaks {
			if m := re.FindString(tpl); m != "" {
				t.Errorf("the template of %q has a %s in it (%q): %q", cmd, kind, m, tpl)
			}
		}
		// The same through the record the export writes.
		rec := anon.Anonymize(anon.Command{Prompt: "connect with " + secrets, Command: cmd, Risk: "high", Backend: "ollama", CreatedAt: time.Now()})
		if rec.CommandTemplate != tpl || len(rec.PromptHash) != 64 || strings.Contains(rec.PromptHash, secrets) {
			t.Errorf("record of %q: %+v", cmd, rec)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 60 {
		t.Fatalf("the corpus has %d commands, want at least 60", n)
	}
}

// A template keeps the shape of the command: programs, subcommands, flags, operators, variables.
func TestTemplateKeepsTheShape(t *testing.T) {
	for _, tc := range []struct{ cmd, want string }{
		{"ls -la /home/alice/projects", "ls -la <PATH>"},
		{"git commit -m 'fix the bug bob found'", "git commit -m <STRING>"},
		{"mysql -u root -pS3cr3tPass db", "mysql -u <ARG> -p<SECRET> db"},
		{"kubectl get pods -n prod", "kubectl get pods -n prod"},
		{"ping 192.168.1.10 && nslookup db.prod.acme.io", "ping <IP> && nslookup <HOST>"},
		{"find . -name '*.log' -exec rm {} \\;", `find . -name <STRING> -exec rm {} \;`},
		{"echo $HOME/.ssh/id_rsa | grep ${USER:-alice}", "echo $HOME<PATH> | grep ${USER}"},
		{"psql postgres://admin:hunter2@db.internal:5432/app", "psql <URL>"},
		{"DB_PASSWORD=x npm run migrate > /dev/null 2>&1", "DB_PASSWORD=<SECRET> npm run migrate >/dev/null 2>&1"},
		{"tar czf backup.tgz ~/docs", "tar czf <PATH> <PATH>"},
		{"curl --token=abc https://x.example.com", "curl --token=<SECRET> <URL>"},
		{"docker ps | grep $(whoami)", "docker ps | grep $(whoami)"},
		{"if then fi ((", anon.PlaceholderUnparsed},
	} {
		if got := anon.Template(tc.cmd); got != tc.want {
			t.Errorf("Template(%q) = %q, want %q", tc.cmd, got, tc.want)
		}
	}
}

func TestAnonymize(t *testing.T) {
	zero, one := 0, 1
	at := time.Date(2026, 3, 4, 15, 42, 7, 0, time.UTC)
	a := anon.Anonymize(anon.Command{Prompt: "  List   FILES ", Command: "ls", Risk: "safe", Backend: "offline", ExitCode: &zero, CreatedAt: at})
	b := anon.Anonymize(anon.Command{Prompt: "list files", Command: "ls", Risk: "whatever", Backend: "my-laptop-vllm", ExitCode: &one, CreatedAt: at})
	if a.PromptHash != b.PromptHash || a.PromptHash == anon.PromptHash("list dirs") {
		t.Fatalf("prompt hashes: %s %s", a.PromptHash, b.PromptHash)
	}
	if !*a.ExecutionSuccess || *b.ExecutionSuccess || a.RiskLevel != "safe" || b.RiskLevel != "other" || b.Backend != "other" ||
		!a.Timestamp.Equal(time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC)) {
		t.Fatalf("records: %+v %+v", a, b)
	}
	if c := anon.Anonymize(anon.Command{Command: "ls"}); c.ExecutionSuccess != nil {
		t.Fatalf("a command never run: %+v", c)
	}
}

// Any input: no panic, and a template is never the input itself when it names a path or an address.
func FuzzTemplate(f *testing.F) {
	for _, s := range []string{"ls -la /tmp", "curl -u a:b https://x.io", "for h in a b; do ssh $h; done", "cat <<E\nx\nE", "a=$(b c) d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cmd string) {
		tpl := anon.Template(cmd)
		if strings.Contains(cmd, "/home/") && strings.Contains(tpl, "/home/") {
			t.Fatalf("a home path survives: %q -> %q", cmd, tpl)
		}
	})
}
