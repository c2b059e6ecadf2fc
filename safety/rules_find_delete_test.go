package safety

import "testing"

// find -delete and find -exec rm {} delete the same files, and read the same: one rule, one level, one
// message, wherever find searches and however it filters.
func TestFindDeleteAndExecRmAgree(t *testing.T) {
	for _, search := range []string{
		"find . -name '*.tmp'",
		"find .",
		"find / -name '*.tmp'",
		"find ~ -name '*.log'",
		"find /var/log -type f -mtime +30",
		"find build",
		"find /etc",
		"find src -type f -size +10M",
		"find $DIR -name '*.o'",
	} {
		del := Check(search+" -delete", Options{Shell: "bash", Home: "/home/u"})
		for _, exec := range []string{search + ` -exec rm {} \;`, search + " -exec rm -f {} +"} {
			rm := Check(exec, Options{Shell: "bash", Home: "/home/u"})
			if rm.Risk != del.Risk || len(rm.Findings) != len(del.Findings) {
				t.Errorf("%q: %v %v\n%q: %v %v", search+" -delete", del.Risk, del.Findings, exec, rm.Risk, rm.Findings)
				continue
			}
			for i := range rm.Findings {
				if a, b := rm.Findings[i], del.Findings[i]; a.Rule != b.Rule || a.Risk != b.Risk || a.Message != b.Message {
					t.Errorf("%q: %+v\n%q: %+v", exec, a, search+" -delete", b)
				}
			}
		}
	}
}
