package safety

import "testing"

// find ROOT -exec chmod/chown … {} changes what find selects under ROOT, as chmod -R and chown -R do:
// the same level, wherever find searches.
func TestFindExecChangesLikeRecursive(t *testing.T) {
	for _, tc := range []struct{ find, recursive string }{
		{`find /etc -exec chmod 755 {} \;`, "chmod -R 755 /etc"},
		{`find /etc -type f -exec chmod 644 {} +`, "chmod -R 644 /etc"},
		{`find / -exec chown me {} +`, "chown -R me /"},
		{`find /usr -exec chown me {} \;`, "chown -R me /usr"},
		{`find . -type f -exec chmod 644 {} +`, "chmod -R 644 ."},
		{`find ~ -exec chmod 777 {} +`, "chmod -R 777 ~"},
	} {
		f := Check(tc.find, Options{Shell: "bash", Home: "/home/u"})
		r := Check(tc.recursive, Options{Shell: "bash", Home: "/home/u"})
		if f.Risk != r.Risk {
			t.Errorf("%q is %v %v; %q is %v", tc.find, f.Risk, f.Findings, tc.recursive, r.Risk)
		}
	}
}
