package offline

import "testing"

// everydayRound21 are requests of the twenty-first round's sets that were refused or wrong at first
// sight (eval/everyday/round21), and their kin.
var everydayRound21 = []struct {
	prompt string
	want   []string
}{
	// Wrong at first sight.
	{"show the last 100 lines of the docker service log", []string{"journalctl -u docker -n 100"}},
	{"my laptop fan is going nuts, pretty sure somthing in node went rogue. what are the top 5 processes by CPU right now?", []string{"ps aux --sort=-%cpu | head -n 5"}},
	{"there's a dump at /var/backups/shop-2024-05-01.sql.gz on db-prod-02; grab it down into my current directory please (I log in as deploy)", []string{"scp deploy@db-prod-02:/var/backups/shop-2024-05-01.sql.gz ."}},
	{"there was a commit ages ago mentioning \"rate limit\" in the message but I can't remember when. can you search the history for it?", []string{"git log --oneline --grep='rate limit'"}},
	{"i ran some docker command yesterday and forgot it, can i search my history for it", []string{"history | grep docker"}},
	{"checkout-5f6c9d-x2k4q in the staging namespace is stuck in CrashLoopBackOff. I want the logs from the crashed container before the restart, not the current one", []string{"kubectl logs --previous checkout-5f6c9d-x2k4q -n staging"}},
	{"on the rocky linux jump host I need tmux; install it and don't ask me to confirm", []string{"sudo dnf install -y tmux"}},
	{"I'm fairly sure requests is out of date in my venv, can you bump it to the latest version?", []string{"pip install --upgrade requests"}},
	{"npm audit keeps complaining about lodash. which version actually got installed in this project?", []string{"npm ls lodash"}},
	{"settling a bet with a coworker: what day of the week was 14 March 2021?", []string{"date -d 2021-03-14 +%A"}},
	{"which fedora package provides /usr/bin/dig?", []string{"dnf provides /usr/bin/dig"}},
	{"which package owns /usr/bin/dig", []string{"dpkg -S /usr/bin/dig"}},
	{"the designer dropped a pile of PNGs in this folder and the CMS only takes jpg. convert all of them to jpg but keep the originals", []string{"mogrify -format jpg *.png"}},
	{"convert photo.png to jpg with imagemagick", []string{"convert photo.png photo.jpg"}},
	{"our CI runner keeps dying with \"no space left on device\" and I suspect docker. can you list the 20 biggest files under /var/lib/docker so I can see what's eating it?", []string{"find /var/lib/docker -type f -exec du -h {} + | sort -rh | head -n 20"}},
	{"something in /etc changed since yesterday and broke name resolution. which files in there were modified in the last 24 hours?", []string{"find /etc -mtime -1"}},
	{"a windows user sent export.csv with CRLF line endings and my script chokes on it. strip the carriage returns into export-unix.csv", []string{`tr -d '\r' < export.csv > export-unix.csv`}},
	// Refused at first sight.
	{"find every TODO in the src folder with line numbers", []string{"grep -rn 'TODO' src"}},
	{"pods in kube-system", []string{"kubectl get pods -n kube-system"}},
	{"I'm testing the webhook handler locally - POST the contents of payload.json to http://localhost:3000/hooks/github as JSON", []string{"curl -X POST -H 'Content-Type: application/json' -d @payload.json http://localhost:3000/hooks/github"}},
	{"ugh, I've been working on main by accident. I just want to make a branch called fix/cart-total right here and switch onto it, nothing else", []string{"git checkout -b fix/cart-total"}},
	{"the rounding bug lives somewhere in lines 120-140 of src/billing/invoice.py. who last touched those lines?", []string{"git blame -L 120,140 src/billing/invoice.py"}},
	{"print lines 10-20 of a.txt", []string{"sed -n '10,20p' a.txt"}},
	{"we're cutting 2.4.0 today. tag the current commit as v2.4.0 (annotated, message \"Release 2.4.0\") and push the tag to origin", []string{"git tag -a v2.4.0 -m 'Release 2.4.0' && git push origin v2.4.0"}},
	{"the hotfix a1b2c3d landed on release/2.3 and we need the same change on main. I'm already on main", []string{"git cherry-pick a1b2c3d"}},
	{"docker is hogging disk on my dev machine. clear out stopped containers, dangling images, unused networks and build cache, the usual cleanup, but leave volumes alone", []string{"docker system prune"}},
	{"could you spin up a throwaway postgres 16 container named pg-test in the background, port 5432 exposed, password devpass?", []string{"docker run -d --name pg-test -p 5432:5432 -e POSTGRES_PASSWORD=devpass postgres:16"}},
	{"I downloaded terraform and the checksums are in terraform_1.8.0_SHA256SUMS, which lists every platform. I just want to verify the zip I actually have", []string{"sha256sum --ignore-missing -c terraform_1.8.0_SHA256SUMS"}},
	{"support wants our logs but their portal only takes one file. can you pack ./logs into a gzipped tarball named logs-2024-06-03.tar.gz?", []string{"tar -czvf logs-2024-06-03.tar.gz ./logs"}},
	{"/var/log/myapp has thousands of old .log files piling up. delete the ones older than 30 days", []string{"find /var/log/myapp -name '*.log' -mtime +30 -exec rm {} \\;"}},
	{"users.csv has the username in the first column, no header. how many distinct users are in there?", []string{"cut -d ',' -f 1 users.csv | sort -u | wc -l"}},
	{"recursively search src for TODO in .js files with line numbers", []string{"grep -rn --include='*.js' 'TODO' src"}},
	{"is the smtp relay mail.internal.lan even reachable on port 25 from this box? a quick check is all I need", []string{"nc -zv mail.internal.lan 25"}},
}

func TestEverydayRound21(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound21 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	// Readings the new categories must not offer.
	neverOffered(t, e, []struct{ prompt, never string }{
		{"search all .log files modified today for error", "grep -rn --include='*.log' 'error' ."},
		{"show the last 50 lines of the web container logs", "journalctl -u web -n 50"},
	})
	// ImageMagick on macOS is ImageMagick 7, whose one program is magick.
	everydayGenerate(t, e, "convert photo.png to jpg", "darwin", []string{"magick photo.png photo.jpg"})
}
