package tui

import (
	"reflect"
	"testing"

	"github.com/cmdai/cmdai/ipc"
)

func TestPlaceholders(t *testing.T) {
	got := placeholders(`tail -n ${lines} ${file} | grep ${word} > ${HOME}/out; echo ${lines} $x`)
	if want := []string{"lines", "file", "word"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("placeholders = %v, want %v", got, want)
	}
}

func TestFill(t *testing.T) {
	params := []ipc.PatternParam{{Name: "lines", Type: ipc.ParamInt}, {Name: "file", Type: ipc.ParamPath}, {Name: "word", Type: ipc.ParamString}}
	tmpl := `tail -n ${lines} ${file} | grep ${word} > ${HOME}/out`
	for _, tt := range []struct {
		values map[string]string
		want   string
		bad    []string
	}{
		{map[string]string{"lines": " 20 ", "file": "app.log", "word": "error"}, `tail -n 20 app.log | grep error > ${HOME}/out`, nil},
		{map[string]string{"lines": "5", "file": "~/my logs/a.log", "word": "it's $(bad)"},
			`tail -n 5 ~/'my logs/a.log' | grep 'it'\''s $(bad)' > ${HOME}/out`, nil},
		{map[string]string{"lines": "many", "file": " ", "word": ""}, "", []string{"file", "lines"}},
	} {
		got, bad := fill(tmpl, params, tt.values)
		var badNames []string
		for _, p := range params {
			if bad[p.Name] != nil {
				badNames = append(badNames, p.Name)
			}
		}
		if tt.bad != nil {
			if len(badNames) != len(tt.bad) {
				t.Errorf("fill %v: bad = %v, want %v", tt.values, badNames, tt.bad)
			}
			continue
		}
		if len(bad) != 0 || got != tt.want {
			t.Errorf("fill %v = %q (%v), want %q", tt.values, got, bad, tt.want)
		}
	}
}
