package offline

import "testing"

// everydayRound14 are requests of the fourteenth round's sets that were refused or wrong at first sight
// (eval/everyday/round14), and their kin.
var everydayRound14 = []struct {
	prompt string
	want   []string
}{
	// Databases: dumps named after the database, from a host as a user, restores, databases in docker.
	{"heads up, the reporting postgres is at 10.20.0.7 and i need a dump of the analytics db from it before we run the migration tonight. connect as user reporter", []string{"pg_dump -h 10.20.0.7 -U reporter analytics > analytics.sql"}},
	{"dump the postgres database shop", []string{"pg_dump shop > shop.sql"}},
	{"We're moving the blog to a new host and I need a full mysqldump of the wordpress database as root, gzipped.", []string{"mysqldump -u root -p wordpress | gzip > wordpress.sql.gz"}},
	{"dump the mysql database shop to shop.sql", []string{"mysqldump shop > shop.sql"}},
	{"our postgres runs in a docker container called pg, how would i list all the databases in it?", []string{"docker exec -it pg psql -U postgres -l"}},
	// Environment: one command's variable, a .env file loaded.
	{"my migration script needs DATABASE_URL but only for one run, i don't want it exported in my shell. how do i run ./migrate.sh with DATABASE_URL=postgres://localhost/dev just for that command?", []string{"DATABASE_URL=postgres://localhost/dev ./migrate.sh"}},
	{"theres a .env file in the project with KEY=value lines, and I'd like all of them loaded into my current shell as exported variables", []string{"set -a; source .env; set +a"}},
	{"what shell am i using", []string{`echo "$SHELL"`}},
	// git: branches merged, a new branch for uncommitted work, a remote to match, the commit that added a text.
	{"delete the local git branches that have already been merged into main", []string{`git branch --merged main | grep -vE '^\*|^\s*(main|master)$' | xargs -r git branch -d`}},
	{"get rid of my local branch old-feature, it was merged already", []string{"git branch -d old-feature"}},
	{"sorry if this is a dumb one, but i made a bunch of changes on the wrong branch and haven't committed anything yet. i need them on a new branch called fix/login-timeout", []string{"git checkout -b fix/login-timeout"}},
	{"a coworker force-pushed to origin/develop and now my local develop has diverged. i don't have anything local i care about, just make mine match teh remote", []string{"git fetch origin && git reset --hard origin/develop"}},
	{"i made a mess of app.js, throw away my local changes to just that file", []string{"git restore app.js"}},
	{"someone added a LEGACY_AUTH flag at some point and nobody remembers when. how do i find the commit that introduced that string?", []string{"git log -S LEGACY_AUTH --oneline"}},
	{"add all changes and commit with message \"fix typo\"", []string{"git commit -am 'fix typo'"}},
	{"I committed to main by accident instead of my feature branch. How do I undo that last commit but keep the changes in my working tree?", []string{"git reset --soft HEAD~1"}},
	{"show the last 10 commits on the release/2.3 branch, one line each", []string{"git log --oneline -n 10 release/2.3"}},
	// ssh: through a jump host, host keys, key comments.
	{"we've got a jumphost, jump.corp.net, and the actual db box is db1.internal sitting behind it. can i ssh to db1 in one go instead of hopping twice?", []string{"ssh -J jump.corp.net db1.internal"}},
	{"the host key for git.internal changed after they rebuilt the server and now ssh is yelling at me. how do i remove the old entry from known_hosts?", []string{"ssh-keygen -R git.internal"}},
	{"grafana on the monitoring box (mon01) is only bound to localhost:3000 and i want to open it in my laptop's browser... some kind of port forward i guess?", []string{"ssh -L 3000:localhost:3000 mon01"}},
	{"generate a new ed25519 ssh key with the comment laptop-2024", []string{"ssh-keygen -t ed25519 -C 'laptop-2024'"}},
	// Processes, ports, services.
	{"there's a runaway python script called scraper.py eating all the cpu and honestly i just want it dead, quickest way?", []string{"pkill -f scraper.py"}},
	{"ok so i'm getting \"address already in use\" when i start my dev server on 3000. how do i figure out what's hogging that port?", []string{"lsof -i :3000"}},
	{"The deploy script keeps hanging and I think there's a stuck node process somewhere. How do I see every node process with its PID and full command line", []string{"pgrep -a node"}},
	{"show the pids of all python processes", []string{"pgrep python"}},
	{"Our compose stack has a redis service that seems wedged. Restart just that one service without touching the others.", []string{"docker compose restart redis"}},
	{"restart the web service with docker compose", []string{"docker compose restart web"}},
	{"We just edited the unit file for our worker service (worker.service). What do I need to run so systemd picks up the change, and then restart it?", []string{"sudo systemctl daemon-reload && sudo systemctl restart worker"}},
	{"list pods in all namespaces that aren't in the Running phase", []string{"kubectl get pods -A --field-selector=status.phase!=Running"}},
	{"show nginx error-level messages from the journal since midnight", []string{"journalctl -u nginx -p err --since today"}},
	// Packages, users, files, dates, checksums, logs.
	{"which apt package does /usr/bin/dig come from", []string{"dpkg -S /usr/bin/dig"}},
	{"install exactly version 2.31.0 of requests with pip", []string{"pip install requests==2.31.0"}},
	{"I inherited a node project and have no idea which of its dependencies are out of date. How can I check?", []string{"npm outdated"}},
	{"add a user named deploy with a home directory and bash as the login shell", []string{"sudo useradd -m -s /bin/bash deploy"}},
	{"make a zip of the reports folder called reports.zip", []string{"zip -r reports.zip reports"}},
	{"replace every occurrence of staging.internal with prod.internal in config.yaml, editing the file in place", []string{`sed -i 's/staging\.internal/prod.internal/g' config.yaml`}},
	{"download https://example.com/releases/tool-1.4.2.tar.gz and keep the original filename", []string{"wget https://example.com/releases/tool-1.4.2.tar.gz"}},
	{"I'm on flaky hotel wifi and want to know if api.github.com even resolves. What IPs does it come back with?", []string{"dig +short api.github.com"}},
	{"Our CI runner keeps failing with \"no space left on device\". Which mounted filesystems are the fullest?", []string{"df -h | sort -k5 -rn"}},
	{"i think my disk is almost full", []string{"df -h"}},
	{"A log line has the unix timestamp 1717171717 in it. Convert that to a human-readable date.", []string{"date -d @1717171717"}},
	{"print lines 347340107 through 347340206 of big.log", []string{"sed -n '347340107,347340206p' big.log"}},
	{"our invoices are due on the last day of the month, and i'd like a shell way to print the date of the last day of the current month", []string{`date -d "$(date +%Y-%m-01) +1 month -1 day" +%F`}},
	{"resize every jpg in this folder to 800px wide, overwriting the originals", []string{"mogrify -resize 800 *.jpg"}},
	{"count how many requests in access.log got a 500 status", []string{"awk '$9 == 500' access.log | wc -l"}},
	{"Just spun up a fresh VM from someone else's template. What Linux distro and version is it running?", []string{"cat /etc/os-release"}},
	{"I downloaded ubuntu-24.04-live-server-amd64.iso along with the SHA256SUMS file next to it. Verify the iso against it.", []string{"sha256sum -c SHA256SUMS --ignore-missing"}},
	{"what's in my crontab right now? want to double check before I touch anything", []string{"crontab -l"}},
	{"we're sizing the worker pool for this server, how many cpu cores does it have?", []string{"nproc"}},
	// A restore reads the dump, never writes it.
	{"I'm on the db server now and need to restore last night's dump, nightly.sql, into the shop database in mysql. as root", []string{"mysql -u root -p shop < nightly.sql"}},
	{"load dump.sql into the postgres database shop", []string{"psql shop < dump.sql"}},
	{"i set up a venv for the project and got everything working, now i want to freeze whatever's installed into requirements.txt", []string{"pip freeze > requirements.txt"}},
}

func TestEverydayRound14(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound14 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}
