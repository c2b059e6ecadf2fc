package teams

import (
	"errors"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/pattern"
	"github.com/cmdai/cmdai/safety"
)

// The server holds a template to its own limits and to pattern.Check, naming the field at fault: a
// placeholder is the template's, everything else the parameters'.
func TestCheckTemplate(t *testing.T) {
	p := func(name string, typ pattern.Type, def string) pattern.Param {
		return pattern.Param{Name: name, Type: typ, Default: def}
	}
	many := make([]pattern.Param, MaxParameters+1)
	cases := []struct {
		name     string
		template string
		params   []pattern.Param
		field    string // "" when valid
	}{
		{"no parameters", "ls -la", nil, ""},
		{"declared and used", "cp ${src} ${dst}/${src}", []pattern.Param{p("src", "path", ""), p("dst", "path", "/tmp")}, ""},
		{"environment variables are the shell's", "tail ${unit} > ${HOME}/out", []pattern.Param{p("unit", "", "")}, ""},
		{"bool default", "x ${b}", []pattern.Param{p("b", "bool", "true")}, ""},
		{"empty", "  ", nil, "template"},
		{"too long", strings.Repeat("x", MaxTemplateBytes+1), nil, "template"},
		{"too many parameters", "ls", many, "parameters"},
		{"undeclared", "ls ${dir}", nil, "template"},
		{"unused", "ls", []pattern.Param{p("dir", "path", "")}, "parameters"},
		{"an all-capital parameter", "ls ${DIR}", []pattern.Param{p("DIR", "path", "")}, "parameters"},
		{"bad type", "ls ${d}", []pattern.Param{p("d", "float", "")}, "parameters"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := checkTemplate(c.template, c.params)
			var ve *ValidationError
			switch {
			case c.field == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.field == "" && len(got) != len(c.params):
				t.Fatalf("checked %+v, want %d parameters", got, len(c.params))
			case c.field != "" && (!errors.As(err, &ve) || ve.Field != c.field):
				t.Fatalf("got %v, want a validation error on %s", err, c.field)
			}
		})
	}
	if got, _ := checkTemplate("echo ${msg}", []pattern.Param{p("msg", "", "hi")}); len(got) != 1 || got[0].Type != pattern.TypeString {
		t.Fatalf("an empty type came back as %+v, want string", got)
	}
	_, err := checkTemplate("head -n ${n}", []pattern.Param{p("n", "int", "many")})
	if err == nil || !strings.Contains(err.Error(), `parameter "n"`) {
		t.Fatalf("a bad default: %v, want the parameter named", err)
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
