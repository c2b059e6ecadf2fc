package offline

import "testing"

// everydayRound12 are requests of the twelfth round's sets that were refused or wrong at first sight
// (eval/everyday/round12), and their kin.
var everydayRound12 = []struct {
	prompt string
	want   []string
}{
	// Wrong at first sight: a scene's words read as the ask.
	{"i only need the second column out of users.csv, it's comma separated", []string{"cut -d ',' -f 2 users.csv"}},
	{"which version of requests did pip install for me?", []string{"pip show requests"}},
	{"I need to know which version of docker is installed", []string{"docker --version"}},
	{"my ssh session froze and left a vim runnning somewhere, how do i find its pid", []string{"pgrep vim"}},
	{"what is the process id of redis-server", []string{"pgrep redis-server"}},
	{"wifi seems flaky, ping 8.8.8.8 like 5 times and let's see", []string{"ping -c 5 8.8.8.8"}},
	{"how do i get onto bastion.corp.net? it listens on port 2222 and my user is ops", []string{"ssh -p 2222 ops@bastion.corp.net"}},
	{"web02 is only reachable through jump.example.com, i want its port 80 on my localhost:8080", []string{"ssh -N -L 8080:web02:80 jump.example.com"}},
	{"the box rebooted overnight, show me the journal from the boot before this one", []string{"journalctl -b -1"}},
	// Archives and compression said in people's words.
	{"create a gzipped tarball of the logs directory", []string{"tar -czvf logs.tar.gz logs"}},
	{"zip up the reports folder so i can attach it to an email", []string{"zip -r reports.zip reports"}},
	{"gzip every .log file in /var/log/old", []string{"gzip /var/log/old/*.log"}},
	{"compress video.mov so it is smaller", []string{"ffmpeg -i video.mov -c:v libx264 -crf 28 -c:a copy video-small.mov"}},
	{"compress notes.txt", []string{"gzip notes.txt"}},
	// Typos in the cue words: "apears" is what says which text to count.
	{"count how many times ERROR apears in app.log", []string{"grep -o 'ERROR' app.log | wc -l", "grep -c ERROR app.log"}},
	// git remotes, tags and stashes.
	{"we moved the repo to gitlab, point origin at git@gitlab.com:acme/shop.git", []string{"git remote set-url origin git@gitlab.com:acme/shop.git"}},
	{"add a remote called upstream at git@github.com:acme/shop.git", []string{"git remote add upstream git@github.com:acme/shop.git"}},
	{"clone git@github.com:acme/shop.git", []string{"git clone git@github.com:acme/shop.git"}},
	{"tag the current commit v2.1.0 and push the tag to origin", []string{"git tag v2.1.0 && git push origin v2.1.0"}},
	{"push tag v1.2 to upstream", []string{"git push upstream v1.2"}},
	{"i have half-done changes but need to pull right now, can i park them somewhere for a sec", []string{"git stash"}},
	{"i stashed some work yesterday and now i need it back", []string{"git stash pop"}},
	{"copy my public ssh key to pi@192.168.1.50", []string{"ssh-copy-id pi@192.168.1.50"}},
	// Scenes before the ask; a sentence's period ends a clause as a comma does.
	{"my build keeps failing because the disk is full, what's eating /var?", []string{"du -h /var --max-depth=1 | sort -rh | head -n 10"}},
	{"my dev server won't start, it says port 3000 is already in use. what's holding it?", []string{"lsof -i :3000"}},
	{"how do I find out which ports are in use", []string{"ss -tulpn"}},
	{"some python script is chewing all the cpu, kill every process running worker.py", []string{"pkill -f worker.py"}},
	{"show me the tail end of the syslog", []string{"tail -n 10 /var/log/syslog"}},
	{"i want to watch the app log as it gets written, it's at /var/log/myapp/app.log", []string{"tail -f /var/log/myapp/app.log"}},
	{"show the logs of pod api-7d9 and keep following them", []string{"kubectl logs -f api-7d9"}},
	{"emails.txt has a ton of duplicates in it, can i get a clean list?", []string{"sort emails.txt | uniq", "sort -u emails.txt"}},
	{"looking for timeouts in the .log files here, case doesn't matter, and i need the line numbers", []string{"grep -i -n 'timeouts' *.log"}},
	{"import.csv came from a windows machine and the \\r line endings are breaking my script, strip them", []string{`sed -i 's/\r$//' import.csv`}},
	{"i downloaded ubuntu.iso and the site lists a sha256 for it, how do i check mine", []string{"sha256sum ubuntu.iso"}},
	// What a request names by what it is: a status code, a field of every element, a compiler.
	{"what HTTP status code is https://staging.myapp.io/health giving back right now?", []string{`curl -s -o /dev/null -w '%{http_code}\n' https://staging.myapp.io/health`}},
	{"users.json is an array of objects and i just want all the email fields out of it", []string{"jq '.[].email' users.json"}},
	{"get the name field from config.json", []string{"jq .name config.json"}},
	{"i need the typescript compiler available everywhere, not just in this project", []string{"npm install -g typescript"}},
	{"install eslint globally", []string{"npm install -g eslint"}},
	{"i changed the Dockerfile, rebuild and restart everything in my compose stack in the background", []string{"docker compose up --build -d"}},
	{"disk is filling up with docker junk, clear out stopped containers and dangling images", []string{"docker system prune"}},
	{"show commits by author dana from the last two weeks", []string{"git log --author=dana --since='14 days ago'"}},
	{"show commits by alice", []string{"git log --author=alice"}},
	// Certificates.
	{"show the expiry date of the certificate in server.crt", []string{"openssl x509 -in server.crt -noout -enddate"}},
	{"i need a self-signed cert and key for local testing, good for a year", []string{"openssl req -x509 -newkey rsa:4096 -keyout key.pem -out cert.pem -days 365 -nodes -subj '/CN=localhost'"}},
	{"what date will it be 90 days from today? need it for a cert expiry notice", []string{"date -d '90 days'"}},
}

func TestEverydayRound12(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound12 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}
