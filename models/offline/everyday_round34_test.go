package offline

import "testing"

// everydayRound34 are requests of the thirty-fourth round's sets that were wrong or refused at first
// sight (eval/everyday/round34), and their kin: numbers spelt out, packages' files, mount options,
// certificates' fingerprints.
var everydayRound34 = []struct {
	prompt string
	want   []string
}{
	// Numbers from eleven on, spelt out; small ones before a unit.
	{"What's the date going to be ninety days from today? Our trial license runs out then and I want to put it in the calendar.", []string{"date -d '90 days'"}},
	{"record.mov from my phone came out sideways. Rotate it ninety degrees clockwise into record-fixed.mov; I don't want the original overwritten.", []string{"ffmpeg -i record.mov -vf transpose=1 record-fixed.mov"}},
	{"files bigger than twenty five megabytes", []string{"find . -size +25M"}},
	{"Could you find every file under /data bigger than two gigabytes? I'm trying to figure out what to archvie, so don't delete anything.", []string{"find /data -size +2G"}},
	// Effects named, tools unnamed.
	{"photo.jpg shrunk to 800px wide, saved as photo_800.jpg", []string{"convert photo.jpg -resize 800 photo_800.jpg"}},
	{"how do I replace every tab in data.tsv with a comma and save it as data.csv?", []string{"tr '\\t' ',' < data.tsv > data.csv"}},
	{"how do I see what disks and partitions I have and where they're mounted?", []string{"lsblk"}},
	{"I just edited nginx.conf. chekc the config for syntax errors", []string{"sudo nginx -t"}},
	{"Our app logs pile up. gzip every .log file in /var/log/myapp older than 7 days", []string{`find /var/log/myapp -name '*.log' -mtime +7 -exec gzip {} \;`}},
	{"The server's clock looks off. Which timezone is this machine set to?", []string{"timedatectl"}},
	{"I downloaded node-v20.tar.gz and SHASUMS256.txt. Verify the tarball against the sums file", []string{"sha256sum -c SHASUMS256.txt --ignore-missing"}},
	// Files of a package, mounts, certificates, kernel messages.
	{"Before I uninstall it I want to know: which files did the apt package htop actually install?", []string{"dpkg -L htop"}},
	{"One of my drives might have been mounted read-only. Can you show me the mount options for /mnt/data? Not all the mounts, just that one.", []string{"findmnt /mnt/data"}},
	{"What's the fingerprint of the certificate in server.crt? SHA-256 if possible, I need to compare it with what the client shows.", []string{"openssl x509 -in server.crt -noout -fingerprint -sha256"}},
	{"Hey, the kernal keeps logging USB resets. Show me just the kernel messages from this boot, with readable timestamps, please.", []string{"dmesg -T"}},
	// Context lines around a match; the newest of the history's matches.
	{"I want every line in app.log that mentions timeout, plus three lines after each one for context. Upper or lower case, doesn't matter.", []string{"grep -i -A 3 'timeout' app.log"}},
	{"grep error in app.log with 2 lines of context", []string{"grep -C 2 'error' app.log"}},
	{"Yesterday I ran an rsync command that worked perfectly and now I can't remember it. Can you search my bash history for rsync, only the last twenty matches?", []string{"history | grep rsync | tail -n 20"}},
	{"Sorry if this is basic, but how do I set API_URL to https://api.dev.local so that programs I start from this shell can see it?", []string{"export API_URL=https://api.dev.local"}},
	{"Every occurrence of the word deprecated in the src folder, with file names and line numbers, is what I'm after, but skip the vendor directory inside it.", []string{"grep -rn 'deprecated' --exclude-dir=vendor src"}},
}

func TestEverydayRound34(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound34 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		{"Before I uninstall it I want to know: which files did the apt package htop actually install?", "sudo apt install htop"},
		{"What's the fingerprint of the certificate in server.crt? SHA-256 if possible.", "ssh-keygen -lf server.crt"},
		{"Sorry if this is basic, but how do I set API_URL to https://api.dev.local so that programs I start from this shell can see it?", "curl -sL https://api.dev.local"},
		{"I just edited nginx.conf. chekc the config for syntax errors", "bash -n nginx.conf"},
		{"One of my drives might have been mounted read-only. Can you show me the mount options for /mnt/data?", "mount -o ro -a /mnt/data"},
	})
}
