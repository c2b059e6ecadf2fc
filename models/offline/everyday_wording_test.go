package offline

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// everydayWording are requests whose wording once led the engine astray: a time said with "not"
// before it ("not modified in the last week" is older than a week), "24 hours" read as the clock, a
// folder's name taken from "except", a package cache or stopped containers said in other words.
var everydayWording = []struct {
	prompt string
	want   []string
}{
	{"files not modified in the last 7 days", []string{"find . -mtime +7", "find . -type f -mtime +7"}},
	{"find files that have not been accessed in 30 days", []string{"find . -atime +30", "find . -type f -atime +30"}},
	{"list files not changed for 2 weeks", []string{"find . -mtime +14", "find . -type f -mtime +14"}},
	{"show files that weren't accessed in the last month", []string{"find . -atime +30", "find . -type f -atime +30"}},
	{"delete .log files that haven't been modified for 90 days", []string{`find . -name '*.log' -mtime +90 -exec rm {} \;`, "find . -name '*.log' -mtime +90 -delete"}},
	{"files not older than 5 days", []string{"find . -mtime -5", "find . -type f -mtime -5"}},
	{"files modified in 2 hours", []string{"find . -mmin -120", "find . -type f -mmin -120"}},
	{"display all the files in the current folder that have been modified in the last 24 hours", []string{"find . -mtime -1", "find . -type f -mtime -1", "find . -mmin -1440"}},
	{"find all the files in the current folder which have been accessed in the last 24 hours", []string{"find . -atime -1", "find . -type f -atime -1", "find . -amin -1440"}},
	{"show the time in 24 hour format", []string{"date +%H:%M"}},
	{"delete all stopped docker containers", []string{"docker container prune"}},
	{"remove unused docker images", []string{"docker image prune"}},
	{"clean the apt cache", []string{"sudo apt-get clean"}},
	{"clear the package cache", []string{"sudo apt-get clean"}},
	{"Brings down network interface eth0", []string{"sudo ip link set eth0 down"}},
	{"bring up interface wlan0", []string{"sudo ip link set wlan0 up"}},
	{"disable the enp3s0 interface", []string{"sudo ip link set enp3s0 down"}},
	{"change the group of logdir to staff", []string{"chgrp staff logdir"}},
	{"Changes group ownership of 'logdir' to 'loggroup'.", []string{"chgrp loggroup logdir"}},
	{"change the group of /testbed/test.txt to group 'nogroup'", []string{"chgrp nogroup /testbed/test.txt"}},
	{"change the group of all files in /srv to staff", []string{`find /srv -type f -exec chgrp staff {} \;`}},
	{"change the owner of all files in /var/www to nginx", []string{`find /var/www -type f -exec chown nginx {} \;`}},
	{"list background jobs", []string{"jobs"}},
	{"run server.sh in the background", []string{"nohup ./server.sh &"}},
	{"run long-task.sh immune to hangups", []string{"nohup ./long-task.sh &"}},
	{"run make in the background", []string{"nohup make &"}},
	{"show the manual of tar", []string{"man tar"}},
	{"show the 10 biggest files in this folder", []string{"find . -type f -exec du -h {} + | sort -rh | head -n 10"}},
	{"show the size of the current directory", []string{"du -sh ."}},
	{"show the sizes of all directories in /var", []string{"du -sh /var/*"}},
	{"create an empty file called todo.txt", []string{"touch todo.txt"}},
	{"compute the md5 of file.bin", []string{"md5sum file.bin"}},
	{"sort names.txt alphabetically", []string{"sort names.txt"}},
	{"replace foo with bar in config.ini in place", []string{"sed -i 's/foo/bar/g' config.ini"}},
	{"count non-empty lines in notes.txt", []string{"grep -cv '^[[:space:]]*$' notes.txt"}},
	{"count lines in notes.txt", []string{"wc -l notes.txt"}},
	{"reduce the quality of photo.jpg to make it smaller", []string{"convert photo.jpg -quality 80 photo-small.jpg"}},
	{"grep error in *.log", []string{"grep 'error' *.log"}},
	{"search for error in all .log files here", []string{"grep 'error' *.log"}},
	{"search for error in *.log files in /var/log", []string{`grep -rn 'error' --include='*.log' /var/log`, `find /var/log -name '*.log' -exec grep 'error' {} \;`}},
	{`search for "password" in all files under config`, []string{"grep -rn 'password' config"}},
	{"delete the folder old_build with all its contents", []string{"rm -r old_build"}},
	{"give only the owner read and write access to id_rsa", []string{"chmod 600 id_rsa"}},
	{"convert tabs to spaces in table.txt", []string{"expand table.txt"}},
	{"reverse the lines of list.txt", []string{"tac list.txt"}},
	{"reverse each line of list.txt", []string{"rev list.txt"}},
	{"print the logs of container db", []string{"docker logs db"}},
	{"follow the logs of container db", []string{"docker logs -f db"}},
	{"what kernel am i running", []string{"uname -r"}},
	{"check if github.com is up", []string{"ping -c 4 github.com"}},
	{"ping google.com 4 times", []string{"ping -c 4 google.com"}},
	{"zip the directory website", []string{"zip -r website.zip website"}},
	{"follow the output of server.log", []string{"tail -f server.log"}},
	{"show details of the pod web-1", []string{"kubectl describe pod web-1"}},
	{"list all running docker containers", []string{"docker ps"}},
	{"list all docker containers", []string{"docker ps -a"}},
	{"list all users on the system", []string{"cut -d: -f1 /etc/passwd"}},
	{"show the difference between a.txt and b.txt", []string{"diff a.txt b.txt"}},
	{"print the mimetype of photo.png", []string{"file --mime-type photo.png"}},
	{"show the journal of the last 30 minutes", []string{"journalctl --since '30 minutes ago'"}},
	{"show system logs from the last 2 hours", []string{"journalctl --since '2 hours ago'"}},
	{"show sizes of all files in docs", []string{"ls -lh docs"}},
	{"show everything in this folder including dotfiles", []string{"ls -a", "ls -la"}},
	{"kil the process 4242", []string{"kill 4242"}},
	{"delet the file old.txt", []string{"rm old.txt"}},
	{"find all pdf flies", []string{"find . -name '*.pdf'"}},
	{"chnage to the parent directory", []string{"cd .."}},
	{"show my user name", []string{"whoami"}},
	{"git: show the remote urls", []string{"git remote -v"}},
	{"show detailed information about the file data.db", []string{"stat data.db"}},
	{"update the package lists", []string{"sudo apt update"}},
	{"update all packages", []string{"sudo apt update && sudo apt upgrade"}},
	{"show the summary of socket statistics", []string{"ss -s"}},
	{"show all listening sockets with their processes", []string{"ss -tulpn"}},
	{"list the open files of process 1234", []string{"lsof -p 1234"}},
	{"list block devices", []string{"lsblk"}},
	{"add the user alice", []string{"sudo useradd -m alice"}},
	{"show the last reboot times", []string{"last reboot"}},
	{"attach to the tmux session work", []string{"tmux attach -t work"}},
	{"start a new tmux session named dev", []string{"tmux new -s dev"}},
	{"list tmux sessions", []string{"tmux ls"}},
	{"show memory usage in megabytes", []string{"free -m"}},
	{"pull the latest changes with rebase", []string{"git pull --rebase"}},
	{"show the first 5 lines of every .csv file here", []string{"head -n 5 *.csv"}},
	{"compress all .log files in this folder with gzip", []string{"gzip *.log"}},
	{"show the size of file.iso", []string{"du -h file.iso"}},
	{"show the size of file.iso in bytes", []string{"stat -c %s file.iso"}},
	{"show the environment variable HOME", []string{`echo "$HOME"`}},
	{"print the value of PATH", []string{`echo "$PATH"`}},
	{"get the version of node", []string{"node --version"}},
	{"what version of python3 do i have", []string{"python3 --version"}},
	{"list kubernetes nodes", []string{"kubectl get nodes"}},
	{"print the md5 checksum of every file in dist", []string{`find dist -type f -exec md5sum {} \;`}},
	{"print the sha256 of all files in release", []string{`find release -type f -exec sha256sum {} \;`}},
	{"copy file.txt to the server web01 in /tmp", []string{"scp file.txt web01:/tmp"}},
	{"sync the folder photos to /mnt/backup", []string{"rsync -avz photos /mnt/backup"}},
	{"show the logs of pod api-1", []string{"kubectl logs api-1"}},
	{"show the unique ip addresses in access.log", []string{"awk '{print $1}' access.log | sort -u"}},
	{"sort data.txt by the second column", []string{"sort -k2 data.txt"}},
	{"join the lines of list.txt with commas", []string{"paste -sd, list.txt"}},
	{"show the listening port of nginx", []string{"ss -ltnp | grep nginx"}},
	{"show the mac address of eth0", []string{"ip link show eth0"}},
	{"download the page https://example.com and save it as page.html", []string{"curl -o page.html https://example.com"}},
	{"check which ports are open on 192.168.1.10", []string{"nmap 192.168.1.10"}},
	{"show the contents of logs.tar.gz without extracting", []string{"tar -tzvf logs.tar.gz"}},
	{"show the number of processes running", []string{"ps aux | wc -l"}},
	{"show why the service api failed", []string{"systemctl status api"}},
	{"open port 8080 in the firewall", []string{"sudo ufw allow 8080"}},
	{"shuffle the lines of names.txt", []string{"shuf names.txt"}},
	{"generate a random password", []string{"openssl rand -base64 16"}},
	{"show the hex dump of file.bin", []string{"xxd file.bin"}},
	{"compres the folder logs into logs.tar.gz", []string{"tar -czvf logs.tar.gz logs"}},
	{"put events.json on a single line", []string{"jq -c . events.json"}},
	{"watch app.log as it grows", []string{"tail -f app.log"}},
	{"run make every 2 seconds", []string{"watch -n 2 make"}},
	{"refresh the disk usage every 5 seconds", []string{"watch -n 5 df -h"}},
	{"show the date every second", []string{"watch -n 1 date"}},
	{"remove a file named does_not_exist.txt", []string{"rm does_not_exist.txt"}},
	{"display the contents of the setup.sh file", []string{"cat setup.sh"}},
	{"display the first 5 lines of the setup.sh file", []string{"head -n 5 setup.sh"}},
	{"print first line of notes.txt", []string{"head -n 1 notes.txt"}},
	{"print the last line of notes.txt", []string{"tail -n 1 notes.txt"}},
	{"delete all files named core.txt", []string{`find . -name 'core.txt' -exec rm {} \;`, "find . -name 'core.txt' -delete"}},
	{"find files named notes.txt under docs", []string{"find docs -name 'notes.txt'"}},
	{"Print the number of python files in the testbed directory.", []string{"find testbed -name '*.py' | wc -l"}},
	{"print hello world", []string{"echo 'hello world'"}},
	{"print the current user's home directory", []string{`echo "$HOME"`}},
	{"display the pid of the current shell", []string{"echo $$"}},
	{"print every other line of notes.txt", []string{"sed -n '1~2p' notes.txt"}},
	{"move all files in the /workspace folder to /tmp", []string{`find /workspace -type f -exec mv {} /tmp \;`}},
	{"move notes.txt into archive", []string{"mv notes.txt archive"}},
	{`Uncompress "/workspace/archive.tar.gz" and extract the archive to "/backup"`, []string{"tar -xzvf /workspace/archive.tar.gz -C /backup"}},
	{"delete lines containing debug from app.log", []string{"sed -i '/debug/d' app.log"}},
	{"install the dependencies from requirements.txt", []string{"pip install -r requirements.txt"}},
	{"create a python virtual environment in venv", []string{"python3 -m venv venv"}},
	{"activate the virtual environment", []string{"source venv/bin/activate"}},
	{"post the file data.json to https://api.example.com/items", []string{"curl -X POST -H 'Content-Type: application/json' -d @data.json https://api.example.com/items"}},
	{"show the logs of the compose service web", []string{"docker compose logs web"}},
	{"add all changes to git", []string{"git add -A"}},
	{"start the containers in docker-compose.yml in the background", []string{"docker compose up -d"}},
	{"list usb devices", []string{"lsusb"}},
	{"send a GET request to https://api.example.com/users", []string{"curl https://api.example.com/users"}},
	{"print the line numbers where error appears in app.log", []string{"grep -n error app.log", "grep -n 'error' app.log"}},
	{"list pci devices", []string{"lspci"}},
	{"show the timezone", []string{"timedatectl"}},
	{"set the timezone to Europe/Berlin", []string{"sudo timedatectl set-timezone Europe/Berlin"}},
	{"count the number of commits", []string{"git rev-list --count HEAD"}},
	{"format all go files", []string{"gofmt -w ."}},
	{"check the syntax of script.sh", []string{"bash -n script.sh"}},
	{"sum the numbers in the first column of data.txt", []string{"awk '{s+=$1} END {print s}' data.txt"}},
	{"print lines longer than 80 characters in code.py", []string{"awk 'length > 80' code.py"}},
	{"show the cpu temperature", []string{"sensors"}},
	{"what version of java do i have", []string{"java -version"}},
	{"show the tmux version", []string{"tmux -V"}},
	{"install htop", []string{"sudo apt install htop"}},
	{"show the size of the logs folder", []string{"du -sh logs"}},
	{"find files named readme.md anywhere under docs", []string{"find docs -name 'readme.md'"}},
	{"show the open ports on this machine", []string{"ss -tulpn"}},
	{"show the last 100 lines of app.log and keep following it", []string{"tail -n 100 -f app.log"}},
	{"commit all changes with the message fix typo", []string{"git commit -am 'fix typo'"}},
	{"print the 3rd line of notes.txt", []string{"sed -n '3p' notes.txt"}},
	{"set the permissions of secret.key to 600", []string{"chmod 600 secret.key"}},
	{"print the word count of every .md file", []string{"wc -w *.md"}},
	{"show the newest 5 files here", []string{`find . -type f -printf '%T@ %p\n' | sort -rn | head -n 5`, "ls -t | head -n 5"}},
}

