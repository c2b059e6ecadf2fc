package offline

import "testing"

// everydayRound40 are requests of the fortieth and forty-first rounds' sets that were wrong or refused
// at first sight (eval/everyday/round40, round41), and their kin: folders named bare that are copied
// or moved, refusals a person states ("I don't want to ...", "No sudo ...", "I'd rather not"), the file
// a quoted error names, timers, a unit's journal since a time of day, clips by start and length, and
// options a refused clause asks for that are left out.
var everydayRound40 = []struct {
	prompt string
	want   []string
}{
	{"copy photos into backup", []string{"cp -r photos backup"}},
	{"move the drafts folder into archive", []string{"mv drafts archive"}},
	{"rename draft to final", []string{"mv draft final"}},
	{"copy the contents of photos into backup", []string{"cp -r photos/* backup"}},
	{"copy the folder photos to backup, don't overwrite anything", []string{"cp -r -n photos backup"}},
	{"rename branch to develop", []string{"git branch -m develop"}},
	{"I don't want to just delete the lock file /var/lib/dpkg/lock, which process is holding it?", []string{"lsof /var/lib/dpkg/lock"}},
	{`pip says "Could not open requirements file: /srv/app/requirements.txt". Which process has it open?`, []string{"lsof /srv/app/requirements.txt"}},
	{"bring the compose stack up in the background. I don't want my terminal stuck streaming logs", []string{"docker compose up -d"}},
	{"please create an account called maria with a home directory. No sudo or extra groups for now.", []string{"sudo useradd -m maria"}},
	{"I've got names.txt and emails.txt in the same order. glue them together line by line with a comma in between", []string{"paste -d, names.txt emails.txt"}},
	{"merge a.pdf and b.pdf", []string{"pdfunite a.pdf b.pdf out.pdf"}},
	{"total memory used by all firefox processes", []string{`ps -C firefox -o rss= | awk '{s+=$1} END {print s/1024 " MB"}'`}},
	{"show the cron logs since 7am", []string{"journalctl -u cron --since 07:00"}},
	{"show the nginx journal from nine o'clock this morning onward", []string{"journalctl -u nginx --since 09:00"}},
	{"show nginx error-level messages from the journal since midnight", []string{"journalctl -u nginx -p err --since today"}},
	{"show all systemd timers", []string{"systemctl list-timers --all"}},
	{"when did backup.timer last run and when does it run next", []string{"systemctl list-timers backup.timer"}},
	{"list git tags sorted by version", []string{"git tag --sort=v:refname"}},
	{"cherry-pick 4f9c2ab onto release-2.3", []string{"git checkout release-2.3 && git cherry-pick 4f9c2ab"}},
	{"cherry-pick commit abc1234 onto the current branch", []string{"git cherry-pick abc1234"}},
	{"hard link notes.txt into ~/backup", []string{"ln notes.txt ~/backup"}},
	{"run make with CC=clang just for this one command", []string{"CC=clang make"}},
	{"make gs an alias for git status -sb", []string{"alias gs='git status -sb'"}},
	{"create an alias ll for ls -la", []string{"alias ll='ls -la'"}},
	{"ufw allow ssh", []string{"sudo ufw allow ssh"}},
	{"let everyone in the group write to /srv/team and everything under it", []string{"chmod -R g+w /srv/team"}},
	{"what cpu model does this machine have", []string{"lscpu | grep 'Model name'"}},
	{"what cpu does this server have and how many cores", []string{"lscpu"}},
	{"set EDITOR to vim for this shell session only, don't put it in my .bashrc", []string{"export EDITOR=vim"}},
	{"lock the account bob, don't delete it", []string{"sudo usermod -L bob"}},
	{"HR says the contractor account jsmith has to be disabled today. lock it", []string{"sudo usermod -L jsmith"}},
	{"show me only what's staged, I don't want to see unstaged edits", []string{"git diff --staged"}},
	{"read access.log.1.gz without unzipping it", []string{"zcat access.log.1.gz"}},
	{"send pid 4242 a HUP so it reloads", []string{"kill -HUP 4242"}},
	{"git log one line per commit, just the last 5", []string{"git log --oneline -n 5"}},
	{"who last touched line 7 of main.go", []string{"git blame -L 7,7 main.go"}},
	{"compress big.log with bzip2 and keep the original", []string{"bzip2 -k big.log"}},
	{"join users.txt and emails.txt on their first field", []string{"join users.txt emails.txt"}},
	{"pack the logs folder into a zstd-compressed tarball", []string{"tar --zstd -cf logs.tar.zst logs"}},
	{"what's the serial number of this server", []string{"sudo dmidecode -s system-serial-number"}},
	{"show the git remtoes", []string{"git remote -v"}},
	{"the container called api crashed, what did it print right before? the last twenty lines", []string{"docker logs --tail 20 api"}},
	{"where can I see the events of pod web-5d4f? it's stuck in Pending", []string{"kubectl describe pod web-5d4f"}},
	{"cut minute five to minute eight out of talk.mp4 into part.mp4 without re-encoding", []string{"ffmpeg -i talk.mp4 -ss 00:05:00 -to 00:08:00 -c copy part.mp4"}},
	{"a twenty-second clip from intro.mp4 starting at 0:45, no re-encoding", []string{"ffmpeg -ss 0:45 -i intro.mp4 -t 20 -c copy intro-clip.mp4"}},
	{"unzip site.zip into /var/www/site and overwrite whatever is there without asking", []string{"unzip -o site.zip -d /var/www/site"}},
	{"fetch only the response headers of https://example.com", []string{"curl -I https://example.com"}},
	{"show the ipv4 addresses of every interface", []string{"ip -4 addr"}},
	{"copy ./dist to 10.0.0.7 over ssh and skip files that already exist on the other side", []string{"rsync -avz -e ssh --ignore-existing ./dist 10.0.0.7:~/"}},
	{`ssh says "Permissions 0644 for '/home/ann/.ssh/id_rsa' are too open". set the private key back to something sane`, []string{"chmod 600 /home/ann/.ssh/id_rsa"}},
	{"give alice read access to /srv/data and everything in it with an acl", []string{"setfacl -R -m u:alice:rX /srv/data"}},
	{"mirror ~/Music to nas.local:/volume1/music but don't delete anything over there", []string{"rsync -avz ~/Music nas.local:/volume1/music"}},
}

