package pattern

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	p := func(name string, typ Type, def string) Param { return Param{Name: name, Type: typ, Default: def} }
	cases := []struct {
		name     string
		template string
		params   []Param
		fault    string // the parameter named by the error; "" when valid
		inTmpl   bool   // the fault is a placeholder of the template
	}{
		{"no parameters", "ls -la", nil, "", false},
		{"declared and used", "cp ${src} ${dst}/${src}", []Param{p("src", TypePath, ""), p("dst", TypePath, "/tmp")}, "", false},
		{"type defaults to string", "echo ${msg}", []Param{p("msg", "", "hi")}, "", false},
		{"int default", "head -n ${n}", []Param{p("n", TypeInt, "10")}, "", false},
		{"bool default", "x ${b}", []Param{p("b", TypeBool, "true")}, "", false},
		{"environment variables need no declaration", "cp ${file} ${HOME}/${USER}.bak", []Param{p("file", TypePath, "")}, "", false},
		{"shell variable without braces is not a placeholder", "echo $HOME $dir", nil, "", false},
		{"a description", "ls ${d}", []Param{{Name: "d", Description: "the folder to list"}}, "", false},
		{"undeclared", "ls ${dir}", nil, "dir", true},
		{"unused", "ls", []Param{p("dir", TypePath, "")}, "dir", false},
		{"twice", "ls ${d}", []Param{p("d", "", ""), p("d", "", "")}, "d", false},
		{"bad name", "ls ${a-b}", []Param{p("a-b", "", "")}, "a-b", false},
		{"name starts with a digit", "ls", []Param{p("1x", "", "")}, "1x", false},
		{"long name", "ls ${" + strings.Repeat("a", 65) + "}", []Param{p(strings.Repeat("a", 65), "", "")}, strings.Repeat("a", 65), false},
		{"all-capital name is the shell's", "ls ${DIR}", []Param{p("DIR", TypePath, "")}, "DIR", false},
		{"bad type", "ls ${d}", []Param{p("d", "float", "")}, "d", false},
		{"int default not int", "head -n ${n}", []Param{p("n", TypeInt, "many")}, "n", false},
		{"bool default not bool", "x ${b}", []Param{p("b", TypeBool, "maybe")}, "b", false},
		{"path default with a line break", "ls ${d}", []Param{p("d", TypePath, "a\nb")}, "d", false},
		{"long default", "x ${d}", []Param{p("d", "", strings.Repeat("y", 1025))}, "d", false},
		{"long description", "x ${d}", []Param{{Name: "d", Description: strings.Repeat("y", 201)}}, "d", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Check(c.template, c.params)
			var pe *ParamError
			switch {
			case c.fault == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.fault == "":
				if len(got) != len(c.params) {
					t.Fatalf("Check returned %+v for %+v", got, c.params)
				}
				for i := range got {
					if got[i].Type == "" || got[i].Name != c.params[i].Name || got[i].Default != c.params[i].Default {
						t.Errorf("parameter %d came back as %+v", i, got[i])
					}
				}
			case !errors.As(err, &pe) || pe.Param != c.fault || pe.Placeholder != c.inTmpl:
				t.Fatalf("got %#v, want a ParamError on %s (placeholder %v)", err, c.fault, c.inTmpl)
			case !strings.Contains(err.Error(), c.fault):
				t.Fatalf("the message %q does not name %s", err, c.fault)
			}
		})
	}
	got, _ := Check("echo ${msg}", []Param{{Name: "msg"}})
	if want := []Param{{Name: "msg", Type: TypeString}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Check returned %+v, want %+v", got, want)
	}
}