// A required slot the request leaves empty is never offered as a word in capitals to replace: the
// engine asks for it (its reading shows where it goes) instead of answering "ip link set IFACE down".
func TestUnfilledSlotsAreNotOffered(t *testing.T) {
	e := testEngine(t)
	for _, prompt := range []string{
		"bring the network interface down",
		"make a symbolic link named current",
		"make a symbolic link pointing to release-1.2", // never tldr's cp -L with the word "pointing" as a file
		"change the group of the uploads folder",
	} {
		r, err := e.Generate(context.Background(), models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, nil)
		if err == nil {
			t.Errorf("%q answered %q (confidence %.2f), want a question for what is missing", prompt, r.Command, r.Confidence)
		} else if !errors.Is(err, models.ErrNoAnswer) {
			t.Errorf("%q: %v", prompt, err)
		}
	}
	// Numbered images name their sequence: the video is of every image numbered alike, never
	// magick img001.png img002.png.
	// The folder names the archive: never zip -d '*.zip' site (-d deletes) nor zip -r '*.zip' site.
	everydayGenerate(t, e, "make a zip archive of the folder site", "linux", []string{"zip -r site.zip site"})
	everydayGenerate(t, e, "make a video from the images img001.png img002.png", "linux",
		[]string{"ffmpeg -framerate 30 -pattern_type glob -i 'img*.png' -pix_fmt yuv420p video.mp4"})
}

