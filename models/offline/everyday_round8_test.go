package offline

import "testing"

// everydayRound8 are requests of the eighth round's sets (eval/everyday/round8) and their kin.
var everydayRound8 = []struct {
	prompt string
	want   []string
}{
	// "In total" is one size, not one per folder.
	{"hmm how big is the node_modules folder in total", []string{"du -sh node_modules"}},
	{"show the size of each folder in /var", []string{"du -sh /var/*"}},
	// The kind of archive to make is no name to find, and an ending is a glob.
	{"real quick make a .tar.bz2 of the old_site directory", []string{"tar -cjvf old_site.tar.bz2 old_site"}},
	{"find all .tar.gz files", []string{"find . -name '*.tar.gz'"}},
	{"make a directory called build", []string{"mkdir build"}},
	// Services that failed; updates to install.
	{"hmm did any services fail on boot?", []string{"systemctl --failed"}},
	{"can you check for updates and install them all", []string{"sudo apt update && sudo apt upgrade"}},
	{"install htop", []string{"sudo apt install htop"}},
	// A purpose clause only explains.
	{"copy my public key over to db2 so i can stop typing my password", []string{"ssh-copy-id db2"}},
	{"things feel sluggish, how much ram do i have free?", []string{"free -h"}},
	// A script's process is found by its command line.
	{"some python script is frozen, can you find its pid? it's called scraper.py", []string{"pgrep -f scraper.py"}},
	{"find the pid of nginx", []string{"pgrep nginx"}},
	{"turn these pics into a slideshow video: img*.jpg", []string{"ffmpeg -framerate 30 -pattern_type glob -i 'img*.jpg' -pix_fmt yuv420p video.mp4"}},
	// Round nine: where the code calls a name, lines that are no comments, each line once.
	{"where do we call fetchUser in src, with line numbers", []string{"grep -rn 'fetchUser' src"}},
	{"where in the src folder do we call fetchUser? i want line numbers too", []string{"grep -rn 'fetchUser' src"}},
	{"find files called notes", []string{"find . -name 'notes'"}},
	{"can you show me nginx.conf without all the comment lines cluttering it up", []string{"grep -v '^[[:space:]]*#' nginx.conf"}},
	{"pls show only the lines in config.ini that are not comments or blank", []string{"grep -Ev '^[[:space:]]*(#|$)' config.ini"}},
	{"emails.txt has a ton of duplicates in it, i just want each address once", []string{"sort -u emails.txt"}},
	{"remove duplicate lines from names.txt", []string{"sort names.txt | uniq"}},
	// Ranges of lines are no file modes; a mode changes from one to another.
	{"big.log is enormous and i only need lines 100 to 120, any way to print just those?", []string{"sed -n '100,120p' big.log"}},
	{"change the permissions of run.sh from 644 to 755", []string{"chmod 755 run.sh"}},
	// Users, boots, blame, docker's disk.
	{"i am curious, can i get just the list of usernames out of /etc/passwd?", []string{"cut -d: -f1 /etc/passwd"}},
	{"what time did this box last boot? not how long, the actual time", []string{"uptime -s"}},
	{"show the last boot messages from the kernel", []string{"dmesg"}},
	{"can you show me every process that is running as dave", []string{"ps -u dave"}},
	{"who last touched each line of utils.py", []string{"git blame utils.py"}},
	{"docker is eating my disk, clean up the stopped containers and dangling images", []string{"docker system prune"}},
	{"show the resource usage of the containers", []string{"docker stats"}},
	// Answers that must never be given: a package's config files are not every .conf here, a password
	// change is no key login, a typo is no tag.
	{"we switched to nginx so remove apache2 completely, config files and all", []string{"sudo apt purge apache2"}},
	{"i'm sick of typing my password every time i ssh to web1 as dave, set up key login", []string{"ssh-copy-id dave@web1"}},
	{"change my password", []string{"passwd"}},
	{"biuld the Dockerfile in this folder and tag it myapp:1.2", []string{"docker build -t myapp:1.2 ."}},
	{"so gunicorn reloads its config when it gets a HUP, can you send one to pid 4321", []string{"kill -HUP 4321"}},
	{"so the PORT variable is set in my shell and its messing with my app, get rid of it", []string{"unset PORT"}},
	{"ssh keeps complaining my private key ~/.ssh/id_ed25519 is too open, lock it down pls", []string{"chmod 600 ~/.ssh/id_ed25519"}},
	{"the shared folder /srv/team should belong to the group devs, everything inside it too", []string{"chgrp -R devs /srv/team"}},
	{"so data.tsv needs to be comma separated instead, swap all the tabs for commas", []string{"tr '\\t' ',' < data.tsv"}},
	// Services coming up at boot, or whether they did; JSON squished on one line is to be made readable.
	{"i want docker to come up automatically whenever the machine boots", []string{"sudo systemctl enable docker"}},
	{"did postgresql start ok", []string{"systemctl status postgresql"}},
	{"start postgresql", []string{"sudo systemctl start postgresql"}},
	{"can you pretty print response.json, it's all squished on one line", []string{"jq . response.json"}},
	{"compact response.json into one line", []string{"jq -c . response.json"}},
	{"stash my changes", []string{"git stash"}},
	// Asides ("don't extract it"), a file's state ("dump.sql is massive") and "as the requests come in"
	// explain; they do not count against the answer.
	{"dump.sql is massive, compress it with xz but keep the original around", []string{"xz -k dump.sql"}},
	{"what's inside logs.tar.gz? don't extract it", []string{"tar -tzvf logs.tar.gz"}},
	{"hey can i watch /var/log/nginx/access.log live as the requests come in", []string{"tail -f /var/log/nginx/access.log"}},
	{"can you sort names.txt alphabetically and drop the duplicates?", []string{"sort names.txt | uniq"}},
	{"script.sh keeps breaking, i think it has windows line endings, can you strip them out", []string{`sed -i 's/\r$//' script.sh`}},
	{"delete line 5 of a.txt", []string{"sed -i '5d' a.txt"}},
	// More of round nine.
	{"hmm what processes is carol running right now?", []string{"ps -u carol"}},
	{"which process is listening on port 8080", []string{"lsof -i :8080", "ss -ltnp 'sport = :8080'"}},
	{"is there a way to see all the established tcp connections right now?", []string{"ss -tn state established"}},
	{"my internet's acting weird, what's my default gateway set to?", []string{"ip route show default", "ip route"}},
	{"i made a bunch of edits to main.py and honestly i want them all gone, back to how it was at the last commit", []string{"git restore main.py"}},
	{"starting work on the login page, make a new branch called feature/login and switch me to it", []string{"git checkout -b feature/login"}},
	{"how big is movie.mkv exactly, in bytes?", []string{"stat -c %s movie.mkv"}},
	{"i've got site-backup.tar.gz and it needs to go into /srv/www, extract it there please", []string{"tar -xzvf site-backup.tar.gz -C /srv/www"}},
	{"i heard xz squeezes things smaller than gzip, can you xz the file dump.tar", []string{"xz dump.tar"}},
	{"hey is there a list of updates waiting for this box? just show me, dont install", []string{"apt list --upgradable"}},
	{"so what's JAVA_HOME set to right now?", []string{`echo "$JAVA_HOME"`}},
	{"is there an env var called DATABASE_URL set? what does it say", []string{`echo "$DATABASE_URL"`}},
	{"set EDITOR to vim", []string{"export EDITOR=vim"}},
	{`testing my api, send a POST to http://localhost:9000/api/items with the json {"name":"test"}`, []string{`curl -X POST -H 'Content-Type: application/json' -d '{"name":"test"}' http://localhost:9000/api/items`}},
	{"pretty print the json from https://api.github.com", []string{"curl -s https://api.github.com | jq ."}},
	// Wrong answers the last pass showed: "can't touch" is no touch, a value wanted for the session is
	// set, a file watched as it grows is tail -f.
	{"hey, i want to wtach error.log as new stuff gets written to it", []string{"tail -f error.log"}},
	{"run check.sh every 5 seconds", []string{"watch -n 5 ./check.sh"}},
	{"i want NODE_ENV set to production for the rest of this session", []string{"export NODE_ENV=production"}},
	{"the uploads folder needs to be group writable, everything inside it too", []string{"chmod -R g+w uploads"}},
	{"touch notes.txt", []string{"touch notes.txt"}},
	{"what's my default gateway, i think the router changed", []string{"ip route show default", "ip route"}},
	{"what's actually different between main and my branch feature-x", []string{"git diff main feature-x"}},
	{"compare the folders old and new", []string{"diff -r old new"}},
	{"can you grab /var/log/app.log off the server api3 and drop it in my current dir", []string{"scp api3:/var/log/app.log ."}},
	{"we need a new group for the team, call it devs", []string{"sudo groupadd devs"}},
	{"add bob to the group devs", []string{"sudo usermod -aG devs bob"}},
}

func TestEverydayRound8(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound8 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}
