package offline

import (
	"testing"

	"github.com/cmdai/cmdai/models"
)

// everydayRound18 are requests of the eighteenth round's sets that were refused or wrong at first
// sight (eval/everyday/round18), and their kin.
var everydayRound18 = []struct {
	prompt string
	want   []string
}{
	// Wrong at first sight.
	{"I downloaded node-v20.tar.xz and the site lists a sha256 for it, how do I compute the hash so I can compare?", []string{"sha256sum node-v20.tar.xz"}},
	{"compare a.txt and b.txt", []string{"diff a.txt b.txt"}},
	{"a bunch of files in /var/www/app ended up owned by root after a bad deploy, can you give them all back to www-data?", []string{"sudo chown -R www-data:www-data /var/www/app"}},
	{"find files owned by root in /srv", []string{"find /srv -user root"}},
	{"kill all processes of user bob", []string{"sudo pkill -u bob"}},
	{"my python venv is a mess and I'm about to nuke it, but first I'd like all installed packages saved to requirements.txt", []string{"pip freeze > requirements.txt"}},
	{"install the requirements", []string{"pip install -r requirements.txt"}},
	{"I was asked to make everything in scripts/ readable and executable by everyone but writable only by me, recursively", []string{"chmod -R 755 scripts/"}},
	// Refused at first sight.
	{"I'm on a fresh ubuntu server and need htop, whats the install command agian?", []string{"sudo apt install htop"}},
	{"install foobar-tool", []string{"sudo apt install foobar-tool"}},
	{"the api on port 3000 is hung and ctrl-c did nothing, how can I kill whatever is holding that port?", []string{"kill -9 $(lsof -t -i :3000)"}},
	{"I'm in the middle of a messy merge into main; before I touch anything, which files are actually in conflict right now?", []string{"git diff --name-only --diff-filter=U"}},
	{"my teammate pushed a branch called fix/timeout and I want to check it out localy to test it", []string{"git fetch origin && git switch fix/timeout"}},
	{"pod web-5d8f in namespace prod keeps crashlooping — could you show me the logs from the previous crashed container?", []string{"kubectl logs --previous web-5d8f -n prod"}},
	{"after the reboot things look off — is there a way to see which systemd services failed?", []string{"systemctl --failed"}},
	{"ok so pid 4242 is ignoring SIGTERM, how do I force it to die?", []string{"kill -9 4242"}},
	// Round fourteen's chatty set, after the eighteenth round.
	{"new hire alice needs to be able to run docker without sudo, how do i add her to the docker group?", []string{"sudo usermod -aG docker alice"}},
	{"add user carol to the developers group", []string{"sudo usermod -aG developers carol"}},
	{"create a new group called devs", []string{"sudo groupadd devs"}},
	{"fresh ubuntu box here, i need curl, git and htop on it. what's the one liner to update and install those pakcages?", []string{"sudo apt update && sudo apt install -y curl git htop"}},
	{"update the package lists and install nginx", []string{"sudo apt update && sudo apt install -y nginx"}},
	{"im trying to figure out which direcotry under /var is so huge. just the top-level breakdown, biggest first", []string{"du -h /var --max-depth=1 | sort -rh | head -n 10"}},
	{"run nginx in a container", []string{"docker run -it --rm nginx"}},
	{"grab the third column from data.csv, its comma separated", []string{"cut -d ',' -f 3 data.csv"}},
}

func TestEverydayRound18(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound18 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	// Directories alone at 755 are no chmod of the folder itself.
	prompt := "so i need every directory under ~/site to be 755 but leave the files alone"
	if c := e.Candidates(models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, 1); len(c) > 0 && Offered(c[0]) && c[0].Command == "chmod 755 ~/site" {
		t.Errorf("%q offers %q", prompt, c[0].Command)
	}
}
