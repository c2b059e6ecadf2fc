package offline

import "testing"

// everydayRound38 are requests of the thirty-eighth round's sets that were wrong or refused at first
// sight (eval/everyday/round38), and their kin: plans to destroy that come after the ask, "not a
// restart", conversational words that are no slips, globs for one folder only, git's ignore file.
var everydayRound38 = []struct {
	prompt string
	want   []string
}{
	// What the person plans, refuses or quotes is not the ask.
	{"Please find all files owned by the user bob anywhere under /srv. I'm about to delete his acount and want to see what's there first.", []string{"find /srv -user bob"}},
	{"is redis ok? the service is called redis-server; I want its status with the recent log lines, not a restart.", []string{"systemctl status redis-server"}},
	{"gunicorn won't start, it says 'Address already in use' for port 8000. Kill whatever is sitting on that port, I don't care what it is.", []string{"kill $(lsof -t -i :8000)"}},
	{"git push says 'Updates were rejected because the remote contains work that you do not have locally'. I'm on main; pull their changes and put my commits on top, no merge commit.", []string{"git pull --rebase"}},
	{"i accidently started a huge job; renice process 7788 to the lowest priority so it stops hogging the machine", []string{"sudo renice 19 -p 7788"}},
	{"i'm about to log out but ./train.sh needs to keep running after i do, how do i start it", []string{"nohup ./train.sh &"}},
	// One folder, not the ones below it: the shell's glob.
	{"pack every .log file in the current folder into old-logs.tar.gz (just this folder, not the subfolders)", []string{"tar -czf old-logs.tar.gz *.log"}},
	{"How many lines are there in total across the markdown files in docs/ (not counting subfolders)? I'm estimating how long the docs are.", []string{"cat docs/*.md | wc -l"}},
	// Accounts, git, permissions, kernel, network, priorities.
	{"I need a list of every user account on this box whose login shell is /bin/bash, just the usernames.", []string{"grep '/bin/bash$' /etc/passwd | cut -d: -f1"}},
	{"There's a file 'config.yaml.bak' in my repo and git keeps listing it as untracked. Make git ignore it.", []string{"echo 'config.yaml.bak' >> .gitignore"}},
	{"make git ignore all .log files", []string{"echo '*.log' >> .gitignore"}},
	{"When I run ./start.sh I get 'Permission denied'. What do I do so I can run it?", []string{"chmod +x ./start.sh"}},
	{"good morning :) what version of the kernel is this machine runing?", []string{"uname -r"}},
	{"my laptop's wifi feels flaky. send four pings to 1.1.1.1 and then stop, don't let it run forever", []string{"ping -c 4 1.1.1.1"}},
	{"Which ports is this server lisening on?", []string{"ss -tulpn"}},
	{"I need to run make but don't want it slowing down everything else on the box.", []string{"nice -n 19 make"}},
	{"turn the tab-separated data.tsv into a comma-separated data.csv", []string{"tr '\\t' ',' < data.tsv"}},
	{"Can you decompress data.csv.gz but keep the original .gz around?", []string{"gzip -d -k data.csv.gz"}},
	{"throw away my unstaged edits to index.html", []string{"git restore index.html"}},
	{"POST the contents of payload.json to http://localhost:3000/api/orders with the JSON content type header, I'm testing my API.", []string{"curl -X POST -H 'Content-Type: application/json' -d @payload.json http://localhost:3000/api/orders"}},
	{"show the last 5 commits with short hashes", []string{"git log --oneline -n 5"}},
	{"make a 1G file called test.img", []string{"fallocate -l 1G test.img"}},
	// A file left out of the files of a kind.
	{"grep error in all .log files except debug.log", []string{"grep -rn 'error' --include='*.log' --exclude='debug.log' ."}},
	{"find all .log files except debug.log", []string{"find . -name '*.log' ! -name 'debug.log'"}},
}

func TestEverydayRound38(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound38 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		{"Please find all files owned by the user bob anywhere under /srv. I'm about to delete his acount and want to see what's there first.", `find /srv -user bob -exec rm {} \;`},
		{"is redis ok? the service is called redis-server; I want its status with the recent log lines, not a restart.", "sudo systemctl restart redis-server && systemctl status redis-server"},
		{"gunicorn won't start, it says 'Address already in use' for port 8000. Kill whatever is sitting on that port, I don't care what it is.", "echo 'Address already in use'"},
		{"i accidently started a huge job; renice process 7788 to the lowest priority so it stops hogging the machine", "kill 7788"},
		{"There's a file 'config.yaml.bak' in my repo and git keeps listing it as untracked. Make git ignore it.", "git rm --cached config.yaml.bak"},
		{"turn the tab-separated data.tsv into a comma-separated data.csv", "paste -sd, data.tsv"},
		{"grep error in all .log files except debug.log", "grep -v 'error' debug.log"},
	})
}
