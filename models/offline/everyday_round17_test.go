package offline

import "testing"

// everydayRound17 are requests of the seventeenth round's sets that were refused or wrong at first
// sight (eval/everyday/round17), and their kin.
var everydayRound17 = []struct {
	prompt string
	want   []string
}{
	{"the server's been sluggish all afternoon, i just want to see what's eating the cpu right now, sorted", []string{"ps aux --sort=-%cpu | head -n 10"}},
	{"I keep forgetting this — how do I see what's in my crontab right now?", []string{"crontab -l"}},
	{"I've got a mysterious file called blob.bin and no idea what it is, what would tell me the type?", []string{"file blob.bin"}},
	{"find the file called notes.txt", []string{"find . -name 'notes.txt'"}},
	{"the release page ships a SHA256SUMS file, could you verify the stuff I downloaded against it?", []string{"sha256sum -c SHA256SUMS"}},
	{"my teammate sent me a tarball called release-3.2.tar.gz and before extracting anything I'd like to peek at what's inside", []string{"tar -tzvf release-3.2.tar.gz"}},
	{"honestly the windows people can't open tarballs, so I need ~/notes as a real notes.zip", []string{"zip -r notes.zip ~/notes"}},
	{"unpack archive.zip", []string{"unzip archive.zip"}},
	{"give me the sha256 of release.zip", []string{"sha256sum release.zip"}},
	{"I'm writing up an incident report and need the exact times this machine rebooted recently, is there a command for that?", []string{"last reboot"}},
	{"my coworker says she pushed a branch called feature/billing-v2 but I don't see it locally. how do i get it and switch to it", []string{"git fetch origin && git switch feature/billing-v2"}},
	{"switch to branch develop", []string{"git checkout develop"}},
	{"teh deploy failed halfway and now the checkout-svc deployment in prod is stuck on a bad version. I think I just need to roll it back to the previous one?", []string{"kubectl rollout undo deployment/checkout-svc -n prod"}},
	{"undo the last deployment of api", []string{"kubectl rollout undo deployment/api"}},
	{"we're onboarding a contractor, make a user called jsmith with a home directory and bash as the shell please", []string{"sudo useradd -m -s /bin/bash jsmith"}},
	{"change my shell to zsh", []string{`chsh -s "$(command -v zsh)"`}},
	{"i'm debugging some flaky tests and I think a proxy setting is leaking in. what's set in my environment with PROXY in the name?", []string{"env | grep 'PROXY'"}},
	{"our CI box keeps running out of space and I suspect old docker images piling up, could you clean out all the unused ones? not just dangling", []string{"docker image prune -a"}},
	{"remove dangling docker images", []string{"docker image prune"}},
	{"before I hand my key over, the ops folks want the fingerprint of ~/.ssh/id_ed25519.pub. how do I get that?", []string{"ssh-keygen -lf ~/.ssh/id_ed25519.pub"}},
	{"someone said redis on db02 port 6379 is wide open — from my machine can i check whether it's even reachable?", []string{"nc -zv db02 6379"}},
	{"open redis cli", []string{"redis-cli"}},
	{"there's a CSV export, sales.csv, with a header row. how many actual data rows are there, not counting the header?", []string{"tail -n +2 sales.csv | wc -l"}},
	{"i need to search a bunch of rotated gzipped logs, /var/log/syslog.*.gz, for \"Out of memory\" whithout unzipping them all", []string{"zgrep 'Out of memory' /var/log/syslog.*.gz"}},
	{"I think our DNS change hasn't propagated yet. what does google's resolver say shop.example.com points to right now?", []string{"dig @8.8.8.8 shop.example.com"}},
	{"we're about to kick off a data migration and I want to see memory and cpu for all the running containers right now, just a snapshot, not the live updating view", []string{"docker stats --no-stream"}},
	{"show docker stats", []string{"docker stats"}},
	{"how long has this machine been up", []string{"uptime"}},
	// Round fourteen's and fifteen's chatty sets, after the seventeenth round.
	{"i'm debugging a webhook thing and want to see the response headers from https://api.stripe.com/v1/charges, don't care about the body at all", []string{"curl -I https://api.stripe.com/v1/charges"}},
	{"i'm writing release notes and need today's date as YYYY-MM-DD for the filename", []string{"date +%Y-%m-%d", "date +%F"}},
	{"a vendor sent us data.tar.xz and before extracting anything i'd like to peek at what's inside it. is that possible?", []string{"tar -tJvf data.tar.xz"}},
	{"run long_job.sh in the background so it keeps going after I log out", []string{"nohup ./long_job.sh &"}},
	{"before I fire up the dev server I want to check which ports are already listening on this machine", []string{"ss -tulpn"}},
	{"when i run make it fails, show me the last 20 lines of build.log", []string{"tail -n 20 build.log"}},
	{"got half-finished work on this branch but I need to jump to main urgently. stash everything, untracked files too", []string{"git stash -u"}},
	{"stash my changes", []string{"git stash"}},
	{"pod worker-abc12 has been stuck in Pending forever. show me its details and events so I can see why", []string{"kubectl describe pod worker-abc12"}},
	{"I just made a key pair and want to log into deploy@10.0.0.5 without typing a password from now on", []string{"ssh-copy-id deploy@10.0.0.5"}},
	{"need to grab db.sql off the server at 10.0.0.5, i log in as admin and it's in /backups", []string{"scp admin@10.0.0.5:/backups/db.sql ."}},
	// Docker images by name:tag, never image files.
	{"rebuild the image from this directory and tag it myapp:2.1", []string{"docker build -t myapp:2.1 ."}},
	{"build the docker image and tag it myapp:2.1", []string{"docker build -t myapp:2.1 ."}},
	{"build a docker image called web", []string{"docker build -t web ."}},
	{"we updated the Dockerfile, rebuidl the image from this directory and tag it myapp:2.1", []string{"docker build -t myapp:2.1 ."}},
	{"tag the image web as web:v2", []string{"docker tag web web:v2"}},
	{"i pushed a new image tag for the frontend deployment. is there a way to wait and watch until the rollout finishes, so i know wich pods are done?", []string{"kubectl rollout status deployment/frontend"}},
	{"show the rollout status of deployment api", []string{"kubectl rollout status deployment/api"}},
	// The rest of round seventeen's and fourteen's chatty misses.
	{"on a box I don't know well, which groups is the user deploy in?", []string{"groups deploy"}},
	{"load has been high all morning. grab a one-shot snapshot of top, sorted by cpu, that I can paste into chat", []string{"top -b -n 1 -o %CPU | head -n 20"}},
	{"the build server's clock seems off by a few minutes, which is breaking token auth. can you show me whether NTP sync is actually on?", []string{"timedatectl"}},
	{"so for the podcast I recorded episode12.wav and I need it as an mp3, decent quality is fine", []string{"ffmpeg -i episode12.wav episode12.mp3"}},
	{"could you grab the first 10 seconds of talk.mp4 into preview.mp4 without re-encoding? just want a quick preview clip", []string{"ffmpeg -i talk.mp4 -t 10 -c copy preview.mp4"}},
	{"our log timestamps are all UTC and I keep getting confused, what time is it in UTC right now?", []string{"date -u"}},
	{"look up the dns records for example.com", []string{"dig example.com", "dig example.com ANY"}},
	{"print the current unix timestamp", []string{"date +%s"}},
}

func TestEverydayRound17(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound17 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}
