package safety

import (
	"context"
	"runtime/metrics"
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

func hasRule(v Verdict, rule string) (Finding, bool) {
	for _, f := range v.Findings {
		if f.Rule == rule {
			return f, true
		}
	}
	return Finding{}, false
}

func TestPathologicalIsTooComplex(t *testing.T) {
	smallImpactLimits(t)
	cwd := t.TempDir()
	for _, s := range pathological {
		t.Run(s.name, func(t *testing.T) {
			cmd := s.gen(pathologicalSize)
			v := Check(cmd, Options{Home: "/home/u"})
			if v.Risk < High {
				t.Errorf("rated %s, want at least high", v.Risk)
			}
			f, ok := hasRule(v, "too-complex")
			if !ok {
				t.Fatalf("no too-complex finding in %v", v.Findings)
			}
			if f.Risk != High || f.Span != (Span{0, len(cmd)}) || !strings.Contains(f.Message, "too complex to analyse") {
				t.Errorf("finding %+v, want High over the whole command", f)
			}
			br, err := Impact(context.Background(), cmd, cwd, Options{Home: "/home/u"})
			if err != nil {
				t.Fatalf("Impact: %v", err)
			}
			if !br.Unknown || !br.Truncated {
				t.Errorf("Impact = %+v, want unknown and truncated", br)
			}
		})
	}
}

// TestBoundsKeepNormalNesting checks that nesting people write is analysed as before, and that one level
// past each bound is not.
func TestBoundsKeepNormalNesting(t *testing.T) {
	const rm = "rm -rf /"
	wrap := func(n int, f func(string) string) string {
		s := rm
		for range n {
			s = f(s)
		}
		return s
	}
	bashC := func(s string) string { return "bash -c " + squote(s) }
	evalQ := func(s string) string { return "eval " + dquote(s) }
	subst := func(s string) string { return "echo $(" + s + ")" }
	tests := []struct {
		cmd         string
		risk        Risk
		tooComplex  bool
		description string
	}{
		{wrap(3, subst), Critical, false, "three nested $( )"},
		{wrap(3, bashC), Critical, false, "three nested bash -c"},
		{wrap(3, evalQ), Critical, false, "three nested eval"},
		{`python3 -c "import os; os.system('bash -c \"rm -rf /\"')"`, Critical, false, "python running bash -c"},
		{"( ( ( " + rm + " ) ) )", Critical, false, "three nested subshells"},
		{"ls" + strings.Repeat(" | cat", 200), Safe, false, "a pipeline of 201 stages"},
		{strings.Repeat("true && ", 200) + rm, Critical, false, "an && list of 201 commands"},
		{"for a in /tmp /; do for b in x; do rm -rf $a; done; done", Critical, false, "nested loops"},
		{"echo {a,b}{c,d}{e,f}", Safe, false, "brace groups"},
		{wrap(maxDepth, bashC), Critical, false, "bash -c as deep as allowed"},
		{wrap(maxDepth+1, bashC), High, true, "bash -c one deeper than allowed"},
		{wrap(maxNest-2, subst), Critical, false, "$( ) as deep as allowed"},
		{wrap(maxNest+1, subst), High, true, "$( ) deeper than allowed"},
		{"echo " + strings.Repeat("{a,b}", maxBraces+1), High, true, "more brace groups than allowed"},
		{strings.Repeat("ls; ", maxCalls), High, true, "as many commands as allowed"},
		{strings.Repeat(" ", maxText+1) + "ls", High, true, "longer than allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.description, func(t *testing.T) {
			v := Check(tt.cmd, Options{Home: "/home/u"})
			_, tooComplex := hasRule(v, "too-complex")
			if v.Risk != tt.risk || tooComplex != tt.tooComplex {
				t.Errorf("Check(%.80q) = %s (too complex: %v), want %s (%v); findings %v", tt.cmd, v.Risk,
					tooComplex, tt.risk, tt.tooComplex, v.Findings)
			}
		})
	}
}

