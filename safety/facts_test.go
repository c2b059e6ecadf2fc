package safety_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/cmdai/cmdai/safety"
)

// runs reports whether the facts show program run with every flag given.
func runs(f safety.Facts, program string, flags ...string) bool {
	for _, c := range f.Commands {
		if c.Program != program {
			continue
		}
		ok := true
		for _, fl := range flags {
			ok = ok && slices.Contains(c.Flags, fl)
		}
		if ok {
			return true
		}
	}
	return false
}

// The forms a policy about rm -rf must catch: the engine resolves each to an rm with the flags r and f.
func TestFactsResolveObfuscatedRmRf(t *testing.T) {
	for _, cmd := range []string{
		`rm -rf build`,
		`\rm -r -f build`,
		`sudo rm -fr /tmp/build`,
		`sudo -u root -- rm -rf build`,
		`r''m -rf build`,
		`"rm" -rf build`,
		`$'\x72\x6d' -rf build`,
		`/bin/rm --recursive --force build`,
		`rm -R --force build`,
		`rm build -rf`,
		`bash -c 'rm -rf build'`,
		`sh -c "sudo rm -rf build"`,
		`eval 'rm -rf build'`,
		`find . -name '*.o' -exec rm -rf {} +`,
		`find . -exec rm -rf {} \;`,
		`ls | xargs rm -rf`,
		`echo build | xargs -I{} rm -rf {}`,
		`env FOO=1 nice -n 5 rm -rf build`,
		`timeout 5 rm -rf build`,
		`nohup rm -rf build &`,
		`echo $(rm -rf build)`,
		`x=rm; $x -rf build`,
		`{ rm -rf build; }`,
		`(cd /tmp && rm -rf build)`,
		`python3 -c 'import os; os.system("rm -rf build")'`,
		`echo cm0gLXJmIGJ1aWxkCg== | base64 -d | bash`,
		`bash <<'EOF'
rm -rf build
EOF`,
	} {
		t.Run(cmd, func(t *testing.T) {
			f := safety.FactsOf(cmd, safety.Options{Home: "/home/u"})
			if !runs(f, "rm", "r", "f") {
				t.Errorf("no rm with r and f in %+v", f.Commands)
			}
			if !slices.Contains(f.Programs, "rm") {
				t.Errorf("programs %v lack rm", f.Programs)
			}
		})
	}
}

func TestFactsDoNotInventRmRf(t *testing.T) {
	for _, cmd := range []string{
		`echo "rm -rf build"`,
		`grep -rn "rm -rf" .`,
		`rm -r build`,
		`rm -- -rf`,
		`rm -i build`,
		`git commit -m 'rm -rf build'`,
	} {
		t.Run(cmd, func(t *testing.T) {
			f := safety.FactsOf(cmd, safety.Options{})
			if runs(f, "rm", "r", "f") {
				t.Errorf("found an rm with r and f in %+v", f.Commands)
			}
		})
	}
}

func TestFactsCommand(t *testing.T) {
	f := safety.FactsOf(`sudo rm -rf -- /tmp/a b`, safety.Options{})
	want := safety.CommandFacts{
		Program:  "rm",
		Path:     "rm",
		Wrappers: []string{"sudo"},
		Flags:    []string{"R", "f", "force", "r", "recursive", "rf"},
		Args:     []string{"-rf", "--", "/tmp/a", "b"},
		Operands: []string{"/tmp/a", "b"},
		Paths:    []string{"/tmp/a", "b"},
	}
	if len(f.Commands) != 1 || !reflect.DeepEqual(f.Commands[0], want) {
		t.Fatalf("commands = %+v\nwant [%+v]", f.Commands, want)
	}
	if !slices.Equal(f.Programs, []string{"rm", "sudo"}) {
		t.Errorf("programs = %v", f.Programs)
	}
	if f.Risk < safety.High || f.Unresolved {
		t.Errorf("risk %v, unresolved %v", f.Risk, f.Unresolved)
	}
}

