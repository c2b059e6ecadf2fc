package offline

import "testing"

// everydayRound48 are requests of the forty-eighth and forty-ninth rounds' sets that were wrong or
// refused at first sight (eval/everyday/round48, round49), and their kin: yes/no questions in the middle
// of a message that ask to look, not to change (mounted?, in the sudo group?, executable?, would apt
// upgrade it?), what a person lacks ("I don't have sudo"), files left alone, several folders a search
// skips, "don't overwrite", text replaced in a file said between the two halves, pasted messages, and
// what a scene names that is no ask: the host "I'm on that box now" is on, a load balancer marking a
// node down, the empty directories kept when the empty files go, "to send" after "jpg versions".
var everydayRound48 = []struct {
	prompt string
	want   []string
}{
	{"Quick check before I hand over the box: is the user deploy in the sudo group? Only look, don't add it to anything.", []string{"groups deploy"}},
	{"is the user deploy in the sudo group", []string{"groups deploy"}},
	{"I stashed a few things last week and now I can't remember which one has the login fix. Can you show me the list of stashes? I'll pick one later, so don't pop or drop anything.", []string{"git stash list"}},
	{"We attached a new disk to the VM this morning. Is /dev/sdc mounted anywhere? I don't want to format it if something is using it.", []string{"lsblk /dev/sdc"}},
	{"Is /dev/sdc mounted anywhere?", []string{"lsblk /dev/sdc"}},
	{"is /mnt/nas mounted", []string{"mountpoint /mnt/nas"}},
	{"A user gets \"bash: ./run_tests.sh: Permission denied\" when running it from the repo root. Is the script actually executable? Only check, don't chmod it yet.", []string{"ls -l ./run_tests.sh"}},
	{"is backup.sh executable?", []string{"ls -l backup.sh"}},
	{"Our payment service threw a \"NullPointerException\" sometime last night. Show me each occurrence in /var/log/payments/app.log with three lines of context above and below. The other logs in that folder aren't relevant.", []string{"grep -C 3 'NullPointerException' /var/log/payments/app.log"}},
	{"The rotated logs in /var/log/myapp that end in .log.1 never got compressed. Gzip each of them but keep the uncompressed originals for now, and leave the live myapp.log alone.", []string{"gzip -k /var/log/myapp/*.log.1"}},
	{"I need every file named Dockerfile in this repo so I can bump the base image. Skip anything under vendor/ and .git/, those aren't ours, and I'll do the edits by hand.", []string{"find . -name 'Dockerfile' -not -path '*/vendor/*' -not -path '*/.git/*'"}},
	{"find .env files under ~/code, skip node_modules, dist and build", []string{"find ~/code -name '.env' -not -path '*/node_modules/*' -not -path '*/dist/*' -not -path '*/build/*'"}},
	{"Our QA box has felt sluggish since Tuesday and I suspect it's running out of RAM. Is the machine actually swapping right now? I don't have sudo on it, so something any user can run.", []string{"free -h"}},
	{"Is the printer at 192.168.1.50 even on the network? Just send it a few pings, like four, and stop, I don't want it running forever in my terminal.", []string{"ping -c 4 192.168.1.50"}},
	{"The loader stops with \"ERROR: invalid input syntax at line 4512\" on bulk.csv. I want to look at that line plus a couple either side, say lines 4510 to 4514. The file is two gigabytes so please don't suggest opening it in an editor.", []string{"sed -n '4510,4514p' bulk.csv"}},
	{"I need to grab every PDF linked from https://course.example.edu/readings/ before the semester ends and the page disappears. Don't follow links up into the parent site, just that directory.", []string{"wget -r -np -A pdf https://course.example.edu/readings/"}},
	{"I need a self-signed certificate for a test nginx on my LAN, valid for a year, with no passphrase on the key. The files should be called server.key and server.crt. It's only for testing so nothing fancy.", []string{"openssl req -x509 -newkey rsa:4096 -keyout server.key -out server.crt -days 365 -nodes -subj '/CN=localhost'"}},
	{"I made three commits on my local main that were just experiements, and I haven't pushed any of them. I want main to go back to exactly what origin/main is, throwing those commits away. I know it's destructive, that's fine.", []string{"git fetch origin && git reset --hard origin/main"}},
	{"Is the openssl security update available on this server yet? I just want to see whether apt would upgrade it, not install anything, and I already ran apt update a minute ago.", []string{"apt list --upgradable"}},
	{"The vendor sent drivers.zip and unpacking it in Downloads made a huge mess because there's no top-level folder in it. Can you extract it into a folder called drivers instead? Don't overwrite anything that might already be in there.", []string{"unzip -n drivers.zip -d drivers"}},
	{"I'm copying my thesis figures to a USB stick before the lab machine gets wiped on Friday. Only the .png files from ~/thesis/figures, into /media/usb/figs, and don't overwrite anything already there because some of those are newer edits.", []string{"cp -n ~/thesis/figures/*.png /media/usb/figs"}},
	{"I plugged a second-hand SSD into the NAS and it shows up as /dev/sdc. Before I format anything I want to know what filesystem, if any, is already on it. Please use something read-only, nothing that writes to the disk.", []string{"lsblk -f /dev/sdc"}},
	{"what filesystem is on /dev/sdb1", []string{"lsblk -f /dev/sdb1"}},
	{"I'm on support and a customer says their logins kept failling yesterday. From auth.log, can you pull every line containing \"Failed password\" and count how many came from each IP address? Top ten is enough.", []string{"sudo grep \"Failed password\" auth.log | grep -oE '([0-9]{1,3}\\.){3}[0-9]{1,3}' | sort | uniq -c | sort -rn"}},
	{"Our home server rebooted itself sometime in the night. I'd like to read the system journal from the previous boot, only warnings and worse, so I can see what hapened before it went down.", []string{"journalctl -b -1 -p warning"}},
	{"replace foo in config.txt with bar", []string{"sed -i 's/foo/bar/g' config.txt"}},
	{"switch foo to bar in config.txt", []string{"sed -i 's/foo/bar/g' config.txt"}},
	{"Switch every http:// link in links.txt to https://, editing the file itself.", []string{"sed -i 's|http://|https://|g' links.txt"}},
	{"replace /usr/local with /opt in paths.conf", []string{"sed -i 's|/usr/local|/opt|g' paths.conf"}},
	{"I want to look back over the history of my repo, but git log fills the whole screen. Can I get just one line per commit with the short id and message?", []string{"git log --oneline"}},
	{"A friend with a Mac says there's a command to see how big a folder is. I want to know how much space the whole videos folder takes, just one total, not every file listed.", []string{"du -sh ~/Videos"}},
	{"Before I open the PR I want to see which files I've changed compared to main, just the names, not the full diff. My feature branch is checked out already.", []string{"git diff --name-only main"}},
	{"Every time I ssh into the pi I have to type the pasword, which is getting old. What's the command to copy my existing public key over to pi@raspberrypi.local? I already have a key in ~/.ssh, so please don't generate a new one.", []string{"ssh-copy-id pi@raspberrypi.local"}},
	{"pip install -r requirements.txt dies with \"error: externally-managed-environment\" on the new Debian box. I don't want to break the system Python or use sudo. Can you give me the command to make a virtual environment called .venv in this project?", []string{"python3 -m venv .venv"}},
	{"We have a new intern, priya, and she needs an account on the lab server with a home directory and bash as her login shell. Also put her in the developers group while you're at it, but don't make her a sudoer.", []string{"sudo useradd -m -s /bin/bash -G developers priya"}},
	{"Every time I run git push I get \"fatal: The current branch feature/export has no upstream branch.\" I only made the branch locally this morning. What's the one-liner to push it and set the upstream so plain git push works next time?", []string{"git push -u origin feature/export"}},
	{"Somebody removed the retry logic from client.go months ago and I need to find the commit that did it. The function was called withRetry. Is there a git log option that finds the commits where a string was added or removed?", []string{"git log -S withRetry -- client.go"}},
	{"pip install keeps failing with \"error: externally-managed-environment\" on the new Ubuntu 24.04 box. I don't want to touch the system Python or use --break-system-packages. Create a virtualenv called .venv in the current project folder instead.", []string{"python3 -m venv .venv"}},
	{"Grafana is firing \"disk usage above 90%\" for the /data volume. Show me usage for just that filesystem in human-readable units. Don't clean anything up yet, the DBA wants to look first.", []string{"df -h /data"}},
	{"Someone deployed around the time /opt/app/deploy.marker was created. Which files under /opt/app were modified after that marker? I want to see what changed, not roll anything back.", []string{"find /opt/app -newer /opt/app/deploy.marker"}},
	{"The uploads folder /srv/app/uploads has a pile of zero-byte files from a failed import. Remove only the empty files there, not the empty directories, and nothing outside that folder.", []string{"find /srv/app/uploads -type f -empty -delete"}},
	{"Permissions under /var/www/blog are a mess after someone ran chmod -R 777 on it. Set every directory to 755 and every regular file to 644; don't change the owner or group.", []string{"find /var/www/blog -type d -exec chmod 755 {} + && find /var/www/blog -type f -exec chmod 644 {} +"}},
	{"Someone chmod 777'd our web uploads dir /var/www/uploads during a panic last night. Can you set all the directories in there to 755 and all the regular files to 644? Don't change ownership, www-data has to keep it.", []string{"find /var/www/uploads -type d -exec chmod 755 {} + && find /var/www/uploads -type f -exec chmod 644 {} +"}},
	{"Our custom nginx log /var/log/nginx/timed.log has the response time in ms as the last field on each line. Can you print only the lines where that's over two thousand?", []string{"awk '$NF > 2000' /var/log/nginx/timed.log"}},
	{"Before I upgrade the wiki I want a gzipped tarball of /var/www/wiki called wiki-backup.tar.gz in my home folder. Leave out its cache directory, that's definately junk and about ten gigs.", []string{"tar -czf ~/wiki-backup.tar.gz --exclude=cache /var/www/wiki"}},
	{"I've got about two hundred product photos in this folder, all .png, and the shop website wants jpgs at 85% quality. Keep the original pngs, the designer still needs them. Just this folder, no subfolders.", []string{"mogrify -format jpg *.png"}},
	{"I've got a folder called raw_photos with about four hundred .CR2 files straight off my camera. I need jpg versions to send to a client, but I don't want to lose or change the originals. What's the command?", []string{"mogrify -format jpg raw_photos/*.CR2"}},
	{"I made a zip of my project last week, project.zip, and I want to add the new file notes.txt to it without remaking the whole zip. Is that even possible?", []string{"zip project.zip notes.txt"}},
	{"A dataset I downloaded, scores.csv, uses semicolons instead of commas and my plotting tool wants commas. Can you swap them and save the result as scores-fixed.csv? The decimals use dots so there's no clash.", []string{"tr ';' ',' < scores.csv > scores-fixed.csv"}},
	{"Can you find every file under /etc/nginx that mentions old-api.internal? We're decommissioning that host next week.", []string{"grep -rl 'old-api.internal' /etc/nginx"}},
	{"The app on cache-01 logs \"Error 111 connecting to localhost:6379. Connection refused.\" I'm on that box now: is anything actually listening on 6379? Don't restart redis yet.", []string{"lsof -i :6379", "sudo ss -tlnp | grep 6379"}},
	{"Dump the environment variables inside pod checkout-6b9f4 in the prod namespace? I want to confirm DB_HOST got picked up after the secret change.", []string{"kubectl exec -n prod checkout-6b9f4 -- env"}},
	{"Check whether http://localhost:8080/healthz returns 200, just the status code plese. The load balancer keeps marking the node down.", []string{"curl -s -o /dev/null -w '%{http_code}\\n' http://localhost:8080/healthz"}},
	{"add notes.txt to backup.zip", []string{"zip backup.zip notes.txt"}},
	{"get all the urls out of page.html", []string{"grep -oE 'https?://[^[:space:]\"<>]+' page.html"}},
	{"which commit introduced MAX_RETRIES in config.py", []string{"git log -S MAX_RETRIES -- config.py"}},
	{"is anything listening on 6379", []string{"lsof -i :6379"}},
	{"I'm on the new Ubuntu box. Create a virtualenv called .venv in this project.", []string{"python3 -m venv .venv"}},
}

