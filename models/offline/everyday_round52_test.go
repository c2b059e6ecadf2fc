package offline

import "testing"

// everydayRound52 are requests of the fifty-second to fifty-fifth rounds' sets that were wrong or
// refused at first sight (eval/everyday/round52 to round55), and their kin: every image resized in place
// unless the originals are kept, transfers that resume or leave a folder out (rsync), checks against a
// SHA256SUMS file, a date counted from another date, lines N at a time, a log's level as the text to
// grep, settings found where they are set, and scenes whose words were read as the ask ("start our
// agent", "so finance can open it", "a deploy user ... login shell").
var everydayRound52 = []struct {
	prompt string
	want   []string
}{
	{"Resize every jpg in this foler to 800 pixels wide.", []string{"mogrify -resize 800 *.jpg"}},
	{"shrink every png in screenshots/ to half its size", []string{"mogrify -resize 50% screenshots/*.png"}},
	{"shrink all the photos in ~/pics to 1024 wide", []string{"mogrify -resize 1024 ~/pics/*.jpg"}},
	{"resize all the jpgs to 50% but keep the originals", []string{"mkdir -p resized && mogrify -path resized -resize 50% *.jpg"}},
	{"imagemagick turn logo.svg into a 512x512 png", []string{"convert logo.svg -resize 512x512 logo.png"}},
	{"make a 64x64 favicon.ico from logo.png", []string{"convert logo.png -resize 64x64 favicon.ico"}},
	{"Just downloaded the release tarball. Does release.tar.gz match what's listed in SHA256SUMS?", []string{"sha256sum -c SHA256SUMS --ignore-missing"}},
	{"did ubuntu.iso download ok? the hashes are in SHA256SUMS", []string{"sha256sum --ignore-missing -c SHA256SUMS"}},
	{"The finance export came out as one long column. Could you put the lines of amounts.txt three per row, separated by tabs?", []string{"paste - - - < amounts.txt"}},
	{"join every 4 lines of data.txt into one, separated by commas", []string{"paste -d, - - - - < data.txt"}},
	{"Can you copy the uploads folder from web01:/srv/uploads to here? It's big, so ideally something that can resume if the conection drops.", []string{"rsync -avP web01:/srv/uploads ."}},
	{"copy bigfile.iso to backup:/data, resumable", []string{"rsync -avP bigfile.iso backup:/data"}},
	{"copy web01:/srv/uploads to here", []string{"scp -r web01:/srv/uploads ."}},
	{"I need to copy my results from the GPU box to my laptop. On the server (gpu01) they're in ~/experiments and I want them in my current folder. Please skip the checkpoints folder inside it, those are hundreds of gigs.", []string{"rsync -av --exclude=checkpoints gpu01:~/experiments ."}},
	{"We're migrating off the old box tonight. Copy /srv/app to newhost:/srv/app with permissions and timestamps intact, but skip the cache folder inside it, that gets rebuilt on start.", []string{"rsync -avz --exclude=cache /srv/app newhost:/srv/app"}},
	{"Something broke after the update last night. Which packages did apt install or upgrade recently?", []string{"cat /var/log/apt/history.log"}},
	{"I need the error lines from app.log with line numbers. Case dosen't matter, some say ERROR and some say Error.", []string{"grep -n -i error app.log"}},
	{"the warnings in build.log, case insensitive", []string{"grep -i warning build.log"}},
	{"how many errors are in app.log", []string{"grep -c error app.log"}},
	{"can i reach port 5432 on db.internal from here", []string{"nc -zv db.internal 5432"}},
	{"which ip shows up the most in access.log", []string{"awk '{print $1}' access.log | sort | uniq -c | sort -rn | head -n 1"}},
	{"whats my pi's ip on the local network", []string{"hostname -I"}},
	{"what's my local ip", []string{"hostname -I"}},
	{"i just plugged in a usb stick, what name did it get", []string{"lsblk"}},
	{"pull just the email out of every user in users.json", []string{"jq '.[].email' users.json"}},
	{"users.json is a list of people, i just want all the email addresses out of it", []string{"jq '.[].email' users.json"}},
	{"how do I see which commits changed src/app.py", []string{"git log --oneline -- src/app.py"}},
	{"For the quarterly report I need the date exactly ninety days before 2024-03-15, as YYYY-MM-DD.", []string{"date -d '2024-03-15 -90 days' +%Y-%m-%d"}},
	{"what date is 90 days after 2024-01-10", []string{"date -d '2024-01-10 +90 days'"}},
	{"I think someone left a heavy job running over the weekend. Show me the top ten processes by CPU, but please don't kill anything yet.", []string{"ps aux --sort=-%cpu | head -n 10"}},
	{"Could you pick a random sample of five hundred lines from clicks.tsv? The full file is too big for my laptop to plot.", []string{"shuf -n 500 clicks.tsv"}},
	{"I downloaded the dataset twice, once as data_v1.parquet and once as data_v2.parquet. Are they actually identical files?", []string{"cmp data_v1.parquet data_v2.parquet"}},
	{"Customer says their upload page returns \"413 Request Entity Too Large\" for anything over a few megabytes. They're on nginx. Can you show me where client_max_body_size is set anywhere under /etc/nginx?", []string{"grep -rn client_max_body_size /etc/nginx"}},
	{"where is PermitRootLogin set in /etc/ssh", []string{"grep -rn PermitRootLogin /etc/ssh"}},
	{"Can you give me the first twenty rows of survey_2024.csv? I just want to eyeball the columns before loading it into pandas.", []string{"head -n 20 survey_2024.csv"}},
	{"sales.csv has a header row and the region is in column four. How many rows are there per region?", []string{"tail -n +2 sales.csv | cut -d, -f4 | sort | uniq -c"}},
	{"how many rows per country in people.csv, country is column 3", []string{"cut -d, -f3 people.csv | sort | uniq -c"}},
	{"The deploy step says \"error: pathspec 'release/2.4' did not match any file(s) known to git\". Does a branch called release/2.4 actually exist on origin?", []string{"git ls-remote --heads origin release/2.4"}},
	{"Before we cut over I want to stop the old mysql service on this host and make sure it doesn't come back on reboot. Leave mariadb alone, that's the new one.", []string{"sudo systemctl disable --now mysql"}},
	{"We're moving the mail spool to the new server next. Archive /var/mail into mail-backup.tar.gz and keep the ownership and permissions, I'll scp it over after.", []string{"tar -czpvf mail-backup.tar.gz /var/mail"}},
	{"I've got a pile of gzipped event files in raw/ named like events-*.json.gz. Can you count how many lines they have combined without unpacking them to disk?", []string{"zcat raw/events-*.json.gz | wc -l"}},
	{"Docker build on the CI runner fails with \"no space left on device\". Can you show how much space images, containers and build cache are taking up?", []string{"docker system df"}},
	{"On the new host \"systemctl status myapp\" says \"Unit myapp.service could not be found.\" even though I copied the unit file into /etc/systemd/system. What do I run so systemd picks it up?", []string{"sudo systemctl daemon-reload"}},
	{"The runner's docker is full of stopped containers from old jobs. Remove all the stopped ones, but leave the running registry container and all the images untouched.", []string{"docker container prune"}},
	{"The pipeline tags images with the short hash of the current commit. What prints just that hash?", []string{"git rev-parse --short HEAD"}},
	{"Need to recreate the users on the new server. Can you list all the normal user accounts on this one, the ones with uid 1000 or above?", []string{"awk -F: '$3 >= 1000 && $3 < 65534 {print $1}' /etc/passwd"}},
	{"The API dumped everything into export.json as an array of objects. I only need id and total from each one, as CSV, so finance can open it in excel.", []string{"jq -r '.[] | [.id, .total] | @csv' export.json"}},
	{"npm ci keeps failing with \"EACCES: permission denied, mkdir '/home/runner/.npm/_cacache'\". Can you make the runner user own its .npm folder again?", []string{"chown runner /home/runner/.npm"}},
	{"I want to compare the package lists between the old and new servers. Dump the list of installed packages on this one into packages-old.txt.", []string{"dpkg --get-selections > packages-old.txt"}},
	{"Can you find out which process is holding port 8443? The customer tried to start our agent and it says \"bind: address already in use\", and they swear nothing else is installed.", []string{"lsof -i :8443"}},
	{"Our CI job dies with \"bash: ./scripts/build.sh: Permission denied\". I think the execute bit never got committed. How do I fix that in git so it sticks for everyone?", []string{"git update-index --chmod=+x ./scripts/build.sh"}},
	{"The test job leaves a mess behind. Remove all untracked files and folders from the repo, but keep the .env file, the pipeline needs it.", []string{"git clean -fd -e .env"}},
	{"I have a folder of .mkv episodes in ~/tv and my old smart tv only plays mp4. Can you remux every mkv in there into mp4 without re-encoding?", []string{`for f in ~/tv/*.mkv; do ffmpeg -i "$f" -c copy "${f%.*}.mp4"; done`}},
	{"Is the NFS share from fileserver still mounted on this box? I need it gone before the cutover but first I just want to know.", []string{"mount | grep fileserver"}},
	{"Ticket from a customer: \"kubectl get pods shows checkout-api in CrashLoopBackOff\". Can you pull the events for the shop namespace, sorted with the newest last?", []string{"kubectl get events -n shop --sort-by=.metadata.creationTimestamp"}},
	{"My backup disk is full of nightly .tar.gz files in /mnt/backup. Delete the ones older than thirty days, but leave anything in /mnt/backup/keep alone.", []string{"find /mnt/backup -name '*.tar.gz' -not -path '/mnt/backup/keep/*' -mtime +30 -exec rm {} \\;"}},
	{"The new server needs a deploy user that's in the docker group from the start. Create it with a home directory and bash as the login shell.", []string{"sudo useradd -m -s /bin/bash -G docker deploy"}},
	// Round 54.
	{"Convert events.json, an array of objects with ts, user and action fields, to events.csv.", []string{"jq -r '.[] | [.ts, .user, .action] | @csv' events.json"}},
	{"cron job: /home/pi/backup.sh evry sunday at 3am", []string{`(crontab -l 2>/dev/null; echo "0 3 * * 0 /home/pi/backup.sh") | crontab -`}},
	{"What was the date thirty days ago, in YYYY-MM-DD? Our retention policy says logs older than that can go and I want to double-check the cutoff.", []string{"date -d '30 days ago' +%Y-%m-%d"}},
	{"Our config lives in settings.json and the database host is under db.host. When I pull it out with jq it prints \"10.0.0.5\" with the quotes and my script chokes on that, so could you get me the bare value?", []string{"jq -r .db.host settings.json"}},
	{"Quick sanity check before I ship the import: does users.csv have more than ten thousand lines?", []string{"wc -l users.csv"}},
	{"show the first ten thousand lines of x.log", []string{"head -n 10000 x.log"}},
	{"I'm on the Pi doing maintenance tonight. Are there any package upgrades pending? Just tell me, don't install anything yet.", []string{"apt list --upgradable"}},
	{"Strip the metadata from photo.jpg and save it at quality 80 as web.jpg.", []string{"convert photo.jpg -strip -quality 80 web.jpg"}},
	{"We had a leak last year from GPS tags in photos. Does badge.jpg still have any EXIF data in it?", []string{"exiftool badge.jpg"}},
	{"The client sent site-backup.tar.gz and says wp-config.php is inside. Is it actually in there? I don't want to extract the whole thing to find out.", []string{"tar -tzf site-backup.tar.gz | grep wp-config.php"}},
	{"is config.yml in backup.tar.gz", []string{"tar -tzf backup.tar.gz | grep config.yml"}},
	{"pip install requests fails with \"error: externally-managed-environment\" on the new Debian. Make a virtualenv called .venv in this project and install requests into it.", []string{"python3 -m venv .venv && .venv/bin/pip install requests"}},
	{"I've been hacking on feature/login and have uncommitted changes I'm not ready to commit. Switch me to main for a quick hotfix without losing or committing that work.", []string{"git stash && git switch main"}},
	{"Students keep asking which shell each account uses. From /etc/passwd, count how many users have each login shell, most comman first.", []string{"cut -d: -f7 /etc/passwd | sort | uniq -c | sort -rn"}},
	{"metrics.csv has a header row and the fourth column is latency in ms. Print the rows where latency is over 200, skipping the header.", []string{"awk -F, 'NR > 1 && $4 > 200' metrics.csv"}},
	{"New files I create in the shared folder end up without group write, and my teammates complain. Set my umask for this session so new files are group-writable but not world-writable.", []string{"umask 002"}},
	{"I'm backing up my project folder webapp before a big refactor. Make webapp.tar.gz from it, but leave out node_modules and .git.", []string{"tar -czf webapp.tar.gz --exclude=node_modules --exclude=.git webapp"}},
	{"Generate a new ed25519 key pair with the comment deploy@ci. It's for the CI runner, so it shouldn't have a passphrase.", []string{"ssh-keygen -t ed25519 -N '' -C 'deploy@ci'"}},
	{"The drone footage in flight.mp4 is 60 fps and full of loud propeller noise. Can you make a 30 fps version with no audio track, saved as flight30.mp4?", []string{"ffmpeg -i flight.mp4 -vf fps=30 -an flight30.mp4"}},
	{"I've got a folder of screenshots, all .png, and the site loads slowly. Make .webp copies of each one at quality seventy-five, but keep the PNGs where they are.", []string{"mogrify -format webp -quality 75 *.png"}},
	{"I'm setting up a Pi for the robotics club. Create a group called robotics and add the existing user maya to it.", []string{"sudo groupadd robotics && sudo usermod -aG robotics maya"}},
	{"Show me the last ten commits, one line each with the author name. I'm writing the weekly sumary and need to see who did what.", []string{"git log -n 10 --pretty=format:'%h %an %s'"}},
	{"Make a contact sheet of all the PNGs in thumbs/, four across, saved as sheet.jpg.", []string{"montage thumbs/*.png -tile 4x -geometry +2+2 sheet.jpg"}},
	{"There's a good bit in webinar.mp4 that starts at one minute thirty and runs for forty-five seconds. I'd like just that part clipped out into highlight.mp4; re-encoding is fine.", []string{"ffmpeg -ss 00:01:30 -i webinar.mp4 -t 45 -c copy highlight.mp4"}},
	{"clip webinar.mp4 from 1:30 for 45 seconds into highlight.mp4", []string{"ffmpeg -ss 1:30 -i webinar.mp4 -t 45 -c copy highlight.mp4"}},
	{"sleep for 10 seconds", []string{"sleep 10"}},
	// Round 55.
	{"wolrd-writable files in /home", []string{"find /home -perm -o+w"}},
	{"how do I edit the crontab of user www-data?", []string{"sudo crontab -u www-data -e"}},
	{"Someone set up a scheduled job on the old server and nobody remembers where. Does the root user have any crontab entries?", []string{"sudo crontab -u root -l"}},
	{"Got a sales.csv export from finance with a header row. Can you sort it by the third column numerically, biggest first, and keep the header at the top?", []string{"(head -n 1 sales.csv && tail -n +2 sales.csv | sort -t, -k3,3nr)"}},
	{"Load balancer says the backend is unhealthy. Hit http://10.2.0.14:8080/healthz and show me the response headers as well as the body.", []string{"curl -i http://10.2.0.14:8080/healthz"}},
	{"I exported about twenty charts as PNGs into the charts folder. Can you stitch all of them into one PDF called charts.pdf?", []string{"convert charts/*.png charts.pdf"}},
	{"Downloaded the modpack zip twice and the sizes match, but I want to be sure. Do modpack.zip and modpack(1).zip have the same md5?", []string{"md5sum modpack.zip 'modpack(1).zip'"}},
	{"The contract started on 2024-03-15 and my manager wants to know how many days ago that was. Can you compute it from today's date?", []string{"echo $(( ($(date +%s) - $(date -d 2024-03-15 +%s)) / 86400 ))"}},
	{"what was the date 30 days ago", []string{"date -d '30 days ago'"}},
	{"Show me the commit messages between tags v2.3.0 and v2.4.0, one line each. Release notes are due and I need to know what went into the build.", []string{"git log --oneline v2.3.0..v2.4.0"}},
	{"Node ip-10-0-3-21 is reporting disk pressure and we need it out of rotation. Cordon it so nothing new gets scheduled there, but don't drain it yet.", []string{"kubectl cordon ip-10-0-3-21"}},
	{"Maria came back from leave and can't log in, she thinks her password expired. Can you show the pasword aging info for the account maria?", []string{"sudo chage -l maria"}},
	{"We're seeing 'too many open connections' from the app. How many established TCP connections does this host have rigth now?", []string{"ss -Htn state established | wc -l"}},
	{"Friends can't connect to my Valheim server. Is anything actually listening on UDP port 2456?", []string{"ss -ulnp | grep 2456"}},
	{"install requests with pip just for my user, no sudo", []string{"pip install --user requests"}},
}

