package offline

import (
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// everydayRound15 are requests of the fifteenth round's sets that were refused or wrong at first sight
// (eval/everyday/round15), and their kin; the last group keeps NL2Bash's descriptions from the readings
// these added.
var everydayRound15 = []struct {
	prompt string
	want   []string
}{
	// Wrong at first sight.
	{"download https://example.com/files/report.pdf into the current directory", []string{"wget https://example.com/files/report.pdf"}},
	{"download https://x.com/a.tar.gz and save it as b.tar.gz", []string{"curl -o b.tar.gz https://x.com/a.tar.gz"}},
	{"just cloned a node project and I want exactly what's in package-lock.json installed, clean", []string{"npm ci"}},
	{"ugh node_modules is messed up again, wipe it and reinstall clean from the lockfile", []string{"npm ci", "rm -rf node_modules && npm ci"}},
	{"reinstall node_modules from scratch", []string{"rm -rf node_modules && npm install"}},
	{"list the cron jobs of user www-data", []string{"sudo crontab -u www-data -l"}},
	{"list my cron jobs", []string{"crontab -l"}},
	{"changed the gunicorn config and don't want downtime. the master pid is in /run/gunicorn.pid, send it a HUP", []string{"kill -HUP $(cat /run/gunicorn.pid)"}},
	{"show who last changed each line of src/auth.py", []string{"git blame src/auth.py"}},
	{"reverse each line of list.txt", []string{"rev list.txt"}},
	{"stop and remove the compose services along with their volumes", []string{"docker compose down -v"}},
	{"install nginx on a fedora box", []string{"sudo dnf install nginx"}},
	{"install the package jq", []string{"sudo apt install jq"}},
	{"setting up this python project on my new laptop, install everything from requirements.txt", []string{"pip install -r requirements.txt"}},
	{"print each directory in PATH on its own line", []string{`echo "$PATH" | tr ':' '\n'`}},
	{"pretty sure I'm connected to the wrong box, list all the databases on the local postgres server", []string{"psql -l"}},
	{"connect to the postgres database shop as user admin", []string{"psql -U admin -d shop"}},
	// Refused at first sight.
	{"make a gzipped tarball of the project directory called project.tar.gz", []string{"tar -czvf project.tar.gz project"}},
	{"someone sent me backup.tar.gz and i just want to peek at what's inside without extracting anything", []string{"tar -tzvf backup.tar.gz"}},
	{"docker compose up keeps failing with 'port 5432 is already allocated'. what's listening on 5432?", []string{"lsof -i :5432"}},
	{"which port does nginx listen on", []string{"ss -ltnp | grep nginx"}},
	{"need to push the uploads folder to the staging box (deploy@staging.example.com) into /var/www/uploads, keeping permissions and only sending what changed", []string{"rsync -avz uploads deploy@staging.example.com:/var/www/uploads"}},
	{"I've been committing on feature/login for a while, which files are different between it and main?", []string{"git diff --name-only feature/login main"}},
	{"what's actually different between main and my branch feature-x", []string{"git diff main feature-x"}},
}

func TestEverydayRound15(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound15 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	// Folders that differ are no git branches, and a search that also prints is no git diff.
	for _, prompt := range []string{"Print which files differ between dir1 and dir2.",
		"Search for 'DOGS' in all files with '.txt' extension under ~/documents and also print the file name"} {
		if c := e.Candidates(models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, 1); len(c) > 0 && Offered(c[0]) && strings.HasPrefix(c[0].Command, "git ") {
			t.Errorf("%q offers %q", prompt, c[0].Command)
		}
	}
}
