package offline

import "testing"

// everydayRound22 are requests of the twenty-second round's sets that were refused or wrong at first
// sight (eval/everyday/round22), and their kin.
var everydayRound22 = []struct {
	prompt string
	want   []string
}{
	// Wrong at first sight.
	{"copy report.pdf to the home dir of user deploy on 203.0.113.10", []string{"scp report.pdf deploy@203.0.113.10:~/"}},
	{"I have a list of usernames in users.txt with loads of duplicates. Could you give me a sorted, de-duplicated version written to users_clean.txt?", []string{"sort -u users.txt > users_clean.txt"}},
	{"I've been hacking away for an hour and lost track. Which files have I changed in this repo? Short format is fine.", []string{"git status -s"}},
	{"My script reads DATABASE_URL from the environment. For this terminal session, can you set it to postgres://app:secret@localhost:5432/appdb?", []string{"export DATABASE_URL=postgres://app:secret@localhost:5432/appdb"}},
	{"set the variable foo to bar", []string{"export foo=bar"}},
	{"The uploads dir /var/www/uploads was created as root by mistake, and the web server runs as www-data. Can you recursively hand ownership (user and group) to www-data?", []string{"sudo chown -R www-data:www-data /var/www/uploads"}},
	{"The build server runs Fedora 39 and our scripts need jq, which isn't there. Could you install it for me?", []string{"sudo dnf install jq"}},
	{"how much space is my home directory taking up", []string{"du -sh ~"}},
	{"Something on build-box-3 is hogging the CPU and I want to attach evidence to the ticket. Can you grab a single non-interactive snapshot of top and save it to top_snapshot.txt?", []string{"top -b -n 1 > top_snapshot.txt"}},
	{"I just wrote a systemd unit for our worker, acme-worker.service. I definately want it started now and also on every boot.", []string{"sudo systemctl enable --now acme-worker"}},
	// Refused at first sight.
	{"show the inode number and permissions of notes.txt", []string{"stat -c '%i %A' notes.txt"}},
	{"set the modification time of report.pdf to Jan 1 2024 at noon", []string{"touch -d '2024-01-01 12:00' report.pdf"}},
	{"copy the photos directory into /mnt/backup keeping timestamps and permissions", []string{"cp -a photos /mnt/backup"}},
	{"which 10 IP addresses show up most often in access.log? the IP is the first field", []string{"awk '{print $1}' access.log | sort | uniq -c | sort -rn | head -n 10"}},
	{"run ./backup.sh with the lowest CPU priority", []string{"nice -n 19 ./backup.sh"}},
	{"nginx refuses to start because something already has port 8080. how do I find out which process is listening on it?", []string{"lsof -i :8080"}},
	{"I need to see which TCP ports this server is listening on, plus which processes own them. I think ss can do that?", []string{"ss -tlnp"}},
	{"Before I commit I'd like to review exactly what's staged (not the unstaged stuff, just what will go in).", []string{"git diff --staged"}},
	{"Commit a1b2c3d went out to main last week and broke invoicing. Others have already pulled it, so I don't want to rewrite history. How do I undo it safely?", []string{"git revert a1b2c3d"}},
	{"New laptop day. I need to clone https://github.com/acme/infra-tools.git but the history is enormous, so just the latest commit would be great.", []string{"git clone --depth 1 https://github.com/acme/infra-tools.git"}},
	{"Tests started failing somewhere between tag v2.0.0 (good) and HEAD (bad). How do I kick off a git bisect with those two endpoints?", []string{"git bisect start HEAD v2.0.0"}},
	{"I need lodash in this project as a regular dependency, but pinned to exactly 4.17.21 in package.json (no caret, please).", []string{"npm install --save-exact lodash@4.17.21"}},
	{"I'd like VS Code from the snap store on my Ubuntu machine. I heard it needs some 'classic' flag?", []string{"sudo snap install code --classic"}},
	{"The designer sent me logo.png and I need a 64x64 favicon.ico from it. Can ImageMagick do that in one go?", []string{"convert logo.png -resize 64x64 favicon.ico"}},
	{"I recorded last week's webinar as webinar.mp4, and for the podcast feed I just need the audio as an mp3.", []string{"ffmpeg -i webinar.mp4 -vn webinar.mp3"}},
	{"I need to send credentials.txt to a colleague, encrypted with just a passphrase since we don't have keys set up between us. gpg can do that, right?", []string{"gpg -c credentials.txt"}},
	{"The webhook config wants a shared secret. Could you generate a random 32-byte value as hex for me? (openssl is fine)", []string{"openssl rand -hex 32"}},
	{"I type git log --oneline --graph --all about fifty times a day. Could I get an alias called glog for it? Just for this session is fine.", []string{"alias glog='git log --oneline --graph --all'"}},
	{"remove all .bak files in this directory", []string{"rm *.bak"}},
}

func TestEverydayRound22(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound22 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	// Readings the new categories must not offer.
	neverOffered(t, e, []struct{ prompt, never string }{
		{"i want to delete all the .pyc files in this project", "rm *.pyc"},
		{"delete all .tmp files in this directory tree", "rm *.tmp"},
		{"deploy app.yaml with kubectl", "scp app.yaml"},
		{"show the top 10 processes by memory", "top -o %MEM"},
		{"where's python installed", "sudo apt install python"},
	})
}
