package offline

import "testing"

// everydayRound35 are requests of the thirty-fifth round's sets that were wrong or refused at first
// sight (eval/everyday/round35), and their kin: machines named by what they are, owners written as
// chown writes them, filesystems a path is on, counts of what a JSON array or a namespace holds.
var everydayRound35 = []struct {
	prompt string
	want   []string
}{
	// Machines named by what they are; the home directory of a user there.
	{"copy report.pdf into alice's home directory on fileserver", []string{"scp report.pdf alice@fileserver:~/"}},
	{"scp backup.tar.gz to the buildserver", []string{"scp backup.tar.gz buildserver:~/"}},
	// Owners as chown writes them; "everything in" a folder.
	{"The deploy user has to own the site now. Change ownership of everything in /var/www/site to deploy:www-data.", []string{"chown -R deploy:www-data /var/www/site"}},
	{"chown /srv/app to deploy:deploy recursively", []string{"chown -R deploy:deploy /srv/app"}},
	// The filesystem a path is on.
	{"Docker builds fail with \"No space left on device\". How full is the filesystem that holds /var/lib/docker?", []string{"df -h /var/lib/docker"}},
	{"how much space is left on /home", []string{"df -h /home"}},
	{"search the filesystem for core files", []string{"find / -name '*.core'"}},
	// Counts: elements of an array that match, pods of a namespace.
	{"results.json is a list of test results. how many of them have passed set to true?", []string{"jq '[.[] | select(.passed == true)] | length' results.json"}},
	{"how many entries in users.json have active equal to false", []string{"jq '[.[] | select(.active == false)] | length' users.json"}},
	{"how many pods are running in kube-system?", []string{"kubectl get pods -n kube-system --field-selector=status.phase=Running --no-headers | wc -l"}},
	{"count the pods in namespace web", []string{"kubectl get pods -n web --no-headers | wc -l"}},
	// JSON fields written with dots but no leading dot; arrays described before the ask.
	{"config.json has a nested database section, I need the value of database.host without the quotes", []string{"jq -r .database.host config.json"}},
	{"print spec.replicas from deploy.json", []string{"jq '.spec.replicas' deploy.json"}},
	{"events.json holds an array of events, each with a status field. Show only the ones whose status is \"failed\".", []string{`jq '.[] | select(.status == "failed")' events.json`}},
	// Effects named, tools unnamed.
	{"let the group write to shared.txt", []string{"chmod g+w shared.txt"}},
	{"turn the tabs in data.tsv into commas and save it as data.csv", []string{"tr '\\t' ',' < data.tsv > data.csv"}},
	{"I recorded a screen capture, demo.mp4, and the sound is just noise. Make a copy without the audio track.", []string{"ffmpeg -i demo.mp4 -an -c:v copy demo-silent.mp4"}},
	{"I want to post a short loop in the group chat. Turn the first 5 seconds of cat.mp4 into cat.gif.", []string{"ffmpeg -i cat.mp4 -t 5 cat.gif"}},
	{"I just cloned a node project for a production box. Install only the non-dev dependencies from package.json.", []string{"npm install --omit=dev"}},
	{"curl says \"SSL certificate problem: certificate has expired\" for https://intranet.local, I just want to see the page anyway, skip the check", []string{"curl -k https://intranet.local"}},
	{"copy the docs folder into /mnt/backup, keep symlinks as symlinks, don't follow them", []string{"cp -a docs /mnt/backup"}},
	{"pip install flask fails with \"error: externally-managed-environment\". make a virtual env called .venv in this project so I can install stuff there", []string{"python3 -m venv .venv"}},
	{"make a virtual environment in .venv", []string{"python3 -m venv .venv"}},
	// Scripts run by their interpreter; a pid said as "its pid is".
	{"The app reads its port from an enviroment variable. Run server.py with PORT set to 9000 just for this one run.", []string{"PORT=9000 python3 server.py"}},
	{"schedule report.py to run every monday at 9", []string{`(crontab -l 2>/dev/null; echo "0 0 * * 1 python3 $PWD/report.py") | crontab -`}},
	{"root crontab: add /opt/check.sh every fifteen minutes, keep the existing entries", []string{`(crontab -l 2>/dev/null; echo "*/15 * * * * /opt/check.sh") | crontab -`}},
	{"python train.py is stuck and ignores ctrl-c. its pid is 48213, kill it for good", []string{"kill -9 48213"}},
	// What is left alone and what is only polite.
	{"I have a bunch of photos (jpgs) in ~/Pictures/trip and want them all smaller, like half the size. Don't touch the originals, put the small ones in ~/Pictures/small (that folder already exists).",
		[]string{"mkdir -p ~/Pictures/small && mogrify -path ~/Pictures/small -resize 50% ~/Pictures/trip/*.jpg"}},
	{"clear out every node_modules folder anywhere under ~/code, but nothing else", []string{"find ~/code -type d -name 'node_modules' -prune -exec rm -rf {} +"}},
	{"Hi! Sorry if this is a silly question, but how can I tell how much RAM my computer has in total? Thanks so much", []string{"free -h"}},
}

func TestEverydayRound35(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound35 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		{"I want to post a short loop in the group chat. Turn the first 5 seconds of cat.mp4 into cat.gif.", "chgrp chat cat.mp4"},
		{"I recorded a screen capture, demo.mp4, and the sound is just noise. Make a copy without the audio track.", "cp demo.mp4 demo.mp4.bak"},
		{"python train.py is stuck and ignores ctrl-c. its pid is 48213, kill it for good", "pkill -f train.py"},
		{"Docker builds fail with \"No space left on device\". How full is the filesystem that holds /var/lib/docker?", "docker build -t fail ."},
		{"what disks and partitions does this machine have? i'd like to see the filesystem types too", "df -h /"},
		{"replace commas with tabs in data.csv", "tr '\\t' ',' < data.csv"},
	})
}
