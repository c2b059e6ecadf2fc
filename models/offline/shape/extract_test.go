package shape

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// format renders utilities as "find[-exec -l] grep[-l]" for compact expectations.
func format(us []Utility) string {
	parts := make([]string, len(us))
	for i, u := range us {
		parts[i] = fmt.Sprintf("%s[%s]", u.Name, strings.Join(u.Flags, " "))
	}
	return strings.Join(parts, " ")
}

func TestUtilitiesReference(t *testing.T) {
	tests := []struct{ cmd, want string }{
		{"ls -la", "ls[-a -l]"},
		{"find . -type f -ctime -3 | tail -n 5", "find[-ctime -type] tail[-n]"},
		{"find . -perm -644 -size -10k -mtime +7", "find[-mtime -perm -size]"},
		{"find / -EXdsx -name linux", "find[-E -X -d -name -s -x]"},
		{`find . -exec grep -l x {} \;`, "find[-exec -l] grep[-l]"},
		{`find . -name a -o -not -name b -execdir rm -f {} + -print`, "find[-execdir -f -name -print] rm[-f]"},
		{"find . -newermt 2020-01-01", "find[-newermt]"},
		{"find . | xargs rm", "find[] xargs[-I] rm[]"},
		{"find . -print0 | xargs -0 -n 1 -I{} mv -v {} /tmp", "find[-print0] xargs[-0 -I -n -v] mv[-v]"},
		{"xargs -I % -- rm %", "xargs[-I] rm[]"},
		{"echo $(ls -la) `date +%s`", "echo[-a -l] ls[-a -l] date[]"},
		{"cat <(sort -u f)", "cat[-u] sort[-u]"},
		{"sudo -u bob ls -la", "ls[-a -l]"},
		{"sudo find . -exec sudo rm {} \\;", "find[-exec] rm[]"},
		{"tar xzvf a.tgz", "tar[-f -v -x -z]"},
		{"tar -xzvf a.tgz", "tar[-f -v -x -z]"},
		{"head -5 f", "head[-]"},
		{"sort -t: -k2,2n f", "sort[-k -t]"},
		{"cut -d' ' -f1 f", "cut[-d -f]"},
		{"grep -e -x f", "grep[-e]"},
		{"ls --color=auto -- -x", "ls[--color]"},
		{"ls -1", "ls[-1]"},
		{"X=1 ls -a", "ls[-a]"},
		{"x=$(find . -name y)", "find[-name]"},
		{"$(dirname $0)", "dirname[]"},
		{"ps -ef | grep x", "ps[-e -f] grep[]"},
		{"/usr/bin/find .", "find[]"},
		{"compress $* &", "compress[]"},
		{"", ""},
		{"   ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			us, err := Utilities(tt.cmd)
			if err != nil {
				t.Fatalf("Utilities: %v", err)
			}
			if got := format(us); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUtilitiesReferenceRejects(t *testing.T) {
	for _, cmd := range []string{
		"cd /tmp && ls", "ls || true", "ls; pwd", "ls\npwd", "ls > f", "ls 2>&1", "ls |& cat",
		"git status", "docker ps", "kubectl get pods", "apt-get install x", "python x.py", "awk '{print}' f",
		"ps aux", "ps aux | grep x", "find . -exec sed s/a/b/ {} +", "find . | xargs awk 1",
		"(ls)", "{ ls; }", "if true; then ls; fi", "for f in *; do ls; done", "echo $(cd x; ls)", "sudo",
		"time ls", "export X=1",
	} {
		t.Run(cmd, func(t *testing.T) {
			us, err := Utilities(cmd)
			if !errors.Is(err, ErrUnsupported) || us != nil {
				t.Errorf("got %v, %v; want nil, ErrUnsupported", format(us), err)
			}
		})
	}
}

func TestUtilitiesLenient(t *testing.T) {
	tests := []struct{ cmd, want string }{
		{"cd /tmp && ls -a", "cd[] ls[-a]"},
		{"git status --short > out 2>&1", "git[--short]"},
		{"ps aux", "ps[-a -u -x]"},
		{"find . | xargs rm -f", "find[] xargs[] rm[-f]"},
		{`find . -exec grep -l x {} \;`, "find[-exec] grep[-l]"},
		{"for f in *; do wc -l $f; done", "wc[-l]"},
		{"if [ -f x ]; then echo $(date -u); fi", "[[-f] echo[] date[-u]"},
		{"time docker run -it x", "docker[-i -t]"},
		{"sudo -i", "sudo[-i]"},
		{"sudo -u bob ls -l", "ls[-l]"},
		{"export NODE_ENV=production", "export[]"},
		{"declare -x FOO=$(date +%s)", "declare[-x] date[]"},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			us, err := Lenient.Utilities(tt.cmd)
			if err != nil {
				t.Fatalf("Utilities: %v", err)
			}
			if got := format(us); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUtilitiesUnparseable(t *testing.T) {
	for _, mode := range []Mode{Reference, Lenient} {
		for _, cmd := range []string{"ls 'unclosed", "find . ( -name x )", "echo $(", "|"} {
			us, err := mode.Utilities(cmd)
			if err == nil || errors.Is(err, ErrUnsupported) || us != nil {
				t.Errorf("%v %q: got %v, %v; want a parse error", mode, cmd, format(us), err)
			}
		}
	}
}

func TestGrammar(t *testing.T) {
	g := Grammar()
	if len(g) < 90 || len(g) > 120 {
		t.Errorf("grammar has %d utilities, want about 100", len(g))
	}
	for _, name := range []string{"find", "xargs", "grep", "sort", "tar", "ls"} {
		if !grammar[name] {
			t.Errorf("%s missing from grammar", name)
		}
	}
	for _, name := range []string{"git", "docker", "kubectl", "apt-get", "python", "awk", "sed", "sudo"} {
		if grammar[name] {
			t.Errorf("%s must not be in the grammar", name)
		}
	}
}

func FuzzUtilities(f *testing.F) {
	for _, s := range []string{
		"find . -type f -ctime -3 | tail -n 5", "df | grep /dev/disk0s2", "find / -EXdsx -name linux", "ls -la",
		"df --total | tail -n 1", "cd /tmp && ls", "sudo -u", "xargs", "find -exec", "tar", "-", "$(",
		"a=$(b) c <(d) `e`", "ls -k2,2",
	} {
		f.Add(s)
	}
	ref, err := Utilities("find . -name x | xargs rm -f")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, cmd string) {
		for _, m := range []Mode{Reference, Lenient} {
			us, err := m.Utilities(cmd)
			if err != nil && us != nil {
				t.Fatalf("%v: utilities %v with error %v", m, us, err)
			}
			if s := Score(us, ref, 1); s < -1 || s > 1 {
				t.Fatalf("%v: score %v out of [-1, 1]", m, s)
			}
		}
	})
}
