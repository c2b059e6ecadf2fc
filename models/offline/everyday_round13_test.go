package offline

import (
	"testing"

	"github.com/cmdai/cmdai/models"
)

// everydayRound13 are requests of the thirteenth round's sets that were refused or wrong at first sight
// (eval/everyday/round13), and their kin: most tell a scene before they ask.
var everydayRound13 = []struct {
	prompt string
	want   []string
}{
	// Scenes: a past tense, a state a few words in, a report ("says ..."), a question after "can u".
	{"dev server won't start, says address already in use on 5000. what's holding that port?", []string{"lsof -i :5000"}},
	{"disk graph just spiked, what are the 10 biggest directories directly under /var", []string{"du -h /var --max-depth=1 | sort -rh | head -n 10"}},
	{"just pushed something dumb, can i see the last 5 commits one line each so i can find it", []string{"git log --oneline -n 5"}},
	{"got a folder of pngs in ./screens and the client wants jpgs instead, convert them all", []string{"mogrify -format jpg ./screens/*.png"}},
	{"convert every webp in photos/ to png", []string{"mogrify -format png photos/*.webp"}},
	{"before i hand this iso over to the client can u give me the md5 of installer.iso", []string{"md5sum installer.iso"}},
	{"seeing loads of failed ssh attempts in auth.log, who's actually logged into this box recently", []string{"last"}},
	{"the web container is acting weird, can i get a shell inside it to poke around? it's named web", []string{"docker exec -it web sh"}},
	{"i think the nightly cron job isnt firing, can you show me todays cron activity from the logs", []string{"journalctl -u cron --since today"}},
	{"setting up a new laptop and want to double check, show me my env vars that have AWS in the name", []string{"env | grep 'AWS'"}},
	{"show the environment variable HOME", []string{`echo "$HOME"`}},
	// Names of things: a branch with a slash and its start, the unit to restart, a service before its
	// word, a host whose key changed, a file in a git request that reads like a host.
	{"i never remember this one, how do i make a new branch release/2.4 off develop and hop onto it", []string{"git checkout -b release/2.4 develop"}},
	{"make a new branch hotfix/login from main", []string{"git checkout -b hotfix/login main"}},
	{"create a branch called feature-x", []string{"git checkout -b feature-x"}},
	{"i just edited the unit file for myapp, reload systemd so it picks that up and then restart myapp", []string{"sudo systemctl daemon-reload && sudo systemctl restart myapp"}},
	{"can i watch the myapp service logs live as they come in?", []string{"journalctl -u myapp -f"}},
	{"we rebuilt build01 and now ssh refuses to connect because the host key changed, how do i clear the old key", []string{"ssh-keygen -R build01"}},
	{"i accidently staged config.local, how do i unstage it without losing my edits", []string{"git restore --staged config.local"}},
	{"forward local port 8080 to port 80 of pod web-1", []string{"kubectl port-forward web-1 8080:80"}},
	// Where things go and what they keep.
	{"so postgres on db.internal only listens on localhost, can you forward my local 5433 to its 5432 over ssh", []string{"ssh -L 5433:localhost:5432 db.internal"}},
	{"thinking of backing up my ~/photos folder to the nas (nas.local, under /backup), keep perms and only copy what changed", []string{"rsync -avz ~/photos nas.local:/backup"}},
	{"the export in sales.csv has a header row and i only care about the 3rd column, can you pull that out minus the header", []string{"tail -n +2 sales.csv | cut -d ',' -f 3"}},
	{"print sales.csv without the header", []string{"tail -n +2 sales.csv"}},
	{"want the backup script /opt/scripts/backup.sh to run every night at 2:30, add it to my crontab without opening an editor", []string{`(crontab -l 2>/dev/null; echo "30 2 * * * /opt/scripts/backup.sh") | crontab -`}},
	// Wrong or refused before: a gif from frames is no format change; "which ones" asks no path.
	{"how mnay .jpg files are there in ~/pictures, subfolders included?", []string{"find ~/pictures -name '*.jpg' | wc -l"}},
}

func TestEverydayRound13(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound13 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	for _, prompt := range []string{"make a gif from frames frame*.png", "inventory.json is a list of products, which ones have stock 0? just the names"} {
		if c := e.Candidates(models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, 1); len(c) > 0 && Offered(c[0]) && (c[0].Command == "which products" || c[0].Command == "mogrify -format gif frame*.png") {
			t.Errorf("%q offers %q", prompt, c[0].Command)
		}
	}
}
