package offline

import (
	"context"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// everydayIdioms are everyday requests said the way people type them rather than the way the intents
// are written: idioms ("get rid of", "tar up", "eating my cpu", "as they come in"), frames ("I want to
// see", "tell me"), plural extensions ("pdfs"), another determiner ("restart my computer"), questions
// about a JSON file, system files named by their path, and a `not` phrase said after "without".
var everydayIdioms = []struct {
	prompt string
	want   []string
}{
	{"get rid of the directory build and everything inside it", []string{"rm -r build"}},
	{"getting rid of the folder cache with all its contents", []string{"rm -r cache"}},
	{"tar up the logs dir", []string{"tar -czvf logs.tar.gz logs"}},
	{"whats eating my cpu", []string{"ps aux --sort=-%cpu | head -n 10"}},
	{"what is hogging the memory", []string{"ps aux --sort=-%mem | head -n 10"}},
	{"how do i see which folders take up the most space here?", []string{"du -h . --max-depth=1 | sort -rh | head -n 10"}},
	{"I want to see the last 100 lines of error.log as they come in", []string{"tail -n 100 -f error.log"}},
	{"tell me when the file report.pdf was last modified", []string{"stat -c %y report.pdf"}},
	{"move all pdfs from Downloads to Documents", []string{"mv Downloads/*.pdf Documents"}},
	{"restart my computer", []string{"sudo reboot"}},
	{"throw away all my local changes in git", []string{"git reset --hard"}},
	{"what's my current git branch", []string{"git branch --show-current"}},
	{"make a new folder called reports and go into it", []string{"mkdir -p reports && cd reports"}},
	{"show me the contents of /etc/hosts", []string{"cat /etc/hosts"}},
	{"print ~/.bashrc", []string{"cat ~/.bashrc"}},
	{"quickly check the weather", []string{"curl wttr.in"}},
	{"whats the weather in berlin", []string{"curl wttr.in/berlin"}},
	{"list docker images that are dangling", []string{"docker images -f dangling=true"}},
	{"show the pods that are not running", []string{"kubectl get pods --field-selector=status.phase!=Running"}},
	{"I want to search my command history for ssh", []string{"history | grep ssh"}},
	{"from package.json, what's the version", []string{"jq .version package.json"}},
	{"convert the file notes.md to pdf", []string{"pandoc notes.md -o notes.pdf"}},
	{"sort names.txt alphabetically and remove duplicates", []string{"sort names.txt | uniq"}},
	{"list the contents of backup.zip without extracting", []string{"unzip -l backup.zip"}},
	{"my disk is full, what's taking all the space", []string{"du -h . --max-depth=1 | sort -rh | head -n 10"}},
	{"blow away the build directory", []string{"rm -r build"}},
	{"I need to know which version of docker is installed", []string{"docker --version"}},
	{"have a look at the first 10 lines of big.csv", []string{"head -n 10 big.csv"}},
	{"how big is each subfolder", []string{"du -sh ./*"}},
	{"tell me the public ip of this box", []string{"curl -s https://ifconfig.me"}},
	{"print the path i am in", []string{"pwd"}},
	{"count how many lines are in all python files", []string{"find . -name '*.py' | xargs wc -l"}},
	{"zip up every txt file", []string{"zip archive.zip *.txt"}},
	{"send the output of make to build.log", []string{"make > build.log"}},
	{"does the file config.yml exist", []string{"test -f config.yml && echo exists"}},
	{"in config.json, set debug to true", []string{"jq '.debug = true' config.json > tmp.json && mv tmp.json config.json"}},
	{"swap the word cat for dog in pets.txt", []string{"sed -i 's/cat/dog/g' pets.txt"}},
	{"check if nginx is running", []string{"systemctl status nginx"}},
	{"fetch the latest changes from origin without merging", []string{"git fetch --all", "git fetch origin"}},
	{"show me a tree of this directory", []string{"tree ."}},
	{"change directory to /tmp", []string{"cd /tmp"}},
	{"change timezone to Europe/Berlin", []string{"sudo timedatectl set-timezone Europe/Berlin"}},
	{"replace all tabs with spaces in data.tsv", []string{"expand data.tsv"}},
	{"I'm trying to find all the jpg files in my pictures folder", []string{"find ~/Pictures -name '*.jpg'"}},
	{"gimme the size of /home", []string{"du -sh /home"}},
	{"I want every .tmp file under /var/tmp gone", []string{"find /var/tmp -name '*.tmp' -exec rm {} \\;"}},
	{"quick way to see cpu info", []string{"lscpu"}},
	{"tail the logs of container api", []string{"docker logs -f api"}},
	{"deleet all files ending in .old", []string{"find . -name '*.old' -exec rm {} \\;"}},
	{"who's logged into this box right now", []string{"who"}},
	{"convert 1700000000 to a date", []string{"date -d @1700000000"}},
	{"backup the database shop with mysqldump", []string{"mysqldump shop > shop.sql"}},
	{"run the container ubuntu interactively and remove it afterwards", []string{"docker run -it --rm ubuntu"}},
	{"list all users on this machine", []string{"cut -d: -f1 /etc/passwd"}},
	{"lines in server.log containing timeout, case doesn't matter", []string{"grep -i 'timeout' server.log"}},
	{"get the first column of data.tsv", []string{"cut -d $'\\t' -f 1 data.tsv"}},
	{"open the file notes.txt in nano", []string{"nano notes.txt"}},
	{"edit main.go with vs code", []string{"code main.go"}},
	{"undo my last commit completely", []string{"git reset --hard HEAD~1"}},
	{"undo the last commit", []string{"git reset --soft HEAD~1"}},
	{"i messed up, show me the git reflog", []string{"git reflog"}},
	{"push my branch feature-x to origin for the first time", []string{"git push -u origin feature-x"}},
	{"lock the screen", []string{"loginctl lock-session"}},
	{"print every line of log.txt that has a number in it", []string{"grep '[0-9]' log.txt"}},
	{"I'm new to linux, how do I see what's in this folder", []string{"ls"}},
	{"how do I go back to the previous directory", []string{"cd -"}},
	{"I downloaded a .deb file called app.deb, how do I install it", []string{"sudo apt install ./app.deb"}},
	{"my script says permission denied when I run ./build.sh", []string{"chmod +x ./build.sh"}},
	{"how do I run a python file called main.py", []string{"python3 main.py"}},
	{"tail syslog and only show lines with error", []string{"tail -f /var/log/syslog | grep error"}},
	{"mount the iso file disk.iso to /mnt/iso", []string{"sudo mount -o loop disk.iso /mnt/iso"}},
	{"show the last 10 failed ssh logins", []string{"sudo lastb -n 10"}},
	{"show the last modified time of every file here", []string{"ls -l ."}},
	{"make a 1GB file full of zeros called blank.img", []string{"truncate -s 1G blank.img"}},
	{"run the last command again with sudo", []string{"sudo !!"}},
	{"add a line hello to the end of notes.txt", []string{"echo hello >> notes.txt"}},
	{"add the line 127.0.0.1 web to /etc/hosts", []string{"echo '127.0.0.1 web' | sudo tee -a /etc/hosts"}},
	{"stop and remove all compose services", []string{"docker compose down"}},
	{"build the image from the dockerfile here and tag it myapp", []string{"docker build -t myapp ."}},
	{"describe the node worker-1", []string{"kubectl describe node worker-1"}},
	{"stage only main.go", []string{"git add main.go"}},
	{"find all python files called test.py", []string{"find . -name 'test.py'"}},
	{"put all the jpgs in this folder into one pdf", []string{"convert *.jpg out.pdf"}},
	{"comit everything with message update", []string{"git commit -am 'update'"}},
	{"commit with the message fix typo", []string{"git commit -am 'fix typo'"}},
	{"join intro.mp4 and main.mp4 together", []string{`ffmpeg -f concat -safe 0 -i <(printf "file '$PWD/%s'\n" intro.mp4 main.mp4) -c copy joined.mp4`}},
	{"can I see which user owns report.pdf", []string{"stat -c %U report.pdf"}},
	{"let everyone read notes.txt", []string{"chmod a+r notes.txt"}},
	{"who can access secret.txt", []string{"ls -l secret.txt"}},
	{"switch to the root user", []string{"sudo -i"}},
	{"is github.com up", []string{"ping -c 4 github.com"}},
	{"how fast is my internet", []string{"speedtest-cli"}},
	{"gunzip data.csv.gz but keep the original", []string{"gzip -d -k data.csv.gz"}},
	{"which linux kernel am i running", []string{"uname -r"}},
	{"count the unique lines in words.txt", []string{"sort -u words.txt | wc -l"}},
	{"print the unique words in essay.txt", []string{"tr -s '[:space:]' '\\n' < essay.txt | sort -u"}},
	{"schedule reboot at 2am", []string{"sudo shutdown -r 2:00"}},
	{"shut down at 11pm", []string{"sudo shutdown -h 23:00"}},
	{"print a random number between 1 and 100", []string{"shuf -i 1-100 -n 1"}},
	{"find all files owned by root in /etc", []string{"find /etc -user root"}},
	{"how can I tell how much space is left on my drive", []string{"df -h"}},
	{"i need to see every file in here including the hidden ones", []string{"ls -a"}},
	{"nuke the node_modules folder", []string{"rm -r node_modules"}},
	{"bundle the src folder into a zip", []string{"zip -r src.zip src"}},
	{"I need the last 20 lines of the nginx error log", []string{"tail -n 20 /var/log/nginx/error.log"}},
	{"look for the word timeout in config.yaml", []string{"grep 'timeout' config.yaml"}},
	{"copy the folder assets to /backup along with everything in it", []string{"cp -r assets /backup"}},
	{"what is using all my ram", []string{"ps aux --sort=-%mem | head -n 10"}},
	{"move all pdfs from the downloads folder to my documents", []string{"mv ~/Downloads/*.pdf ~/Documents"}},
	{"delete the folder called build", []string{"rm -r build"}},
	{"i need to copy a folder called site to /srv", []string{"cp -r site /srv"}},
	{"zip the folder called site", []string{"zip -r site.zip site"}},
	{"find the folder called site", []string{"find . -type d -name 'site'"}},
	{"delete all folders named build", []string{"find . -type d -name 'build' -prune -exec rm -rf {} +"}},
	{"show how long ls -R / takes", []string{"time ls -R /"}},
	{"how long does make take", []string{"time make"}},
	{"measure how long it takes to run npm install", []string{"time npm install"}},
	{"dump the first 100 lines of big.log into head.log", []string{"head -n 100 big.log > head.log"}},
	{"grep error in app.log and write the results to errors.txt", []string{"grep 'error' app.log > errors.txt"}},
	{"dump the mysql database shop to shop.sql", []string{"mysqldump shop > shop.sql"}},
	{"throw out the last stash", []string{"git stash drop"}},
	{"am I connected to the internet", []string{"ping -c 3 8.8.8.8"}},
	{"please empty the trash", []string{"gio trash --empty"}},
	{"why is my computer so slow", []string{"top"}},
	{"grab the logs of the last failed systemd units", []string{"systemctl --failed"}},
	{"remind me the syntax of tar", []string{"man tar"}},
	{"bring my branch up to date with main", []string{"git merge main"}},
	{"show what's eating the network", []string{"sudo nethogs"}},
	{"i want to watch the nginx access log live", []string{"tail -f /var/log/nginx/access.log"}},
	{"sort my contacts.csv by the second column", []string{"sort -t, -k2 contacts.csv"}},
	{"show disk usage of each folder here", []string{"du -sh ./*"}},
	{"delete the user temp and their home directory", []string{"sudo userdel -r temp"}},
	{"look at the logs for the docker service from the last hour", []string{"journalctl -u docker --since '1 hour ago'"}},
	{"pause the process 4321", []string{"kill -STOP 4321"}},
	{"resume the process 4321", []string{"kill -CONT 4321"}},
	{"run long.sh so it keeps going after i log out", []string{"nohup ./long.sh &"}},
	{"show the threads of process 999", []string{"ps -T -p 999"}},
	{"let the user ann run sudo", []string{"sudo usermod -aG sudo ann"}},
	{"turn on the firewall", []string{"sudo ufw enable"}},
	{"block the ip 203.0.113.9", []string{"sudo ufw deny from 203.0.113.9"}},
	{"what services start at boot", []string{"systemctl list-unit-files --state=enabled"}},
	{"stop apache from starting on boot", []string{"sudo systemctl disable apache"}},
	{"enable nginx at boot", []string{"sudo systemctl enable nginx"}},
	{"what's the ip of this machine", []string{"ip addr"}},
	{"delete everything in logs", []string{"rm -rf logs/*"}},
	{"get rid of the container named old-web", []string{"docker rm old-web"}},
	{"delete all files owned by user bob", []string{"find . -user bob -exec rm {} \\;"}},
	{"kill firefox", []string{"pkill firefox"}},
	{"close slack", []string{"pkill slack"}},
	{"copy report.pdf to the backup folder", []string{"cp -r report.pdf backup", "cp report.pdf backup"}},
	{"count how many .jpg files are in photos", []string{"find photos -name '*.jpg' | wc -l"}},
	{"show the 3rd column of ps output", []string{"ps aux | awk '{print $3}'"}},
	{"count the lines of ls output", []string{"ls | wc -l"}},
	{"show the first 5 lines of the output of ps", []string{"ps aux | head -n 5"}},
	{"is nginx installed", []string{"dpkg -s nginx"}},
	{"rename photo.JPG to photo.jpg", []string{"mv photo.JPG photo.jpg"}},
	{"clear out the downloads folder", []string{"rm -rf ~/Downloads/*"}},
	{"show the exit code of the last command", []string{"echo $?"}},
	{"go to the folder above this one", []string{"cd .."}},
	{"open the current folder in the file manager", []string{"xdg-open ."}},
	{"make the terminal forget what i typed", []string{"history -c"}},
	{"where did I put my notes.md, find it", []string{"find . -name 'notes.md'"}},
	{"okay now show me how much space is free", []string{"df -h"}},
	{"i think my disk is almost full", []string{"df -h"}},
	{"i typed a long command, how do i rerun it", []string{"!!"}},
	{"show me the tail end of the syslog", []string{"tail -n 10 /var/log/syslog"}},
	{"show the git branches sorted by the latest commit", []string{"git branch --sort=-committerdate"}},
	{"gimme a count of files per extension here", []string{`find . -type f | sed 's/.*\.//' | sort | uniq -c | sort -rn`}},
	{"hey, can you list my docker images", []string{"docker images"}},
	{"so i want to make a folder named backups in my home", []string{"mkdir ~/backups"}},
	{"print hello world", []string{"echo 'hello world'"}},
	{"repeat the command date every second", []string{"watch -n 1 date"}},
	{"can u delete the .cache folder in my home", []string{"rm -r ~/.cache"}},
	{"find the .git folder", []string{"find . -name '.git'"}},
	{"delete all .git folders", []string{"find . -type d -name '.git' -prune -exec rm -rf {} +"}},
	{"show me the 10 most recent git commits in one line each", []string{"git log --oneline -n 10"}},
	{"show the git log in one line per commit", []string{"git log --oneline"}},
	{"look at what's inside the jar file app.jar", []string{"unzip -l app.jar"}},
	{"set up git with my email ann@example.com", []string{"git config --global user.email ann@example.com"}},
	{"show me only the first line of every file in notes", []string{"head -n 1 notes/*"}},
	{"what's in my crontab", []string{"crontab -l"}},
	{"please shut the computer down", []string{"sudo shutdown -h now"}},
	{"flip the order of lines in todo.txt", []string{"tac todo.txt"}},
	{"erase the contents of log.txt but keep the file", []string{"truncate -s 0 log.txt"}},
	{"throw all the .log files from today into today.tar.gz", []string{"find . -name '*.log' -mtime 0"}},
	{"turn cover.png into cover.jpg", []string{"convert cover.png cover.jpg"}},
	{"hey can you show me what time it is", []string{"date"}},
	{"how tall and wide is banner.png", []string{"identify banner.png"}},
	{"serach all files for the word TODO", []string{"grep -r 'TODO' ."}},
	{"make all the pngs in here half the size", []string{"mogrify -resize 50% *.png"}},
	{"merge a.mp4 and b.mp4 into all.mp4", []string{`ffmpeg -f concat -safe 0 -i <(printf "file '$PWD/%s'\n" a.mp4 b.mp4) -c copy all.mp4`}},
}

func TestEverydayIdioms(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayIdioms {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}

// An idiom inside quotes is what the person looks for, not words to read plainly; a plural word that is
// no file kind stays as said; and a directory named by its path is still listed, not printed.
func TestIdiomsKeepQuotesAndNames(t *testing.T) {
	e := testEngine(t)
	everydayGenerate(t, e, "search for 'get rid of' in notes.txt", "linux", []string{"grep 'get rid of' notes.txt"})
	toks := e.cat.plainWords(tokenize("compress the logs and the docs"))
	for _, tk := range toks {
		if tk.lower == "files" {
			t.Errorf("plainWords(%q) read a folder name as a file kind: %v", "compress the logs and the docs", toks)
		}
	}
	everydayGenerate(t, e, "list the contents of /etc", "linux", []string{"ls /etc"})
	if got := e.cat.plainWords(tokenize("remove the 'dir' folder")); got[2].lower != "dir" || !got[2].quoted {
		t.Errorf("a quoted word was rewritten: %v", got)
	}
}

// "without" before a phrase that rules an intent out says the person does not want that either: the
// intent still fits. Everywhere else the phrase still rules it out.
func TestWithoutKeepsTheIntent(t *testing.T) {
	e := testEngine(t)
	for _, c := range e.Candidates(models.Request{Prompt: "extract backup.zip", OS: "linux", Shell: "bash"}, 1) {
		if containsWord(c.Command, "-l") {
			t.Errorf("extract backup.zip answered with a listing: %q", c.Command)
		}
	}
}

// Readings that explain only part of a request are not offered: the output of something that is no
// command, names of a shell's variables.
func TestPartialReadingsAreNotOffered(t *testing.T) {
	e := testEngine(t)
	for _, prompt := range []string{
		"save the output of the last command to out.txt",
		`List all variables (names only) with names containing "H".`,
		// The word looked for is in no answer that deletes every text file.
		"find all text files in current folder and delete all the files that have the word foo in their name",
		"show me the pictures in this folder", // "the pictures" is no ~/Pictures
		"list the files git is ignoring",      // no git ignore-io: a subcommand the request never says
	} {
		if c := e.Candidates(models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, 1); len(c) > 0 && Offered(c[0]) {
			t.Errorf("%q offers %q (confidence %.2f)", prompt, c[0].Command, c[0].Confidence)
		}
	}
	// "somewhere" only says where to look: the answer is the search, never a test of one path.
	everydayGenerate(t, e, "is there a file called passwd somewhere under /etc", "linux", []string{"find /etc -name 'passwd'"})
}

// A command piped from another or saved to a file says so in its explanation.
func TestPipedAndSavedAreExplained(t *testing.T) {
	e := testEngine(t)
	for prompt, want := range map[string]string{
		"show the 3rd column of ps output":            "Run ps aux and ",
		"save the first 10 lines of a.txt to top.txt": "the output goes to top.txt",
	} {
		r, err := e.Generate(context.Background(), models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, nil)
		if err != nil {
			t.Fatalf("%q: %v", prompt, err)
		}
		if !strings.Contains(r.Explanation, want) {
			t.Errorf("%q explained %q, want it to say %q", prompt, r.Explanation, want)
		}
	}
}

// A TSV's tab reaches sort and cut as one character in every shell: fish has no $'\t'.
func TestTabPerShell(t *testing.T) {
	e := testEngine(t)
	for shell, want := range map[string]string{"bash": `sort -t $'\t' -k2 data.tsv`, "fish": `sort -t \t -k2 data.tsv`} {
		r, err := e.Generate(context.Background(), models.Request{Prompt: "sort data.tsv by the second column", OS: "linux", Shell: shell}, nil)
		if err != nil || r.Command != want {
			t.Errorf("%s: got %q, %v; want %q", shell, r.Command, err, want)
		}
	}
}
