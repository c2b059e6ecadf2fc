package offline

import "testing"

// everydayRound7 are requests of the seventh round's unseen sets (eval/everyday/round7) and their kin.
var everydayRound7 = []struct {
	prompt string
	want   []string
}{
	// A clause that tells what the person has or sees sets the scene; its words are no misunderstanding.
	{"so i have a bunch of .tmp files scattered around ~/projects, can you find them all", []string{"find ~/projects -name '*.tmp'"}},
	{"i've got this huge backup.sql.gz, can i decompress it somehow", []string{"gzip -d backup.sql.gz", "gunzip backup.sql.gz"}},
	{"hey my terminal is super laggy, which 5 processes are using the most memory", []string{"ps aux --sort=-%mem | head -n 5"}},
	{"my disk is getting weirdly full, show me the biggest folders in /var", []string{"du -h /var --max-depth=1 | sort -rh | head -n 10"}},
	// An archive is opened by extracting it.
	{"a coworker sent me dump.tar.bz2, how do i open it up", []string{"tar -xjvf dump.tar.bz2"}},
	{"open report.pdf", []string{"xdg-open report.pdf"}},
	// A shell in a container is docker's, bash when asked for.
	{"hey can you open a bash shell in my running postgres container, it's called db", []string{"docker exec -it db bash"}},
	{"open a shell in the web container", []string{"docker exec -it web sh"}},
	// The DNS servers in use.
	{"so my wifi is acting up, can you show me which dns server i'm using", []string{"resolvectl status"}},
	// A machine is named like one (web1, db-2) after ping, on or from.
	{"ping web1 4 times", []string{"ping -c 4 web1"}},
	{"pign web1 4 times", []string{"ping -c 4 web1"}},
	{"copy report.pdf to /tmp on web1", []string{"scp report.pdf web1:/tmp"}},
	{"can you pull backup.tar.gz down from /var/backups on web1 into this folder", []string{"scp web1:/var/backups/backup.tar.gz ."}},
	{"pull the file /etc/nginx/nginx.conf from web1 to here", []string{"scp web1:/etc/nginx/nginx.conf ."}},
	{"make a symlink called latest that points at build-42", []string{"ln -s build-42 latest"}},
	// Ports said with "mapped to", or without the word.
	{"run nginx in the background with port 8080 mapped to 80", []string{"docker run -d -p 8080:80 nginx"}},
	{"i started a dev server on 5173 and forgot which terminal, what pid is using that port", []string{"lsof -i :5173"}},
	{"can you forward my local port 8080 to port 80 on web1 over ssh", []string{"ssh -L 8080:localhost:80 web1"}},
	// Memory, disk, processes.
	{"how much ram and swap am i using", []string{"free -h"}},
	{"quick one, how full is the root partition", []string{"df -h /"}},
	{"can you tell me how long process 1234 has been running", []string{"ps -o etime= -p 1234"}},
	// Git.
	{"git status but short", []string{"git status -s"}},
	{"can you show me what i have changed but have not staged yet", []string{"git diff"}},
	{"i wanna grab the latest changes from origin without merging them yet", []string{"git fetch origin"}},
	// Packages.
	{"update the package list and upgrade everything", []string{"sudo apt update && sudo apt upgrade"}},
	{"udpate the package list and upgrade everything", []string{"sudo apt update && sudo apt upgrade"}},
	{"remove apache2 along with its config files", []string{"sudo apt purge apache2"}},
	{"purge apache2", []string{"sudo apt purge apache2"}},
	{"so what version of docker-ce could i install vs what i have now", []string{"apt policy docker-ce"}},
	{"update everything with pacman", []string{"sudo pacman -Syu"}},
	// Services: reload is not restart.
	{"i need nginx to pick up its new config without dropping connections", []string{"sudo systemctl reload nginx"}},
	{"restart nginx", []string{"sudo systemctl restart nginx"}},
	{"reload systemd after editing a unit file", []string{"sudo systemctl daemon-reload"}},
	{"can you follow the kernel messages live", []string{"sudo dmesg -w"}},
	// Users and groups.
	{"who all has an account on this box? just the usernames", []string{"cut -d: -f1 /etc/passwd"}},
	{"show my username", []string{"whoami"}},
	{"what groups is bob in", []string{"groups bob"}},
	{"what groups am i in", []string{"groups"}},
	{"find all files that belong to user root", []string{"find . -user root"}},
	// Variables by name; capitals for emphasis or acronyms are no variables.
	{"print JAVA_HOME", []string{`echo "$JAVA_HOME"`}},
	{"can you check whether the JAVA_HOME variable is even set", []string{`echo "${JAVA_HOME:-not set}"`}},
	{"set EDITOR to vim for this session", []string{"export EDITOR=vim"}},
	{"set the timezone to UTC", []string{"sudo timedatectl set-timezone UTC", "timedatectl set-timezone UTC"}},
	{"send a GET request to https://api.example.com/users", []string{"curl https://api.example.com/users"}},
	{"i'd like to see only the lines in app.log that DONT have DEBUG in them", []string{"grep -v 'DEBUG' app.log"}},
	// Text.
	{"hey so sales.csv has a header line, can you print it without that first line", []string{"tail -n +2 sales.csv"}},
	{"how do i search app.log for timeout, ignoring case, with line numbers", []string{"grep -i -n timeout app.log"}},
	{"so emails.txt has a ton of dupes, can you count how many times each one shows up", []string{"sort emails.txt | uniq -c | sort -rn"}},
	{"top 10 most common lines in words.txt with counts", []string{"sort words.txt | uniq -c | sort -rn | head -n 10", "sort words.txt | uniq -c | sort -rn"}},
	// Media.
	{"the audio on podcast.mp3 is way too quiet, can you double the volume", []string{"ffmpeg -i podcast.mp3 -af volume=2 podcast-loud.mp3"}},
	{"what time is it in UTC rn", []string{"date -u"}},
	// A scene that says the branch was merged asks for no merge.
	{"get rid of my local branch old-feature, it was merged already", []string{"git branch -d old-feature"}},
	{"merge the branch feature into main", []string{"git merge feature"}},
	// DNS record types; acronyms are no variables.
	{"get the MX records for example.com", []string{"dig example.com MX"}},
	// Installed, answering, routes, remote commands.
	{"do i even have curl installed", []string{"dpkg -s curl"}},
	{"can you check if db1 is answering on port 5432", []string{"nc -zv db1 5432"}},
	{"is web1 up", []string{"ping -c 4 web1"}},
	{"copy file.txt to the server web01 in /tmp", []string{"scp file.txt web01:/tmp"}},
	{"i need to see the route packets take to 8.8.8.8, can you help", []string{"traceroute 8.8.8.8"}},
	{"so i just want to run uptime on web2 without logging in to it", []string{"ssh web2 uptime"}},
	// Commits and services said with what went wrong.
	{"hey i made a typo in my last commit message, can i fix it", []string{"git commit --amend"}},
	{"my postgresql service won't start, can you show its recent logs", []string{"journalctl -u postgresql"}},
	{"start nginx", []string{"sudo systemctl start nginx"}},
	// JSON arrays by their elements' field.
	{"so people.json is an array of people, can you give me just their names as plain text", []string{"jq -r '.[].name' people.json"}},
	// The archive a request makes is named, not searched for.
	{"make a tar.gz of ~/projects/site called site.tar.gz", []string{"tar -czvf site.tar.gz ~/projects/site"}},
	{"find the file called backup.tar.gz", []string{"find . -name 'backup.tar.gz'"}},
	// All the way down is recursive.
	{"hey can you make everything in ~/shared readable by everyone, all the way down", []string{"chmod -R a+rX ~/shared"}},
	{"make notes.txt readable by everyone", []string{"chmod a+r notes.txt"}},
}

func TestEverydayRound7(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound7 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}
