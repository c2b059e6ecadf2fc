package offline

import "testing"

// everydayRound32 are requests of the thirty-second round's sets that were wrong or refused at first
// sight (eval/everyday/round32), and their kin: people relaying a request, sizes in words, clauses that
// only say why.
var everydayRound32 = []struct {
	prompt string
	want   []string
}{
	// Accounts named as "the X user"; processes of a user are no process named after it.
	{"processes owned by user postgres", []string{"ps -u postgres"}},
	{"What's in the crontab of the www-data user?", []string{"sudo crontab -u www-data -l"}},
	{"what's in the crontab of the deploy user", []string{"sudo crontab -u deploy -l"}},
	// Sizes in words.
	{"So our build server is almost out of space and I suspect old artifacts. Could you find files under /var/lib/jenkins bigger than half a gig? Just list them, please don't delete anything yet.", []string{"find /var/lib/jenkins -size +512M"}},
	{"list files in ~/Downloads over a gig", []string{"find ~/Downloads -size +1G"}},
	// Keys, checksums and certificates.
	{"The CSR needs a fresh key. Generate a 4096-bit RSA private key into site.key.", []string{"openssl genrsa -out site.key 4096"}},
	{"generate a 2048-bit rsa private key called server.key", []string{"openssl genrsa -out server.key 2048"}},
	{"A colleague sent me a 40-character hex string and says it's the sha1 of installer.bin. How do I compute the sha1 of that file myself so I can compare?", []string{"sha1sum installer.bin"}},
	{"what's the sha1 of ubuntu.iso", []string{"sha1sum ubuntu.iso"}},
	{"we rotated the TLS cert last night and I'm paranoid it didn't take. can you check what certificate example.com:443 is actually serving and when it expires? (I don't need the full dump, just the dates)", []string{"echo | openssl s_client -connect example.com:443 -servername example.com 2>/dev/null | openssl x509 -noout -enddate"}},
	{"when does the certificate on git.example.org:8443 expire", []string{"echo | openssl s_client -connect git.example.org:8443 -servername git.example.org 2>/dev/null | openssl x509 -noout -enddate"}},
	// git: what changed since the last commit, the commits with their diffs, who added a file.
	{"How do I throw away the changes I made to app.py since the last commit?", []string{"git restore app.py"}},
	{"show me what changed in git since my last commit", []string{"git diff"}},
	{"what have i changed in app.js since the last commit?", []string{"git diff app.js"}},
	{"ugh, I made three commits on my feature branch that I might squash later... but first I just want to look at them. how do I view the last three commits with their diffs?", []string{"git log -p -3"}},
	{"show the last 2 commits with their patches", []string{"git log -p -2"}},
	{"Somebody committed a file called secrets.yaml months ago. Which commit added it? I don't want to rewrite history or anything, I just want to find out.", []string{"git log --diff-filter=A -- secrets.yaml"}},
	// Packages and their vulnerabilities.
	{"outdated pip packages", []string{"pip list --outdated"}},
	{"our node project got a vulnerability warning. can you show what npm thinks is vulnerable? don't auto-fix anything, i want to review it first", []string{"npm audit"}},
	// Columns, counts and lines that appear once.
	{"Could you tell me how many times each HTTP status code shows up in access.log? The status is the ninth field. Most common on top, please.", []string{"awk '{print $9}' access.log | sort | uniq -c | sort -rn"}},
	{"I have a huge CSV, sales.csv, and I only want the rows where the third column is EU. Plain commas, no quoted fields to worry about.", []string{`awk -F, '$3 == "EU"' sales.csv`}},
	{"print rows of data.csv where column 2 is done", []string{`awk -F, '$2 == "done"' data.csv`}},
	{"There are a few thousand lines in words.txt with lots of duplicates. I want only the lines that appear exactly once (not one copy of each line, the truly unique ones).", []string{"sort words.txt | uniq -u"}},
	{"The team lead wants the TODO comments in our python code counted per file under src/. Skip the venv folder that's also in there (it's huge and not our code).", []string{"grep -rc TODO --include='*.py' --exclude-dir=venv src/."}},
	// Who asks, why, and what they would like are not what the command does.
	{"The ops channel asked how many CPU cores this box has. Just a number would be great, not the whole cpuinfo wall of text.", []string{"nproc"}},
	{"my manager asked how much free memory this server has", []string{"free -h"}},
	{"my boss wants a list of everyone who has a real login shell on this machine (so not the system accounts with nologin or false). any idea how I'd pull that out of /etc/passwd?", []string{"grep -vE 'nologin|false' /etc/passwd | cut -d: -f1"}},
	{"Hmm, my laptop's wifi is connected but websites won't load. Before I blame DNS, can you ping 1.1.1.1 five times to see if the network itself is fine?", []string{"ping -c 5 1.1.1.1"}},
	{"List the block devices with their sizes and mountpoints. I just plugged in a USB stick and want to know what it showed up as.", []string{"lsblk"}},
	{"Tell me what my machine's IP addresses are. I've got ethernet and wifi, so probably more than one, and I don't care about IPv6.", []string{"ip -4 addr"}},
	{"I'd like to see the status of the compose services for the stack in this directory, wich ones are up and which exited. Don't restart anything.", []string{"docker compose ps"}},
	{"Is there a way to see how long the machine has been up since it was last rebooted? Not the load stuff, just 'up X days' in a readable form.", []string{"uptime -p"}},
	{"I'm pretty new to linux, sorry if this is dumb. Is there a thing that shows which programs are eating my CPU, like task manager on windows? I just want to watch it live.", []string{"top"}},
	{"Our monitoring says postgres restarted around 3am. Can I see its journal logs from today only, without all the older stuff?", []string{"journalctl -u postgresql --since today"}},
	{"We shipped a tarball, release.tar.gz, and a customer says a file is missing from it. Can I list what's inside without extracting it?", []string{"tar -tzvf release.tar.gz"}},
	// A variable for one run; a thumbnail that fills its box.
	{"The app reads its port from the environment. Start ./server with PORT set to 8081 just for this one run; I don't want it exported in my shell.", []string{"PORT=8081 ./server"}},
	{"run ./migrate.sh with ENV set to staging just for this one run", []string{"ENV=staging ./migrate.sh"}},
	{"The docs team wants thumbnails: can you make a 200x200 thumbnail of cover.jpg called cover_thumb.jpg? It's ok if it gets cropped a bit to fit, but please don't stretch it.", []string{"convert cover.jpg -resize 200x200^ -gravity center -extent 200x200 cover_thumb.jpg"}},
	{"hey can you make a 200x200 thumbnail of avatar.png called thumb.png", []string{"convert avatar.png -thumbnail 200x200 thumb.png"}},
	{"My colleague in New York asked to meet at 9am her time tomorrow. What's that in my local time?", []string{`date -d 'TZ="America/New_York" tomorrow 9:00'`}},
	{"We have a call with the Sydney office at 9am their time tomorow. What's that in my local time?", []string{`date -d 'TZ="Australia/Sydney" tomorrow 9:00'`}},
}

