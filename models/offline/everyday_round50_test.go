package offline

import "testing"

// everydayRound50 are requests of the fiftieth and fifty-first rounds' sets that were wrong or refused
// at first sight (eval/everyday/round50, round51), and their kin: a scene's word taken for the ask
// ("stashing movies", "the link to the replica", "the programming unit starts next week", "I just open
// it in a spreadsheet after"), yes/no checks (is-active, is-enabled, mountpoint, id, docker images),
// names said with "called" for things that are no file ("the unit is called queue-worker"), and
// constraints that pick an option (mount read-only, test the config before reloading), and a time of
// day converted between zones.
var everydayRound50 = []struct {
	prompt string
	want   []string
}{
	{"The NAS keeps emailing me that the volume is 92% full but I can't tell what's acually using it. It's mounted at /mnt/nas. Which top level folders there are the biggest?", []string{"du -h /mnt/nas --max-depth=1 | sort -rh | head -n 10"}},
	{"We lost the link to the replica at 10.0.4.17 for a few minutes. Can this host reach it now? Just send four pings and stop, I don't want a ping running forever in my terminal.", []string{"ping -c 4 10.0.4.17"}},
	{"The programming unit starts next week and the kids need python3-venv on the class server. Can you intall it for me? Don't upgrade everything else while you're at it, the last upgrade broke the projector drivers.", []string{"sudo apt install python3-venv"}},
	{"Quick sanity check during the incident: is the postgresql service actually running on this host right now? I only want a yes or no, not the full status dump.", []string{"systemctl is-active postgresql"}},
	{"After the power cut this morning I'm not sure the NAS share came back. Is anything mounted at /mnt/nas right now?", []string{"mountpoint /mnt/nas"}},
	{"A parent emailed saying their kid can't log in. Does the account jsmith27 even exist on this server? I definately created it last term but I'm not sure anymore.", []string{"id jsmith27"}},
	{"It's my first week and I made a bunch of changes on main by accident instead of on a branch. Nothing is committed yet. How do I move all of this onto a new branch called feature/login without losing anything?", []string{"git checkout -b feature/login"}},
	{"I was halfway through something when a reviewer asked me to fix a typo on another branch. Can I save my uncommitted work somewhere temporary with a name like 'wip login form' so I can come back to it later?", []string{"git stash push -m 'wip login form'"}},
	{"Our supplier publishes a price list at https://supplier.example.com/prices/latest.csv and I download it every Monday by hand. Can you give me the command to grab it and save it as prices-monday.csv in the current folder? It's the only thing I do with it, I just open it in a spreadsheet after.", []string{"curl -o prices-monday.csv https://supplier.example.com/prices/latest.csv"}},
	{"When I run npm install I get \"npm ERR! code ERESOLVE unable to resolve dependency tree\" and the senior on my team said to just try the legacy peer deps flag. What's the exact command? I don't want to delete package-lock.json.", []string{"npm install --legacy-peer-deps"}},
	{"We changed the nginx config to add a new upstream. Please don't restart nginx, we have long-lived websocket connections; just check the config is valid and reload it if so.", []string{"sudo nginx -t && sudo systemctl reload nginx"}},
	{"I plugged in a new drive and the system sees it as /dev/sdc1. Mount it at /mnt/data read-only for now, I don't want to accidentaly write to it.", []string{"sudo mount -o ro /dev/sdc1 /mnt/data"}},
	{"Is the curl package installed on this server, and which version? I don't have sudo here so I can only look.", []string{"dpkg -l curl"}},
	{"Is gunicorn actually running on this box? If so I'd like the PIDs along with the full command lines, so I can see which config each one was started with.", []string{"pgrep -af gunicorn"}},
	{"After last night's reboot redis didn't come back. Is the redis-server unit even enabled to start at boot? I don't want to restart it right now, just check.", []string{"systemctl is-enabled redis-server"}},
	{"I'm deploying a new worker and want to watch its log live while I poke at it. The unit is called queue-worker; just follow the journal for it, nothing else.", []string{"journalctl -u queue-worker -f"}},
	{"I made three commits on main that should have been on a feature branch, and I haven't pushed. I've already copied them to a branch, so throw the last three commits away from main completely, working tree included.", []string{"git reset --hard HEAD~3"}},
	{"Is the image myapp:2.1 already on this host? I'd rather not pull it again since it's three gigs.", []string{"docker images myapp:2.1"}},
	{"does the user jsmith27 exist", []string{"id jsmith27"}},
	{"Is /mnt/backup mounted right now?", []string{"mountpoint /mnt/backup"}},
	{"mount /dev/sdb1 at /mnt/usb read-only", []string{"mount -o ro /dev/sdb1 /mnt/usb", "sudo mount -o ro /dev/sdb1 /mnt/usb"}},
	{"I edited the nginx config and already tested it with nginx -t. I'd rather not drop connections, so can you reload it?", []string{"sudo systemctl reload nginx"}},
	{"The private key ~/.ssh/id_ed25519 got copied off a USB stick and now ssh refuses it: \"Permissions 0644 for '/home/sam/.ssh/id_ed25519' are too open.\" What do I run to fix that? Leave the .pub file alone.", []string{"chmod 600 ~/.ssh/id_ed25519"}},
	{"is JAVA_HOME set?", []string{"echo \"${JAVA_HOME:-not set}\""}},
	{"delete my local git branch feature-x, it's already merged", []string{"git branch -d feature-x"}},
	{"grep 'timeout' in server.log and show 3 lines before and after each hit", []string{"grep -C 3 'timeout' server.log"}},
	{"git tags, newest first", []string{"git tag --sort=-creatordate"}},
	{"how do I see which packages apt can upgrade?", []string{"apt list --upgradable"}},
	{"kubectl logs for pod api-7f9c from the last hour", []string{"kubectl logs --since=1h api-7f9c"}},
	{"just the 2nd and 4th fields of emails.csv", []string{"cut -d ',' -f 2,4 emails.csv"}},
	{"print the second and fourth fields of emails.csv", []string{"cut -d ',' -f 2,4 emails.csv"}},
	{"names of files that differ between the main and dev branches", []string{"git diff --name-only main dev"}},
	{"which device is /home mounted from", []string{"findmnt -T /home"}},
	{"apt says it can't get the lock. what has /var/lib/dpkg/lock open?", []string{"lsof /var/lib/dpkg/lock"}},
	{"Training died with \"RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB\" and I have a feeling it's my own leftover python processes from yesterday. I only want to kill my own python processes, not anybody else's on the shared box. What's the command?", []string{"pkill -u $USER python"}},
	{"What is 14:30 UTC today in America/Los_Angeles? I'm too tired to do the maths.", []string{"TZ=America/Los_Angeles date -d '14:30 UTC'"}},
	{"What's 09:30 New York time in UTC? Scheduling the call with the London folks.", []string{"date -u -d 'TZ=\"America/New_York\" 9:30'"}},
	{"when it's 3pm in new york what time is that here", []string{"date -d 'TZ=\"America/New_York\" 15:00'"}},
	{"The vendor says the maintenance window starts at 2024-06-01 14:00 UTC. What's that in New York time?", []string{"TZ=America/New_York date -d '2024-06-01 14:00 UTC'"}},
}