func TestEverydayRound40(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound40 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		{`apt keeps failing with "E: Could not get lock /var/lib/dpkg/lock-frontend". I don't want to just delete the lock file, so which process is actually holding it?`, "rm 'E: Could not get lock /var/lib/dpkg/lock-frontend'"},
		{"I've got names.txt and emails.txt, one entry per line. glue them together line by line", "cat names.txt > emails.txt"},
		{"concatenate names.txt and emails.txt", "cat names.txt > emails.txt"},
		{"The gunicorn master is pid 3120 and I changed its config. Send it a HUP, don't kill it outright.", "git diff 3120 I"},
		{"The vendor wants to know what CPU model this VM runs on.", "ssh runs vendor"},
		{`After the kernel update docker won't come back. Can you pull the docker journal for the current boot only?`, "docker pull After"},
		{"For the release notes I need a thirty-second clip from demo.mp4 starting at 1:15", "echo './demo.mp4' | at 1:15"},
		{"ok so how do I unzip a .tar.xz", "unzip archive.zip"},
		{"i'm on feature/search and it's way behind main, can you rebase it onto the latest main", "git fetch origin && git rebase origin/latest"},
		{"there's a runaway script, its PID is 9182. ask it nicely to stop first? not a kill -9 yet", "kill -9 9182"},
		{"Creates temporary file in a TMPDIR folder or /tmp folder if TMPDIR doesn't defined, with file name like current shell name", "export TMPDIR=TMPDIR"},
	})
}
