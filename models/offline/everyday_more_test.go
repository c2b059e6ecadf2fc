package offline

import (
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// everydayMore are more everyday requests, the way people type them, across the utilities the engine
// knows: cleaning build folders, listing, line ranges, columns, archives, disk usage and ownership.
var everydayMore = []struct {
	prompt string
	want   []string
}{
	{"delete all node_modules folders under here", []string{"find . -type d -name 'node_modules' -prune -exec rm -rf {} +"}},
	{"remove every __pycache__ folder", []string{"find . -type d -name '__pycache__' -prune -exec rm -rf {} +"}},
	{"delete all .git folders in projects", []string{"find projects -type d -name '.git' -prune -exec rm -rf {} +"}},
	{"delete all .log files older than 30 days", []string{`find . -name '*.log' -mtime +30 -exec rm {} \;`, "find . -name '*.log' -mtime +30 -delete"}},
	{"remove all .tmp files in build", []string{`find build -name '*.tmp' -exec rm {} \;`, "find build -name '*.tmp' -delete"}},
	{"delete files larger than 1gb in downloads", []string{`find downloads -size +1G -exec rm {} \;`, `find downloads -type f -size +1G -exec rm {} \;`}},
	{"move all pdf files to docs", []string{`find . -name '*.pdf' -exec mv {} docs \;`, "mv *.pdf docs"}},
	{"show hidden files in /etc", []string{"ls -a /etc", "ls -la /etc"}},
	{"list files in src sorted by size", []string{"ls -lS src"}},
	{"whats in /var/log", []string{"ls /var/log", "ls -l /var/log"}},
	{"list the contents of /var/log with details", []string{"ls -l /var/log"}},
	{"show line 7 of notes.txt", []string{"sed -n '7p' notes.txt"}},
	{"print lines 5 through 9 of app.log", []string{"sed -n '5,9p' app.log"}},
	{"get the third field of /etc/passwd", []string{"cut -d ':' -f 3 /etc/passwd"}},
	{"make a tarball of docs", []string{"tar -czvf docs.tar.gz docs"}},
	{"make a tar.bz2 of the logs folder", []string{"tar -cjvf logs.tar.bz2 logs"}},
	{"whats taking up space in /var", []string{"du -h /var --max-depth=1 | sort -rh | head -n 10"}},
	{"what is eating my disk space", []string{"du -h . --max-depth=1 | sort -rh | head -n 10"}},
	{"size of each folder in /home", []string{"du -sh /home/*"}},
	{"change the owner of /var/www to nginx", []string{"chown nginx /var/www", "chown -R nginx /var/www"}},
	{"change the ownership of the uploads folder to www-data recursively", []string{"chown -R www-data uploads"}},
	{"find all .gitignore files", []string{"find . -name '.gitignore'"}},
	{"find .env files under src", []string{"find src -name '.env'"}},
	{"count files in src", []string{"find src -type f | wc -l"}},
	{"chmod 755 all directories in public", []string{`find public -type d -exec chmod 755 {} \;`}},
	{"rename all txt files to md", []string{`for f in *.txt; do mv -- "$f" "${f%.txt}.md"; done`}},
	{"change the extension of all .htm files to .html", []string{`for f in *.htm; do mv -- "$f" "${f%.htm}.html"; done`}},
	{"find files older than 7 days in logs", []string{"find logs -mtime +7", "find logs -type f -mtime +7"}},
}

func TestEverydayMore(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayMore {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}

// everydayDeletes are requests to delete, move or change files that name which ones; some name them in
// ways the engine may not understand. Whatever it answers, best guess or alternative, a find that
// deletes, moves or changes what it finds must keep a test that narrows the tree: losing the name of
// "node_modules" must never turn into deleting every directory.
var everydayDeletes = []string{
	"delete all node_modules folders under here",
	"remove every __pycache__ folder",
	"delete the frobnicated folders",
	"remove all the quux directories below src",
	"delete old backup files",
	"delete the stale lock files in tmp",
	"remove all files called foo in src",
	"clean up the generated protobuf files",
	"delete all the zorp files recursively",
	"chmod 600 the ssh keys in home",
	"move the blurry photos to trash",
	"chown the uploaded files to www-data",
	"remove files with no owner",
	"delete .DS_Store files everywhere",
	"wipe the cache folders",
}

// findNarrows are the find tests that select some files rather than all of them.
var findNarrows = []string{"-name", "-iname", "-path", "-ipath", "-regex", "-size", "-mtime", "-mmin", "-atime", "-amin",
	"-ctime", "-cmin", "-newer", "-user", "-group", "-perm", "-empty", "-nouser", "-nogroup", "-inum", "-samefile",
	"-wholename"}

func TestEverydayDeletesKeepTheirTarget(t *testing.T) {
	e := fullEngine(t) // recalled alternatives must keep their target too
	for _, prompt := range everydayDeletes {
		t.Run(prompt, func(t *testing.T) {
			for _, r := range e.Candidates(models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, 5) {
				if !strings.HasPrefix(r.Command, "find ") || !destroys(r.Command) {
					continue
				}
				narrowed := false
				for _, f := range strings.Fields(r.Command) {
					narrowed = narrowed || contains(findNarrows, f)
				}
				if !narrowed {
					t.Errorf("%q: %q (confidence %.2f) acts on the whole tree", prompt, r.Command, r.Confidence)
				}
			}
		})
	}
}

func destroys(cmd string) bool {
	for _, a := range []string{"-delete", "rm ", "rm -", "mv ", "chmod ", "chown ", "chgrp ", "shred", "sed -i"} {
		if strings.Contains(cmd, a) {
			return true
		}
	}
	return false
}
