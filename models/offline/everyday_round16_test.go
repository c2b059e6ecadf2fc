package offline

import "testing"

// everydayRound16 are requests of the sixteenth round's sets that were refused or wrong at first sight
// (eval/everyday/round16), and their kin.
var everydayRound16 = []struct {
	prompt string
	want   []string
}{
	{"before I debug the config, is the ssh port on 192.168.1.50 even reachable from here", []string{"nc -zv 192.168.1.50 22"}},
	{"ssh into web1", []string{"ssh web1"}},
	{"the grafana service in the monitoring namespace listens on 3000, I want to reach it from my laptop at localhost:3000", []string{"kubectl port-forward -n monitoring svc/grafana 3000:3000"}},
	{"my python script hung and ignores ctrl-c, its pid is 48213, kill it for good", []string{"kill -9 48213"}},
	{"got backup.tar.bz2 from the old server, I want to see what's inside before I extract anything", []string{"tar -tjvf backup.tar.bz2"}},
	{"postgres refuses to start after the upgrade, show me its journal entries from this boot", []string{"journalctl -u postgresql -b"}},
	{"downloaded the release tarballs along with a SHA256SUMS file, check that they all match", []string{"sha256sum -c SHA256SUMS"}},
	{"I need to poke around in the mysql database inventory as root, open a client session", []string{"mysql -u root -p inventory"}},
	{"switch to root", []string{"sudo -i"}},
	{"I want a local copy of nginx.conf from the prod box admin@prod1, it lives at /etc/nginx/nginx.conf", []string{"scp admin@prod1:/etc/nginx/nginx.conf ."}},
	{"I'll be offline on a flight, mirror the docs site https://docs.example.com/ locally so the links work", []string{"wget --mirror --convert-links --page-requisites --no-parent https://docs.example.com/"}},
	{"I made a mess of config.js, throw away my uncommited changes to just that file", []string{"git restore config.js"}},
	{"I need to pull but my work in progress isn't ready to commit, shelve it for now", []string{"git stash"}},
	{"something's off with cron, show me only the error-level journal messages from it in the last hour", []string{"journalctl -u cron -p err --since '1 hour ago'"}},
	{"config.json has a nested .database.host field, I need just its raw value for a script", []string{"jq -r .database.host config.json"}},
	{"need a fresh random 32-character password for the new db user", []string{"openssl rand -base64 24"}},
	{"generate a random password", []string{"openssl rand -base64 16"}},
	{"change my password", []string{"passwd"}},
	{"set a new password for user bob", []string{"sudo passwd bob"}},
}

func TestEverydayRound16(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound16 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}
