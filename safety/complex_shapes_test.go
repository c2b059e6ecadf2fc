package safety

import (
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"
)

// pathologicalSize is the size of the hostile commands the walker's bounds are measured on.
const pathologicalSize = 64 << 10

// shape generates a command of about n bytes (n at least 4 KiB); shapes that nest nestLevels deep need
// more and take it.
type shape struct {
	name string
	gen  func(n int) string
}

// nestLevels is how deep the nesting shapes go: just under maxGroups, so the parser reads them and the
// walker's own bounds are what stop them; the rest of the bytes are a payload in the innermost command.
const nestLevels = 1000

// nested builds open×k + payload + close×k, with the payload filling the command to n bytes.
func nested(n int, head, open, close string, k int) string {
	fixed := len(head) + k*(len(open)+len(close))
	return head + strings.Repeat(open, k) + strings.Repeat("x", max(n-fixed, 1)) + strings.Repeat(close, k)
}

// nestTo wraps "rm -rf /" in wrap as often as fits in n bytes, and pads the result to n with blanks.
func nestTo(n int, wrap func(string) string) string {
	s := "rm -rf /"
	for next := wrap(s); len(next) <= n; next = wrap(s) {
		s = next
	}
	return s + strings.Repeat(" ", n-len(s))
}

// repeatTo is head followed by unit as often as fits in n bytes.
func repeatTo(n int, head, unit string) string {
	return head + strings.Repeat(unit, (n-len(head))/len(unit))
}

func dquote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`").Replace(s) + `"`
}

func squote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func pyquote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// pathological are shapes past one of the walker's bounds: each must be rated too complex.
var pathological = []shape{
	{"nested-subst", func(n int) string { return nested(n, "echo ", "$(echo ", ")", nestLevels) }},
	{"nested-subst-deep", func(n int) string { return nested(n, "echo ", "$(echo ", ")", (n-6)/8) }},
	{"nested-procsubst", func(n int) string { return nested(n, "cat ", "<(cat ", ")", nestLevels) }},
	{"nested-backticks", func(n int) string { // `…` three deep, the most the parser reads, around deep $( )
		s := nested(n-64, "echo ", "$(echo ", ")", nestLevels)
		for range 3 {
			s = "echo `" + strings.NewReplacer(`\\`, `\\\\`, "`", "\\`").Replace(s) + "`"
		}
		return s + strings.Repeat(" ", max(n-len(s), 0))
	}},
	{"nested-subshell", func(n int) string { return nested(n, "", "( ", " )", nestLevels) }},
	{"nested-block", func(n int) string { return nested(n, "", "{ ", "; }", nestLevels) }},
	{"nested-if", func(n int) string { return nested(n, "", "if true; then ", "; fi", nestLevels) }},
	{"nested-for", func(n int) string { // each body is walked once per item: 4^12 walks, and no command
		return nested(n, "", "for a in 1 2 3 4; do ", "; done", 12)[:n-len("; done")*12-3] + "=1" +
			strings.Repeat("; done", 12)
	}},
	{"nested-bash-c", func(n int) string { return nestTo(n, func(s string) string { return "bash -c " + dquote(s) }) }},
	{"nested-bash-c-single", func(n int) string {
		return nestTo(n, func(s string) string { return "bash -c " + squote(s) })
	}},
	{"nested-eval", func(n int) string { return nestTo(n, func(s string) string { return "eval " + dquote(s) }) }},
	{"eval-chain", func(n int) string { return repeatTo(n-9, "", "eval ") + "rm -rf /" }},
	{"pipeline", func(n int) string { return repeatTo(n, "echo a", " | cat") }},
	{"list", func(n int) string { return repeatTo(n, "", "echo a; ") }},
	{"and-list", func(n int) string { return repeatTo(n, "true", " && true") }},
	{"backticks", func(n int) string { return repeatTo(n, "echo", " `ls`") }},
	{"substs-in-word", func(n int) string { return repeatTo(n, "echo ", "$(ls)") }},
	{"func-calls", func(n int) string { return repeatTo(n, "f(){ ls; };", " f;") }},
	{"heredoc-shell", func(n int) string { return repeatTo(n-4, "bash <<EOF\n", "echo a; echo b\n") + "EOF\n" }},
	{"pipe-to-shell", func(n int) string { return "echo " + squote(repeatTo(n-12, "", "ls; ")) + " | sh" }},
	{"doubling-var", func(n int) string { return repeatTo(n-8, "a=xxxxxxxx;", " a=$a$a;") + " echo $a" }},
	{"find-exec-braces", func(n int) string { // {} stands for a long path, a thousand times
		return "find /" + strings.Repeat("d", n-2030) + " -exec echo " + strings.Repeat("{}", 1000) + " \\;"
	}},
	{"xargs-replace", func(n int) string {
		return "echo " + strings.Repeat("d", n-2040) + " | xargs -I{} echo " + strings.Repeat("{}", 1000)
	}},
	{"nested-braces", func(n int) string { return nested(n, "echo ", "{a,", "}", nestLevels) }},
	{"brace-product", func(n int) string { return nested(n, "echo ", "{a,b}", "", nestLevels) }},
}

