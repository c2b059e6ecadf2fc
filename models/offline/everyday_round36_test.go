package offline

import "testing"

// everydayRound36 are requests of the thirty-sixth round's sets that were wrong or refused at first
// sight (eval/everyday/round36), and their kin: times of day said in words, what a person will do
// themselves later, messages pasted after "says:", clauses that leave something alone.
var everydayRound36 = []struct {
	prompt string
	want   []string
}{
	// Times of day in words.
	{"could you add a cron entry so /opt/scripts/cleanup.sh runs every sunday at half past three in the morning? keep my existing cron jobs", []string{`(crontab -l 2>/dev/null; echo "30 3 * * 0 /opt/scripts/cleanup.sh") | crontab -`}},
	{"run report.sh every friday at quarter to five in the afternoon", []string{`(crontab -l 2>/dev/null; echo "45 16 * * 5 $PWD/report.sh") | crontab -`}},
	{"run x.sh every day at 7 in the evening", []string{`(crontab -l 2>/dev/null; echo "0 19 * * * $PWD/x.sh") | crontab -`}},
	{"run backup.sh every day at noon", []string{`(crontab -l 2>/dev/null; echo "0 12 * * * $PWD/backup.sh") | crontab -`}},
	// What the person will do later, what stays alone, what a program said.
	{"we cut releases from tags. make an annotated tag v2.3.0 on the current commit with the message \"Release 2.3.0\"; I'll push it myself later", []string{"git tag -a v2.3.0 -m 'Release 2.3.0'"}},
	{"i changed the Dockerfile for the api service in our compose project. rebuild it and bring just that service back up in the background, and leave the database container alone", []string{"docker compose up -d --build api"}},
	{"psql says: connection to server on socket \"/var/run/postgresql/.s.PGSQL.5432\" failed. can you check the status of the postgresql service? please don't restart anything yet", []string{"systemctl status postgresql"}},
	{"fresh install, and apt says \"E: Unable to locate package htop\". what should I run first so it can find packages?", []string{"sudo apt update"}},
	{"hi! i have a folder called thesis that i want to send to my advisor as one compressed file, thesis.tar.gz. please don't include the .git folder in it", []string{"tar -czf thesis.tar.gz --exclude=.git thesis"}},
	{"the permisions under /var/www/html got wrecked by a bad deploy. I'd like every directory in there set to 755, but please don't touch the files", []string{`find /var/www/html -type d -exec chmod 755 {} \;`}},
	{"grep keeps giving me hits inside node_modules, which is useless. search the whole project (current dir) for useEffect but skip node_modules", []string{"grep -rn 'useEffect' --exclude-dir=node_modules ."}},
	{"search for API_KEY in all files here, skipping node_modules", []string{"grep -rn 'API_KEY' --exclude-dir=node_modules ."}},
	// Effects and names.
	{"tail error.log starting from the last 50 lines and keep following it", []string{"tail -n 50 -f error.log"}},
	{"The output of mount is unreadable in my terminal. Line it up into neat columns.", []string{"mount | column -t"}},
	{"what command gives the group devs ownership of /srv/shared and everything inside it?", []string{"chgrp -R devs /srv/shared"}},
	{"Firefox froze and won't close. Force-kill every firefox process.", []string{"pkill -9 firefox"}},
	{"The login feature got merged last week. Delte the local git branch feature/login.", []string{"git branch -d feature/login"}},
	{"which installed package does /usr/bin/curl belong to?", []string{"dpkg -S /usr/bin/curl"}},
	{"I want to verify a download before burning it. Give me the sha256sum of ubuntu.iso.", []string{"sha256sum ubuntu.iso"}},
	{"what version of nginx would apt install, and which one is installed now?", []string{"apt policy nginx"}},
}

func TestEverydayRound36(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound36 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		{"The login feature got merged last week. Delte the local git branch feature/login.", "git merge login"},
		{"I want to verify a download before burning it. Give me the sha256sum of ubuntu.iso.", "sha256sum -c ubuntu.iso"},
		{"Firefox froze and won't close. Force-kill every firefox process.", "pgrep -a firefox"},
		{"The backup volume at /mnt/backup filled up overnight and I suspect a few huge dumps. Could you list the files bigger than 2G in there? Just show me, I'll decide what to remove myself.", "docker volume ls"},
		{"fresh install, and apt says \"E: Unable to locate package htop\". what should I run first so it can find packages?", "echo 'E: Unable to locate package htop'"},
	})
}
