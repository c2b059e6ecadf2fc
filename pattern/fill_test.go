package pattern

import (
	"reflect"
	"testing"
)

func TestFill(t *testing.T) {
	params := []Param{{Name: "lines", Type: TypeInt}, {Name: "file", Type: TypePath}, {Name: "word", Type: TypeString}}
	tmpl := `tail -n ${lines} ${file} | grep ${word} > ${HOME}/out`
	for _, tt := range []struct {
		values map[string]string
		want   string
		bad    []string
	}{
		{map[string]string{"lines": " 20 ", "file": "app.log", "word": "error"}, `tail -n 20 app.log | grep error > ${HOME}/out`, nil},
		{map[string]string{"lines": "5", "file": "~/my logs/a.log", "word": "it's $(bad)"},
			`tail -n 5 ~/'my logs/a.log' | grep 'it'\''s $(bad)' > ${HOME}/out`, nil},
		{map[string]string{"lines": "20", "file": "~", "word": ""}, `tail -n 20 ~ | grep '' > ${HOME}/out`, nil},
		{map[string]string{"lines": "many", "file": " ", "word": ""}, "", []string{"lines", "file"}},
		{map[string]string{"lines": "1", "file": "a\nb", "word": "x"}, "", []string{"file"}},
	} {
		got, bad := Fill(tmpl, params, tt.values)
		var badNames []string
		for _, p := range params {
			if bad[p.Name] != nil {
				badNames = append(badNames, p.Name)
			}
		}
		if tt.bad != nil {
			if !reflect.DeepEqual(badNames, tt.bad) {
				t.Errorf("Fill %v: bad = %v, want %v", tt.values, badNames, tt.bad)
			}
			continue
		}
		if len(bad) != 0 || got != tt.want {
			t.Errorf("Fill %v = %q (%v), want %q", tt.values, got, bad, tt.want)
		}
	}
}

func TestFillBool(t *testing.T) {
	params := []Param{{Name: "force", Type: TypeBool}}
	if got, bad := Fill("deploy --force=${force}", params, map[string]string{"force": " 1 "}); len(bad) != 0 || got != "deploy --force=true" {
		t.Errorf("Fill bool = %q %v", got, bad)
	}
	if _, bad := Fill("deploy --force=${force}", params, map[string]string{"force": "perhaps"}); bad["force"] == nil {
		t.Error("Fill accepted perhaps as a bool")
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{"plain": "plain", "a b": "'a b'", "": "''", "it's": `'it'\''s'`, "$HOME": "'$HOME'", "~/x": "'~/x'"} {
		if got := Quote(in, false); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
	if got := Quote("~/a b", true); got != "~/'a b'" {
		t.Errorf("Quote path = %s", got)
	}
}
