package pattern

import (
	"reflect"
	"strings"
	"testing"
)

// The placeholder rule, everywhere a template is read: ${name} is a parameter when its name holds a
// lower-case letter; an all-capital ${NAME} is an environment variable that the shell expands, so it
// is neither listed, opened, painted nor filled; $name, ${name:-x} and ${} are the shell's own syntax.
func TestPlaceholderRule(t *testing.T) {
	for _, tt := range []struct {
		template string
		params   []string // Placeholders
		open     string   // Open
		fill     string   // Fill with every parameter (and HOME, PATH, _) given the value v
	}{
		{"ls ${dir}", []string{"dir"}, `ls "$dir"`, "ls v"},
		{"ls ${HOME}", nil, "ls ${HOME}", "ls ${HOME}"},
		{"echo ${PATH} ${USER_1} ${_} ${_1}", nil, "echo ${PATH} ${USER_1} ${_} ${_1}", "echo ${PATH} ${USER_1} ${_} ${_1}"},
		{"cp ${Src} ${dst} ${a_B}", []string{"Src", "dst", "a_B"}, `cp "$Src" "$dst" "$a_B"`, "cp v v v"},
		{"echo $x $HOME ${x:-5} ${} ${1} ${a-b}", nil, "echo $x $HOME ${x:-5} ${} ${1} ${a-b}", "echo $x $HOME ${x:-5} ${} ${1} ${a-b}"},
		{"tail -n ${lines} ${file} | grep ${word} > ${HOME}/out; echo ${lines}", []string{"lines", "file", "word"},
			`tail -n "$lines" "$file" | grep "$word" > ${HOME}/out; echo "$lines"`, "tail -n v v | grep v > ${HOME}/out; echo v"},
		{"${HOME}x${dir}y", []string{"dir"}, `${HOME}x"$dir"y`, "${HOME}xvy"},
	} {
		t.Run(tt.template, func(t *testing.T) {
			if got := Placeholders(tt.template); !reflect.DeepEqual(got, tt.params) {
				t.Errorf("Placeholders = %q, want %q", got, tt.params)
			}
			if got := Open(tt.template); got != tt.open {
				t.Errorf("Open = %q, want %q", got, tt.open)
			}
			// Spans paints exactly what Open opens.
			var b strings.Builder
			last := 0
			for _, s := range Spans(tt.template) {
				b.WriteString(tt.template[last:s[0]] + `"$` + tt.template[s[0]+2:s[1]-1] + `"`)
				last = s[1]
			}
			if b.WriteString(tt.template[last:]); b.String() != tt.open {
				t.Errorf("Spans %v paint %q, want %q", Spans(tt.template), b.String(), tt.open)
			}
			params := []Param{{Name: "HOME"}, {Name: "PATH"}, {Name: "_"}}
			values := map[string]string{"HOME": "v", "PATH": "v", "_": "v"}
			for _, name := range tt.params {
				params = append(params, Param{Name: name})
				values[name] = "v"
			}
			if got, bad := Fill(tt.template, params, values); got != tt.fill || len(bad) != 0 {
				t.Errorf("Fill = %q %v, want %q", got, bad, tt.fill)
			}
		})
	}
}
