package teams

import (
	"errors"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/safety"
)

func TestCheckTemplate(t *testing.T) {
	p := func(name, typ, def string) pgstore.Parameter {
		return pgstore.Parameter{Name: name, Type: typ, Default: def}
	}
	cases := []struct {
		name     string
		template string
		params   []pgstore.Parameter
		field    string // "" when valid
	}{
		{"no parameters", "ls -la", nil, ""},
		{"declared and used", "cp ${src} ${dst}/${src}", []pgstore.Parameter{p("src", "path", ""), p("dst", "path", "/tmp")}, ""},
		{"type defaults to string", "echo ${msg}", []pgstore.Parameter{p("msg", "", "hi")}, ""},
		{"int default", "head -n ${n}", []pgstore.Parameter{p("n", "int", "10")}, ""},
		{"bool default", "x ${b}", []pgstore.Parameter{p("b", "bool", "true")}, ""},
		{"shell variable without braces is not a placeholder", "echo $HOME", nil, ""},
		{"empty", "  ", nil, "template"},
		{"too long", strings.Repeat("x", MaxTemplateBytes+1), nil, "template"},
		{"undeclared", "ls ${dir}", nil, "template"},
		{"unused", "ls", []pgstore.Parameter{p("dir", "path", "")}, "parameters"},
		{"twice", "ls ${d}", []pgstore.Parameter{p("d", "", ""), p("d", "", "")}, "parameters"},
		{"bad name", "ls ${a-b}", []pgstore.Parameter{p("a-b", "", "")}, "parameters"},
		{"bad type", "ls ${d}", []pgstore.Parameter{p("d", "float", "")}, "parameters"},
		{"int default not int", "head -n ${n}", []pgstore.Parameter{p("n", "int", "many")}, "parameters"},
		{"bool default not bool", "x ${b}", []pgstore.Parameter{p("b", "bool", "maybe")}, "parameters"},
		{"long default", "x ${d}", []pgstore.Parameter{p("d", "", strings.Repeat("y", 1025))}, "parameters"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := checkTemplate(c.template, c.params)
			var ve *ValidationError
			switch {
			case c.field == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.field != "" && (!errors.As(err, &ve) || ve.Field != c.field):
				t.Fatalf("got %v, want a validation error on %s", err, c.field)
			}
		})
	}
	if got := Placeholders("${a} ${b} ${a} $c ${}"); strings.Join(got, ",") != "a,b" {
		t.Fatalf("Placeholders: %v", got)
	}
}

func TestTemplateRiskTreatsPlaceholdersAsUnknown(t *testing.T) {
	for template, atLeast := range map[string]safety.Risk{
		"ls -la":           safety.Safe,
		"rm -rf ${dir}":    safety.High,
		"${cmd} --version": safety.Moderate, // an unknown command name is never safe
	} {
		if got := templateRisk(template, "bash"); got < atLeast {
			t.Errorf("%q rated %v, want at least %v", template, got, atLeast)
		}
	}
	if got := templateRisk("ls -la", "bash"); got != safety.Safe {
		t.Errorf("ls -la rated %v", got)
	}
}

func TestNamesAndTags(t *testing.T) {
	if s := slugFrom("  Ops & SRE Team!! "); !slugPattern.MatchString(s) || !strings.HasPrefix(s, "ops-sre-team-") {
		t.Errorf("slugFrom gave %q", s)
	}
	if s := slugFrom("日本"); !slugPattern.MatchString(s) || !strings.HasPrefix(s, "team-") {
		t.Errorf("slugFrom of a name without ASCII gave %q", s)
	}
	if s := truncate("héllo", 2); s != "h" {
		t.Errorf("truncate split a character: %q", s)
	}
	tags, err := normalizeTags([]string{" Docker", "docker", "k8s"})
	if err != nil || strings.Join(tags, ",") != "docker,k8s" {
		t.Errorf("normalizeTags: %v %v", tags, err)
	}
	if _, err := normalizeTags(make([]string, MaxTags+1)); err == nil {
		t.Error("too many tags accepted")
	}
}
