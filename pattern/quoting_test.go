package pattern

import (
	"os/exec"
	"strings"
	"testing"
)

// A value is quoted for where its placeholder stands: a bare word, inside "…" or inside '…'. Whatever
// the value, the shell reads exactly it there, and the template's own quotes still pair up.
func TestFillRespectsQuotingContext(t *testing.T) {
	params := []Param{{Name: "since", Type: TypeString}}
	for _, tc := range []struct{ tmpl, since, want string }{
		{`git log --since "${since}"`, "2 days ago", `git log --since "2 days ago"`},
		{`git log --since ${since}`, "2 days ago", `git log --since '2 days ago'`},
		{`git log --since '${since}'`, "2 days ago", `git log --since '2 days ago'`},
		{`echo "since ${since} here"`, `a "quoted" $HOME \ ` + "`cmd`", `echo "since a \"quoted\" \$HOME \\ \` + "`cmd\\`" + ` here"`},
		{`echo '${since}'`, "it's", `echo 'it'\''s'`},
		{`echo \"${since}`, "a b", `echo \"'a b'`},
		{`echo "it's ${since}"`, "x y", `echo "it's x y"`},
	} {
		got, bad := Fill(tc.tmpl, params, map[string]string{"since": tc.since})
		if len(bad) != 0 || got != tc.want {
			t.Errorf("Fill(%s, since=%q) = %s, want %s", tc.tmpl, tc.since, got, tc.want)
		}
	}
}

// The shell itself reads back each value, in each context, exactly as given.
func TestFillQuotingRoundTrip(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatal("bash is needed to read the filled commands back")
	}
	params := []Param{{Name: "v", Type: TypeString}}
	for _, value := range []string{"2 days ago", `it's`, `a "b" c`, `$HOME`, "`id`", `back\slash`, `!bang`, `'` + `"` + `$(x)`} {
		for _, tmpl := range []string{`printf %s ${v}`, `printf %s "${v}"`, `printf %s '${v}'`, `printf %s "<${v}>"`} {
			cmd, bad := Fill(tmpl, params, map[string]string{"v": value})
			if len(bad) != 0 {
				t.Fatalf("%v", bad)
			}
			out, err := exec.Command("bash", "-c", cmd).Output()
			want := value
			if strings.Contains(tmpl, "<") {
				want = "<" + value + ">"
			}
			if err != nil || string(out) != want {
				t.Errorf("%s with %q: bash read %q (%v), want %q", tmpl, value, out, err, want)
			}
		}
	}
}