func TestEverydayWording(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayWording {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	// macOS has no journal: its log tool takes the same window.
	everydayGenerate(t, e, "show system logs from the last 2 hours", "darwin", []string{"log show --last 2h"})
}

// A word that follows "folder" or "directory" but says what to leave out is no folder's name, and a
// request that names no program is not answered with some program's way of deleting: these were
// answered "find lib except -name ..." and "git clean -f -e lib ...".
func TestExceptIsNoFolderAndNoGitClean(t *testing.T) {
	e := testEngine(t)
	for _, prompt := range []string{
		`Delete all files in the lib folder except "libbass.so"`,
		"remove everything in the build directory except .gitkeep",
		`Remove everything in the current directory except files matching regular expression "exclude these"`,
	} {
		for _, c := range e.Candidates(models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, 5) {
			for _, bad := range []string{"except", "git clean"} {
				if containsWord(c.Command, bad) {
					t.Errorf("%q: candidate %q has %q", prompt, c.Command, bad)
				}
			}
		}
		r, err := e.Generate(context.Background(), models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, nil)
		if err == nil && containsWord(r.Command, "git") {
			t.Errorf("%q answered %q", prompt, r.Command)
		} else if err != nil && !errors.Is(err, models.ErrNoAnswer) {
			t.Errorf("%q: %v", prompt, err)
		}
	}
}

// containsWord reports whether cmd has word as a whole word (split at spaces and shell punctuation).
func containsWord(cmd, word string) bool {
	return strings.Contains(" "+strings.Join(strings.FieldsFunc(cmd, func(r rune) bool { return strings.ContainsRune(" \t|;&()'\"", r) }), " ")+" ", " "+word+" ")
}

// A tldr example never writes into a pattern the request named: "gzip -c . > '*.log'" was the answer
// to a request to compress the .log files.
func TestNoRedirectIntoAGlob(t *testing.T) {
	e := testEngine(t)
	for _, c := range e.Candidates(models.Request{Prompt: "compress all .log files in this folder with gzip", OS: "linux", Shell: "bash"}, 5) {
		if redirectsToGlob.MatchString(c.Command) {
			t.Errorf("candidate %q writes into a glob", c.Command)
		}
	}
	for cmd, want := range map[string]bool{"gzip -c . > '*.log'": true, "cat a >> *.txt": true, "gzip -c a > a.gz": false, "grep x *.log": false} {
		if got := redirectsToGlob.MatchString(cmd); got != want {
			t.Errorf("redirectsToGlob(%q) = %v, want %v", cmd, got, want)
		}
	}
}