func TestEverydayRound50(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound50 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		// A time of day said with a zone is converted, not the zone's time now.
		{"What is 14:30 UTC today in America/Los_Angeles?", "TZ=America/Los_Angeles date"},
		{"I run a little Ubuntu server for my year 10 class and every student has a home folder under /home. Some of them have been stashing movies there. Can you list any .mp4 files bigger than 200 MB across all the home folders? Please don't delete anything yet, I want to talk to them first.", "git stash list"},
		{"The NAS keeps emailing me that the volume is 92% full but I can't tell what's acually using it. It's mounted at /mnt/nas. Which top level folders there are the biggest?", "sudo fuser -vm /mnt/nas"},
		{"We lost the link to the replica at 10.0.4.17 for a few minutes. Can this host reach it now? Just send four pings and stop, I don't want a ping running forever in my terminal.", "kubectl scale deployment lost --replicas=1"},
		{"The programming unit starts next week and the kids need python3-venv on the class server. Can you intall it for me? Don't upgrade everything else while you're at it, the last upgrade broke the projector drivers.", "sudo systemctl start starts"},
		{"I don't have sudo on the cluster login node and the admin takes days to answer tickets. I need the package transformers installed just for my user. What do I type?", "man sudo"},
		{"Customers say api.example.com is resolving to the old load balancer. Our DNS provider shows \"api.example.com. 300 IN A 203.0.113.45\" but I want to see what Cloudflare's resolver at 1.1.1.1 is actually handing out.", "echo 'api.example.com. 300 IN A 203.0.113.45'"},
		{"We're renaming the company from Acme to Initech and I've been told to update the text in every .js file in the repo. Please skip node_modules, that's a seperate thing managed by npm. Replace Acme with Initech in place.", "find . Acme -name '*.js' -not -path '*/node_modules/*'"},
		{"Our supplier publishes a price list at https://supplier.example.com/prices/latest.csv and I download it every Monday by hand. Can you give me the command to grab it and save it as prices-monday.csv in the current folder? It's the only thing I do with it, I just open it in a spreadsheet after.", "xdg-open https://supplier.example.com/prices/latest.csv"},
		{"We changed the nginx config to add a new upstream. Please don't restart nginx, we have long-lived websocket connections; just check the config is valid and reload it if so.", "sudo systemctl reload nginx"},
		{"Load average on worker-3 is sitting around twelve and I'd like to see the top ten processes by CPU before I decide anything. Please don't kill or renice anything yet.", "uptime"},
		{"I plugged in a new drive and the system sees it as /dev/sdc1. Mount it at /mnt/data read-only for now, I don't want to accidentaly write to it.", "sudo mount /dev/sdc1 /"},
		{"Is the curl package installed on this server, and which version? I don't have sudo here so I can only look.", "dpkg -S ."},
		{"The private key ~/.ssh/id_ed25519 got copied off a USB stick and now ssh refuses it: \"Permissions 0644 for '/home/sam/.ssh/id_ed25519' are too open.\" What do I run to fix that? Leave the .pub file alone.", "ssh -i ~/.ssh/id_ed25519 fix"},
	})
}
