package offline

import "testing"

// everydayRound48 are requests of the forty-eighth and forty-ninth rounds' sets that were wrong or
// refused at first sight (eval/everyday/round48, round49), and their kin: yes/no questions in the middle
// of a message that ask to look, not to change (mounted?, in the sudo group?, executable?, would apt
// upgrade it?), what a person lacks ("I don't have sudo"), files left alone, several folders a search
// skips, "don't overwrite", text replaced in a file said between the two halves, and pasted messages.
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
	})
}
