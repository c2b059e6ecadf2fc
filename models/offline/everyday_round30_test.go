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
	{"what version of nginx is installed and what would an upgrade bring", []string{"apt policy nginx"}},
	{"I downloaded debian.iso and SHA256SUMS into the same folder. How do I check the iso against the list?", []string{"sha256sum -c SHA256SUMS --ignore-missing"}},
	// Images, PDFs and videos in batches.
	{"Got a folder of product photos (all jpgs). I need 200x200 thumbnails written into thumbs/, which already exists. The originals must stay untouched! can imagemagick do that in one go?", []string{"mogrify -path thumbs -thumbnail 200x200 *.jpg"}},
	{"make 150x150 thumbnails of all the pngs into thumbs/", []string{"mogrify -path thumbs -thumbnail 150x150 *.png"}},
	{"before I upload the vacation pics (all the *.jpg in this dir) I'd like to strip the GPS/EXIF metadata out of them. in place is fine, I have copies elsewhere", []string{"mogrify -strip *.jpg"}},
	{"strip the exif data from all jpgs in ~/pics", []string{"mogrify -strip ~/pics/*.jpg"}},
	{"The designer sent flyer.pdf but the CMS only takes images. Can I get just the first page as a png at a decent resolution (300 dpi-ish)?", []string{"convert -density 300 'flyer.pdf[0]' flyer.png"}},
	{"get just the first page of report.pdf as a jpg", []string{"convert -density 150 'report.pdf[0]' report.jpg"}},
	{"I've got frames frame0001.png to frame0300.png from a render in this folder. Could you stitch them into a 30 fps mp4? nothing fancy, it just needs to play everywhere", []string{"ffmpeg -framerate 30 -pattern_type glob -i 'frame*.png' -pix_fmt yuv420p video.mp4"}},
	// One member out of a zip; a zip into a folder is still the whole zip.
	{"There's a huge archive dump.zip and I only need config/settings.yml out of it. I don't want the other 10k files spilling into my folder", []string{"unzip dump.zip config/settings.yml"}},
	{"extract photos.zip into the folder pics", []string{"unzip photos.zip -d pics"}},
	// The web, sockets, environment, containers, secrets.
	{"The form at https://upload.example.com/api/files expects a multipart field called file. Can I upload invoice.pdf from the terminal instead of clicking around in the UI?", []string{"curl -F 'file=@invoice.pdf' https://upload.example.com/api/files"}},
	{"upload report.pdf to https://example.com/upload as the form field document", []string{"curl -F 'document=@report.pdf' https://example.com/upload"}},
	{"df says /var is full but du doesn't add up. I read that it might be deleted files still held open by some process, how do I list those?", []string{"sudo lsof +L1"}},
	{"we're seeing weird load on the redis box. How many established TCP connections are there to port 6379 right now? just a number is fine", []string{"ss -Htn state established '( sport = :6379 )' | wc -l"}},
	{"my build script behaves differently under cron and I suspect the environment. How do I list all my environment variables sorted alphabetically, so I can diff them later?", []string{"env | sort"}},
	{"Could you give me the docker run line for postgres:16 in the background, named pgdev, port 5432 published on the host, with password devpass? nothing persistent needed, it's just for tests", []string{"docker run -d --name pgdev -p 5432:5432 -e POSTGRES_PASSWORD=devpass postgres:16"}},
	{"need the db password that's in the secret db-creds (key is password, default namespace). it comes out base64'd, doesn't it? can you decode it in the same command", []string{"kubectl get secret -n default db-creds -o jsonpath='{.data.password}' | base64 -d"}},
	{"decode the key token of the secret api-creds", []string{"kubectl get secret api-creds -o jsonpath='{.data.token}' | base64 -d"}},
	{"We're cleaning out old redis image versions and I need an inventory first. Could you show me all local docker images for the redis repository, with their tags?", []string{"docker images redis"}},
	// Counting in order is not a top ten; a disk on its own file system.
	{"count how many times each IP appears in access.log (first field), most frequent first", []string{"awk '{print $1}' access.log | sort | uniq -c | sort -rn"}},
	{"top 10 ips in access.log", []string{"awk '{print $1}' access.log | sort | uniq -c | sort -rn | head -n 10"}},
	{"My root partition keeps filling up. How can I see which top-level directories in / are largest, without crossing into other filesystems?", []string{"du -h -x / --max-depth=1 | sort -rh | head -n 10"}},
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
		// Asked for an inventory, never a clean-up; a PDF of scans is no video.
		{"We're cleaning out old redis image versions and I need an inventory first. Could you show me all local docker images for the redis repository, with their tags?", "docker system prune"},
		{"hey i scanned page1.png page2.png page3.png, can you stitch them into one scan.pdf", "ffmpeg -framerate 30 -pattern_type glob -i 'page*.png' -pix_fmt yuv420p video.mp4"},
		// The old owner never gets the files.
		{"Change the ownership to daisy for all directories owned by harry", `find . -type d -exec chown harry {} \;`},
	})
}