// heavy are large shapes within the bounds: analysed as usual, and they must stay cheap too.
var heavy = []shape{
	{"nested-param", func(n int) string { return nested(n, "echo ", "${x:-", "}", nestLevels) }},
	{"nested-arith", func(n int) string { return nested(n, "echo ", "$((1+$((", "))))", nestLevels/4) }},
	{"nested-python", func(n int) string {
		return nestTo(n, func(s string) string { return "python3 -c " + squote("import os; os.system("+pyquote(s)+")") })
	}},
	{"many-args", func(n int) string { return repeatTo(n, "rm -rf", " a") }},
	{"sudo-chain", func(n int) string { return repeatTo(n-9, "", "sudo ") + "rm -rf /" }},
	{"xargs-chain", func(n int) string { return repeatTo(n-7, "echo / |", " xargs") + " rm -rf" }},
	{"split-var", func(n int) string { return "a=\"" + repeatTo(n-9, "", "x ") + "\"; b=$a" }},
	{"eval-var-subs", func(n int) string { return repeatTo(n, "a=$(ls); eval", " $a") }},
	{"ssh-flags", func(n int) string { return repeatTo(n, "ssh", " -rf") }},
	{"python-literals", func(n int) string {
		return "python3 -c " + squote(repeatTo(n-20, "import os; os.system(0)", `;"ls -l /"`))
	}},
}

// heapPeak runs f and returns the peak of the heap's objects above what was live before (sampled every
// 100 µs, so it can only read low), and the bytes f allocated in all.
func heapPeak(f func()) (peak, total uint64) {
	const live, allocs = "/memory/classes/heap/objects:bytes", "/gc/heap/allocs:bytes"
	runtime.GC()
	s := []metrics.Sample{{Name: live}, {Name: allocs}}
	metrics.Read(s)
	base, alloc0 := s[0].Value.Uint64(), s[1].Value.Uint64()
	var top uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		s := []metrics.Sample{{Name: live}}
		t := time.NewTicker(100 * time.Microsecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			top = max(top, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	f()
	metrics.Read(s)
	close(done)
	wg.Wait()
	top = max(top, s[0].Value.Uint64())
	if top > base {
		peak = top - base
	}
	return peak, s[1].Value.Uint64() - alloc0
}

// smallImpactLimits keeps Impact's walk of the disk short: these tests are about what the walker expands.
func smallImpactLimits(tb testing.TB) {
	saved := impactLimits
	impactLimits.entries, impactLimits.time = 5000, 50*time.Millisecond
	tb.Cleanup(func() { impactLimits = saved })
}
