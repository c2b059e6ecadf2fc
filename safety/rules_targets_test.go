package safety

import "testing"

// TestHiddenTargets covers targets a reader cannot see at a glance: parents of home, chains of .. that
// climb to /, operators on known variables, decoding pipelines in arguments, and shell functions called
// with a dangerous argument.
func TestHiddenTargets(t *testing.T) {
	runRiskCases(t, []riskCase{
		// Parents of home and .. chains.
		{"rm -rf ~/..", Critical, "fs.rm-home"},
		{"rm -rf $HOME/../..", Critical, "fs.rm-root"},
		{"rm -rf ../../../../../../..", Critical, "fs.rm-root"},
		{"rm -rf ../../../etc", Critical, "fs.rm-system"},
		{"cd ../../../../../.. && rm -rf *", Critical, "fs.rm-root"},
		{"cd ~/../.. ; rm -rf ./*", Critical, "fs.rm-root"},
		{"rm -rf /usr/local/../../", Critical, "fs.rm-root"},
		// Operators on known variables.
		{"rm -rf \"${HOME%/*}\"", Critical, "fs.rm-home"},
		{"rm -rf ${HOME%%/u}", Critical, "fs.rm-home"},
		{"rm -rf ${HOME:0:1}", Critical, "fs.rm-root"},
		{"rm -rf ${HOME::-2}", Critical, "fs.rm-home"},
		{"rm -rf ${HOME/#\\/home\\/u/\\/}", Critical, "fs.rm-root"},
		{"rm -rf ${HOME//u/}", Critical, "fs.rm-home"},
		{"rm -rf \"${HOME#/home}\"", High, ""},
		{"rm -rf /home/${USER}", Critical, "fs.rm-home"},
		{"rm -rf /home/${USER,,}/", Critical, "fs.rm-home"},
		{"rm -rf ${PWD%%/*}/", Critical, "fs.rm-root"},
		{"rm -rf \"${PWD%/*}\"", High, "fs.rm-dynamic"},
		{"cd /etc/ssh && rm -rf \"${PWD%/*}\"", Critical, "fs.rm-system"},
		{"d=/var/lib; rm -rf ${d%/lib}", Critical, "fs.rm-system"},
		{"x=/tmp/build; rm -rf ${x:+/}", Critical, "fs.rm-root"},
		// Decoding pipelines in arguments.
		{"rm -rf $(echo Lwo= | base64 -d)", Critical, "fs.rm-root"},
		{"rm -rf \"$(base64 -d <<< L2hvbWUvdQ==)\"", Critical, "fs.rm-home"},
		{"rm -rf \"$(printf '\\x2f\\x65\\x74\\x63')\"", Critical, "fs.rm-system"},
		{"rm -rf $(printf %b '\\057')", Critical, "fs.rm-root"},
		{"rm -rf $(echo 2f | xxd -r -p)", Critical, "fs.rm-root"},
		{"rm -rf \"$(echo 'cte/' | rev)\"", Critical, "fs.rm-system"},
		{"chmod -R 777 $(echo Lw== | base64 -d)", Critical, "perm.chmod-system"},
		{"rm -rf $(cd ~ && pwd)", Critical, "fs.rm-home"},
		// Functions defined on the line and called with a dangerous argument.
		{"f(){ rm -rf \"$1\"; }; f /", Critical, "fs.rm-root"},
		{"nuke() { rm -rf \"$@\"; }; nuke /tmp/x ~", Critical, "fs.rm-home"},
		{"function wipe { dd if=/dev/zero of=$1; }; wipe /dev/sda", Critical, "disk.dd-device"},
		{"clean(){ rm -rf $1/*; }; clean", Critical, "fs.rm-root"},
		{"g(){ rm -rf \"$2\"; }; g x /etc", Critical, "fs.rm-system"},
		// /tmp paths that hold $HOME are not scratch.
		{"rm -rf /tmp/$HOME", High, "fs.rm-recursive"},
		{"rm -rf \"/tmp/${HOME}/\"", High, "fs.rm-recursive"},
		{"rm -rf /tmp/..$HOME", Critical, "fs.rm-home"},
		// Benign look-alikes.
		{"f(){ rm -rf \"$1\"; }; f build", Safe, ""},
		{"f(){ rm -rf \"$1\"; }; f /tmp/scratch", Safe, ""},
		{"mk(){ mkdir -p \"$1\" && cd \"$1\"; }; mk proj", Safe, ""},
		{"rm -rf \"${TMPDIR:-/tmp}/cache\"", Safe, ""},
		{"echo ${HOME%/*}", Safe, ""},
		{"ls ../../..", Safe, ""},
		{"cd ../.. && ls", Safe, ""},
		{"rm -rf ../build", Safe, ""},
		{"rm -rf /tmp/$USER-cache", Safe, ""},
		{"rm -f \"${file%.txt}.bak\"", Moderate, ""},
		{"cp $(echo a.txt) b.txt", Safe, ""},
	})
}

// TestShellPatterns checks the pattern matching behind ${x#…}, ${x%…} and ${x/…/…}.
func TestShellPatterns(t *testing.T) {
	tests := []struct {
		pat, s string
		want   bool
	}{
		{"*", "/home/u", true},
		{"/*", "/home/u", true},
		{"/h*e", "/home", true},
		{"?", "ab", false},
		{"[a-c]x", "bx", true},
		{"[!a-c]x", "bx", false},
		{"\\*", "*", true},
		{"*.txt", "a/b.txt", true},
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "aXbY", false},
	}
	for _, tc := range tests {
		if got := shellMatch(tc.pat, tc.s); got != tc.want {
			t.Errorf("shellMatch(%q, %q) = %v, want %v", tc.pat, tc.s, got, tc.want)
		}
	}
	if got := removeMatch("/home/u/x", "/*", false, false); got != "/home/u" {
		t.Errorf("${x%%/*} = %q", got)
	}
	if got := removeMatch("/home/u/x", "/*", false, true); got != "" {
		t.Errorf("${x%%%%/*} = %q", got)
	}
	if got := removeMatch("/home/u/x", "*/", true, true); got != "x" {
		t.Errorf("${x##*/} = %q", got)
	}
}
