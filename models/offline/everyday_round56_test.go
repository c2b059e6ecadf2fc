package offline

import (
	"context"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// everydayRound56 are requests of the fifty-sixth and fifty-seventh rounds' sets that were wrong or
// refused at first sight (eval/everyday/round56 to round59), and their kin: scenes whose words were read as
// the ask (an ssh session that "died", "don't start a second copy", a lab image, "deleting files there"),
// yes/no checks (is a script still running, is a user in a group, is there room on a disk), GPUs pinned
// for a shell, files that lack a word, JSON lines as TSV, archives named with the day they are made,
// and rsync mirrors that delete what is gone here.
var everydayRound56 = []struct {
	prompt string
	want   []string
}{
	{"The server has four GPUs and the others in my group use zero to two. Please make everything I launch from this shell use only GPU three. Don't touch my .bashrc, it's just for this session.", []string{"export CUDA_VISIBLE_DEVICES=3"}},
	{"I have results.jsonl with one JSON object per line from my sweeps. Could you pull out just the run_id and val_loss fields as tab-separated lines? I want to paste them into a spreadsheet.", []string{"jq -r '[.run_id, .val_loss] | @tsv' results.jsonl"}},
	{"Before the server maintenance on Friday I need to copy ~/thesis to backup.lab.uni.edu under /backups/lchen. Please leave out the data/raw subfolder, it's forty gigabytes and already archived. Keep permissions and timestamps.", []string{"rsync -avz --exclude=data/raw ~/thesis backup.lab.uni.edu:/backups/lchen"}},
	{"My run ended with just 'Killed' and I suspect the OOM killer. Can you check the kernel log for out-of-memory kills from today?", []string{"journalctl -k --since today | grep -i 'out of memory'"}},
	{"My sweep wrote one log per job into logs/, and the good ones end with a line like 'FINISHED epoch=200'. Which log files don't contain FINISHED at all? I think three of them crashed.", []string{"grep -rL FINISHED logs/"}},
	{"I got disconnected from ssh last night. Is train_gan.py still running or did it die with the session? Please don't start a second copy.", []string{"pgrep -af train_gan.py"}},
	{"I'm pushing a small brochure site to the VPS tonight. Can you copy everything in dist/ to /var/www/brochure on web01, deleting files there that I've removed locally? Don't touch the uploads folder on the server, clients put stuff there.", []string{"rsync -avz --delete --exclude=uploads dist/ web01:/var/www/brochure"}},
	{"Before I deploy I want a snapshot of the live folder. Please make a gzipped tarball of /var/www/brochure named with today's date, like brochure-2024-05-31.tar.gz, in my current directory. I'll keep it until the next release.", []string{"tar -czf brochure-$(date +%F).tar.gz /var/www/brochure"}},
	{"The photo archive drive is mounted at /mnt/archive. Is there still room on it for another shoot of roughly eighty gigs? Just show me the free space.", []string{"df -h /mnt/archive"}},
	{"I plugged in the new SD card reader and nothing popped up on the desktop. Which device name did the card get? I'd like to see the sizes and whether anything is mounted.", []string{"lsblk"}},
	{"Is drone_01.mp4 really 4K at fifty frames per second like the client says? The file brwoser doesn't show it. Please print the resolution and frame rate.", []string{"ffprobe -v error -select_streams v:0 -show_entries stream=width,height,r_frame_rate -of csv=p=0 drone_01.mp4"}},
	{"I'm on a box that's been sending traffic to an unknown IP. Show me all established TCP connections with the owning process for each. Don't kill anything yet, I want to watch it first.", []string{"ss -tnp state established"}},
	{"Are there any accounts besides root with UID zero? That's usually a sign of a backdoor. Check /etc/passwd please.", []string{"awk -F: '$3 == 0 {print $1}' /etc/passwd"}},
	{"I found a binary at /tmp/.x/kworkerd that pretends to be a kernel thread. Can you give me its sha256 and md5 so I can look them up on VirusTotal? Leave the file where it is.", []string{"sha256sum /tmp/.x/kworkerd && md5sum /tmp/.x/kworkerd"}},
	{"Something named kworkerd keeps respawning as PID 4471 and others. Freeze every process with exactly that name using SIGSTOP instead of killing them, so I can dump memory afterwards. Leave its parent running for now.", []string{"pkill -STOP -x kworkerd"}},
	{"Everyone in my class should be in the group pupils. Is jonas actually in it? He says he can't open the shared folder.", []string{"groups jonas"}},
	{"I'm setting up the lab image on this PC. Please install python3-pip and geany without it stoping to ask questions. The other machines will get the same list later.", []string{"sudo apt install -y python3-pip geany"}},
	{"I have two class lists, roster_a.txt and roster_b.txt, one name per line. Which names apear in both? Neither file is sorted.", []string{"comm -12 <(sort roster_a.txt) <(sort roster_b.txt)"}},
	{"The grades export grades.csv is comma-separated and impossible to read in the terminal. Show it as a neatly aligned table. Don't change the file, the school system imports it back.", []string{"column -t -s, grades.csv"}},
	{"Delete every file listed in stale.txt.", []string{"xargs -d '\\n' rm -- < stale.txt"}},
	{"only use gpu 1 for this session", []string{"export CUDA_VISIBLE_DEVICES=1"}},
	{"restrict cuda to gpus 0 and 1", []string{"export CUDA_VISIBLE_DEVICES=0,1"}},
	{"is backup.sh still running?", []string{"pgrep -af backup.sh"}},
	{"which files in logs/ don't contain FINISHED", []string{"grep -rL FINISHED logs/"}},
	{"list files in src that do not contain the word license", []string{"grep -rL 'license' src"}},
	{"is user bob in the group sudo?", []string{"groups bob"}},
	{"does alice belong to the group devs?", []string{"groups alice"}},
	{"did the oom killer kill anything?", []string{"journalctl -k | grep -i 'out of memory'"}},
	{"oom kills since boot", []string{"journalctl -k -b | grep -i 'out of memory'"}},
	{"install htop and jq", []string{"sudo apt install htop jq"}},
	{"mirror site/ to web01:/var/www/site and delete files there that are gone locally", []string{"rsync -avz --delete site/ web01:/var/www/site"}},
	{"convert data.json to tsv with id and name columns", []string{"jq -r '.[] | [.id, .name] | @tsv' data.json"}},
	{"tar up the logs folder with today's date in the name", []string{"tar -czf logs-$(date +%F).tar.gz logs"}},
	{"back up /etc into a tarball with the date in the name", []string{"tar -czf etc-$(date +%F).tar.gz /etc"}},
	{"remove the files named in old.txt", []string{"xargs -d '\\n' rm -- < old.txt"}},
	{"The vendor API dumps a JSON array into stations.json and I need it in a spreadsheet. Could you print each station's id, name and city as tab-separated lines, without the quotes?", []string{"jq -r '.[] | [.id, .name, .city] | @tsv' stations.json"}},
	{"show the crontab of user www-data", []string{"sudo crontab -u www-data -l"}},
	{"Gradle sync fails on the build box with 'Could not resolve host: dl.google.com'. Does dl.google.com resolve from this machine at all? Just check, don't edit /etc/resolv.conf.", []string{"dig +short dl.google.com"}},
	{"I've got reads.fasta, about six gigabytes. How many sequences are in it? Every record starts with a line beginning with '>'.", []string{"grep -c '^>' reads.fasta"}},
	{"variants.csv has about fourty million rows and nothing on my laptop will open it. Split it into pieces of one million lines each, named variants_part_aa, variants_part_ab and so on. Repeating the header in each piece isn't needed for now.", []string{"split -l 1000000 variants.csv variants_part_"}},
	{"annot.json is an array of objects with gene and length fields. Which genes have a length above five thousand? Names only, one per line please.", []string{"jq -r '.[] | select(.length > 5000) | .gene' annot.json"}},
	{"I'm moving results to the lab server before my scratch quota runs out. Copy /scratch/alice/results to lab-nas:/archive/alice with rsync, but skip the tmp subfolder, it's huge and useless.", []string{"rsync -avz --exclude=tmp /scratch/alice/results lab-nas:/archive/alice"}},
	{"Customer sent app.log.gz, about two hundred megs compressed. I need every line with 'ERROR' plus the two lines after each one, without unpacking the file to disk.", []string{"zgrep -A 2 'ERROR' app.log.gz"}},
	{"Can you trace the network path from our box to 203.0.113.77 and show where the latency jumps? That's the customer's gateway in Sydney and they report slow page loads. Numeric addresses only, no reverse lookups.", []string{"traceroute -n 203.0.113.77"}},
	{"Timestamps in the customer's events.json are epoch seconds, for example '\"ts\": 1741012345'. What is that in UTC? I'm in Berlin, so local time would just confuse things.", []string{"date -u -d @1741012345"}},
	{"The malware's config file has 'last_beacon=1716997812' in it. What is that in human-readable UTC time? I need it for the incident timeline.", []string{"date -u -d @1716997812"}},
	{"does example.com resolve?", []string{"dig +short example.com"}},
	{"traceroute to 8.8.8.8 without resolving names", []string{"traceroute -n 8.8.8.8"}},
	{"is nginx actually listening on port 443?", []string{"sudo ss -tlnp | grep 443"}},
	{"how many sequences are in reads.fasta", []string{"grep -c '^>' reads.fasta"}},
	{"split big.csv into files of one million lines", []string{"split -l 1000000 big.csv"}},
	{"in users.json, which users have an age over 30", []string{"jq '.[] | select(.age > 30)' users.json"}},
	{"search /var/log/syslog.*.gz for 'Out of memory' without unzipping them", []string{"zgrep 'Out of memory' /var/log/syslog.*.gz"}},
	{"show lines of app.log without the word debug", []string{"grep -v 'debug' app.log"}},
	{"The API export in exports/events.json is an array of objects that each have a type field. Could you give me a count per type, like how many \"click\" versus \"view\"? Sorted with the biggest first would be nice.", []string{"jq -r '.[].type' exports/events.json | sort | uniq -c | sort -rn"}},
	{"The upstream feed names files with epoch seconds, and the one that broke tonight is events_1717200000.json. What date and time is that in UTC? I want to know whether it landed before or after the cutover.", []string{"date -u -d @1717200000"}},
	{"Quick one: is DB_PASSWORD actually set in my current shell's environment? The job dies with \"KeyError: 'DB_PASSWORD'\" even though I thought I exported it earlier.", []string{"echo \"${DB_PASSWORD:-not set}\""}},
	{"When I run ./setup.sh I get \"bash: ./setup.sh: Permission denied\". The senior dev said it just needs the execute bit, could you fix that for me?", []string{"chmod +x ./setup.sh"}},
	{"Security updates first thing this morning. Can you show me which installed packges have upgrades waiting? Just list them, don't install anything yet.", []string{"apt list --upgradable"}},
	{"Episode 112 starts with thirty seconds of dead air. Cut the first thirty seconds off ep112.wav and save the result as ep112_trim.wav. Leave the original file alone.", []string{"ffmpeg -ss 30 -i ep112.wav ep112_trim.wav"}},
	{"How long is final_mix.mp3 exactly? The host needs the runtime for the show notes, and seconds are fine.", []string{"ffprobe -v error -show_entries format=duration -of csv=p=0 final_mix.mp3"}},
	{"The intro is recorded seperately every week. Join intro.wav and episode.wav into one file called full.wav, with the intro first.", []string{"sox intro.wav episode.wav full.wav"}},
	{"what process is listening on port 5432?", []string{"lsof -i :5432"}},
	{"interview.wav to flac with sox", []string{"sox interview.wav interview.flac"}},
	{"pull the header lines out of genome.fa and write them to headers.txt", []string{"grep '^>' genome.fa | sed 's/^>//' > headers.txt"}},
	{"remove the first 10 seconds of clip.mp4", []string{"ffmpeg -ss 10 -i clip.mp4 clip-clip.mp4"}},
	{"trim video.mp4 to the first 30 seconds", []string{"ffmpeg -i video.mp4 -t 30 -c copy video-clip.mp4"}},
	{"The new postgres container won't start: \"Bind for 0.0.0.0:5432 failed: port is already allocated\". What's holding port 5432 on the host? Don't stop the old postgres yet, I only want to see it.", []string{"lsof -i :5432"}},
	{"Is DATABASE_URL actually set inside the running container named billing? Print its value if it is.", []string{"docker exec billing printenv DATABASE_URL"}},
	{"The CI runner ran out of disk after a week of test bulids. Remove the dangling images only; tagged images and volumes must stay.", []string{"docker image prune"}},
	{"Sonarr keeps logging \"Access to the path '/srv/media/tv' is denied\". Make user and group media own /srv/media/tv and everything below it.", []string{"sudo chown -R media:media /srv/media/tv"}},
	{"Copy the site folder to /var/www on the host web01 over ssh.", []string{"scp -r site web01:/var/www"}},
	{"crontab of user backup", []string{"sudo crontab -u backup -l"}},
	{"Delete the local branch feature/login-form and its copy on origin.", []string{"git branch -d feature/login-form && git push origin --delete feature/login-form"}},
	{"Revert commit 4f2a9c1 without opening an editor.", []string{"git revert --no-edit 4f2a9c1"}},
	{"which npm packages do I have installed globally?", []string{"npm ls -g --depth=0"}},
	{"Put package-lock.json back exactly as it is in the last commit. I mangled it with a bad npm install; all the other files I've changed must stay as they are.", []string{"git restore package-lock.json"}},
	{"copy report.pdf to my home dir on backup.example.com", []string{"scp report.pdf backup.example.com:~/"}},
	{"List current user's crontab.", []string{"crontab -l"}},
	{"QA traced a regression to commit 9b1e7d3 on release/3.8. Undo it with a new commit on that branch; the branch is already pushed, so no history rewriting.", []string{"git revert 9b1e7d3"}},
	{"I already pushed, how do I undo the last commit without rewriting history?", []string{"git revert HEAD"}},
}

func TestEverydayRound56(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound56 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		{"I got disconnected from ssh last night. Is train_gan.py still running or did it die with the session? Please don't start a second copy.", "sudo systemctl disable ssh"},
		{"I'm pushing a small brochure site to the VPS tonight. Can you copy everything in dist/ to /var/www/brochure on web01, deleting files there that I've removed locally? Don't touch the uploads folder on the server, clients put stuff there.", "rm -rf dist//*"},
		{"I'm setting up the lab image on this PC. Please install python3-pip and geany without it stoping to ask questions. The other machines will get the same list later.", "docker images lab"},
		{"Everyone in my class should be in the group pupils. Is jonas actually in it? He says he can't open the shared folder.", "chgrp pupils shared"},
		{"The server has four GPUs and the others in my group use zero to two. Please make everything I launch from this shell use only GPU three. Don't touch my .bashrc, it's just for this session.", "tmux new -s server"},
		{"My sweep wrote one log per job into logs/, and the good ones end with a line like 'FINISHED epoch=200'. Which log files don't contain FINISHED at all? I think three of them crashed.", "kill $(jobs -p)"},
		{"My run ended with just 'Killed' and I suspect the OOM killer. Can you check the kernel log for out-of-memory kills from today?", "pkill -f /var/log/kern.log"},
		{"Before the server maintenance on Friday I need to copy ~/thesis to backup.lab.uni.edu under /backups/lchen. Please leave out the data/raw subfolder, it's forty gigabytes and already archived. Keep permissions and timestamps.", "tar -czf thesis.tar.gz --exclude=data/raw ~/thesis"},
		{"Every user's cron jobs need reviewing for persistence. Print the crontab of each account listed in /etc/passwd. Some won't have one, that's fine.", "sudo crontab -u user -l"},
		{"Every user's cron jobs need reviewing for persistence. Print the crontab of each account listed in /etc/passwd. Some won't have one, that's fine.", "crontab -l"},
		{"Every user's cron jobs need reviewing for persistence. Print the crontab of each account listed in /etc/passwd. Some won't have one, that's fine.", "find . \\( -name 'crontab' -o -name '/etc/passwd' \\)"},
		{"Is drone_01.mp4 really 4K at fifty frames per second like the client says? The file brwoser doesn't show it. Please print the resolution and frame rate.", "ffmpeg -i drone_01.mp4 -vf fps=50 drone_01-fps.mp4"},
		{"I'm on a box that's been sending traffic to an unknown IP. Show me all established TCP connections with the owning process for each. Don't kill anything yet, I want to watch it first.", "ps -u owning"},
		{"The photo archive drive is mounted at /mnt/archive. Is there still room on it for another shoot of roughly eighty gigs? Just show me the free space.", "mountpoint /mnt/archive"},
		{"I'm about to mirror /srv/www to web02:/srv/www with --delete and I'm a bit nervous. Could you give me the dry run first?", "rsync -avz --delete /srv/www web02:/srv/www"},
		{"variants.csv has about fourty million rows and nothing on my laptop will open it. Split it into pieces of one million lines each, named variants_part_aa, variants_part_ab and so on. Repeating the header in each piece isn't needed for now.", "xdg-open variants.csv"},
		{"I've got reads.fasta, about six gigabytes. How many sequences are in it? Every record starts with a line beginning with '>'.", "grep '^a' reads.fasta"},
		{"Gradle sync fails on the build box with 'Could not resolve host: dl.google.com'. Does dl.google.com resolve from this machine at all? Just check, don't edit /etc/resolv.conf.", "rsync -avz /etc/resolv.conf 'Could not resolve host: dl.google.com'"},
		{"Customer sent app.log.gz, about two hundred megs compressed. I need every line with 'ERROR' plus the two lines after each one, without unpacking the file to disk.", "zgrep -v -A 2 'ERROR' app.log.gz"},
		{"The emulator on the build machine froze and 'adb devices' just hangs. Is the adb server process still running at all? If it is I'll kill it myself.", "pkill server"},
		{"annot.json is an array of objects with gene and length fields. Which genes have a length above five thousand? Names only, one per line please.", "jq length annot.json"},
		{"what process is listening on port 5432?", "ps -u listening"},
		{"The intro is recorded seperately every week. Join intro.wav and episode.wav into one file called full.wav, with the intro first.", "(crontab -l 2>/dev/null; echo \"0 0 * * 0 $PWD/intro.wav\") | crontab -"},
		{"Quick one: is DB_PASSWORD actually set in my current shell's environment? The job dies with \"KeyError: 'DB_PASSWORD'\" even though I thought I exported it earlier.", "export DB_PASSWORD='shell'\\''s'"},
		{"Security updates first thing this morning. Can you show me which installed packges have upgrades waiting? Just list them, don't install anything yet.", "sudo apt update && sudo apt install -y security"},
		{"Security updates first thing this morning. Can you show me which installed packges have upgrades waiting? Just list them, don't install anything yet.", "sudo apt update && sudo apt upgrade"},
		{"Staging dumps pile up in /data/staging and we only keep a week of them. Please delete the .csv.gz files in there that are older than seven days, but leave the manifest files alone.", "find /data/staging -name '*.csv.gz' -mtime 7 -mtime +7 -exec rm {} \\;"},
		{"A customer on web3 says their site is down and thinks the disk is full. Check how full each mounted filesystem is, human readable please.", "curl -sI URL | head -n 1"},
		{"The new postgres container won't start: \"Bind for 0.0.0.0:5432 failed: port is already allocated\". What's holding port 5432 on the host? Don't stop the old postgres yet, I only want to see it.", "docker run -d -p 5432:5432 postgres"},
		{"The CI runner ran out of disk after a week of test bulids. Remove the dangling images only; tagged images and volumes must stay.", "docker system prune --volumes"},
		{"Sonarr keeps logging \"Access to the path '/srv/media/tv' is denied\". Make user and group media own /srv/media/tv and everything below it.", "sudo useradd -m Sonarr"},
		{"The account sync script /opt/acct/sync.sh has to run every wekday at six in the morning. Add it to root's crontab without wiping the entries already there.", "rsync -avz --ignore-existing /opt/acct/sync.sh crontab"},
		{"crontab of user backup", "tar -czvf crontab.tar.gz crontab"},
		{"which npm packages do I have installed globaly?", "npm install globaly"},
		{"Put package-lock.json back exactly as it is in the last commit. I mangled it with a bad npm install; all the other files I've changed must stay as they are.", "npm ci"},
		// Kin from NL2Bash train: a name or a path that lacks a word is find's, not grep -L's.
		{"Copy all files under director 'foo' whose name doesn't contain 'Music' to directory 'bar'.", "grep -rL Music bar"},
		{"Create a copy of index.html in all directories in current directory, pausing for confirmation before overwriting any existing files", "pkill -STOP -x spaces"},
		{"SSH into \"myhost.com\" as user \"myname\" with a check every 60 seconds that the server is still alive", "pgrep -af myhost.com"},
		{"recursively change owner and group of the directory /vol/html and all files into it to user ec2-user and group apache", "sudo chown -R USER:USER /vol/html"},
		{"Find all files/directories under current directory tree whose paths start with './sr' and end with 'sc'", "grep -rn --include='./sr*' 'sc' ."},
		{"QA traced a regression to commit 9b1e7d3 on release/3.8. Undo it with a new commit on that branch; the branch is already pushed, so no history rewriting.", "git push"},
	})
}

// TestExplanationsReadAsSentences: an option a value brings (-d, --ignore-missing, -v) is said in
// words, never pasted into the explanation as it is in the command.
func TestExplanationsReadAsSentences(t *testing.T) {
	e := testEngine(t)
	for prompt, want := range map[string]string{
		"unzip site.zip into /var/www/html":                        "Extract the zip archive site.zip into /var/www/html",
		"Does release.tar.gz match what is listed in SHA256SUMS?":  "Check the files listed in SHA256SUMS that are here (--ignore-missing skips the others) against their SHA-256 checksums",
		"lines in app.log that don't contain DEBUG":                "Print the lines of app.log that do not match 'DEBUG'",
		"install htop and jq":                                      "Install the packages htop and jq",
		"show established tcp connections with the owning process": "List the TCP connections that are established, with the process that owns each",
	} {
		r, err := e.Generate(context.Background(), models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, nil)
		if err != nil {
			t.Errorf("%q: %v", prompt, err)
			continue
		}
		if r.Explanation != want {
			t.Errorf("%q (%s) is explained as %q, want %q", prompt, r.Command, r.Explanation, want)
		}
	}
}
