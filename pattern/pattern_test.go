package pattern

import (
	"go/build"
	"reflect"
	"strings"
	"testing"
)

func TestParams(t *testing.T) {
	got := Params("head -n ${n} ${file} ${PATH}", []Param{{Name: "n", Type: TypeInt, Default: "10"}, {Name: "x"}})
	want := []Param{{Name: "n", Type: TypeInt, Default: "10"}, {Name: "x", Type: TypeString}, {Name: "file", Type: TypeString}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Params = %+v, want %+v", got, want)
	}
}

func TestGuessType(t *testing.T) {
	for name, want := range map[string]Type{"logfile": TypePath, "out_dir": TypePath, "lines": TypeInt,
		"n": TypeInt, "port": TypeInt, "word": TypeString, "unit": TypeString, "force": TypeString} {
		if got := GuessType(name); got != want {
			t.Errorf("GuessType(%q) = %s, want %s", name, got, want)
		}
	}
}

func TestTypes(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Type
		ok   []string
		bad  []string
	}{
		{"", TypeString, []string{"", "any thing"}, nil},
		{"string", TypeString, []string{"x"}, nil},
		{"int", TypeInt, []string{"10", " -3 "}, []string{"ten", "1.5", ""}},
		{"path", TypePath, []string{"./a b", "~/x"}, []string{"", " ", "a\nb", "a\x00b"}},
		{"bool", TypeBool, []string{"true", "false", " 1 ", "F"}, []string{"yes", ""}},
	} {
		typ, err := ParseType(tt.in)
		if err != nil || typ != tt.want {
			t.Errorf("ParseType(%q) = %q, %v; want %q", tt.in, typ, err, tt.want)
		}
		for _, v := range tt.ok {
			if err := typ.Check(v); err != nil {
				t.Errorf("%s refused %q: %v", typ, v, err)
			}
		}
		for _, v := range tt.bad {
			if err := typ.Check(v); err == nil {
				t.Errorf("%s accepted %q", typ, v)
			}
		}
	}
	if _, err := ParseType("float"); err == nil || err.Error() != `type "float" is not string, int, path or bool` {
		t.Errorf("ParseType(float) = %v", err)
	}
}

// The model is the leaf every layer shares: it must not pull in any other package of cmdai's.
func TestImportsNothingOfOurs(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkg.Imports) == 0 {
		t.Fatal("read no imports: the check would pass for any package")
	}
	for _, imp := range pkg.Imports {
		if strings.HasPrefix(imp, "github.com/cmdai/cmdai") {
			t.Errorf("pattern imports %s", imp)
		}
	}
}
