package offline

import "testing"

// everydayRound30 are requests of the thirtieth round's sets that were wrong or refused at first sight
// (eval/everyday/round30), and their kin: each names a category, not one wording.
var everydayRound30 = []struct {
	prompt string
	want   []string
}{
	// Files pass from one owner to another: the old owner picks them, the new one gets them.
	{"Change the ownership to daisy for all directories owned by harry", []string{`find . -type d -user harry -exec chown daisy {} \;`}},
	{"give every file owned by olduser in /home/shared to newuser", []string{`find /home/shared -type f -user olduser -exec chown newuser {} \;`}},
	{"chown everything belonging to user bob in /srv to alice", []string{`find /srv -user bob -exec chown alice {} \;`}},
	{"Change the ownership to eva for all files that belong to george in the entire file system", []string{`find / -type f -user george -exec chown eva {} \;`}},
	// Said as what is so, the old owner is scene: the whole tree goes to the one named.
	{"everything in /var/www/site belongs to root now, give the whole thing to www-data", []string{"sudo chown -R www-data:www-data /var/www/site"}},
	{"I copied some files over as root and now they're all owned by root. Can you give /home/dev/project back to the dev user (and the dev group too)?", []string{"sudo chown -R dev:dev /home/dev/project"}},
	// Printing a file without some lines leaves the file as it is.
	{"print notes.txt without the blank lines", []string{"grep -v '^[[:space:]]*$' notes.txt"}},
	{"show config.ini without empty lines", []string{"grep -v '^[[:space:]]*$' config.ini"}},
	{"remove the blank lines from notes.txt", []string{"sed -i '/^$/d' notes.txt"}},
	// What the request says must not happen does not happen.
	{"the security audit wants a list of world-writable files under /srv. Just list them please, don't change any permissions", []string{"find /srv -perm -o+w", "find /srv -type f -perm -o+w"}},
	{"what time did this box last boot? not how long, the actual time", []string{"uptime -s", "who -b"}},
	{"someone handed me release-2.3.tar.gz and I'd rather not extract it blindly. can I just peek at which files are in it first?", []string{"tar -tzvf release-2.3.tar.gz"}},
	// A service said twice is one service; a scene about the last reboot asks nothing about reboots.
	{"After the last reboot postgres didn't come up on its own. Make postgresql start automatically at boot.", []string{"sudo systemctl enable postgresql"}},
	// Dates: days between two days of the calendar, epoch milliseconds, a weekday after a scene.
	{"How many days are there between 2024-03-01 and 2024-12-25?", []string{"echo $(( ($(date -u -d 2024-12-25 +%s) - $(date -u -d 2024-03-01 +%s)) / 86400 ))"}},
	{"how many days from 2023-01-01 to 2023-06-30", []string{"echo $(( ($(date -u -d 2023-06-30 +%s) - $(date -u -d 2023-01-01 +%s)) / 86400 ))"}},
	{"our logs use epoch millis, e.g. 1718000000000. What's that in human time? UTC please, I always get the timezone wrong", []string{"date -u -d @$((1718000000000 / 1000))"}},
	{"convert 1700000000 to a date", []string{"date -d @1700000000"}},
	{"settling an argument here lol: what day of the week was 14 July 1989?", []string{"date -d 1989-07-14 +%A"}},
	// git, docker, kubectl.
	{"I made a commit with a typo in the message and haven't pushed yet. How do I change the message to 'Fix login redirect'?", []string{"git commit --amend -m 'Fix login redirect'"}},
	{"I'm cleaning up my laptop. Stop and remove all docker containers, running or not.", []string{"docker rm -f $(docker ps -aq)"}},
	{"stop and remove all docker containers", []string{"docker rm -f $(docker ps -aq)"}},
	{"remove all stoped containers", []string{"docker container prune"}},
	{"list every pod in all namespaces along with the node it runs on", []string{"kubectl get pods -A -o wide"}},
	// Duplicates asked about are shown, not removed.
	{"Which lines in emails.txt are duplciates?", []string{"sort emails.txt | uniq -d"}},
	{"which lines in names.txt are repeated?", []string{"sort names.txt | uniq -d"}},
	// A program the request names is the one that answers.
	{"So I've got users.json (an array of objects) from the export and product wants it as CSV with id, email and created_at columns. Is there a jq way to do that? no header needed tbh", []string{"jq -r '.[] | [.id, .email, .created_at] | @csv' users.json"}},
	{"turn data.json into csv with the fields name, age and city", []string{"jq -r '.[] | [.name, .age, .city] | @csv' data.json"}},
	{"backing up my project ~/code/shop to /mnt/backup/shop, but node_modules is enourmous and pointless to copy. Can rsync skip it?", []string{"rsync -avz --exclude=node_modules ~/code/shop /mnt/backup/shop"}},
	{"I need to GET https://api.example.com/v2/me with my token, which is in the $API_TOKEN env var (bearer auth). how do I pass it with curl?", []string{`curl -H "Authorization: Bearer $API_TOKEN" https://api.example.com/v2/me`}},
	// Media.
	{"I recorded screen.mov on my mac and it won't play in the browser. Could you convert it to an mp4 with h264 video and aac audio? quality doesn't have to be perfect", []string{"ffmpeg -i screen.mov -c:v libx264 -c:a aac screen.mp4"}},
	{"Our marketing person sent promo.mp4 in 4K and teh website only needs 720p. Can you scale it down to 1280 wide, keeping the aspect ratio? (leave the audio alone, just copy it)", []string{"ffmpeg -i promo.mp4 -vf scale=1280:-2 -c:a copy promo-scaled.mp4"}},
	{"extract the audio from talk.mp4", []string{"ffmpeg -i talk.mp4 -vn talk.mp3"}},
	// Networking and the web.
	{"the postgres on db01 only listens on localhost. I'd like to reach it from my laptop on local port 5433 through ssh (just the tunnel, I don't need a remote shell)", []string{"ssh -N -L 5433:localhost:5432 db01"}},
	{"forward local port 8080 to port 80 on web1", []string{"ssh -L 8080:localhost:80 web1"}},
	{"our short link https://go.example.com/docs is supposedly broken. Can you just tell me the final HTTP status code after following the redirects? I don't need the body", []string{`curl -s -o /dev/null -w '%{http_code}\n' -L https://go.example.com/docs`}},
	// JSON, checksums, packages.
	{"quick one: config.json has a nested key .database.password that I need gone before I paste the file into a ticket. Don't touch the original, just print the cleaned version to stdout please", []string{"jq 'del(.database.password)' config.json"}},
	{"I'm copying a bunch of installer images to a USB stick and want a checksum list first so I can verify them later. Could you write the sha256 sums of every *.iso in this folder into a file called SHA256SUMS?", []string{"sha256sum *.iso > SHA256SUMS"}},
	{"Security wants checksums for everything we ship now. Could you generate SHA-256 sums for all the .deb files in ./packages and save them to a file called SHA256SUMS?", []string{"sha256sum ./packages/*.deb > SHA256SUMS"}},
	{"write md5 sums of all *.iso into a file called MD5SUMS", []string{"md5sum *.iso > MD5SUMS"}},
	{"security team is asking which version of openssl we have installed from apt on this Ubuntu server, and what version an upgrade would bring. is there one command that shows both? (don't upgrade anything yet)", []string{"apt policy openssl"}},
}

func TestEverydayRound30(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound30 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		// Asked to list, never to change.
		{"the security audit wants a list of world-writable files under /srv. Just list them please, don't change any permissions", "find /srv -type f -perm -o+w -exec chmod 755 {} \\;"},
		{"print notes.txt without the blank lines", "sed -i '/^$/d' notes.txt"},
		// A scene's program is not the one asked for; an account named like a program is no program.
		{"After a botched rsync, every directory under /srv/shared/projects ended up with mode 777 and our security scanner flagged it. The files themselves are fine. I need a way to set all directories (and only directories) under there back to 755.", "rsync -avz /srv/shared/projects DEST"},
		{"how do i see the manual for rsync", "man find"},
		// The old owner never gets the files.
		{"Change the ownership to daisy for all directories owned by harry", `find . -type d -exec chown harry {} \;`},
	})
}
