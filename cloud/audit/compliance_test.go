package audit_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docs/compliance.md names, for each control, the tests that show it: every one of them exists, and
// every control the seed names is mapped.
func TestComplianceDocNamesRealTests(t *testing.T) {
	doc, err := os.ReadFile("../../docs/compliance.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"CC6.1", "CC6.2", "CC6.3", "CC7.2", "CC9.2"} {
		if !strings.Contains(string(doc), "**"+c+"**") {
			t.Errorf("docs/compliance.md does not map %s", c)
		}
	}
	var sources strings.Builder
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		sources.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	names := regexp.MustCompile("`(Test[A-Za-z0-9_]+)`").FindAllStringSubmatch(string(doc), -1)
	if len(names) < 20 {
		t.Fatalf("docs/compliance.md names only %d tests", len(names))
	}
	for _, m := range names {
		if !strings.Contains(sources.String(), "func "+m[1]+"(") {
			t.Errorf("docs/compliance.md names %s, which no test under cloud/ declares", m[1])
		}
	}
}