// TestPathologicalAllocation fails when one check of a 64 KiB hostile command allocates grossly more than
// the 64 MB its peak heap is held to: it counts every byte allocated, which the peak can only be below.
func TestPathologicalAllocation(t *testing.T) {
	const limit = 128 << 20
	smallImpactLimits(t)
	cwd := t.TempDir()
	for _, s := range append(append([]shape(nil), pathological...), heavy...) {
		cmd := s.gen(pathologicalSize)
		if got := allocated(func() { Check(cmd, Options{Home: "/home/u"}) }); got > limit {
			t.Errorf("%s: Check allocated %d MiB, want at most %d", s.name, got>>20, limit>>20)
		}
		if got := allocated(func() { _, _ = Impact(context.Background(), cmd, cwd, Options{Home: "/home/u"}) }); got > limit {
			t.Errorf("%s: Impact allocated %d MiB, want at most %d", s.name, got>>20, limit>>20)
		}
	}
}

// allocated is the number of bytes f allocates on the heap.
func allocated(f func()) uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	before := s[0].Value.Uint64()
	f()
	metrics.Read(s)
	return s[0].Value.Uint64() - before
}

func TestGroupCount(t *testing.T) {
	tests := []struct {
		src  string
		want int
	}{
		{"ls -l", 0},
		{"echo $(ls) `id` <(cat) ${x}", 4},
		{"( cd /; { ls; } )", 2},
		{"if true; then for a in b; do :; done; fi", 2},
		{`awk '{print $1}' && echo $'\'{' && echo "(a{b"`, 2},
		{`echo "$(ls "$(id)")" "${x:-"$(y)"}"`, 4},
		{"find . -exec rm {} +", 0},
		{"echo # ( { `\nls", 0},
		{"cat <<'EOF'\n{ ( `\nEOF\nls", 3},
		{"cat <<-EOF\n\t$(ls)\n\tEOF\n(ls)", 2},
		// A closing bracket inside quotes must not hide the groups after it.
		{`echo ")" $(echo ')' $(echo "}" ${x:-')'}))`, 3},
		{"echo 'unterminated ( {", 0},
	}
	for _, tt := range tests {
		if got := groupCount(tt.src); got != tt.want {
			t.Errorf("groupCount(%q) = %d, want %d", tt.src, got, tt.want)
		}
	}
}

// FuzzGroupCount checks that groupCount never reads fewer levels than the parser builds, whatever the
// quoting: if it did, text could reach the parser nested deeper than maxGroups.
func FuzzGroupCount(f *testing.F) {
	for _, s := range []string{"echo $(ls) `id` <(cat) ${x}", `echo ")" $(echo ')' $(echo "}" ${x:-')'}))`,
		"cat <<'EOF'\n{ ( `\nEOF\nls", "if a; then b; elif c; then d; else e; fi", "echo `echo \\`ls\\``",
		`"$(case x in a) ( ( ls ) ) ;; esac)"`, "a=$((1<<2))\nif :; then if :; then :; fi; fi", "f() { g() ( ls ); }",
		`echo "${x:-"$(a "$(b)")"}"`, "# ' ( \n( ls )", "echo $'\\'' ( ls )"} {
		f.Add(s)
	}
	for _, s := range pathological {
		f.Add(s.gen(4 << 10))
	}
	f.Fuzz(func(t *testing.T, src string) {
		file, err := syntax.NewParser().Parse(strings.NewReader(src), "")
		if err != nil {
			return
		}
		if got, want := groupCount(src), nestDepth(file); got < want {
			t.Fatalf("groupCount(%q) = %d, but the parser nests %d deep", src, got, want)
		}
	})
}

// nestDepth is how deeply the groups groupCount stands for nest in a parsed file.
func nestDepth(file *syntax.File) int {
	var stack []bool
	depth, deepest := 0, 0
	syntax.Walk(file, func(n syntax.Node) bool {
		if n == nil {
			if stack[len(stack)-1] {
				depth--
			}
			stack = stack[:len(stack)-1]
			return true
		}
		group := false
		switch n := n.(type) {
		case *syntax.CmdSubst, *syntax.ProcSubst, *syntax.Subshell, *syntax.Block, *syntax.ArithmExp,
			*syntax.ArithmCmd, *syntax.IfClause, *syntax.WhileClause, *syntax.ForClause, *syntax.CaseClause:
			group = true
		case *syntax.ParamExp:
			group = !n.Short
		}
		if group {
			depth++
			deepest = max(deepest, depth)
		}
		stack = append(stack, group)
		return true
	})
	return deepest
}
