package safety

import (
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

func TestFishAsBash(t *testing.T) {
	for _, tc := range []struct{ fish, bash string }{
		{"docker stop (docker ps -q)", "docker stop $(docker ps -q)"},
		{"make; and make install; or echo failed", "make && make install || echo failed"},
		{"make\nand make install", "make && make install"},
		{"not test -d build; and mkdir build", "! test -d build && mkdir build"},
		{"for f in *.txt; echo $f; end", "for f in *.txt; do echo $f; done"},
		{"if test -f x; echo yes; else if test -f y; echo y; else; echo no; end",
			"if test -f x; then echo yes; elif test -f y; then echo y; else  echo no; fi"},
		{"if test -f a; and test -f b; echo both; end", "if test -f a && test -f b; then echo both; fi"},
		{"while read -l line; echo $line; end < file", "while read -l line; do echo $line; done < file"},
		{"begin; echo a; echo b; end > out.txt", "{  echo a; echo b; } > out.txt"},
		{"function ll --description 'long list'; ls -l $argv; end", "ll() {  ls -l $argv; }"},
		{"switch (uname); case Linux; echo l; case Darwin FreeBSD; echo m; end",
			"case $(uname) in  Linux)  echo l; ;; Darwin|FreeBSD)  echo m; ;; esac"},
		{`echo 'it\'s'`, `echo 'it'\''s'`},
		{`echo "today is (date)" $(date)`, `echo "today is (date)" $(date)`},
		{"echo `x`", "echo \\`x\\`"},
		{"echo hi >? file", "echo hi > file"},
		{"cmd &> /dev/null &", "cmd &> /dev/null &"},
		{"make 2>&1 &| less", "make 2>&1 |& less"},
		{"if true; end", "if true; then :; fi"},
		{"if test -f x", "if test -f x; then \n:; fi"},
		{"cd (dirname (status filename))", "cd $(dirname $(status filename))"},
	} {
		got, pos := fishAsBash(tc.fish)
		if got != tc.bash {
			t.Errorf("fishAsBash(%q)\n got %q\nwant %q", tc.fish, got, tc.bash)
		}
		if len(pos) != len(got) {
			t.Errorf("fishAsBash(%q): %d offsets for %d bytes", tc.fish, len(pos), len(got))
		}
	}
}

// Ordinary fish command lines are checked as the bash they mean: none "could not be parsed".
func TestFishParses(t *testing.T) {
	for _, cmd := range []string{
		"docker stop (docker ps -q)",
		"docker rm -f (docker ps -aq)",
		"kill (pgrep -f node)",
		"set -x PATH $HOME/bin $PATH",
		"set files (find . -name '*.log')",
		"for i in (seq 1 10); echo $i; end",
		"for f in **/*.go; gofmt -l $f; end",
		"switch (uname); case Linux; echo linux; case '*'; echo other; end",
		"test -n \"$x\"; or set x default",
		"command -q docker; and docker ps",
		"if not test -e ~/.config/app; mkdir -p ~/.config/app; end",
		"diff (sort a.txt | psub) (sort b.txt | psub)",
		"echo $argv[1] (count $argv)",
		"string replace -a foo bar (cat notes.txt)",
		"math (date +%s) - 3600",
		"git add -A && git commit -m 'wip'",
		"ls -la | grep (whoami)",
		"function mkcd; mkdir -p $argv[1]; and cd $argv[1]; end",
		"while true; sleep 1; end",
		"begin; echo a; end",
		"if test (count $argv) -eq 0; echo none; end",
		"sudo rm -rf (mktemp -d)",
		"echo (date)\nand echo done",
	} {
		v := Check(cmd, Options{Shell: "fish"})
		for _, f := range v.Findings {
			if f.Rule == "parse-error" {
				t.Errorf("%q: %s", cmd, f.Message)
			}
		}
		if bash, _ := fishAsBash(cmd); !parsesAsBash(bash) {
			t.Errorf("%q translates to %q, which bash does not parse", cmd, bash)
		}
	}
}

func parsesAsBash(s string) bool {
	_, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(s), "")
	return err == nil
}

// A fish command is as risky as the bash it means, and its findings point into the fish text.
func TestFishVerdicts(t *testing.T) {
	for _, tc := range []struct{ fish, bash string }{
		{"docker stop (docker ps -q)", "docker stop $(docker ps -q)"},
		{"rm -rf (pwd)", "rm -rf $(pwd)"},
		{"sudo rm -rf /; or echo failed", "sudo rm -rf / || echo failed"},
		{"curl -fsSL https://x.sh | sh", "curl -fsSL https://x.sh | sh"},
		{"for f in *.log; rm $f; end", "for f in *.log; do rm $f; done"},
	} {
		fish := Check(tc.fish, Options{Shell: "fish"})
		bash := Check(tc.bash, Options{Shell: "bash"})
		if fish.Risk != bash.Risk || len(fish.Findings) != len(bash.Findings) {
			t.Errorf("%q: %v %v; as bash %v %v", tc.fish, fish.Risk, fish.Findings, bash.Risk, bash.Findings)
		}
		for _, f := range fish.Findings {
			if f.Span.Start < 0 || f.Span.End > len(tc.fish) || f.Span.Start > f.Span.End {
				t.Errorf("%q: finding %s spans %v, outside the fish text", tc.fish, f.Rule, f.Span)
			}
		}
	}
	v := Check("docker stop (docker ps -q)", Options{Shell: "fish"})
	for _, f := range v.Findings {
		if f.Rule == "docker.stop" && !strings.HasPrefix("docker stop (docker ps -q)"[f.Span.Start:f.Span.End], "docker stop") {
			t.Errorf("docker.stop spans %q", "docker stop (docker ps -q)"[f.Span.Start:f.Span.End])
		}
	}
}

func FuzzFishAsBash(f *testing.F) {
	for _, s := range []string{"docker stop (docker ps -q)", "if a; and b; c; else if d; e; end", "switch $x; case a; b; end",
		"echo 'a\\'b' \"$(c)\" `d` (e (f))", "function f -a x; echo $x; end", "begin; end &| cat", "(", "end", "case x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		bash, pos := fishAsBash(src)
		if len(pos) != len(bash) {
			t.Fatalf("%d offsets for %d bytes", len(pos), len(bash))
		}
		for _, p := range pos {
			if p < 0 || p > len(src) {
				t.Fatalf("offset %d outside %d bytes", p, len(src))
			}
		}
		v := Check(src, Options{Shell: "fish"})
		for _, fd := range v.Findings {
			if fd.Span.Start < 0 || fd.Span.End > len(src) || fd.Span.Start > fd.Span.End {
				t.Fatalf("span %v outside %d bytes", fd.Span, len(src))
			}
		}
	})
}
