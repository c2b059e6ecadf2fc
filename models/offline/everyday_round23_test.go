package offline

import "testing"

// everydayRound23 are requests of the twenty-third to twenty-fifth rounds' sets that were refused or
// wrong at first sight (eval/everyday/round23, round24, round25), and their kin.
var everydayRound23 = []struct {
	prompt string
	want   []string
}{
	// Wrong at first sight.
	{"on the fedora box (it's dnf there, right?) install git and tmux", []string{"sudo dnf install git tmux"}},
	{"on my mac I'd like to get wget, homebrew is already installed", []string{"brew install wget"}},
	{"I'm on a fresh Fedora box (dev-fed-02) and it doesn't even have git. What's the dnf command to install it?", []string{"sudo dnf install git"}},
	{"is nginx installed?", []string{"dpkg -s nginx"}},
	{"You just changed the nginx config and there are live users on the box, so don't drop connections. Reload it instead of restarting.", []string{"sudo systemctl reload nginx"}},
	{"we're sending the whole project to a contractor. zip up the client-site foler but leave out node_modules, they can install that themselves", []string{"zip -r client-site.zip client-site -x '*/node_modules/*'"}},
	{"I want to listen on port 9000 with netcat so I can see exactly what the webhook sends", []string{"nc -l 9000"}},
	{"accidentally did git reset --hard and lost a commit... is it gone for good? how do I find it again", []string{"git reflog"}},
	{"a build script is complaining JAVA_HOME isn't set. how can I check what it's set to right now, if anything?", []string{`echo "${JAVA_HOME:-not set}"`}},
	{"the new release is broken in prod!! roll the checkout deployment back to the previous version", []string{"kubectl rollout undo deployment/checkout -n prod"}},
	{"some package upgrade broke things overnight, I'd like to see what apt actually upgraded recently", []string{`grep " upgrade " /var/log/dpkg.log`}},
	{"which packages were installed recently", []string{`grep " install " /var/log/dpkg.log`}},
	{"we hired a contractor, sam. make him an account with a home dir and bash as the shell", []string{"sudo useradd -m -s /bin/bash sam"}},
	{"we're onboarding a contractor, make a user called jsmith with a home directory and bash as the shell please", []string{"sudo useradd -m -s /bin/bash jsmith"}},
	{"a log line says 2024-03-10T14:00:00Z and I'm in Berlin. what time was that for me", []string{"TZ=Europe/Berlin date -d '2024-03-10T14:00:00Z'"}},
	{"I'm shipping the build to staging by hand today, sigh. How do I copy dist/app.tar.gz into /opt/releases on staging-web-1 as user deploy, using scp?", []string{"scp dist/app.tar.gz deploy@staging-web-1:/opt/releases"}},
	{"I'm auditing sudo access on fileserver01. Can you show me what the user mkhan is alowed to run with sudo?", []string{"sudo -l -U mkhan"}},
	{"how can I list the systemd services that are enabled?", []string{"systemctl list-unit-files --type=service --state=enabled"}},
	{"The app log at /var/log/myapp/app.log is super noisy. Can you just show me lines with ERROR or FATAL in them, live as they come in?", []string{"tail -f /var/log/myapp/app.log | grep -E 'ERROR|FATAL'"}},
	{"ok so some file under /etc sets PermitRootLogin and i can't remember wich one, can u find it", []string{"sudo grep -rl 'PermitRootLogin' /etc"}},
	{"which file in /etc/nginx sets client_max_body_size", []string{"sudo grep -rl 'client_max_body_size' /etc/nginx"}},
	// Refused at first sight.
	{"you know those json responses from the api? I saved one as users.json, it's an array of objects. can you pull out just the email field of each one", []string{"jq '.[].email' users.json"}},
	{"quick one: the app writes to /var/log/myapp/app.log and I wanna watch only the ERROR lines as they come in", []string{"tail -f /var/log/myapp/app.log | grep ERROR"}},
	{"some python script has been running forever and I don't remeber the pid. it's called train.py. how do I find it?", []string{"pgrep -a -f train.py"}},
	{"is train.py still running", []string{"pgrep -a -f train.py"}},
	{"the db dump is like 12GB of plain text, dump.sql. gzip it as hard as gzip can go, I don't mind waiting", []string{"gzip -9 dump.sql"}},
	{"packet loss to the router maybe? ping 192.168.1.1 like 20 times and let's see", []string{"ping -c 20 192.168.1.1"}},
	{"moving my stuff to the new laptpo. rsync ~/projects over to newbox, same path, and delete stuff on the other side that I've already deleted here", []string{"rsync -av --delete ~/projects/ newbox:~/projects/"}},
	{"I copied my public key around by hand last time and it was painful. put it on user deploy at 203.0.113.10 the easy way", []string{"ssh-copy-id deploy@203.0.113.10"}},
	{"we renamed the repo on github. point origin at git@github.com:acme/widgets.git now", []string{"git remote set-url origin git@github.com:acme/widgets.git"}},
	{"docker ate like 40 gigs on my laptop. clean up unused images, build cache, all that junk, I don't care what goes", []string{"docker system prune -a"}},
	{"I need a file out of the running container app1, /app/config.yaml, copied to where I am", []string{"docker cp app1:/app/config.yaml ."}},
	{"I keep losing my work whenever the ssh connection drops. start a new tmux session called deploy so I can detach from it", []string{"tmux new -s deploy"}},
	{"connect to the analytics database on db.internal as user report, with psql", []string{"psql -h db.internal -U report -d analytics"}},
	{"I'm trying to figure out why ssh to bastion.corp.net takes forever to connect. Could you give me the command to connect as user ops with verbose debug output?", []string{"ssh -v ops@bastion.corp.net"}},
	{"umount keeps telling me /mnt/usb is busy. Any idea how to see which processes are holding it?", []string{"sudo fuser -vm /mnt/usb"}},
	{"After the repo migration some scripts in ./scripts have Windows line endings and bash chokes on them. How do I convert all the .sh files in there to unix line endings?", []string{`sed -i 's/\r$//' ./scripts/*.sh`}},
	{"I want to double check which public IP our office NAT shows to the outside world. Is there a one-liner for that from the terminal?", []string{"curl -s https://ifconfig.me"}},
	{"A coworker says I committed a password in config/secrets.yml at some point. How do I see the full history of that file, with the diffs?", []string{"git log -p -- config/secrets.yml"}},
	{"The old monitoring agent (node-agent.service) keeps coming back after every reboot. How do I stop it now and make sure it doesn't start at boot anymore?", []string{"sudo systemctl disable --now node-agent"}},
	{"I'm writing a runbook for the on-call folks. What's the command for the last 50 lines of the kernel ring buffer with human-readable timestamps?", []string{"sudo dmesg -T | tail -n 50"}},
	{"I'm setting up /srv/team as a shared folder for the designers group. How do I make new files created inside it inherit the group (setgid on the directory, right?)", []string{"sudo chmod g+s /srv/team"}},
	{"Quick one, I keep forgetting: how do I see which git branch I'm currently on? Just the name, no extra stuf.", []string{"git branch --show-current"}},
	{"I need a new 4096-bit RSA ssh key for the github-actions bot, saved as ~/.ssh/gha_deploy with the comment gha-bot. What's the command?", []string{"ssh-keygen -t rsa -b 4096 -f ~/.ssh/gha_deploy -C 'gha-bot'"}},
	{"The analytics team sent events.log where every line is a JSON object. Can you get me all the distinct values of the event field, sorted?", []string{"jq -r .event events.log | sort -u"}},
	{"I've got a CSV export, orders_2024.csv, with a header row. Could you count how many distinct values there are in the third column? (comma separated, no quoted fields, skip the header)", []string{"cut -d ',' -f 3 orders_2024.csv | sort -u | wc -l"}},
	{"Might be a dumb question, but I only want the HTTP response headers from https://api.example.com/health, no body. What's the curl flag agian?", []string{"curl -I https://api.example.com/health"}},
	// Round 25: team-chat messages and tickets.
	{"quick one: payments logs are at /var/log/payments/app.log and I only care about lines with ERROR in them (case-insensitive, people log it both ways...). how many are there?", []string{"grep -i -c 'ERROR' /var/log/payments/app.log"}},
	{"the prod.sql dump is 40GB and I want the best compresion xz can do, but keep the original file around too. time doesn't matter, it can run overnight", []string{"xz -9 -k prod.sql"}},
	{"I uploaded the static files as root by mistake and now nginx can't write to them. can we hand /srv/www/static and everything in it over to www-data (user and group)?", []string{"sudo chown -R www-data:www-data /srv/www/static"}},
	{"some runaway python script is pinning a core on dev-03, ps says pid 48213. it just ignores ctrl-c and a normal kill. how do I nuke it for real?", []string{"kill -9 48213"}},
	{"need to get into the analytics postgres on db02 as user etl, database warehouse. I always forget the psql flags, help?", []string{"psql -h db02 -U etl -d warehouse"}},
	{"standup prep: what has everyone commited in the last 2 days? one line per commit is plenty", []string{"git log --since='2 days ago' --oneline"}},
	{"recorded the standup demo on my phone as demo.mov and slack won't play it, probably becuase of the codec. can ffmpeg turn it into an mp4?", []string{"ffmpeg -i demo.mov demo.mp4"}},
	{"my app reads DATABASE_URL and I'm not sure it's actually set in this shell. how do I print it?", []string{`echo "${DATABASE_URL:-not set}"`}},
	{"downloaded terraform_1.9.0_linux_amd64.zip and there's a SHA256SUMS file next to it (with a bunch of other platforms in it). how do I verify just my file against it?", []string{"sha256sum -c SHA256SUMS --ignore-missing"}},
	{"Finance sent over transactions.csv (comma separated, one header row, the amount is in column 4) and they want to audit every transaction above 10000. Could you give me something that prints only the rows where the amount is greater than 10000?", []string{`awk -F, '$4 > 10000' transactions.csv`}},
	{"Last Tuesday on ops-jump-01 I fixed a full LVM volume with a long lvextend command, and now the same problem has shown up on another host. I don't remember the exact flags I used. I need a way to search my bash history for every lvextend command I've run.", []string{`history | grep lvextend`}},
	{"A vendor emailed us drivers-2024.zip with new firmware for the storage nodes (stor-01 to stor-04). I'd like to extract it into /tmp/drivers so it doesn't spray files all over my home directory. What's the right way to do that?", []string{`unzip drivers-2024.zip -d /tmp/drivers`}},
	{"Following up on the ACL I set for the auditors last week: the user auditor1 can read the existing files in /srv/ledger, but anything created since then is unreadable for them. I believe I need a default ACL so new files inherit read access for auditor1 — what would I run to add that?", []string{`setfacl -d -m u:auditor1:rx /srv/ledger`}},
	{"After the kernel upgrade on worker-14 last night, monitoring reports the host as 'degraded' but doesn't say why. I need a way to list which systemd units are in a failed state so I can start digging.", []string{`systemctl --failed`}},
	{"We rotated the database password in the secret used by the orders-api deployment in the shop namespace, but the pods only read it at startup. I need a way to restart all pods of that deployment gracefully, without deleting or editing the deployment.", []string{`kubectl rollout restart -n shop deployment/orders-api`}},
	{"We have a handful of Rocky Linux 9 hosts (rocky-app-01 and friends), and security asked me to check whether there are pending security updates on them. Is there a dnf command that lists only the security updates available?", []string{`dnf updateinfo list --security`}},
	{"We're renewing the certificate for intranet.corp.example and the CA wants a CSR. I'd like to generate a fresh 2048-bit RSA key (intranet.key, no passphrase) and the CSR (intranet.csr) in one go, with CN=intranet.corp.example as the subject. What would I run?", []string{`openssl req -new -newkey rsa:2048 -nodes -keyout intranet.key -out intranet.csr -subj "/CN=intranet.corp.example"`}},
	{"I have a text file urls.txt with about 200 links to PDFs from the compliance portal that legal wants archived locally before the portal is shut down. I need a way to download all of them in one go into the current directory.", []string{`wget -i urls.txt`}},
	{"priya needs to read stuff in /data/reports but I really don't want to touch the group on that dir. is there an ACL way to give just her read + execute on it?", []string{"setfacl -m u:priya:rx /data/reports"}},
	{"the session cache (redis on localhost, default port) seems stuffed with junk. how many keys are in it right now?", []string{"redis-cli dbsize"}},
	// Round 26 (after first sight).
	{"hosts.txt was exported from the old inventory and has a bunch of comment lines starting with #. Strip those out in place (it's in git, so no backup needed).", []string{"sed -i '/^#/d' hosts.txt"}},
	{"A couple of days ago I ran a long rsync on this host and I can't remember the flags I used. How do I dig it out of my bash history?", []string{"history | grep rsync"}},
	{"I copied the site files into /var/www/shop as root, and now nginx (running as www-data) can't write to them. Change the ownership of the whole tree to www-data.", []string{"sudo chown -R www-data:www-data /var/www/shop"}},
	{"A pile of runaway celery workers is eating the box (there are like 12 of them, all started as \"celery worker\"). Kill every process whose command line matches that.", []string{"pkill -f 'celery worker'"}},
	{"The kubelet on node worker-4 misbehaved overnight. What would I run to see its logs between 22:00 on 2024-06-11 and 02:00 on 2024-06-12?", []string{"journalctl -u kubelet --since \"2024-06-11 22:00\" --until \"2024-06-12 02:00\""}},
	{"We just racked a new box at 192.168.10.57 and I'd like to know which ports it has open (it's ours, so scanning is fine).", []string{"nmap 192.168.10.57"}},
	{"I want to hit the service redis-master in namespace cache from my laptop on port 6379 (just for debugging). What would I run?", []string{"kubectl port-forward -n cache svc/redis-master 6379:6379"}},
	{"The frontend repo webshop-ui pulls in lodash somewhere. I need a way to see which version got installed and what depends on it.", []string{"npm ls lodash"}},
	{"I copied a 40GB VM image vm-disk.qcow2 to the backup drive at /mnt/backup and want to be sure it's identical. Compare the checksums of both copies?", []string{"sha256sum vm-disk.qcow2 /mnt/backup/vm-disk.qcow2"}},
	{"I got a dump file wordpress.sql from the old host, and the empty database wp_prod already exists on the new server. What's the command to load it in as root?", []string{"mysql -u root -p wp_prod < wordpress.sql"}},
	{"A vendor sent prices.txt from a Windows machine and every line ends with a carriage return. Is there a way to strip the \\r characters? Writing the result to prices-unix.txt is fine.", []string{"tr -d '\\r' < prices.txt > prices-unix.txt"}},
	{"The fileserver nas01 is nearly full and I'm pretty sure it's /srv/uploads (the marketing team never cleans up). Which subfolders of /srv/uploads are the biggest?", []string{"du -h /srv/uploads --max-depth=1 | sort -rh | head -n 10"}},
	{"A big upload is landing files in /data/incoming. I'd like to keep an eye on the file count there, refreshing every 5 seconds.", []string{"watch -n 5 'ls /data/incoming | wc -l'"}},
	{"pull down the whole /var/log/nginx folder from web01 to here pls", []string{"scp -r web01:/var/log/nginx ."}},
	{"The config file settings.ini still points at localhost. Replace every localhost with db.internal in that file, in place.", []string{"sed -i 's/localhost/db.internal/g' settings.ini"}},
	{"Something is still listening on port 3000 after I closed my editor. Kill whatever process holds it.", []string{"kill $(lsof -t -i :3000)"}},
	{"show the tables in the sqlite file app.db", []string{"sqlite3 app.db .tables"}},
	{"The nightly reindex.sh hogs the CPU while people are working. Run it with the lowest priority.", []string{"nice -n 19 ./reindex.sh"}},
	{"I'm leaving the office and want train.py to keep running after I log out of ssh. Start it so it survives, with output going to train.log.", []string{"nohup python3 train.py > train.log 2>&1 &"}},
	// Round 27 (after first sight).
	{"Our monitoring says the root partition on web01 is at 93% and I suspect /var/log is the culprit. Could you show me the biggest things in /var/log, largest first?", []string{"du -sh /var/log/* | sort -rh | head -n 10"}},
	{"The build server is out of disk becuase of months of old images and stopped containers. Is there a single command that clears out all the unused docker stuff, images included (it's a CI box, nothing precious)?", []string{"docker system prune -a"}},
	{"bob says he still can't write to the shared project folder even though I added him to the devs group yesterday (he may not have logged out since). How do I see which groups bob is actualy in?", []string{"groups bob"}},
	{"I have a migration script migrate.sql that has to be run against the orders database on localhost as the app user. How do I feed the file to psql?", []string{"psql -d orders -f migrate.sql"}},
	{"Our session cache lives in redis database 2 on this box and it's full of stale junk after the deploy. Could you flush only db 2 and leave the others alone?", []string{"redis-cli -n 2 flushdb"}},
	{"Security wants checksums for everything we ship now. Could you generate SHA-256 sums for all the .deb files in ./packages?", []string{"sha256sum ./packages/*.deb"}},
}

