package offline

import "testing"

// everydayRound20 are requests of the twentieth round's sets that were refused or wrong at first
// sight (eval/everyday/round20), and their kin.
var everydayRound20 = []struct {
	prompt string
	want   []string
}{
	// Wrong at first sight.
	{"create a gzip-compressed tar archive backup.tar.gz of the project directory", []string{"tar -czvf backup.tar.gz project"}},
	{"firefox froze again, how do i kill every firefox processs at once?", []string{"pkill firefox"}},
	{"nginx failed to reload after I touched the config, and the error message was useless. Can you pull up the last 50 lines of the nginx unit's journal?", []string{"journalctl -u nginx -n 50 -p err"}},
	{"The CI runner is out of space again and I'm pretty sure it's docker. Which directories directly inside /var/lib/docker are the biggest? top 10 is fine", []string{"du -h /var/lib/docker --max-depth=1 | sort -rh | head -n 10"}},
	{"There's supposed to be a root cron job that runs backup.sh at 2:30 every night, but I don't trust it. How do I see what's in root's crontab?", []string{"sudo crontab -u root -l"}},
	{"I've made a total mess on hotfix/login-redirect and want to throw away every uncommited change to tracked files, staged or not. Nothing is worth keeping.", []string{"git reset --hard"}},
	{"Traffic's spiking, so I'd like the image-resizer deployment (default namespace) bumped up to 5 replicas. What's the kubectl for that?", []string{"kubectl scale -n default deployment image-resizer --replicas=5"}},
	{"Someone left DEBUG=true in app.env on the staging server. Flip it to DEBUG=false right in the file, but keep a .bak copy just in case.", []string{"sed -i.bak 's/DEBUG=true/DEBUG=false/' app.env"}},
	{"ssh refuses to use my key and complains that the permissions on ~/.ssh/id_ed25519 are too open. What should I set them to?", []string{"chmod 600 ~/.ssh/id_ed25519"}},
	{"Finance sent sales.csv (comma separated, no header) and wants the total of the third column. Can awk just add it up?", []string{"awk -F, '{s+=$3} END {print s}' sales.csv"}},
	{"what disks and partitions does this machine have? i'd like to see the filesystem types too", []string{"lsblk -f"}},
	{"Docker is hogging my disk: loads of stopped containers, dangling images and unused networks. Clean all of that up and don't prompt me.", []string{"docker system prune -f"}},
	{"Somebody broke the rounding in src/billing/invoice.py somewhere around lines 40 to 60. Who last touched those lines? (I promise not to yell at them.)", []string{"git blame -L 40,60 src/billing/invoice.py"}},
	{"yo, what's eating all the memory? show me the top processes by memory", []string{"ps aux --sort=-%mem | head -n 10"}},
	// Refused at first sight.
	{"print the third comma-separated column of data.csv", []string{"cut -d ',' -f 3 data.csv"}},
	{"show the size of each subdirectory here in human-readable form, sorted smallest to largest", []string{"du -sh ./* | sort -h"}},
	{"download https://example.com/file.iso with curl, keeping the remote file name", []string{"curl -O https://example.com/file.iso"}},
	{"I want to squash some of my last 3 commits — how do I start an interactive rebase for them?", []string{"git rebase -i HEAD~3"}},
	{"i need commit abc1234 from another branch on my current branch, how do i grab just that one?", []string{"git cherry-pick abc1234"}},
	{"cherry pick abc1234", []string{"git cherry-pick abc1234"}},
	{"start the services defined in docker-compose.yml in detached mode", []string{"docker compose up -d"}},
	{"can I get top to sort processes by memory instead of cpu?", []string{"top -o %MEM"}},
	{"I'm chasing a bug where some config still references the old database host. Can you search everything under /etc/myapp for \"db-old.internal\" and show me the line numbers?", []string{"grep -rn 'db-old.internal' /etc/myapp"}},
	{"I'm on feature/cart-totals and main has moved a lot since I branched. What's the one-liner to fetch from origin and rebase my branch onto the latest main?", []string{"git fetch origin && git rebase origin/main"}},
	{"Just installed postgresql on the new db box (db-prod-03). I want it to come up on boot and also start right now, one command if possible.", []string{"sudo systemctl enable --now postgresql"}},
	{"I'm on flaky hotel wifi and the downlaod of https://releases.ubuntu.com/24.04/ubuntu-24.04-desktop-amd64.iso keeps dying halfway. Can wget pick up where it left off?", []string{"wget -c https://releases.ubuntu.com/24.04/ubuntu-24.04-desktop-amd64.iso"}},
	{"Before I tag the release, I'd like to see which commits are on develop but not on main yet, one line each.", []string{"git log --oneline main..develop"}},
	{"I've got a JSON dump events.json that's one big array of objects. I only care about the ones where \"level\" is \"error\" — can jq filter those out for me?", []string{`jq '.[] | select(.level == "error")' events.json`}},
	{"My screen recording demo.mp4 is way too long for the sprint review. I just need the part from 1:30 to 2:45 saved as clip.mp4, ideally without re-encoding.", []string{"ffmpeg -i demo.mp4 -ss 1:30 -to 2:45 -c copy clip.mp4"}},
	{"Fresh Fedora 40 VM here with nothing on it yet. I need git and vim installed, what's the command?", []string{"sudo dnf install git vim"}},
	{"install curl, git and htop", []string{"sudo apt install curl git htop"}},
	{"I'm in the dashboard frontend repo and want lodash added, but only as a dev dependency I think.", []string{"npm install --save-dev lodash"}},
	{"My python script reads DATABASE_URL and it's connecting to the wrong place. What's that variable actually set to in this shell?", []string{`echo "$DATABASE_URL"`}},
	{"CI spat out a 2GB build.log. Compress it with gzip at max compression; I don't need the original kept around.", []string{"gzip -9 build.log"}},
	{"Finance wants the quarterly numbers, so could you zip up the reports folder into reports-q2.zip for me to email?", []string{"zip -r reports-q2.zip reports"}},
	{"A few sessions on bastion-01 look a bit suspicious to me. Can you show the 20 most recent logins?", []string{"last -n 20"}},
	{"Our bastion is getting hammered. From /var/log/auth.log, which IPs have the most failed ssh password attempts? Count them and sort biggest first.", []string{`sudo grep "Failed password" /var/log/auth.log | grep -oE '([0-9]{1,3}\.){3}[0-9]{1,3}' | sort | uniq -c | sort -rn`}},
	{"what's the easiest way to get the 10 most common lines in words.txt, with their counts?", []string{"sort words.txt | uniq -c | sort -rn | head -n 10"}},
	{"create an annotated git tag v2.1.0 with the message \"release 2.1.0\"", []string{"git tag -a v2.1.0 -m 'release 2.1.0'"}},
	{"Ugh, I pushed the tag v1.4.0 to origin but it points at the wrong commit. How do I delete it from the remote?", []string{"git push origin --delete v1.4.0"}},
	{"We deploy by flipping a symlink. /srv/app/current should now point at /srv/app/releases/2024-05-17 instead of the old release, so replace the existing link (I'm the deploy user, no sudo needed).", []string{"ln -sfn /srv/app/releases/2024-05-17 /srv/app/current"}},
}

func TestEverydayRound20(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound20 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	// Readings the new categories must not offer.
	neverOffered(t, e, []struct{ prompt, never string }{
		{"find all tar archives in ~/Downloads", "find ~/Downloads -name '*.tar' -print0 | tar -czvf archive.tar.gz --null -T -"},
		{"discard my local changes but keep my stash", "git stash drop"},
		{"search for 'notes.txt' in my home folder", "grep -rn 'notes.txt' ~"},
		{"show the top 10 processes by memory", "top -o %MEM"},
	})
}