func TestEverydayRound52(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound52 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		// Scenes and purposes are no asks; names in capitals are files when they are sums files.
		{"Just downloaded the release tarball. Does release.tar.gz match what's listed in SHA256SUMS?", `echo "${SHA256SUMS:-not set}"`},
		{"download ubuntu.iso and its SHA256SUMS", "sha256sum -c SHA256SUMS --ignore-missing"},
		{"The API dumped everything into export.json as an array of objects. I only need id and total from each one, as CSV, so finance can open it in excel.", "xdg-open export.json"},
		{"Can you find out which process is holding port 8443? The customer tried to start our agent and it says \"bind: address already in use\", and they swear nothing else is installed.", `eval "$(ssh-agent -s)" && ssh-add`},
		{"The new server needs a deploy user that's in the docker group from the start. Create it with a home directory and bash as the login shell.", "docker login"},
		{"I want to compare the package lists between the old and new servers. Dump the list of installed packages on this one into packages-old.txt.", "sudo apt update && sudo apt install -y compare"},
		{"Something broke after the update last night. Which packages did apt install or upgrade recently?", "sudo apt update && sudo apt upgrade"},
		// Copies that keep the originals never overwrite them; "in place" never writes copies.
		{"I have a bunch of photos (jpgs) in ~/Pictures/trip and want them all smaller, like half the size. Don't touch the originals, put the small ones in ~/Pictures/small (that folder already exists).", "mogrify -resize 50% ~/Pictures/trip/*.jpg"},
		// A remote said after "from" is the source, wherever "to here" is said.
		{"copy web01:/srv/uploads to here", "scp . web01:/srv/uploads"},
		{"stop apache from starting on boot", "sudo systemctl disable --now apache"},
		{"Is the curl package installed on this server, and which version? I don't have sudo here so I can only look.", "pip install --user curl"},
		{"send a get request with the header Authorization: Bearer abc to https://api.example.com", "curl -i https://api.example.com"},
		{"I'm setting up a Pi for the robotics club. Create a group called robotics and add the existing user maya to it.", "sudo groupadd maya"},
		{"We had a leak last year from GPS tags in photos. Does badge.jpg still have any EXIF data in it?", "git tag had"},
		{"Show me the last ten commits, one line each with the author name. I'm writing the weekly sumary and need to see who did what.", "git log --author=name --oneline -n 10"},
		{"pod worker-abc12 has been stuck in Pending forever. show me its details and events so I can see why", "kubectl get events --sort-by=.metadata.creationTimestamp"},
	})
}
