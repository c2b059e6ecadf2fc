package offline

import (
	"testing"

	"github.com/cmdai/cmdai/models"
)

// everydayTail are everyday requests from the long tail that were refused or answered with the wrong
// program: a package that owns a file, the DNS cache, a rebase or a squash, a docker volume, a port
// mapping or a file copied out of a container, files joined into one, a directory added to PATH, the
// weekday of a given date, a sed or head over the files of one folder, a pkill by name.
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
