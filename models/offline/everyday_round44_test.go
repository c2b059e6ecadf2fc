package offline

import "testing"

// everydayRound44 are requests of the forty-fourth and forty-fifth rounds' sets that were wrong or
// refused at first sight (eval/everyday/round44, round45), and their kin: counts of the lines that say
// something, folders a find keeps out of ("skip node_modules", "don't go into .git", other mounts),
// names kept by "except" and "but", hard-link counts, known error messages pasted in a message, and
// the questions a package manager, ssh, gzip or ps answers without changing anything.
var everydayRound44 = []struct {
	prompt string
	want   []string
}{
	{"count the lines in errors.log that say timeout", []string{"grep -c 'timeout' errors.log"}},
	{"Could you count how many lines in app.log have ERROR in them? I don't need to see the lines, just the number.", []string{"grep -c 'ERROR' app.log"}},
	{"count the lines of deploy.log which say FAILED", []string{"grep -c 'FAILED' deploy.log"}},
	{"I need a list of every .env file under ~/code so I can audit them, but skip anything inside node_modules.", []string{"find ~/code -name '.env' -not -path '*/node_modules/*'"}},
	{"list the .go files here, excluding the vendor folder", []string{"find . -name '*.go' -not -path '*/vendor/*'"}},
	{"The interns left .DS_Store files all over the repo. Get rid of them recursively, but don't go into .git.", []string{"find . -name '.DS_Store' -not -path '*/.git/*' -exec rm {} \\;"}},
	{"Can you find files bigger than one gigabyte on the root filesystem? Don't descend into other mounts like /mnt/nfs.", []string{"find / -xdev -size +1G"}},
	{"Locate all passwd files on the system", []string{"find / -name 'passwd'"}},
	{"find files with more than one hard link in /data", []string{"find /data -links +1"}},
	{"Recursively set the permissions of every directory under /srv/www to 755", []string{"find /srv/www -type d -exec chmod 755 {} \\;"}},
	{"Finance wants prices.csv sorted by the third column as numbers, highest first. It's comma separated and there's no header row.", []string{"sort -t, -k3 -n -r prices.csv"}},
	{"I'm getting \"Permission denied (publickey)\" when I push to GitHub. How do I check whether GitHub actually accepts my ssh key?", []string{"ssh -T git@github.com"}},
	{"does gitlab accept my ssh key? how do I test it", []string{"ssh -T git@gitlab.com"}},
	{"hey, origin/staging moved ahead of my branch. what's the command to replay my commits on top of it without making a merge commit?", []string{"git rebase origin/staging"}},
	{"apt says \"E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 2314 (unattended-upgr)\". What is process 2314 actually doing? Don't kill it, I just want to look.", []string{"ps -fp 2314"}},
	{"Which version of the openssl package is installed here? The security scan flagged it on this jump host.", []string{"dpkg -l openssl"}},
	{"Forward the grafana service in the monitoring namespace to my localhost port 3000, I need to poke at the dashboards.", []string{"kubectl port-forward -n monitoring svc/grafana 3000:3000"}},
	{"pasting from the deploy log: \"gzip: stdin: unexpected end of file\". can you check whether release.tar.gz is actually a valid gzip file?", []string{"gzip -t release.tar.gz"}},
	{"Write the md5 of every file in /opt/dist to checksums.md5, audit wants it for the handover.", []string{"md5sum /opt/dist/* > checksums.md5"}},
	{"How do I verify the Debian ISO in ~/Downloads against SHA256SUMS? I only downloaded one image, so skip the files I don't have.", []string{"sha256sum --ignore-missing -c SHA256SUMS"}},
	{"Can you pull .repository.full_name out of the webhook payload in event.json, as plain text without the quotes?", []string{"jq -r .repository.full_name event.json"}},
	{"The Windows team gave us the staging cert as staging.pfx. I need the cert and key as PEM for nginx, in staging.pem.", []string{"openssl pkcs12 -in staging.pfx -out staging.pem -nodes"}},
	{"Release notes need the commits since tag v2.3.0, one line each, no merges please.", []string{"git log --oneline --no-merges v2.3.0..HEAD"}},
	{"The payments service has been flapping since this morning. Show me its journal from today only, I don't need the older stuff.", []string{"journalctl -u payments --since today"}},
	{"we bumped the image tag in docker-compose.yml. rebuild and bring the stack back up in the background, and don't tear down the volumes", []string{"docker compose up --build -d"}},
	{"Can you copy deploy.tar.gz over to web01 into /opt/releases? It's the build from this morning.", []string{"scp deploy.tar.gz web01:/opt/releases"}},
	{"i need notes.md from my laptop copied over to erin's home dir on build01", []string{"scp notes.md erin@build01:~/"}},
	{"Compose is failing with \"Cannot connect to the Docker daemon at unix:///var/run/docker.sock\". Can you check whether the docker service is even running?", []string{"systemctl status docker"}},
	{"Now give /var/www/uploads and everything in it to www-data, group included.", []string{"sudo chown -R www-data:www-data /var/www/uploads"}},
	{"Could you show me the last twenty commits by Maria? One line each is fine.", []string{"git log --author=Maria --oneline -n 20"}},
	{"I keep getting \"fatal: refusing to merge unrelated histories\" when I pull from origin main. What do I run to get past it?", []string{"git pull origin main --allow-unrelated-histories"}},
	{"Replace the tabs in main.c with four spaces, in place. Don't touch any other files in the directory.", []string{"sed -i 's/\\t/    /g' main.c"}},
	{"convert the tabs in table.tsv to two spaces in place", []string{"sed -i 's/\\t/  /g' table.tsv"}},
	{"I need a random secret for the config: thirty-two random bytes, base64 encoded.", []string{"openssl rand -base64 32"}},
}

func TestEverydayRound44(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound44 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		// "but" after "all" keeps what follows: the txt files are the ones left alone.
		{"Recursively removes all files in a current folder but '*txt' files.", "find . -name '*txt' -exec rm {} \\;"},
		{"delete everything in this folder except the txt files", "find . -name '*.txt' -exec rm {} \\;"},
		{"Find files in the current directory tree that have one link", "find . -type l"},
		{"Which version of the openssl package is installed here?", "sudo apt install openssl"},
		{"I need a list of every .env file under ~/code so I can audit them, but skip anything inside node_modules.", "npm audit"},
		{"The audit table stores timestamps as Unix epochs and one row says 1700000000. What human date is that?", "grep '1700000000'"},
		// A word before "directories" that describes them names no folder to keep out.
		{"Set variable 'path' to name of current directory (without the containing directories).", "path=$(find . -type d -not -path '*/containing/*')"},
		{"the designer only handed over logo.svg but the CMS wants a 512x512 png. can you turn it into logo.png?", "sudo chown -R USER:USER logo.svg"},
		{"extract backup.tar.gz into /opt/restore", "unzip backup.tar.gz /opt/restore"},
		{"I need to know which version of docker is installed", "dpkg -l docker"},
	})
}
