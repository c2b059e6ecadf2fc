package safety

import "testing"

// TestHiddenCommandNames covers command words that hide the program: globs against $PATH directories,
// IFS reassigned or used as a separator, and substitutions whose output is the name.
func TestHiddenCommandNames(t *testing.T) {
	runRiskCases(t, []riskCase{
		// Globs in the command word or its directory.
		{"/bin/r? -rf /", Critical, "fs.rm-root"},
		{"/usr/bin/r[m] -rf ~", Critical, "fs.rm-home"},
		{"/b??/rm -rf /etc", Critical, "fs.rm-system"},
		{"/usr/*/rm -rf /", Critical, "fs.rm-root"},
		{"/???/??/s?red -n1 /dev/sda", High, "exec.hidden-name"},
		{"/usr/sbin/mkfs.e*4 /dev/sdb1", Critical, "disk.mkfs"},
		{"/usr/bin/r* -rf ~", Critical, "fs.rm-home"},
		{"cd /bin && ./r? -rf /", Critical, "fs.rm-root"},
		{"r? -rf /", High, "exec.hidden-name"},
		{"/opt/x/??? -rf /", High, "exec.hidden-name"},
		{"/bin/c?t notes.txt", Moderate, "exec.hidden-name"},
		// IFS reassigned, then a variable split into words.
		{"IFS=,; x=\"rm,-rf,/\"; $x", Critical, "fs.rm-root"},
		{"IFS=_; c=rm_-rf_~; $c", Critical, "fs.rm-home"},
		{"export IFS=:; set=rm:-rf:/etc; $set", Critical, "fs.rm-system"},
		{"IFS=$'\\n'; cmd=$'rm\\n-rf\\n/'; $cmd", Critical, "fs.rm-root"},
		// ${IFS} as a separator.
		{"rm${IFS}-rf${IFS}/", Critical, "fs.rm-root"},
		{"sudo${IFS}rm${IFS}-rf${IFS}~", Critical, "fs.rm-home"},
		{"{rm,-rf,/}", Critical, "fs.rm-root"},
		{"rm$IFS-rf$IFS/*", Critical, "fs.rm-root"},
		// A substitution yields the name.
		{"$(echo rm) -rf /", Critical, "fs.rm-root"},
		{"`printf 'r%s' m` -rf ~", Critical, "fs.rm-home"},
		{"$(printf '\\x72\\x6d') -rf /", Critical, "fs.rm-root"},
		{"$(printf '\\162\\155') -rf /", Critical, "fs.rm-root"},
		{"$(rev <<< mr) -rf /", Critical, "fs.rm-root"},
		{"$(echo zr | tr zr rm) -rf /", Critical, ""},
		{"$(echo 'xrxmx' | tr -d x) -rf /", Critical, "fs.rm-root"},
		{"c=$(which rm); $c -rf /", Critical, "fs.rm-root"},
		{"$(command -v dd) if=/dev/zero of=/dev/sda", Critical, "disk.dd-device"},
		{"\"$(echo r)m\" -rf /", Critical, "fs.rm-root"},
		{"$(echo cm0K | base64 -d) -rf /", Critical, "exec.decode-to-shell"},
		{"$(echo bWtmcy5leHQ0Cg== | base64 -d) /dev/sda", Critical, ""},
		{"$(cat cmd.txt) -rf /", High, "exec.dynamic-command"},
		{"$(cat cmd.txt) --version", Moderate, "exec.dynamic-command"},
		// Positional parameters, arrays, aliases and defaults that carry the name.
		{"x=/bin/r?; $x -rf /", Critical, "fs.rm-root"},
		{"set -- rm -rf /; \"$@\"", Critical, "fs.rm-root"},
		{"set -- rm -rf ~; $@", Critical, "fs.rm-home"},
		{"cmd=(rm -rf /); \"${cmd[@]}\"", Critical, "fs.rm-root"},
		{"a=(echo rm); ${a[1]} -rf /", Critical, "fs.rm-root"},
		{"alias x='rm -rf'; x /", Critical, "fs.rm-root"},
		{"${x:-rm} -rf /", Critical, "fs.rm-root"},
		{"sh -c '$0 -rf $1' rm /", Critical, "fs.rm-root"},
		{"bash -c 'rm -rf \"${1:-build}\"' _ ~", Critical, "fs.rm-home"},
		// Benign look-alikes stay below high.
		{"alias ll='ls -l'; ll ~", Safe, ""},
		{"alias rm='rm -i'; rm notes.txt", Moderate, ""},
		{"set -e; make", Safe, ""},
		{"files=(a.txt b.txt); cat \"${files[@]}\"", Safe, ""},
		{"rm -rf \"${out:-build}\"", Safe, ""},
		{"[ -f x ] && echo yes", Safe, ""},
		{"echo \"$IFS\" | od -c", Safe, ""},
		{"IFS=, read -r a b <<< 'x,y'", Safe, ""},
		{"while IFS= read -r l; do echo \"$l\"; done < f", Safe, ""},
		{"IFS=:; for d in $PATH; do ls \"$d\"; done", Safe, ""},
		{"$(which python3) -m venv .venv", Moderate, "exec.hidden-name"},
		{"ls /usr/bin/py*", Safe, ""},
		{"echo $(echo hi)", Safe, ""},
		{"rm -rf $(echo build)", Safe, ""},
		{"cd \"$(dirname \"$0\")\" && make", Safe, ""},
	})
}

// TestIFSSplitting checks that the walker splits unquoted expansions the way the shell would.
func TestIFSSplitting(t *testing.T) {
	opts := Options{Home: "/home/u"}
	tests := []struct{ cmd, want string }{
		{"IFS=,; x=a,b,c; echo $x", "echo a b c"},
		{"IFS=,; x=a,b,c; echo \"$x\"", "echo a,b,c"},
		{"x='a b'; IFS=; echo $x", "echo a b"},
		{"echo a${IFS}b", "echo a b"},
		{"echo \"a${IFS}b\"", "echo a \t\nb"},
		{"echo $(printf '%s-' a b c)", "echo a-b-c-"},
		{"echo $(basename /usr/bin/rm) $(dirname /etc/ssh/x)", "echo rm /etc/ssh"},
		{"echo $(whoami)", "echo u"},
	}
	for _, tc := range tests {
		calls, err := simpleCommands(tc.cmd, opts)
		if err != nil {
			t.Errorf("%s: %v", tc.cmd, err)
			continue
		}
		var last []call
		for _, c := range calls {
			if !c.InSubst && c.Name == "echo" {
				last = []call{c}
			}
		}
		if got := render(last); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.cmd, got, tc.want)
		}
	}
}
