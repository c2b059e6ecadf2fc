package offline

import "testing"

// everydayRound28 are requests of the twenty-eighth round's chatty set that were refused or wrong at
// first sight (eval/everyday/round28), and their kin.
var everydayRound28 = []struct {
	prompt string
	want   []string
}{
	{"I've got a file of email addresses (emails.txt) with lots of duplicates in no particular order. Could you give me the unique ones, sorted? (overwriting the file is fine)", []string{"sort -u emails.txt", "sort emails.txt | uniq"}},
	{"On my mac I'd like to upgrade everything homebrew has installed. Is there one command for that? (not too worried about breakage)", []string{"brew update && brew upgrade", "brew upgrade"}},
	{"We just dropped a new unit file for the worker into /etc/systemd/system. What do I run so systemd notices it, and then enable and start worker.service?", []string{"sudo systemctl daemon-reload && sudo systemctl enable --now worker"}},
	{"Someone left a bunch of TODOs in the codebase and I want to tally them up. How many lines under src/ contain TODO, roughly?", []string{"grep -r 'TODO' src/ | wc -l"}},
	{"how many lines under lib/ mention FIXME", []string{"grep -r 'FIXME' lib/ | wc -l"}},
	{"Redis on cache01 seems to be using way more memory than I expected. How do I check its memory stats?", []string{"redis-cli -h cache01 info memory"}},
	{"show me the redis memory stats", []string{"redis-cli info memory"}},
	{"Before I delete old branches I'd like to know which local ones are already merged into main. Can you list those?", []string{"git branch --merged main"}},
	{"I have a small sqlite file (metrics.db) and just want a quick count of rows in the events tabel, nothing fancy.", []string{"sqlite3 metrics.db 'SELECT COUNT(*) FROM events;'"}},
	{"how many rows are in the users table of the sqlite database app.db", []string{"sqlite3 app.db 'SELECT COUNT(*) FROM users;'"}},
	{"We're sunsetting the old analytics db. Before I drop anything, could you show me the tables in the mysql database analytics?", []string{"mysql -e 'SHOW TABLES' analytics"}},
	{"I downloaded release.zip but I'm not sure what's in it and don't want to extract it yet. Can I just list the contents?", []string{"unzip -l release.zip"}},
	{"restart nginx instead of reloading it", []string{"sudo systemctl restart nginx"}},
	{"count requests per IP in access.log, most first", []string{"awk '{print $1}' access.log | sort | uniq -c | sort -rn"}},
	{"I think I started a long rsync in another terminal and lost track of it. Is it still running? (I just need the pid)", []string{"pgrep rsync"}},
	{"convert all the .png files here to .jpg", []string{"mogrify -format jpg *.png"}},
	{"There's a folder of screenshots in png and the wiki only likes jpg (don't ask). Can you convert all the .png files here to .jpg?", []string{"mogrify -format jpg *.png"}},
	{"is there a way to see all keys in redis matching session:*?", []string{"redis-cli --scan --pattern 'session:*'"}},
}

func TestEverydayRound28(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound28 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		{"Our config templates still say staging.example.com all over the conf/ dir. Can you swap it for prod.example.com in every file in there? (recursively, please)", "free -h"},
		{"Before I delete old branches I'd like to know which local ones are already merged into main. Can you list those?", "git branch -d Before"},
		{"can you tell me how many lines all the python files here have together", "grep -r 'total' . | wc -l"},
		{"I'm trying to figure out why the nightly job failed. Could you show me the journal for backup.service since yesterday?", "jobs"},
		{"We're handing the docs folder over to the client. Could you make a tar.gz of docs/ called docs-2024.tar.gz?", "sudo chown -R USER:USER docs"},
	})
}
