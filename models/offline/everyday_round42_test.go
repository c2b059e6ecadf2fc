package offline

import "testing"

// everydayRound42 are requests of the forty-second and forty-third rounds' sets that were wrong or
// refused at first sight (eval/everyday/round42, round43), and their kin: a message's ask read alone when
// the scene around it kept the engine unsure (ask.go), dry runs and previews that change nothing, the
// version a package manager installed, and a refusal's own option kept while a destructive one is
// dropped.
var everydayRound42 = []struct {
	prompt string
	want   []string
}{
	{"what would git clean remove? just a dry run, directories too", []string{"git clean -n -d"}},
	{"Before I actually upgrade anything, which packages would be upgraded?", []string{"apt list --upgradable"}},
	{"I rebased this morning and two commits are gone. How do I see where HEAD used to point?", []string{"git reflog"}},
	{"The api service in our compose stack keeps restarting. How do I follow the logs of just the api service, starting from the last hundred lines?", []string{"docker compose logs -f --tail 100 api"}},
	{"copy everything from /mnt/a to /mnt/b keeping permissions and timestamps, don't overwrite anything that already exists", []string{"cp -a -n /mnt/a /mnt/b"}},
	{"Calls to the EU office keep dropping. Could you trace the route to gw.eu.example.net?", []string{"traceroute gw.eu.example.net"}},
	{"let user maria read and write /srv/shared/report.xlsx without changing its owner", []string{"setfacl -m u:maria:rw /srv/shared/report.xlsx"}},
	{"create a system user backup-agent that can't log in", []string{"sudo useradd -r -s /usr/sbin/nologin backup-agent"}},
	{"How do I allow ssh through ufw before I switch the firewall on?", []string{"sudo ufw allow ssh"}},
	{"which version of requests is installed in this venv?", []string{"pip show requests"}},
	{"which version of the firefox snap do i have", []string{"snap list firefox"}},
	{"force delete the local branch feature/old-ui, it was never merged", []string{"git branch -D feature/old-ui"}},
	{"how many lines in access.log contain 404", []string{"grep -c '404' access.log"}},
	{"we have hosts.txt and ips.txt in the same order. glue them together into two columns", []string{"paste hosts.txt ips.txt"}},
	{"show the last fifty lines of /var/log/syslog and then keep following it", []string{"tail -n 50 -f /var/log/syslog"}},
	{"myapp.service keeps failing since I edited its unit file. How can I see all of today's journal entries for it?", []string{"journalctl -u myapp --since today"}},
	{"compress huge.log with zstd and keep the original", []string{"zstd -k huge.log"}},
	{"Pull out the third field of contacts.csv, comma separated, and I don't need the header row.", []string{"tail -n +2 contacts.csv | cut -d ',' -f 3"}},
	{"The client sent their logos as brand-assets.zip. Would you unzip it into a folder called brand so it doesn't spill all over Downloads? I'll sort through it after.", []string{"unzip brand-assets.zip -d brand"}},
	{"A vendor sent us sdk-3.1.tar.gz and I'd rather not unpack it blindly. Could I first see which files are inside?", []string{"tar -tzvf sdk-3.1.tar.gz"}},
	{"I'm writing a firewall rule and need to know which default gateway this box uses. What shows me the routing table?", []string{"ip route"}},
	{"Can you show me the last fifteen lines of /var/log/syslog? I'm trying to see what happened right before the crash (no need to follow it).", []string{"tail -n 15 /var/log/syslog"}},
}

func TestEverydayRound42(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound42 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		{"what would git clean delete? dry run, untracked dirs too", "git clean -fd"},
		{"My laptop keeps nagging that updates are available. Before I actually upgrade anything, could you tell me how to see which packages would be upgraded?", "sudo apt update && sudo apt upgrade"},
		{"I rebased my branch this morning and now my last two commits seem to be gone. How do I see where HEAD used to point so I can get them back?", "git branch -d rebased"},
		{"The worker container in our compose stack keeps restarting and I want to see what it printed. How do I follow the logs of just the worker service?", "docker compose restart worker"},
		{"Are there empty directories in /srv/data we could clean up?", "find /srv/data -type d -empty -delete"},
		{"I've got a bunch of .log files in /var/log/myapp that are older than two weeks and they're eating the disk. Can you delete them?", "rm /var/log/myapp"},
		{"I have a tarball, site-backup.tar.gz, and before extracting it I just want to peek at what's inside", "tar czfP NAME site-backup.tar.gz"},
		{"the app log at /var/log/myapp/app.log is massive. i want the ERROR lines from the last hour-ish... actually simpler, just show me the last 200 ERROR lines", `echo "$ERROR"`},
		{"I just set up a new VPS and for now only want SSH reachable. How do I allow ssh through ufw before I switch the firewall on?", "ssh -J ufw reachable"},
		{"The shared folder /srv/shared has files owned by all sorts of groups now. Could you make the group devs own everything under it? (leave the user owners alone)", "chown owners:devs /srv/shared"},
	})
}

func TestTheAskKeepsWhatTheAskNeeds(t *testing.T) {
	for _, tc := range []struct{ prompt, want string }{
		{"The client sent their logos as brand-assets.zip. Would you unzip it into a folder called brand? I'll sort through it after.", "Would you unzip brand-assets.zip into a folder called brand?"},
		{"Can you show me the last fifteen lines of /var/log/syslog? I'm trying to see what happened (no need to follow it).", "Can you show me the last fifteen lines of /var/log/syslog? no need to follow it."},
		// The scene names what the ask is about and the ask does not point at it: no reading alone.
		{"I get an error halfway through unpacking site.tar.gz. can you just list the contents?", ""},
		{"I've got .log files in /var/log/myapp that are eating the disk. Can you delete them?", ""},
		{"I'm on a Fedora box for once and need jq. What's the dnf command again?", ""},
		{"show the last 10 lines of app.log", ""},
		{"Find the first file in ... directory and quit", ""},
	} {
		got, ok := theAsk(tc.prompt)
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("theAsk(%q) = %q, want %q", tc.prompt, got, tc.want)
		}
	}
}