func TestFactsPaths(t *testing.T) {
	for _, tc := range []struct {
		cmd  string
		want []string
	}{
		{`cd /etc && rm -rf ssh`, []string{"/etc", "/etc/ssh"}},
		{`rm -rf ~/notes/../x`, []string{"/home/u/x"}},
		{`echo hi > /etc/motd 2>&1`, []string{"/etc/motd", "hi"}},
		{`> /etc/hosts`, []string{"/etc/hosts"}},
		{`dd if=/dev/zero of=/dev/sda bs=1M`, []string{"/dev/sda", "/dev/zero", "bs=1M", "if=/dev/zero", "of=/dev/sda"}},
		{`tar --directory=/srv -xf a.tar`, []string{"/srv", "a.tar"}},
		{`curl -fsSL https://example.com/x.sh`, []string{}},
		{`rm -rf "$DIR"/x`, []string{}},
	} {
		t.Run(tc.cmd, func(t *testing.T) {
			f := safety.FactsOf(tc.cmd, safety.Options{Home: "/home/u"})
			if !slices.Equal(f.Paths, tc.want) {
				t.Errorf("paths = %q, want %q", f.Paths, tc.want)
			}
		})
	}
}

func TestFactsUnresolved(t *testing.T) {
	f := safety.FactsOf(`$CMD -rf build`, safety.Options{})
	if !f.Unresolved || len(f.Commands) != 1 || f.Commands[0].Program != "" || !f.Commands[0].Dynamic {
		t.Errorf("dynamic command word: %+v", f)
	}
	f = safety.FactsOf(`rm -rf "$DIR"`, safety.Options{})
	if f.Unresolved || !f.Commands[0].DynamicArgs {
		t.Errorf("dynamic argument: %+v", f)
	}
	f = safety.FactsOf(`rm -rf "unterminated`, safety.Options{})
	if !f.Unresolved || f.Risk < safety.High {
		t.Errorf("unparsable text: %+v", f)
	}
}

// The verdict the facts carry is Check's, but a person's allow rules never lower it.
func TestFactsVerdict(t *testing.T) {
	for _, cmd := range []string{`ls -la`, `rm -rf /`, `curl x | sh`, `chmod -R 777 /etc`, `git push --force`} {
		f := safety.FactsOf(cmd, safety.Options{})
		if got, want := f.Verdict(), safety.Check(cmd, safety.Options{}); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: facts verdict %+v, check %+v", cmd, got, want)
		}
	}
	opts := safety.Options{Allow: []safety.Rule{{Command: "rm"}}}
	if v := safety.Check(`rm -rf /`, opts); v.Risk != safety.Safe {
		t.Fatalf("allow rule did not lower the check: %v", v.Risk)
	}
	if f := safety.FactsOf(`rm -rf /`, opts); f.Risk != safety.Critical {
		t.Errorf("allow rule lowered the facts to %v", f.Risk)
	}
}

// FuzzFacts feeds FactsOf arbitrary text: it must never panic, carry Check's verdict, and gather every
// command's program, wrappers, flags and paths into the sorted lists of the whole.
func FuzzFacts(f *testing.F) {
	for _, s := range []string{"", "rm -rf /", `\rm -r -f x`, "sudo rm -fr /tmp/x", "bash -c 'rm -rf x'",
		"find . -exec rm -rf {} +", "ls | xargs rm -rf", "cd /etc && rm -rf ssh > /dev/null", "$CMD -x",
		"echo cm0gLXJmIHgK | base64 -d | sh", "\"unterminated", "x=rm; $x -- -rf", "dd of=/dev/sda"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cmd string) {
		opts := safety.Options{Home: "/home/u"}
		fs := safety.FactsOf(cmd, opts)
		if v := safety.Check(cmd, opts); !reflect.DeepEqual(fs.Verdict(), v) {
			t.Fatalf("facts verdict %+v, check %+v", fs.Verdict(), v)
		}
		sorted := func(name string, s []string) {
			if !slices.IsSorted(s) || len(slices.Compact(slices.Clone(s))) != len(s) {
				t.Fatalf("%s not sorted and unique: %q", name, s)
			}
		}
		sorted("programs", fs.Programs)
		sorted("flags", fs.Flags)
		sorted("paths", fs.Paths)
		for _, c := range fs.Commands {
			sorted("command flags", c.Flags)
			for _, p := range append(slices.Clone(c.Wrappers), c.Program) {
				if _, ok := slices.BinarySearch(fs.Programs, p); p != "" && !ok {
					t.Fatalf("program %q missing from %q", p, fs.Programs)
				}
			}
			for _, fl := range c.Flags {
				if _, ok := slices.BinarySearch(fs.Flags, fl); !ok {
					t.Fatalf("flag %q missing from %q", fl, fs.Flags)
				}
			}
			for _, p := range c.Paths {
				if _, ok := slices.BinarySearch(fs.Paths, p); !ok {
					t.Fatalf("path %q missing from %q", p, fs.Paths)
				}
			}
			if c.Dynamic && !fs.Unresolved {
				t.Fatalf("a dynamic command word, yet resolved: %+v", fs)
			}
		}
	})
}
