package offline

import (
	"slices"
	"strings"
	"testing"
)

// everydayRound60 are requests of the sixtieth and sixty-first rounds' sets that were wrong or refused at
// first sight (eval/everyday/round60 and round61), and their kin: membership questions answered with
// the groups a user is in, numbers that are text to look for ("lines with 404"), a log followed from
// its last lines, a variable set for one run, possessive authors, checksum lists of a whole tree.
var everydayRound60 = []struct {
	prompt string
	want   []string
}{
	{"is maya in the docker group?", []string{"groups maya"}},
	{"Is maria in the sudo group? The security review asked me to confirm.", []string{"groups maria"}},
	{"cuont lines with 404 in access.log", []string{"grep -c '404' access.log"}},
	{"count lines with ERROR in access.log", []string{"grep -c 'ERROR' access.log"}},
	{"how can I follow app.log as new lines come in, starting with the last 20?", []string{"tail -n 20 -f app.log"}},
	{"follow app.log starting with the last 20 lines", []string{"tail -n 20 -f app.log"}},
	{"what's the command to run ./server with PORT set to 9000 just for that one run?", []string{"PORT=9000 ./server"}},
	{"how do I see alice's commits from the last two weeks?", []string{"git log --author=alice --since='14 days ago'"}},
	{"show bob's commits", []string{"git log --author=bob"}},
	{"Give the group write permission on everything under shared.", []string{"chmod -R g+w shared"}},
	{"how do I print each username and its login shell from /etc/passwd?", []string{"cut -d: -f1,7 /etc/passwd"}},
	{"list every user and their login shell", []string{"cut -d: -f1,7 /etc/passwd"}},
	{"how do I verify files against the list in checksums.sha256?", []string{"sha256sum -c checksums.sha256"}},
	{"I downloaded imagenet_subset.tar and the README gave its hash in imagenet_subset.tar.sha256. Does my copy match, or do I have to fetch it again? Please don't re-download anything yet.", []string{"sha256sum -c imagenet_subset.tar.sha256"}},
	{"I copied the photo backup to the NAS and want to make sure nothing got corupted on the way. Make a checksum list of every file under Photos into photos.sha256 so I can verify it on the other side.", []string{"find Photos -type f -exec sha256sum {} + > photos.sha256"}},
	{"After copying the sessions to the new drive I want proof nothing got corrupted. Make a SHA-256 list of every file under ~/sessions, saved as sessions.sha256, so I can check the copy against it later.", []string{"find ~/sessions -type f -exec sha256sum {} + > sessions.sha256"}},
	{"Training run on gpu2 died overnight with \"torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB\". Can you give me the command to see what is using the GPU memory right now? I want to see the processes, not just the totals.", []string{"nvidia-smi"}},
	{"Need to ship the labels to the cluster before the run. Copy labels.jsonl to gpu3 into /scratch/data with scp, that box doesn't have rsync installed.", []string{"scp labels.jsonl gpu3:/scratch/data"}},
	{"metrics.json is an array of epoch objects, each with a val_loss field. Could you get me the smallest val_loss? Just the number please, it goes into a spreadsheet.", []string{"jq 'map(.val_loss) | min' metrics.json"}},
	{"highest score in results.json", []string{"jq 'map(.score) | max' results.json"}},
	{"pip install died with \"ERROR: Could not find a version that satisfies the requirement torch==2.9.9\". Which versions of torch can pip actually see from this machine? I would like the list before I pin anything.", []string{"pip index versions torch"}},
	{"which versions of requests are available on pypi", []string{"pip index versions requests"}},
	{"Checking password policy on web01. Is the account svc_backup locked? When I grep shadow I see \"svc_backup:!:19500:0:99999:7:::\" and I am not sure what the ! means.", []string{"sudo passwd -S svc_backup"}},
	{"is the user bob locked?", []string{"sudo passwd -S bob"}},
	{"lock user bob", []string{"sudo usermod -L bob"}},
	{"Is the cups printing service running? The kids can't print their book reports and there's a line at the front desk.", []string{"systemctl status cups"}},
	{"how do I tell which mounted filesystem the directory /data/cache lives on?", []string{"df -h /data/cache"}},
	{"Our patron list names.txt came out of the old system in ALL CAPS. Can you make a lowercase copy called names_lower.txt? I'd rather not touch the original.", []string{"tr '[:upper:]' '[:lower:]' < names.txt"}},
	{"the api gives us back deployments.json shaped like {\"items\":[{\"name\":...,\"status\":...}]}. i just want the names of the ones whose status is failed", []string{"jq -r '.[] | select(.status == \"failed\") | .name' deployments.json"}},
	{"Compliance wants the failed SSH login attempts from the last seven days. Pull them out of the journal for the ssh unit.", []string{"journalctl -u ssh --since '7 days ago' | grep 'Failed password'"}},
	{"The build fails with \"Error: Cannot find module 'webpack-cli'\". Is webpack-cli actually installed in this project? Just check, I don't want to install anything right now.", []string{"npm ls webpack-cli"}},
	{"Something is already sitting on port five one seven three and vite won't start. Which process is it? Don't kill it, it might be my other project's dev server.", []string{"lsof -i :5173"}},
	{"CI keeps failing with \"npm ERR! code ERESOLVE\" since I bumped react. Locally I want to wipe node_modules and package-lock.json and do a fresh install, all in one line please.", []string{"rm -rf node_modules package-lock.json && npm install"}},
	{"Did I already push my feature branch? I'm on feature/navbar and want to know whether origin has it before I rebase.", []string{"git ls-remote --heads origin feature/navbar"}},
	{"Our compose stack has web-frontend serving the build and a very noisy api container next to it. Show the last two hundred lines of the web-frontend logs and keep following. Only that one container, not the api.", []string{"docker compose logs -f --tail 200 web-frontend"}},
	{"I've got clip1.mp4 through clip9.mp4 listed in order in list.txt, same codec and resolusion. Join them into final.mp4 without re-encoding. list.txt already has the file 'clipN.mp4' lines ffmpeg wants.", []string{"ffmpeg -f concat -safe 0 -i list.txt -c copy final.mp4"}},
	{"i need a file called todo.txt, empty is fine", []string{"touch todo.txt"}},
	{"what is listening on port eight oh eight oh", []string{"lsof -i :8080"}},
	{"is lodash installed in this project?", []string{"npm ls lodash"}},
	{"is curl installed?", []string{"dpkg -s curl"}},
	{"failed ssh logins in the journal", []string{"journalctl -u ssh | grep 'Failed password'"}},
	{"clean install of the npm packages from the lockfile", []string{"npm ci"}},
	{"My scraper keeps dying and the log shows \"HTTP Error 429: Too Many Requests\" over and over. How many lines in scrape.log have that error? I want to tell the editor we're being throttled.", []string{"grep -c 'HTTP Error 429: Too Many Requests' scrape.log"}},
	{"I've got a few dozen CSVs in raw/ that all share the same header. Stitch them into one file, all.csv, with the header only once at the top. The files in raw/ themselves must stay untouched.", []string{"awk 'FNR == 1 && NR != 1 {next} 1' raw/*.csv > all.csv"}},
	{"Sort donors.csv by the amount in the fourth column, biggest first, and show me the top ten. It's comma separated, no header, and no quoted commas, luckily.", []string{"sort -t, -k4,4nr donors.csv | head -n 10"}},
	{"Ward 4 says their label printer stopped again. Can you list the print jobs still waiting in the queue, for all printers? Don't cancel anything yet, the nurses need to reprint some of them.", []string{"lpstat -o"}},
	{"Is the cups service running on this workstation? The print dialog says \"Unable to connect to CUPS server localhost:631 - Connection refused\".", []string{"systemctl status cups"}},
	{"We have a shared drive from the file server mounted on these workstations, I think somewhere under /mnt. Which CIFS filesystems are mounted right now?", []string{"findmnt -t cifs"}},
	{"The imaging workstation has been rebooting on its own overnight. Can I see the system journal from the boot before this one? I want to look before the vendor calls back.", []string{"journalctl -b -1"}},
	{"A process on the nurses' station keeps eating CPU, it's called vitals-sync. Send it a normal terminate signal, not a kill -9. The other vendor processes, vitals-ui and vitals-agent, have to stay up.", []string{"pkill -x vitals-sync"}},
	{"Is the redis container actually healthy or just running? docker ps shows \"Up 3 hours (unhealthy)\" for cache-redis and I want to see what the health check reported.", []string{"docker inspect --format '{{json .State.Health}}' cache-redis"}},
	{"The product photo uploads live in /var/www/shop/uploads. Which files in there are bigger than two megabytes? I'll compress them at the weekend.", []string{"find /var/www/shop/uploads -size +2M"}},
	{"Docker has been filling up my little server's disk and the last pull failed with \"no space left on device\". How much space are images, containers and volumes taking? Don't prune anything, there's a stopped container I still need.", []string{"docker system df"}},
	{"Resolve locked up and the process called resolve is pegging the CPU. Kill it but leave ResolveRenderHelper running, it is halfway through an export. The terminal only said \"Segmentation fault (core dumped)\" before it froze.", []string{"pkill -x resolve"}},
	{"so our app server rebooted overnight for some reason and i want to see logs from the boot before this one. just the errors though", []string{"journalctl -b -1 -p err"}},
	{"stop 4521", []string{"kill 4521"}},
	{"list the printers", []string{"lpstat -p -d"}},
	{"list nfs mounts", []string{"findmnt -t nfs"}},
	{"is the web container healthy?", []string{"docker inspect --format '{{json .State.Health}}' web"}},
	{"Restart the cups service please, and nothing else. The front desk printer queue is stuck again.", []string{"sudo systemctl restart cups"}},
	{"I keep checkpoints under ~/runs and they're eating the disk. Delete every .pt file older than fourteen days, but leave any file named best.pt alone.", []string{"find ~/runs -name '*.pt' ! -name 'best.pt' -mtime +14 -exec rm {} \\;"}},
	{"The annotations file annotations.csv has a header row and the class name in column three. Give me a count per class, biggest first, skipping the header.", []string{"tail -n +2 annotations.csv | cut -d, -f3 | sort | uniq -c | sort -rn"}},
	{"Hi, I'm the librarian at Oakfield Middle and I've got a folder of book cover scans in ~/covers. They're all big .tif files; can you make a .jpg of each one next to it? Please don't delete the tif originals, the district wants them kept.", []string{"mogrify -format jpg ~/covers/*.tif"}},
	{"I have two lists of ISBNs, shelf.txt from the barcode scanner and system.txt from the catalogue, one per line and not sorted. Which ISBNs are on the shelf list but missing from the system list?", []string{"comm -23 <(sort shelf.txt) <(sort system.txt)"}},
	{"Pull the journal for payments-api from the last 30 minutes. Pager fired with \"HighErrorRate payments-api 5xx > 2%\" and I need to see what it logged.", []string{"journalctl -u payments-api --since '30 minutes ago'"}},
	{"Make the handout folder /srv/handouts readable by everyone but writable only by me. Don't change anything in /srv/submissions, the kids' homework lives there.", []string{"chmod 755 /srv/handouts"}},
	{"It's the end of term. Please find the files in /home/students that are bigger than one hundred megabytes, someone has been hoarding vidoes again. I'll talk to them before anything gets deleted.", []string{"find /home/students -size +100M"}},
	{"The lab's network was rewired over the break. From this machine, can we reach the printer at 192.168.10.50?", []string{"ping -c 4 192.168.10.50"}},
	{"The class repo on my laptop has all the students' pull requests merged in. Can you show me how many commits each person made, sorted by count? Please don't change anything in the repo, it's the graded copy.", []string{"git shortlog -sn"}},
	{"A few machines show the wrong time in the exam software. The clock bar says \"14:05\" but it's 15:05 here. Is the time zone on this box even set to Europe/London?", []string{"timedatectl"}},
	{"nginx logs from the last hour", []string{"journalctl -u nginx --since '1 hour ago'"}},
	{"make notes.txt readable by everyone but writable only by me", []string{"chmod 644 notes.txt"}},
	{"count rows per value of column 2 in data.csv, most common first", []string{"cut -d, -f2 data.csv | sort | uniq -c | sort -rn"}},
	{"find all .conf files on the system", []string{"find / -name '*.conf'"}},
	{"Hmm, I think one of the cron jobs is runing twice. Could you show me the cron service's log entries from today?", []string{"journalctl -u cron --since today"}},
	{"Our pg_hba.conf changes didn't take efect. There are open sessions from the billing app, so no full restart please. Just reload postgresql so it rereads its config.", []string{"sudo systemctl reload postgresql"}},
	{"I exported the database names from both clusters into prod_dbs.txt and staging_dbs.txt, one name per line, unsorted. Which databases exist in prod but not in staging?", []string{"comm -23 <(sort prod_dbs.txt) <(sort staging_dbs.txt)"}},
	{"Put titles.txt and slugs.txt side by side as title,slug lines and save the result as redirects.csv. Both files have one entry per line in the same order.", []string{"paste -d, titles.txt slugs.txt > redirects.csv"}},
	{"Stack the three screenshots step1.png, step2.png and step3.png into one vertical strip called steps.png. It's for the install guide, top to bottom in that order.", []string{"convert step1.png step2.png step3.png -append steps.png"}},
	{"Add mkowalski to the sudo group without dropping him from any of the groups he's already in. He's the new sysadmin intern and starts Monday.", []string{"sudo usermod -aG sudo mkowalski"}},
	{"I restored Sam's home folder from backup as root and now he can't save anything. Give everything in /home/sam back to sam:sam. Don't touch the other home folders.", []string{"sudo chown -R sam:sam /home/sam"}},
	{"Is my user in the dialout group? minicom keeps failing with \"cannot open /dev/ttyUSB0: Permission denied\" and I'm not sure the usermod ever took.", []string{"groups"}},
	{"I flashed a new kernel on the pi last night and it's back up now. Print the kernel release it's actually running so I can compare it with the build.", []string{"uname -r"}},
	{"Check which version of pyserial pip has installed for python3 on this pi. The other two scripts on it were written against whatever is there now.", []string{"pip show pyserial"}},
	{"Is there a newer version of the tokenizers package available through pip? I'm only looking, don't upgrade anything.", []string{"pip index versions tokenizers"}},
	{"give everything in /var/www back to www-data", []string{"sudo chown -R www-data:www-data /var/www"}},
	{"how big is alice's home directory", []string{"du -sh /home/alice"}},
	{"paste a.txt and b.txt side by side and save it as c.txt", []string{"paste a.txt b.txt > c.txt"}},
	{"stack a.png b.png c.png vertically into out.png", []string{"convert a.png b.png c.png -append out.png"}},
	{"back up my home folder to /mnt/backup", []string{"rsync -avz ~ /mnt/backup"}},
	{"Our invoice numbers are in column 3 of payments.csv, which is comma separated. The temp keyed some of them in twice last month. Could you show me the invoice numbers that appear more than once?", []string{"cut -d, -f3 payments.csv | sort | uniq -d"}},
	{"Someone is running python on the login node again, user rpatel, and it's hammering the CPU. Kill his python processes only; he has a tmux session and an editor open that I don't want to wreck. I've already emailed him about using the queue propperly.", []string{"sudo pkill -u rpatel python"}},
	{"Is the NAS at 192.168.1.20 reachable from this box? Send it just three pings, I don't want it running forever.", []string{"ping -c 3 192.168.1.20"}},
	{"After the power cut the Samba share dissapeared. Start smbd and make sure it comes up on every boot from now on. Leave nmbd alone, I don't use it.", []string{"sudo systemctl enable --now smbd"}},
	{"Heads up, the homepage hero images need webp versions for the new tempalte. Every png in ~/site/hero should get a matching .webp next to it with the same name. Keep the pngs, the old template still uses them.", []string{"mogrify -format webp ~/site/hero/*.png"}},
	{"Need to check the downloads from the sequencing core weren't corrupted. They gave us md5sums.txt in the same folder as the fastqs, and I'm in that folder now; can you verify all of them against it?", []string{"md5sum -c md5sums.txt"}},
	{"copy a.txt to web1:/tmp over port 2200", []string{"scp -P 2200 a.txt web1:/tmp"}},
	{"download https://example.com/a.iso into ~/Downloads", []string{"wget -P ~/Downloads https://example.com/a.iso"}},
	{"send three pings to 10.0.0.1", []string{"ping -c 3 10.0.0.1"}},
	{"enable docker to start at boot", []string{"sudo systemctl enable docker"}},
	{"Is anything still listening on 8080 after I stopped the dev server? cargo watch sometimes leaves a process behind.", []string{"sudo ss -tlnp | grep 8080"}},
	{"My renders folder is eating the whole drive. Can you show me the twenty biggest files anywhere under ~/renders, with their sizes?", []string{"find ~/renders -type f -exec du -h {} + | sort -rh | head -n 20"}},
	{"How much space is left on the external render drvie? It shows up as /dev/sdc1 and I'm about to copy three hundred gigs of EXRs onto it.", []string{"df -h /dev/sdc1"}},
}