func TestEverydayRound48(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound48 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		// A question asks to look; what a person lacks is no question about it.
		{"Quick check before I hand over the box: is the user deploy in the sudo group? Only look, don't add it to anything.", "sudo usermod -aG sudo deploy"},
		{"Is /dev/sdc mounted anywhere?", "mount /dev/sdc"},
		{"is /mnt/nas mounted", "mount /mnt/nas"},
		{"Our QA box has felt sluggish since Tuesday and I suspect it's running out of RAM. Is the machine actually swapping right now? I don't have sudo on it, so something any user can run.", "sudo -l -U QA"},
		{"A user gets \"bash: ./run_tests.sh: Permission denied\" when running it from the repo root. Is the script actually executable? Only check, don't chmod it yet.", "chmod +x ./run_tests.sh"},
		{"Is the openssl security update available on this server yet? I just want to see whether apt would upgrade it, not install anything, and I already ran apt update a minute ago.", "sudo apt update && sudo apt upgrade"},
		{"The loader stops with \"ERROR: invalid input syntax at line 4512\" on bulk.csv. I want to look at that line plus a couple either side, say lines 4510 to 4514. The file is two gigabytes so please don't suggest opening it in an editor.", "xdg-open bulk.csv"},
		{"The vendor sent drivers.zip and unpacking it in Downloads made a huge mess because there's no top-level folder in it. Can you extract it into a folder called drivers instead? Don't overwrite anything that might already be in there.", "unzip -o drivers.zip -d drivers"},
		{"After the upgrade redis won't come up: \"Job for redis-server.service failed because the control process exited with error code.\" Show me the last fifty log lines for that unit so I can see why. Don't restart it again, it just loops.", "sudo apt install --only-upgrade After"},
		{"I've got a folder called raw_photos with about four hundred .CR2 files straight off my camera. I need jpg versions to send to a client, but I don't want to lose or change the originals. What's the command?", "mogrify -format send .CR2"},
		{"The app on cache-01 logs \"Error 111 connecting to localhost:6379. Connection refused.\" I'm on that box now: is anything actually listening on 6379? Don't restart redis yet.", "nc -zv cache-01 6379"},
		{"Check whether http://localhost:8080/healthz returns 200, just the status code plese. The load balancer keeps marking the node down.", "kubectl top nodes"},
		{"The uploads folder /srv/app/uploads has a pile of zero-byte files from a failed import. Remove only the empty files there, not the empty directories, and nothing outside that folder.", "find /srv/app/uploads -type d -empty -delete"},
	})
}
