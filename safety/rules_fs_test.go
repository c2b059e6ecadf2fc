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
		{"shred -u secret.txt", High, ""},
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
