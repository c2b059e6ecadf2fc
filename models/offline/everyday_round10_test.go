package offline

import "testing"

// everydayRound10 are wrong answers of the tenth round's sets at first sight (eval/everyday/round10)
// and their kin: each was given with confidence and wrong.
var everydayRound10 = []struct {
	prompt string
	want   []string
}{
	{"i want to wipe my crontab completely, every job gone", []string{"crontab -r"}},
	{"purge apache2", []string{"sudo apt purge apache2"}},
	{"i keep having to type my password for build01, set up key login for erin there", []string{"ssh-copy-id build01"}},
	{"change my password", []string{"passwd"}},
	{"i've got emails.txt and it's full of duplicates, can you give me just the unique ones, sorted?", []string{"sort -u emails.txt"}},
	{"find duplicate files in ~/photos", []string{"find ~/photos -type f -exec md5sum {} + | sort | uniq -w32 -dD"}},
	{"enable docker so it starts on boot and start it now", []string{"sudo systemctl enable --now docker"}},
	{"hey i scanned page1.png page2.png page3.png, can you stitch them into one scan.pdf", []string{"convert page1.png page2.png page3.png scan.pdf"}},
	{"merge a.pdf and b.pdf into c.pdf", []string{"pdfunite a.pdf b.pdf c.pdf"}},
	{"how do i add ~/.local/bin to my PATH permanantly? i use bash", []string{`echo 'export PATH="$PATH:$HOME/.local/bin"' >> ~/.bashrc`}},
	{"add ~/bin to my path", []string{`export PATH="$PATH:~/bin"`}},
	{"unzip every .gz file in this folder", []string{"gunzip *.gz"}},
	{"forward my local port 5433 to port 5432 on db01 over ssh so i can hit the database", []string{"ssh -L 5433:localhost:5432 db01"}},
	{"call the api at https://x.y/z", []string{"curl https://x.y/z"}},
	{"so app.log is massive, just show me the last 50 lines and keep watching for new ones", []string{"tail -n 50 -f app.log"}},
	{"show the full command line of process 3120", []string{"ps -p 3120 -o args="}},
	{"show the process tree", []string{"pstree"}},
	{"list just the names of files i've modified but not staged", []string{"git diff --name-only"}},
	{"pull the latest changes and rebase my local commits on top", []string{"git pull --rebase"}},
	{"real quick, stop and remove everything from the compose file, volumes too", []string{"docker compose down -v"}},
	{"stop the compose stack", []string{"docker compose down"}},
	// A replacement said the other way round: what is there first, then what it becomes.
	{`in settings.py every "DEBUG = True" should be changed to "DEBUG = False"`, []string{"sed -i 's/DEBUG = True/DEBUG = False/g' settings.py"}},
	{`change every "DEBUG = True" to "DEBUG = False" in settings.py`, []string{"sed -i 's/DEBUG = True/DEBUG = False/g' settings.py"}},
	{"change to the /tmp directory", []string{"cd /tmp"}},
}

func TestEverydayRound10(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound10 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}
