package offline

import "testing"

// everydayRound33 are requests of the thirty-third round's sets that were wrong or refused at first
// sight (eval/everyday/round33), and their kin: effects named instead of tools, refusals inside a
// clause ("Don't add anything to fstab"), runners-up far surer than the best-scoring reading.
var everydayRound33 = []struct {
	prompt string
	want   []string
}{
	// What a clause refuses is neither asked nor an option.
	{"There's a process pinning the CPU at like 100% and I'd rather be nice about it than kill it. Can you lower the priority of PID 4821 as far as it goes?", []string{"sudo renice 19 -p 4821"}},
	{"lower the priority of the java process", []string{"sudo renice 19 -p $(pgrep java)"}},
	{"Mount question: the second disk, /dev/sdb1, needs to be mounted at /mnt/data. It's already formatted ext4. Don't add anything to fstab, this is a one-off.", []string{"sudo mount -t ext4 /dev/sdb1 /mnt/data"}},
	{"Count the words in chapter3.md. The editor wants about four thousand and I think I'm way over; lines and characters I don't care about.", []string{"wc -w chapter3.md"}},
	{"Can you find every file owned by the user contractor anywhere under /srv? He's leaving and we need to hand his stuff over. Don't change ownership yet, just list them.", []string{"find /srv -user contractor"}},
	// Journals, services and the system.
	{"I'm pretty sure some service is failing on boot, but I can't remember which. Show me the error-level messages from the journal since the last boot, nothing less serious than that.", []string{"journalctl -b -p err"}},
	{"so I've got a crontab entry that isn't firing. can you show me what cron itself logged in the last hour? it's an ubuntu box with systemd.", []string{"journalctl -u cron --since '1 hour ago'"}},
	{"Set the system timezone to America/Chicago. The server shipped with UTC and the business people want local times in the logs. No reboot please.", []string{"sudo timedatectl set-timezone America/Chicago"}},
	{"What's the command to check my sshd config for syntax errors before restarting?", []string{"sudo sshd -t"}},
	{"My boss wants to know who has sudo rights on this box. Is there a way to list the members of the sudo group? (we're on Ubuntu, so it's sudo, not wheel)", []string{"getent group sudo"}},
	{"who is in the docker group", []string{"getent group docker"}},
	{"remove user tom and his home folder compeltely", []string{"sudo userdel -r tom"}},
	{"I made /srv/team for the designers group and I want new files created inside it to automatically belong to that group. How do I set that up?", []string{"sudo chmod g+s /srv/team"}},
	{"Disk is full again, argh. Which filesystem is it? Show me only the mounts that are more than 90 percent used.", []string{"df -h | awk 'NR==1 || $5+0 > 90'"}},
	{"My boss wants a heads-up on which of our apt packages could be upgraded. Just the list; we are NOT upgrading on a Friday.", []string{"apt list --upgradable"}},
	{"A script fails with 'command not found'. Where is python3 installed?", []string{"which python3"}},
	// Processes and the network.
	{"I wanna see how many open files the java process has; there's only one java running. We keep hitting 'too many open files'.", []string{"lsof -p $(pgrep java) | wc -l"}},
	{"Could you show me the environment variables of the running process 1234? I want to check whether it picked up the new DATABASE_URL, so please don't restart it.", []string{`tr '\0' '\n' < /proc/1234/environ`}},
	{"the wifi keeps dropping and I'd like to see which default gateway the machine is using right now. no changes, just looking.", []string{"ip route show default"}},
	{"I suspect someone is brute-forcing ssh. Could you list the IPs with failed password attempts in /var/log/auth.log, counted and sorted with the most attempts first?", []string{`sudo grep "Failed password" /var/log/auth.log | grep -oE '([0-9]{1,3}\.){3}[0-9]{1,3}' | sort | uniq -c | sort -rn`}},
	// Kubernetes, compose and git.
	{"We keep getting asked which version the kubectl client is versus the cluster. Can you show both versions?", []string{"kubectl version"}},
	{"i'd like to watch the pods in namespace ci change state live while the pipeline runs, instead of re-running get every two seconds by hand.", []string{"kubectl get pods -n ci -w"}},
	{"Pull the latest images for the compose stack in this folder and recreate whatever changed, in the background.", []string{"docker compose pull && docker compose up -d"}},
	{"How do I take back my last git commit but keep the changes in my files?", []string{"git reset --soft HEAD~1"}},
	{"We're writing release notes. Which files changed between the tags v1.0 and v2.0?", []string{"git diff --name-only v1.0 v2.0"}},
	{"ok this is embarassing, but I ran git add on config.yml by accident. how do I unstage it without losing the changes in my working copy?", []string{"git restore --staged config.yml"}},
	{"My branch feature/search-filters is about 40 commits behind main and the reviewer asked me to rebase it rather than merge main into it. I've already fetched and I'm checked out on my branch. What would I run to rebase onto the latest origin/main?", []string{"git rebase origin/main"}},
	{"there's a remote called upstream pointing at the original repo and I've fallen way behind, how do I rebase my main on top of upstream's main?", []string{"git rebase upstream/main"}},
	// Files: their text, their modes, their copies.
	{"We've been getting 504s. Could you count how many lines in /var/log/nginx/error.log contain 'upstream timed out'? Just the number, I don't need the lines themselves.", []string{"grep -c 'upstream timed out' /var/log/nginx/error.log"}},
	{"I got notes.txt from a Windows machine and every line ends with ^M. Can you convert the line endings to unix in place? I don't have dos2unix and can't install anything.", []string{`sed -i 's/\r$//' notes.txt`}},
	{"list.txt has gaps between the entries. Get rid of the blank lines, editing the file in place.", []string{"sed -i '/^$/d' list.txt"}},
	{"how do I see the owner and permissions of /var/www/html/index.html with the permissions as a number, like 644? ls shows rw-r--r-- and I can't read that.", []string{"stat -c '%a %U' /var/www/html/index.html"}},
	{"Save a copy of /etc/netplan/01-netcfg.yaml next to it as a .bak before I mess with the network config, and keep the permissions and timestamp the same.", []string{"cp -p /etc/netplan/01-netcfg.yaml /etc/netplan/01-netcfg.yaml.bak"}},
	{"Copy the whole project folder to /mnt/backup/project, and this time show me progress; last time cp just sat there silently for ten minutes.", []string{"rsync -ah --progress project /mnt/backup/project"}},
	{"squash notes.txt into a compressed .gz", []string{"gzip notes.txt"}},
	{"symlink /opt/app/current to /opt/app/releases/v3", []string{"ln -s /opt/app/releases/v3 /opt/app/current"}},
	{"files changed in the last 24h under ~/projects", []string{"find ~/projects -mtime -1"}},
	{"Encrypt payroll.xlsx with a password before I email it (AES-256 please), output to payroll.xlsx.enc. I don't want to mess with gpg keys for this.", []string{"openssl enc -aes-256-cbc -salt -pbkdf2 -in payroll.xlsx -out payroll.xlsx.enc"}},
	{"encrypt secrets.txt with a password", []string{"gpg -c secrets.txt"}},
	{"the logo has a white background and i want it transparant for the website. logo.png in, logo-transparent.png out.", []string{"convert logo.png -fuzz 10% -transparent white logo-transparent.png"}},
}

func TestEverydayRound33(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound33 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		{"Mount question: the second disk, /dev/sdb1, needs to be mounted at /mnt/data. It's already formatted ext4. Don't add anything to fstab, this is a one-off.", "sudo mkfs.ext4 /dev/sdb1"},
		{"There's a process pinning the CPU at like 100% and I'd rather be nice about it than kill it. Can you lower the priority of PID 4821 as far as it goes?", "kill 4821"},
		{"remove user tom and his home folder compeltely", `find ~ compeltely -user tom -exec rm {} \;`},
		{"I need to pull the photos folder from my NAS (nas.local, user admin, path /volume1/photos) down to ~/Pictures/nas, and the wifi here drops somtimes, so something that can resume and shows progress would be nice.", "sudo userdel admin"},
		{"We keep getting asked which version the kubectl client is versus the cluster. Can you show both versions?", "apt policy kubectl"},
		{"I made /srv/team for the designers group and I want new files created inside it to automatically belong to that group. How do I set that up?", "chgrp set /srv/team"},
		{"My colleague in New York asked to meet at 9am her time tomorrow. What's that in my local time?", "date -d tomorrow"},
	})
}