func TestEverydayRound60(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound60 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		{"files starting with last", "tail -n 1"},
		{"I keep each year's closed books under ~/archive, a folder per year. Please pack ~/archive/2019 into a gzipped tarball called books-2019.tar.gz in the current folder. Leave the folder itself in place, the auditors may still want to browse it.", "pkill -x 'year'\\''s'"},
		{"Need to check the downloads from the sequencing core weren't corrupted. They gave us md5sums.txt in the same folder as the fastqs, and I'm in that folder now; can you verify all of them against it?", "sha256sum -c md5sums.txt"},
		{"copy a.txt to web1:/tmp over port 2200", "scp -P a.txt web1:/tmp"},
		{"Our pg_hba.conf changes didn't take efect. There are open sessions from the billing app, so no full restart please. Just reload postgresql so it rereads its config.", "psql changes < pg_hba.conf"},
		{"Is my user in the dialout group? minicom keeps failing with \"cannot open /dev/ttyUSB0: Permission denied\" and I'm not sure the usermod ever took.", "groups USER"},
		{"It's the end of term. Please find the files in /home/students that are bigger than one hundred megabytes, someone has been hoarding vidoes again. I'll talk to them before anything gets deleted.", "find /home/students -size +100M -exec rm {} \\;"},
		{"Make the handout folder /srv/handouts readable by everyone but writable only by me. Don't change anything in /srv/submissions, the kids' homework lives there.", "chmod a+r /srv/handouts /srv/submissions"},
		{"Ward 4 says their label printer stopped again. Can you list the print jobs still waiting in the queue, for all printers? Don't cancel anything yet, the nurses need to reprint some of them.", "kill 4"},
		{"Docker has been filling up my little server's disk and the last pull failed with \"no space left on device\". How much space are images, containers and volumes taking? Don't prune anything, there's a stopped container I still need.", "du -h 'no space left on device' --max-depth=1 | sort -rh | head -n 10"},
		{"could you tell me how big /data/archive is in total? there are symlinks in there pointing into the nfs share, please don't follow those.", "findmnt -t nfs"},
		{"Did I already push my feature branch? I'm on feature/navbar and want to know whether origin has it before I rebase.", "git rebase Did"},
		{"Our compose stack has web-frontend serving the build and a very noisy api container next to it. Show the last two hundred lines of the web-frontend logs and keep following. Only that one container, not the api.", "docker compose up -d --build stack"},
		{"Is the cups printing service running? The kids can't print their book reports and there's a line at the front desk.", "pgrep service"},
		{"I need a list of every user account on this box whose login shell is /bin/bash, just the usernames.", "cut -d: -f1,7 /etc/passwd"},
		{"Is mchen in the cs101-ta group? She says she can't open the grading share since this morning.", "groups She"},
		{"bob says he still can't write to the shared project folder even though I added him to the devs group yesterday (he may not have logged out since). How do I see which groups bob is actualy in?", "groups actualy"},
	})
}

