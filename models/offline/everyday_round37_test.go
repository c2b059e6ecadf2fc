package offline

import "testing"

// everydayRound37 are requests of the thirty-seventh round's sets that were wrong or refused at first
// sight (eval/everyday/round37), and their kin: lines counted by how often they repeat, things made
// inside a folder, a service restarted and checked, commit hashes, users a service runs as.
var everydayRound37 = []struct {
	prompt string
	want   []string
}{
	// How often lines repeat; "name per line" names no file.
	{"I have names.txt with one name per line and lots of repeats. Which names show up the most? Top 10 is enough.", []string{"sort names.txt | uniq -c | sort -rn | head -n 10"}},
	{"most common lines in errors.log", []string{"sort errors.log | uniq -c | sort -rn | head -n 10"}},
	// Made inside a folder the request names.
	{"beginner q: how do i make a new foler called reports inside Documents? Documents might not exist yet", []string{"mkdir -p Documents/reports"}},
	{"make a folder called reports in Documents", []string{"mkdir -p Documents/reports"}},
	{"create a file called notes.txt in docs", []string{"touch docs/notes.txt"}},
	// Services: restarted and checked, stopped for now, who they run as.
	{"the api service on this box is acting up. restart it and then show me whether it came back ok", []string{"sudo systemctl restart api && systemctl status api"}},
	{"please stop the cron service for now. I don't want to disable it, just stop it until the next reboot", []string{"sudo systemctl stop cron"}},
	{"I'm tring to figure out which user account the mysql server is running as", []string{"ps -eo user,comm | grep mysql"}},
	// Git, docker, history, logins, addresses.
	{"short hash of the current git commit", []string{"git rev-parse --short HEAD"}},
	{"what's the commit hash of HEAD", []string{"git rev-parse HEAD"}},
	{"how much disk is docker using here? images vs containers vs volumes", []string{"docker system df"}},
	{"Is there a way to see every command I ran that had docker in it? my history is long", []string{"history | grep docker"}},
	{"hey, what's the quickest way to see the last five people who logged in to this server", []string{"last -n 5"}},
	{"Give me the IPv4 address of eth0 and nothing else, I'm going to paste it into a config.", []string{"ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1"}},
	{"what's the ip address of wlan0", []string{"ip addr show wlan0"}},
	// Files: permissions on files only, sizes, words, swap, video size, owners.
	{"Someone changed permissions under /srv/app/config and now the service can't read it. Set them back to 644, but only on the files, not the directories.", []string{`find /srv/app/config -type f -exec chmod 644 {} \;`}},
	{"size of recordings/call-0412.wav, human readable", []string{"du -h recordings/call-0412.wav"}},
	{"can you get the word count of every .md file in docs/ plus a total? writing a report", []string{"wc -w docs/*.md"}},
	{"Create a 2GB swap file at /swapfile. Just the file for now, I'll run mkswap myself later.", []string{"sudo fallocate -l 2G /swapfile"}},
	{"shrink video.mp4 to 1280x720 and save it as video-720.mp4", []string{"ffmpeg -i video.mp4 -vf scale=1280:720 video-720.mp4"}},
	{"grep: seatch every .conf file under /etc for timeout, ignoring case", []string{"grep -rn -i 'timeout' --include='*.conf' /etc"}},
	{"chonw everything in /var/www/html to www-data, both user and group", []string{"chown -R www-data:www-data /var/www/html"}},
	{"which 10 files under /home take up the most space?", []string{"find /home -type f -exec du -h {} + | sort -rh | head -n 10"}},
	{"which mounts are over 85% full", []string{"df -h | awk 'NR==1 || $5+0 > 85'"}},
	{"what's using all the space on /var? only one level deep, and stay on that filesystem", []string{"du -h /var --max-depth=1 | sort -rh | head -n 10"}},
}

func TestEverydayRound37(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound37 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		{"please stop the cron service for now. I don't want to disable it, just stop it until the next reboot", "sudo shutdown -c"},
		{"I have names.txt with one name per line and lots of repeats. Which names show up the most? Top 10 is enough.", "head -n 10 names.txt"},
		{"make a folder called reports in Documents", "mkdir Documents reports"},
		{"delete the files in /tmp", "rm /tmp"},
		{"which mounts are over 85% full", "which mounts"},
		{"show the last 5 commits with short hashes", "git rev-parse --short HEAD"},
		{"the root partition is at 97% and I have no clue why. which top-level directories are the biggest?", "df -h | awk 'NR==1 || $5+0 > 97'"},
		{"make a file of 1 gigabyte filled with zeros", "sudo fallocate -l 1G /swapfile"},
	})
}
