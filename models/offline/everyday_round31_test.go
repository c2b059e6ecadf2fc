package offline

import "testing"

// everydayRound31 are requests of the thirty-first round's sets that were wrong or refused at first
// sight (eval/everyday/round31), and their kin: terse fragments, and scenes that name other programs.
var everydayRound31 = []struct {
	prompt string
	want   []string
}{
	// "owned by" picks files; only a request to change owners runs chown.
	{"everything owned by user deploy under /opt", []string{"find /opt -user deploy"}},
	{"what groups does the user deploy belong to", []string{"groups deploy"}},
	{"Our new hire needs to run docker without sudo. Add user priya to the docker group.", []string{"sudo usermod -aG docker priya"}},
	// Asked what is inside, never to pack or unpack.
	{"A vendor sent me a tarball and I don't want to extract it yet. What files are inside release.tar.xz?", []string{"tar -tJvf release.tar.xz"}},
	// The service asked for, not the program the scene names.
	{"The database has been acting up since the config change. Restart the postgresql service.", []string{"sudo systemctl restart postgresql"}},
	{"how do I see the last 50 log lines for the docker servcie?", []string{"journalctl -u docker -n 50"}},
	{"I edited the nginx config and already tested it with nginx -t. I'd rather not drop connections, so can you reload it instead of a full restart?", []string{"sudo systemctl reload nginx"}},
	{"After the reboot a few things seem off (the web UI loads but the metrics are missing). Is there a way to see which systemd units failed?", []string{"systemctl --failed"}},
	{"The deploy is running on this box right now and I'd like to watch /var/log/myapp/deploy.log as it gets written (not the nginx logs, those are useless here). How do I do that?", []string{"tail -f /var/log/myapp/deploy.log"}},
	// What the request does not want to do is not done.
	{"I'm in the middle of something on feature/search but need to hop over to main to fix a bug. I don't want to commit half-done work. What do I do with my changes so I can switch?", []string{"git stash", "git stash && git switch main"}},
	{"fix permisions on my ssh key ~/.ssh/id_ed25519", []string{"chmod 600 ~/.ssh/id_ed25519"}},
	// Time zones at a moment, not now; dates are no arithmetic.
	{"I have a call at 2024-07-15 14:00 New York time and I keep messing up the conversion. What's that in my local time? (I'm in Berlin and the machine's clock is set to Berlin too.)", []string{`date -d 'TZ="America/New_York" 2024-07-15 14:00'`}},
	{"I have a call at 9am New York time tomorrow and I'm in Berlin (the system timezone is already Europe/Berlin). What time is that for me? I'd rather not do the math myself", []string{`date -d 'TZ="America/New_York" tomorrow 9:00'`}},
	{"what time is it in tokyo", []string{"TZ=Asia/Tokyo date"}},
	// Fragments and questions whose reading was right but unsure.
	{"The office VPN is flaky today. Ping 10.0.0.1 just 5 times so I can see the packet loss.", []string{"ping -c 5 10.0.0.1"}},
	{"block devices with their filesystem types", []string{"lsblk -f"}},
	{"show my crontab entires", []string{"crontab -l"}},
	{"I downloaded ubuntu-24.04-desktop-amd64.iso and want to compare it with the published hash. Print its SHA-256.", []string{"sha256sum ubuntu-24.04-desktop-amd64.iso"}},
	// Revision ranges, sort keys, folder names.
	{"I'm writing release notes. Show the commits between tag v1.4.0 and HEAD, one line each.", []string{"git log --oneline v1.4.0..HEAD"}},
	{"commits between abc1234 and def5678", []string{"git log --oneline abc1234..def5678"}},
	{"I have scores.csv with lines like name,score and I'd like it sorted by score, highest first. There's no header in the file", []string{"sort -t, -k2,2 -nr scores.csv"}},
	{"sort data.txt by the 3rd column numerically", []string{"sort -k3,3 -n data.txt"}},
	{"I want to archive the project folder myapp as myapp.tar.gz for a colleague, but please leave out the .git directory (it's like 2GB on its own)", []string{"tar -czf myapp.tar.gz --exclude=.git myapp"}},
	{"the uploads dir needs to be writable by the group, and everything inside it too", []string{"chmod -R g+w uploads"}},
	{"I want a clean install that follows the package-lock.json exactly, which npm command is that?", []string{"npm ci"}},
	// A noun that is also a verb ("the backup volume") asks for nothing; a variable shown one entry a line.
	{"The backup volume at /mnt/backup filled up overnight and I suspect a few huge dumps. Could you list the files bigger than 2G in there? Just show me, I'll decide what to remove myself.", []string{"find /mnt/backup -size +2G"}},
	{"A build keeps picking up the wrong Python and I suspect PATH. Could you print the PATH variable with one entry per line so it's actually readable?", []string{`echo "$PATH" | tr ':' '\n'`}},
	{"I'm moving this little script to a new server and want to capture exactly what's installed in the current virtualenv into requirements.txt. How?", []string{"pip freeze > requirements.txt"}},
	{"Users say shop.example.com still points at the old server. Can you check what IP address it resolves to right now? Just the address, I don't need the whole dig output.", []string{"dig +short shop.example.com"}},
	// Several fields are cut's list.
	{"print fields 2, 3 and 5 of data.csv", []string{"cut -d ',' -f 2,3,5 data.csv"}},
	{"cut the 2nd field of /etc/passwd separated by colon", []string{"cut -d ':' -f 2 /etc/passwd"}},
	// "saved as" names where the result goes, whatever the scene put "into".
	{"I merged two mailing lists into emails.txt and now there are duplicates everywhere. Could you give me a version with each address only once, saved as emails_unique.txt? Order doesn't matter.", []string{"sort -u emails.txt > emails_unique.txt"}},
}

func TestEverydayRound31(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound31 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		{"everything owned by user deploy under /opt", "chown deploy /opt"},
		{"Our new hire needs to run docker without sudo. Add user priya to the docker group.", "chown priya:docker ."},
		{"A vendor sent me a tarball and I don't want to extract it yet. What files are inside release.tar.xz?", "tar -cJvf release.tar.xz release.tar.xz"},
		{"The deploy is running on this box right now and I'd like to watch /var/log/myapp/deploy.log as it gets written (not the nginx logs, those are useless here). How do I do that?", "kubectl apply -f /var/log/myapp/deploy.log"},
		{"I have a call at 2024-07-15 14:00 New York time and I keep messing up the conversion. What's that in my local time?", "echo $((2024-07-15))"},
		{"Modify interval to 0.1 seconds for the watch command", "tail -f 0.1"},
		// A command never writes over the file it reads; "Users say" lists no users.
		{"remove duplicate lines from a.txt and save it to a.txt", "sort -u a.txt > a.txt"},
		{"Users say shop.example.com still points at the old server. Can you check what IP address it resolves to right now?", "cut -d: -f1 /etc/passwd"},
		{"I need to pull the photos folder from my NAS (nas.local, user admin, path /volume1/photos) down to ~/Pictures/nas, and the wifi here drops somtimes, so something that can resume and shows progress would be nice.", "scp -r admin@nas.local:photos ~/Pictures/nas"},
		// What the scene says was removed is no request to remove.
		{"A contractor's account (jsmith) got removed last week but I bet they left files around in /srv/shared. Can you find anything in there that no longer has a valid owner?", `find /srv/shared -mtime -7 -nouser -exec rm {} \;`},
		{"We're handing the docs folder over to the client. Could you make a tar.gz of docs/ called docs-2024.tar.gz?", "tar -czvf docs-2024.tar.gz over"},
	})
}