func TestEverydayRound32(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound32 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		{"processes owned by user postgres", "sudo su -l NAME"},
		{"ugh, I made three commits on my feature branch that I might squash later... but first I just want to look at them. how do I view the last three commits with their diffs?", "git rebase -i HEAD~3"},
		{"Quick sanity check before I announce the release: what's the md5 of dist/app-2.1.tar.gz? (yes I know md5 is weak, the mirror only publishes md5)", "md5sum -c dist/app-2.1.tar.gz"},
		{"The app reads its port from the environment. Start ./server with PORT set to 8081 just for this one run; I don't want it exported in my shell.", "export PORT=8081"},
		{"we rotated the TLS cert last night and I'm paranoid it didn't take. can you check what certificate example.com:443 is actually serving and when it expires?", "openssl x509 -in cert.pem -noout -enddate"},
		{"in metrics.tsv (tab separated) column 4 is latency in ms. could you show me the rows where it's over 500?", `awk -F'\t' '$4 == "latency"' metrics.tsv`},
		{"ping to 10.0.0.5 works but the app can't connect, can I check from here whether port 5432 is open on it?", "ping -c 4 10.0.0.5"},
		{"The data science team shares /data/notebooks, but everything in it still has the group of mkumar, so nobody else can edit the notebooks. What would I run to change the group of that directory and everything under it to ds-team?", "chmod 700 /data/notebooks"},
	})
}