// Common English words are never read as slips: "the kids can't print" names no pids, "the front desk"
// no disk, "the shop site" asks to show nothing. Words that are slips, and "flies" (nearly always
// files in a request), still are.
func TestCommonWordsAreNotSlips(t *testing.T) {
	e := testEngine(t)
	for _, prompt := range []string{
		"The kids can't print their reports and there's a line at the front desk.",
		"I edited the nginx config for the shop site, check it before the reload",
		"someone broke utils.py, who last touched each line of it?",
		"how do I tell which filesystem /data/cache lives on?",
	} {
		if _, notes := e.correctTypos(prompt); len(notes) > 0 {
			t.Errorf("correctTypos(%q) notes %q; want none", prompt, notes)
		}
	}
	for prompt, want := range map[string]string{"find all pdf flies": "read 'flies' as 'files'", "instal htop": "read 'instal' as 'install'", "dleete the old logs": "read 'dleete' as 'delete'"} {
		if _, notes := e.correctTypos(prompt); !slices.Contains(notes, want) {
			t.Errorf("correctTypos(%q) notes %q; want %q", prompt, notes, want)
		}
	}
}

// Digits said one word each are one number, "oh" a zero only between others: "oh" opening a run is
// the interjection ("oh one two three things").
func TestSpelledDigits(t *testing.T) {
	for text, want := range map[string]string{"five one seven three": "5173", "four oh four": "404", "eight oh eight oh": "8080", "oh one two three": ""} {
		var toks []token
		for _, w := range strings.Fields(text) {
			toks = append(toks, token{raw: w, lower: w, stem: w})
		}
		if got, _ := spelledDigits(toks); got != want {
			t.Errorf("spelledDigits(%q) = %q, want %q", text, got, want)
		}
	}
}
