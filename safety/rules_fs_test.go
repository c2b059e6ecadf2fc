package safety

import "testing"

// TestFilesystemRules covers deleting and overwriting files.
func TestFilesystemRules(t *testing.T) {
	runRiskCases(t, []riskCase{
		{"rm -rf /{bin,etc}", Critical, ""},
		{"rm -rf \"$DIR\"/", High, ""},
		{"rm -rf $(cat list)", High, ""},
		{"rm -rf \"$STEAMROOT/\"*", Critical, ""},
		{"rm -rf /$X", Critical, ""},
		{"rm -f *.pyc", Safe, ""},
		{"rm -rf .cache /tmp/xyz target", Safe, ""},
		{"rm notes.txt", Moderate, ""},
		{"rm -rf olddir", High, ""},
		{"rm -rf .git", High, ""},
		{"rm -rf ~/.ssh", High, "fs.rm-credentials"},
		{"shred -u secret.txt", Moderate, "fs.shred"},
		{"find / -delete", Critical, ""},
		{"find . -name '*.pyc' -delete", Safe, ""},
		{"mv x /dev/null", High, ""},
		{"rm -rf / \"", Critical, "parse-error"},
		// A cd moves what follows only in its own shell: not out of ( … ), $( … ) or a pipeline stage.
		{"cd / && rm -rf *", Critical, "fs.rm-root"},
		{"(cd / && ls); rm -rf *", High, ""},
		{"(cd /tmp && ls); rm -rf *", High, ""},
		{"echo $(cd /tmp); rm -rf *", High, ""},
		{"cd /tmp | cat; rm -rf *", High, ""},
		{"(cd / && rm -rf *)", Critical, "fs.rm-root"},
	})
}

// TestFindSelectsWhatItDeletes: find's tests narrow what -exec rm deletes, and the finding says so
// rather than claiming every file goes.
func TestFindSelectsWhatItDeletes(t *testing.T) {
	for cmd, want := range map[string]struct {
		risk Risk
		msg  string
	}{
		`find . -size +100M -exec rm {} \;`:   {Moderate, "deletes the files that find selects under the current directory"},
		`find . -mtime +7 -exec rm -rf {} \;`: {High, "deletes what find selects under the current directory, directories with everything in them"},
		`find . -exec rm {} \;`:               {High, "deletes everything in the current directory recursively"},
		`rm *`:                                {Moderate, "deletes every file in the current directory"},
	} {
		v := Check(cmd, Options{})
		if v.Risk != want.risk {
			t.Errorf("%s: risk %s, want %s", cmd, v.Risk, want.risk)
		}
		found := false
		for _, f := range v.Findings {
			found = found || f.Message == want.msg
		}
		if !found {
			t.Errorf("%s: findings %+v lack %q", cmd, v.Findings, want.msg)
		}
	}
}
