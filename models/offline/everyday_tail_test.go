package offline

import (
	"context"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// everydayTail are everyday requests from the long tail that were refused or answered with the wrong
// program: a package that owns a file, the DNS cache, a rebase or a squash, a docker volume, a port
// mapping or a file copied out of a container, files joined into one, a directory added to PATH, the
// weekday of a given date, a sed or head over the files of one folder, a pkill by name, secrets and
// certificates, the clipboard, PDFs, build tools, helm, terraform and kubectl rollouts.
var everydayTail = []struct {
	prompt string
	want   []string
}{
	{"which package provides the file /usr/bin/curl", []string{"dpkg -S /usr/bin/curl"}},
	{"what package owns /etc/ssh/sshd_config", []string{"dpkg -S /etc/ssh/sshd_config"}},
	{"flush the dns cache", []string{"sudo resolvectl flush-caches"}},
	{"clear the DNS cache", []string{"sudo resolvectl flush-caches"}},
	{"rebase my branch on main", []string{"git rebase main"}},
	{"rebase onto develop", []string{"git rebase develop"}},
	{"squash the last 3 commits", []string{"git rebase -i HEAD~3"}},
	{"show the files changed in the last commit", []string{"git show --name-only"}},
	{"which files did the latest commit touch", []string{"git show --name-only"}},
	{"list the docker volumes", []string{"docker volume ls"}},
	{"show all docker networks", []string{"docker network ls"}},
	{"show the ip address of the container db", []string{"docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' db"}},
	{"run nginx in docker mapping port 8080 to 80", []string{"docker run -d -p 8080:80 nginx"}},
	{"start a postgres container publishing port 5432", []string{"docker run -d -p 5432:5432 postgres"}},
	{"copy app.log out of the container web into the current directory", []string{"docker cp web:app.log ."}},
	{"get config.yml from container api to /tmp", []string{"docker cp api:config.yml /tmp"}},
	{"join all .txt files into all.txt", []string{"cat *.txt > all.txt"}},
	{"combine all the csv files into merged.csv", []string{"cat *.csv > merged.csv"}},
	{"concatenate part1.txt and part2.txt into whole.txt", []string{"cat part1.txt part2.txt > whole.txt"}},
	{"add /opt/bin to my PATH", []string{`export PATH="$PATH:/opt/bin"`}},
	{"prepend ~/.local/bin to the PATH", []string{`export PATH="~/.local/bin:$PATH"`, `export PATH="$HOME/.local/bin:$PATH"`}},
	{"what day of the week was 2024-02-29", []string{"date -d 2024-02-29 +%A"}},
	{"replace foo with bar in every .txt file here", []string{"sed -i 's/foo/bar/g' *.txt"}},
	{"replace http with https in all .md files in docs", []string{"sed -i 's/http/https/g' docs/*.md"}},
	{"show the first 10 lines of every log file in /var/log", []string{"head -n 10 /var/log/*.log"}},
	{"show the lines of app.log containing error, ignoring case", []string{"grep -i 'error' app.log"}},
	{"show the 5 processes using the most memory", []string{"ps aux --sort=-%mem | head -n 5"}},
	{"kill all processes named node", []string{"pkill node"}},
	{"create a symbolic link named latest pointing to build-42", []string{"ln -s build-42 latest"}},
	{"show the last 5 reboots", []string{"last reboot | head -n 5"}},
	{"show listening tcp ports", []string{"ss -tlnp"}},
	{"compress the logs folder", []string{"tar -czvf logs.tar.gz logs"}},
	{"compres the logs folder", []string{"tar -czvf logs.tar.gz logs"}},
	{"convert readme.md to html with pandoc", []string{"pandoc readme.md -o readme.html"}},
	{"make a new uuid", []string{"uuidgen"}},
	{"encrypt secrets.txt with a password", []string{"gpg -c secrets.txt"}},
	{"decrypt secrets.txt.gpg", []string{"gpg -d secrets.txt.gpg"}},
	{"show the certificate of example.com", []string{"openssl s_client -connect example.com:443 -servername example.com </dev/null | openssl x509 -noout -text"}},
	{"copy the contents of notes.txt to the clipboard", []string{"xclip -selection clipboard < notes.txt"}},
	{"extract the text from report.pdf", []string{"pdftotext report.pdf"}},
	{"merge a.pdf and b.pdf into out.pdf", []string{"pdfunite a.pdf b.pdf out.pdf"}},
	{"set the hostname to devbox", []string{"sudo hostnamectl set-hostname devbox"}},
	{"run build.sh with low priority", []string{"nice -n 19 ./build.sh"}},
	{"change the password of bob", []string{"sudo passwd bob"}},
	{"change my password", []string{"passwd"}},
	{"compare the folders old and new", []string{"diff -r old new"}},
	{"diff the directories src and backup/src", []string{"diff -r src backup/src"}},
	{"find duplicate files here", []string{"find . -type f -exec md5sum {} + | sort | uniq -w32 -dD"}},
	{"show the last modified time of main.go", []string{"stat -c %y main.go"}},
	{"convert the line endings of win.txt to unix", []string{`sed -i 's/\r$//' win.txt`}},
	{"run the tests of this go module", []string{"go test ./..."}},
	{"build the rust project in release mode", []string{"cargo build --release"}},
	{"start a simple http server in this folder", []string{"python3 -m http.server 8000"}},
	{"list the helm releases", []string{"helm list"}},
	{"plan the terraform changes", []string{"terraform plan"}},
	{"show the rollout status of deployment api", []string{"kubectl rollout status deployment/api"}},
	{"undo the last deployment of api", []string{"kubectl rollout undo deployment/api"}},
	{"show the git log for the last week", []string{"git log --since='7 days ago'"}},
	{"show commits from yesterday", []string{"git log --since=yesterday"}},
	{"unstage notes.md", []string{"git restore --staged notes.md"}},
	{"measure how long make takes", []string{"time make"}},
	{"send a POST request with json to http://localhost:3000/api", []string{"curl -X POST -H 'Content-Type: application/json' -d '{}' http://localhost:3000/api"}},
	{"set permissions 755 on every folder under www", []string{`find www -type d -exec chmod 755 {} \;`}},
	{"find every directory under www", []string{"find www -type d"}},
	{"move all .jpg files from downloads to pictures", []string{"mv downloads/*.jpg pictures"}},
	{"move all pdf files to docs", []string{"mv *.pdf docs"}},
	{"sum the numbers in the second column of data.csv", []string{"awk -F, '{s+=$2} END {print s}' data.csv"}},
	{"sum the numbers in the first column of data.txt", []string{"awk '{s+=$1} END {print s}' data.txt"}},
	{"show the most common words in book.txt", []string{`tr -cs '[:alpha:]' '\n' < book.txt | sort | uniq -c | sort -rn | head -n 10`}},
	{"resume the download of https://example.com/big.iso", []string{"wget -c https://example.com/big.iso"}},
	{"show my mac address", []string{"ip link"}},
	{"list the wifi networks", []string{"nmcli dev wifi list"}},
	{"show the os version", []string{"cat /etc/os-release"}},
	{"reboot in 10 minutes", []string{"sudo shutdown -r +10"}},
	{"shut down in an hour", []string{"sudo shutdown -h +60"}},
	{"cancel the scheduled shutdown", []string{"sudo shutdown -c"}},
	{"list the loaded kernel modules", []string{"lsmod"}},
	{"show the open files limit", []string{"ulimit -n"}},
	{"install typescript globally", []string{"npm install -g typescript"}},
	{"save the installed pip packages to requirements.txt", []string{"pip freeze > requirements.txt"}},
	{"install the packages in requirements.txt", []string{"pip install -r requirements.txt"}},
	{"upgrade pip", []string{"python3 -m pip install --upgrade pip"}},
	{"make a patch of my changes", []string{"git diff > changes.patch"}},
	{"apply fix.patch", []string{"git apply fix.patch"}},
	{"delete the remote branch old-feature", []string{"git push origin --delete old-feature"}},
	{"set the upstream of this branch to origin/main", []string{"git branch --set-upstream-to=origin/main"}},
	{"show who made the most commits", []string{"git shortlog -sn"}},
	{"get config.py from the main branch", []string{"git checkout main -- config.py"}},
	{"restart the container web", []string{"docker restart web"}},
	{"restrat docker", []string{"sudo systemctl restart docker"}},
	{"show the resource usage of the containers", []string{"docker stats"}},
	{"tag the image app as registry.example.com/app:1.0", []string{"docker tag app registry.example.com/app:1.0"}},
	{"pull the ubuntu 22.04 image", []string{"docker pull ubuntu:22.04"}},
	{"pull the nginx image", []string{"docker pull nginx"}},
	{"log in to the registry ghcr.io", []string{"docker login ghcr.io"}},
	{"list the kubernetes services", []string{"kubectl get services"}},
	{"show the disk io stats", []string{"iostat -x"}},
	{"dump the mysql database shop to shop.sql", []string{"mysqldump shop > shop.sql"}},
	{"back up the postgres database app to app.sql", []string{"pg_dump app > app.sql"}},
	{"connect to the postgres database shop as user admin", []string{"psql -U admin -d shop"}},
	{"open a redis shell", []string{"redis-cli"}},
	{"pretty print the yaml file config.yaml", []string{"yq . config.yaml"}},
	{"view config.yaml", []string{"cat config.yaml", "less config.yaml"}},
	{"validate the xml file feed.xml", []string{"xmllint --noout feed.xml"}},
	{"remove trailing whitespace from main.py", []string{"sed -i 's/[[:space:]]*$//' main.py"}},
	{"wrap the lines of essay.txt at 80 characters", []string{"fold -s -w 80 essay.txt"}},
	{"extract all email addresses from contacts.txt", []string{`grep -oE '[[:alnum:]._%+-]+@[[:alnum:].-]+\.[[:alpha:]]+' contacts.txt`}},
	{"create the folders a/b/c", []string{"mkdir -p a/b/c"}},
	{"find broken symlinks here", []string{"find . -type l -xtype l"}},
	{"show the inode usage", []string{"df -i"}},
	{"split video.mp4 into 100MB pieces", []string{"split -b 100M video.mp4"}},
	{"find files with permissions 777", []string{"find . -perm 777", "find . -type f -perm 777"}},
	{"make the scripts folder executable recursively", []string{"chmod -R +x scripts"}},
	{"run worker.py in the background and write its output to worker.log", []string{"nohup python3 worker.py > worker.log 2>&1 &"}},
	{"show the zombie processes", []string{"ps -eo pid,ppid,stat,cmd | awk '$3 ~ /Z/'"}},
	{"trace the system calls of pid 1234", []string{"strace -p 1234"}},
	{"download https://example.com/data.json with basic auth user bob", []string{"curl -u bob https://example.com/data.json"}},
	{"follow redirects when fetching http://example.com", []string{"curl -L http://example.com"}},
	{"measure the response time of https://example.com", []string{`curl -o /dev/null -s -w '%{time_total}\n' https://example.com`}},
	{"show the arp table", []string{"ip neigh"}},
	{"forward local port 5432 to port 5432 on db.internal through bastion", []string{"ssh -N -L 5432:db.internal:5432 bastion"}},
	{"ssh to server1 with the key ~/.ssh/work.pem", []string{"ssh -i ~/.ssh/work.pem server1"}},
	{"remove untracked files from the repo", []string{"git clean -fd"}},
	{"reset my branch to origin/main discarding everything", []string{"git fetch origin && git reset --hard origin/main"}},
	{"show the diff between main and develop", []string{"git diff main develop"}},
	{"list the branches merged into main", []string{"git branch --merged main"}},
	{"search the commit messages for fix", []string{"git log --oneline --grep='fix'"}},
	{"commit all changes with the message fix typo", []string{"git commit -am 'fix typo'"}},
	{"set my git user name to Alice", []string{"git config --global user.name 'Alice'"}},
	{"add a remote called upstream with https://github.com/org/repo.git", []string{"git remote add upstream https://github.com/org/repo.git"}},
	{"update the git submodules", []string{"git submodule update --init --recursive"}},
	{"show the docker compose services status", []string{"docker compose ps"}},
	{"remove everything docker does not use", []string{"docker system prune"}},
	{"follow the logs of the container api", []string{"docker logs -f api"}},
	{"run ubuntu with the current folder mounted at /work", []string{`docker run --rm -it -v "$PWD":/work ubuntu`}},
	{"show the pods with their nodes", []string{"kubectl get pods -o wide"}},
	{"show the node resource usage in kubernetes", []string{"kubectl top nodes"}},
	{"add the helm repo bitnami at https://charts.bitnami.com/bitnami", []string{"helm repo add bitnami https://charts.bitnami.com/bitnami"}},
	{"shrink the systemd journal to 500M", []string{"sudo journalctl --vacuum-size=500M"}},
	{"change my shell to zsh", []string{`chsh -s "$(command -v zsh)"`}},
	{"show the gpu usage", []string{"nvidia-smi"}},
	{"show how long the boot took", []string{"systemd-analyze"}},
	{"get the first element of the array in items.json", []string{"jq '.[0]' items.json"}},
	{"add a border to img.jpg", []string{"magick img.jpg -bordercolor black -border 10 img-border.jpg"}},
	{"print the date as dd/mm/yyyy", []string{"date +%d/%m/%Y"}},
	{"show the time as hh:mm:ss", []string{"date +%H:%M:%S"}},
	{"print the current month and year", []string{"date '+%B %Y'"}},
	{"show the calendar of march 2027", []string{"cal 3 2027"}},
	{"how many days are left until 2027-01-01", []string{"echo $(( ($(date -d 2027-01-01 +%s) - $(date +%s)) / 86400 ))"}},
	{"make a tarbal of the docs folder", []string{"tar -czvf docs.tar.gz docs"}},
	{"count lnes in main.go", []string{"wc -l main.go"}},
	{"what are the biggest folders in /var", []string{"du -h /var --max-depth=1 | sort -rh | head -n 10"}},
	{"help me find the word password in all yaml files", []string{`find . -name '*.yml' -exec grep 'password' {} \;`}},
	{"i'd like to see the git history of this repo", []string{"git log --oneline -n 10"}},
	{"is the docker daemon running", []string{"systemctl status docker"}},
	{"show me the env vars that contain PATH", []string{"env | grep 'PATH'"}},
	{"what does the ls command do", []string{"man ls"}},
	{"what shell am i using", []string{`echo "$SHELL"`}},
	{"which files changed since yesterday", []string{"find . -ctime -1", "find . -mtime -1"}},
	{"install htop with homebrew", []string{"brew install htop"}},
	{"update everything with pacman", []string{"sudo pacman -Syu"}},
	{"install vim with dnf", []string{"sudo dnf install vim"}},
	{"install htop", []string{"sudo apt install htop"}},
	{"extract archive.7z", []string{"7z x archive.7z"}},
	{"compress data.csv with xz", []string{"xz -k data.csv"}},
	{"switch to the user deploy", []string{"su - deploy"}},
	{"lock the account of bob", []string{"sudo usermod -L bob"}},
	{"start the ssh agent and add my key", []string{`eval "$(ssh-agent -s)" && ssh-add`}},
	{"list the firewall rules", []string{"sudo ufw status verbose"}},
	{"mirror the website https://example.com", []string{"wget --mirror --convert-links --page-requisites --no-parent https://example.com"}},
	{"check the health of the disk /dev/sda", []string{"sudo smartctl -a /dev/sda"}},
	{"format /dev/sdb1 as ext4", []string{"sudo mkfs.ext4 /dev/sdb1"}},
	{"kill all processes of the user bob", []string{"sudo pkill -u bob"}},
	{"run backup.sh at 11pm tonight", []string{"echo './backup.sh' | at 23:00"}},
	{"remove duplicate lines from list.txt keeping the order", []string{"awk '!seen[$0]++' list.txt"}},
	{"count the unique ip addresses in access.log", []string{"awk '{print $1}' access.log | sort -u | wc -l"}},
	{"print the lines between START and END in file.txt", []string{"sed -n '/START/,/END/p' file.txt"}},
	{"add the line 127.0.0.1 myapp to /etc/hosts", []string{"echo '127.0.0.1 myapp' | sudo tee -a /etc/hosts"}},
	{"prefix every line of list.txt with a dash", []string{"sed 's/^/- /' list.txt"}},
	{"open report.pdf with the default app", []string{"xdg-open report.pdf"}},
	{"calculate 2 to the power of 10", []string{"echo $((2**10))"}},
	{"what is 17 divided by 5", []string{"echo $((17/5))"}},
	{"convert the hex number ff to decimal", []string{"echo $((16#ff))"}},
	{"delete the git tag v1.0", []string{"git tag -d v1.0"}},
	{"stash my changes with the message wip login", []string{"git stash push -m 'wip login'"}},
	{"show main.go as it was in commit abc123", []string{"git show abc123:main.go"}},
	{"build the docker image app without cache", []string{"docker build --no-cache -t app ."}},
	{"open a root shell in the container web", []string{"docker exec -it -u root web sh"}},
	{"open a shell in container web", []string{"docker exec -it web sh"}},
	{"restart the web service with docker compose", []string{"docker compose restart web"}},
	{"show the logs of pods with the label app=api", []string{"kubectl logs -l app=api"}},
	{"delete the pods with the label app=web", []string{"kubectl delete pods -l app=web"}},
	{"get everything in the namespace staging", []string{"kubectl get all -n staging"}},
	{"decode the secret db-pass in kubernetes", []string{"kubectl get secret db-pass -o json | jq '.data | map_values(@base64d)'"}},
	{"show the unit file of nginx", []string{"systemctl cat nginx"}},
	{"remove packages that are no longer needed", []string{"sudo apt autoremove"}},
	{"show details about the package curl", []string{"apt show curl"}},
	{"check if the package nginx is installed", []string{"dpkg -s nginx"}},
	{"hold the package docker-ce at its current version", []string{"sudo apt-mark hold docker-ce"}},
	{"show where python3 is installed", []string{"which python3"}},
	{"make video.mp4 half its size", []string{"ffmpeg -i video.mp4 -vf scale=iw*0.5:-2 video-scaled.mp4"}},
	{"rotate video.mp4 90 degrees clockwise", []string{"ffmpeg -i video.mp4 -vf transpose=1 video-rotated.mp4"}},
	{"merge audio.mp3 into video.mp4", []string{"ffmpeg -i video.mp4 -i audio.mp3 -c:v copy -map 0:v -map 1:a -shortest video-with-audio.mp4"}},
	{"record the screen to screen.mp4", []string{`ffmpeg -f x11grab -i "$DISPLAY" screen.mp4`}},
	{"turn the frames in frames/ into a video", []string{"ffmpeg -framerate 30 -pattern_type glob -i 'frames/*.png' -pix_fmt yuv420p video.mp4"}},
	{"make a gif from the first 5 seconds of demo.mp4", []string{"ffmpeg -i demo.mp4 -t 5 demo.gif"}},
	{"show the exif data of photo.jpg", []string{"exiftool photo.jpg"}},
	{"strip the metadata from photo.jpg", []string{"exiftool -all= photo.jpg"}},
	{"make the background of logo.png transparent", []string{"magick logo.png -fuzz 10% -transparent white logo-transparent.png"}},
	{"show the value of .config.port in settings.json", []string{"jq '.config.port' settings.json"}},
	{"merge a.json and b.json", []string{"jq -s '.[0] * .[1]' a.json b.json"}},
	{"convert 2024-06-01 10:00 to a unix timestamp", []string{"date -d '2024-06-01 10:00' +%s"}},
	{"print the date 90 days ago in yyyy-mm-dd format", []string{"date -d '90 days ago' +%Y-%m-%d"}},
	{"set the system clock to ntp time", []string{"sudo timedatectl set-ntp true"}},
	{"show the 10 ip addresses with the most requests in access.log", []string{"awk '{print $1}' access.log | sort | uniq -c | sort -rn | head -n 10"}},
	{"count the requests per status code in access.log", []string{"awk '{print $9}' access.log | sort | uniq -c | sort -rn"}},
	{"send a get request with the header Authorization: Bearer abc to https://api.example.com", []string{"curl -H 'Authorization: Bearer abc' https://api.example.com"}},
	{"download https://example.com/data.csv and print it", []string{"curl -sL https://example.com/data.csv"}},
	{"unzip site.zip into the folder public", []string{"unzip site.zip -d public"}},
	{"create a tar.gz of src without the node_modules folder", []string{"tar -czf src.tar.gz --exclude=node_modules src"}},
	{"run cleanup.sh every 5 minutes with cron", []string{`(crontab -l 2>/dev/null; echo "*/5 * * * * $PWD/cleanup.sh") | crontab -`}},
	{"schedule backup.sh to run at 3am every day", []string{`(crontab -l 2>/dev/null; echo "0 3 * * * $PWD/backup.sh") | crontab -`}},
	{"show the battery level", []string{`upower -i "$(upower -e | grep -m1 BAT)"`}},
	{"convert names.txt to lowercase", []string{"tr '[:upper:]' '[:lower:]' < names.txt"}},
	{"convert names.txt to uppercase", []string{"tr '[:lower:]' '[:upper:]' < names.txt"}},
	{"print the last column of data.txt", []string{"awk '{print $NF}' data.txt"}},
	{"delete the first line of data.csv", []string{"sed -i '1d' data.csv"}},
	{"delete line 5 of notes.txt", []string{"sed -i '5d' notes.txt"}},
	{"show the size of all the .mp4 files together", []string{"du -ch *.mp4 | tail -n 1"}},
	{"copy my public key to the clipboard", []string{"xclip -selection clipboard < ~/.ssh/id_ed25519.pub"}},
	{"show my ssh public key", []string{"cat ~/.ssh/id_ed25519.pub"}},
	{"test the nginx config", []string{"sudo nginx -t"}},
	{"list files but not directories", []string{"find . -type f"}},
	{"show the newest file in downloads", []string{`find downloads -type f -printf '%T@ %p\n' | sort -rn | head -n 1`}},
	{"show which branch i am on", []string{"git branch --show-current"}},
	{"show the remote branches", []string{"git branch -r"}},
	{"remove the directory build only if it is empty", []string{"rmdir build"}},
	{"show only the directories here", []string{"ls -d */"}},
	{"empty the file app.log without deleting it", []string{"truncate -s 0 app.log"}},
	{"truncate app.log", []string{"truncate -s 0 app.log"}},
	{"search for TODO but ignore the vendor folder", []string{"grep -rn 'TODO' --exclude-dir=vendor ."}},
	{"show the git log without merge commits", []string{"git log --no-merges"}},
	{"list files changed between two commits abc and def", []string{"git diff --name-only abc def"}},
	{"run the script deploy.sh with bash", []string{"bash deploy.sh"}},
	{"make a backup copy of config.yml", []string{"cp config.yml config.yml.bak"}},
	{"how much space is docker using", []string{"docker system df"}},
	{"show the last 50 lines of the container api logs", []string{"docker logs --tail 50 api"}},
	{"what is the date 2 weeks from now", []string{"date -d '2 weeks'"}},
	{"describe the service payments", []string{"kubectl describe service payments"}},
	{"give everyone read access to notes.md", []string{"chmod a+r notes.md"}},
	{"show the status of the ssh service", []string{"systemctl status ssh"}},
	{"follow the system log", []string{"journalctl -f"}},
	{"print the current year", []string{"date +%Y"}},
	{"ping 8.8.8.8 five times", []string{"ping -c 5 8.8.8.8"}},
	{"show the current git branch", []string{"git branch --show-current"}},
	{"delete everything in the build folder but keep the folder", []string{"find build -mindepth 1 -delete"}},
	{"count the files in each subfolder", []string{`for d in */; do echo "$d $(find "$d" -type f | wc -l)"; done`}},
	{"find files that are not owned by me", []string{`find . ! -user "$USER"`}},
	{"show disk usage sorted by size", []string{"du -sh * | sort -rh"}},
	{"find text files that contain both foo and bar", []string{"grep -l 'foo' *.txt | xargs grep -l 'bar'"}},
	{"which files contain both TODO and FIXME", []string{"grep -lr 'TODO' . | xargs grep -l 'FIXME'"}},
	{"print the size of each file in bytes", []string{"stat -c '%s %n' *"}},
	{"show the total number of lines in all python files", []string{"find . -type f -name '*.py' -exec cat {} + | wc -l"}},
}

func TestEverydayTail(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayTail {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	// macOS: its own DNS cache, package receipts and BSD date.
	everydayGenerate(t, e, "flush the dns cache", "darwin", []string{"sudo dscacheutil -flushcache && sudo killall -HUP mDNSResponder"})
	everydayGenerate(t, e, "which package provides the file /usr/local/bin/node", "darwin", []string{"pkgutil --file-info /usr/local/bin/node"})
	everydayGenerate(t, e, "what day of the week was 2024-02-29", "darwin", []string{"date -j -f %Y-%m-%d 2024-02-29 +%A"})
	everydayGenerate(t, e, "copy the contents of notes.txt to the clipboard", "darwin", []string{"pbcopy < notes.txt"})
	everydayGenerate(t, e, "show the last modified time of main.go", "darwin", []string{"stat -f %Sm main.go"})
	everydayGenerate(t, e, "set the hostname to devbox", "darwin", []string{"sudo scutil --set HostName devbox"})
	everydayGenerate(t, e, "install htop", "darwin", []string{"brew install htop"})
	everydayGenerate(t, e, "open report.pdf with the default app", "darwin", []string{"open report.pdf"})
	everydayGenerate(t, e, "convert 2024-06-01 10:00 to a unix timestamp", "darwin", []string{"date -j -f '%Y-%m-%d %H:%M' '2024-06-01 10:00' +%s"})
}

// A tldr example of a subcommand (git sparse-checkout add) never answers a request that names neither
// the program nor the subcommand.
func TestNoUnsaidSubcommand(t *testing.T) {
	e := testEngine(t)
	for _, prompt := range []string{"add /opt/bin to my PATH", "add the folder tools to the list"} {
		for _, c := range e.Candidates(models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, 5) {
			if Offered(c) && containsWord(c.Command, "sparse-checkout") {
				t.Errorf("%q offers %q", prompt, c.Command)
			}
		}
	}
	for page, want := range map[string]bool{"git-sparse-checkout": true, "git-stash": false, "ssh-keygen": false} {
		lit := map[string]string{"git-sparse-checkout": "git sparse-checkout add", "git-stash": "git stash", "ssh-keygen": "ssh-keygen -t ed25519"}[page]
		if got := subcommandUnsaid(page, lit, tokenize("stash my changes")); got != want {
			t.Errorf("subcommandUnsaid(%q, %q) = %v, want %v", page, lit, got, want)
		}
	}
}

// Requests that only look like the tail's intents are never answered by them: a folder's sizes in a
// human-readable format is no mkfs, a made-up device is asked for, a move between folders is no range
// of lines, and a diff between branches is none either.
func TestTailLookalikes(t *testing.T) {
	e := testEngine(t)
	for prompt, bad := range map[string]string{
		"Prints sizes of all top-level folders in a current folder with human-readable format and descending order.": "mkfs",
		"format the usb drive as fat32":                                             "mkfs", // which drive: the engine asks
		"move all .jpg files from downloads to pictures":                            "sed",
		"show the diff between main and develop":                                    "sed",
		"Get second line from text contained in variable $data.":                    "env",
		"Prints all business days in a current month.":                              "date",
		"show all users in users.json with their emails":                            "grep",
		"create a tar archive of src without compression":                           "--exclude=compression",
		"convert the file names in this folder to lowercase":                        "tr",
		"push the current branch to origin":                                         "--show-current",
		"list the files in this folder":                                             "-d",
		"list all the files in the /workspace directory which are of size 0 bytes.": "stat",
		"count lines in all go files":                                               "cat",
	} {
		r, err := e.Generate(context.Background(), models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, nil)
		if err == nil && containsWord(r.Command, bad) {
			t.Errorf("%q answered %q", prompt, r.Command)
		}
	}
}