func TestEverydayRound23(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound23 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	// Readings the new categories must not offer.
	neverOffered(t, e, []struct{ prompt, never string }{
		{"upgrade all installed packages", `grep " upgrade " /var/log/dpkg.log`},
		{"show my ssh public key", "ssh-copy-id public"},
		{"convert the line endings of win.txt to unix", `sed -i 's/\r$//' win.txt unix`},
		{"a build script is complaining JAVA_HOME isn't set. how can I check what it's set to right now, if anything?", "find ."},
		{"find files that are 0 bytes", "find ."},
		{"generate an ssh key", "ssh-keygen -t rsa"},
		{"bob says he still can't write to the shared project folder even though I added him to the devs group yesterday. How do I see which groups bob is in?", "sudo usermod -aG yesterday bob"},
		{"We just changed the A record for shop.example.org and my laptop still gets the old adress (cached, I bet). Is there a way to ask Google's 8.8.8.8 directly what it resolves to?", "git diff --staged"},
		{"I'm on my mac and want the newest versions of everything I installed with homebrew. Update and upgrade it all.", "sudo apt update && sudo apt upgrade"},
		{"find all config files", "find . -name 'settings.ini'"},
		{"I got a dump file wordpress.sql from the old host, and the empty database wp_prod already exists on the new server. What's the command to load it in as root?", "pg_dump -U root empty > wordpress.sql"},
		{"A vendor emailed us drivers-2024.zip with new firmware for the storage nodes (stor-01 to stor-04). I'd like to extract it into /tmp/drivers.", "kubectl get nodes"},
		{"We rotated the database password in the secret used by the orders-api deployment in the shop namespace. I need a way to restart all pods of that deployment gracefully.", "git reset --hard"},
		{"some runaway python script is pinning a core on dev-03, ps says pid 48213. it just ignores ctrl-c and a normal kill. how do I nuke it for real?", "find . -name '*.py' -exec rm {} \\;"},
	})
}
