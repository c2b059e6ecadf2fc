package offline

import "testing"

// everydayRound46 are requests of the forty-sixth and forty-seventh rounds' sets that were wrong or
// refused at first sight (eval/everyday/round46, round47), and their kin: one member out of an archive,
// the last lines that say something, aborting a rebase or a merge, a pod's environment, which disks are
// SSDs, counting how often a word shows up, a service's journal followed, a pasted "no upstream branch",
// memory watched, the lines changed before a commit, and plans to delete later that are no ask now.
var everydayRound46 = []struct {
	prompt string
	want   []string
}{
	{"Extract just config/settings.yml from backup.tar.gz, I don't want the whole archive spilled out here.", []string{"tar -xzf backup.tar.gz config/settings.yml"}},
	{"show the last 20 lines of /var/log/mail.log that say deferred", []string{"grep 'deferred' /var/log/mail.log | tail -n 20"}},
	{"abort the rebase", []string{"git rebase --abort"}},
	{"the merge went wrong, how do I abort it and get back to where I was?", []string{"git merge --abort"}},
	{"dump the environment variables inside pod checkout-6b9f4 in the prod namespace", []string{"kubectl exec -n prod checkout-6b9f4 -- env"}},
	{"What disks does this server have, with sizes and whether they're SSDs? Need it for the capacity spreadsheet.", []string{"lsblk -d -o NAME,SIZE,ROTA,MODEL"}},
	{"How many times does OutOfMemoryError show up in app.log? Trying to tell whether it's getting worse since Tuesday's deploy.", []string{"grep -o 'OutOfMemoryError' app.log | wc -l"}},
	{"follow the journal for the api service, just that unit", []string{"journalctl -u api -f"}},
	{"I tried to push my project to GitHub and got 'fatal: The current branch main has no upstream branch'. I just want to push main and have it remember where to push next time.", []string{"git push -u origin main"}},
	{"I left a long rendering job running and want to keep an eye on whether the machine runs out of memory. Can you show the memory use so it refreshes every two seconds?", []string{"watch -n 2 free -h"}},
	{"I've been using git for a week for my portfolio site. I changed a few files and want to see exactly which lines I changed before I commit, not just the file names.", []string{"git diff"}},
	{"List the files in ~/projects I haven't touched in over ninety days. Just list them, don't delete anything.", []string{"find ~/projects -mtime +90"}},
	{"files not accessed for more than 60 days in /srv", []string{"find /srv -atime +60"}},
	{"Is there a way to tell whether ubuntu.iso downloaded properly? The website lists a sha256 checksum and I want to compare it by eye.", []string{"sha256sum ubuntu.iso"}},
	{"squash config.json onto one line", []string{"jq -c . config.json"}},
	{"start tracking this folder with git", []string{"git init"}},
	{"undo my changes to index.html and go back to the last commited version", []string{"git restore index.html"}},
	{"turn the commas in list.csv into tabs", []string{"tr ',' '\\t' < list.csv"}},
	{"convert the tabs in data.tsv to commas", []string{"tr '\\t' ',' < data.tsv"}},
	{"which words are used the most in chapter1.txt", []string{"tr -cs '[:alpha:]' '\\n' < chapter1.txt | sort | uniq -c | sort -rn | head -n 10"}},
	{"pip install from requirements-dev.txt", []string{"pip install -r requirements-dev.txt"}},
	{"save my changes to analysis.py in git with the message fix plot labels", []string{"git commit -am 'fix plot labels'"}},
	{"average of the second column of heights.csv, it has a header row", []string{"awk -F, 'NR>1 {s+=$2; n++} END {print s/n}' heights.csv"}},
	{"what's the average of column 3 in data.csv", []string{"awk -F, '{s+=$3; n++} END {print s/n}' data.csv"}},
	{"the five most expensive products in prices.csv, price in the second column, skip the header row", []string{"tail -n +2 prices.csv | sort -t, -k2 -rn | head -n 5"}},
	{"combine jan.csv and feb.csv into all.csv with the header only once", []string{"{ cat jan.csv; tail -n +2 feb.csv; } > all.csv"}},
	{"Someone pushed a bad config and the build is red. I need to see what changed in config/app.yml over the last three commits.", []string{"git log -p -n 3 -- config/app.yml"}},
	{"Getting \"E: Unable to locate package libpq-dev\" on the new runner. I think the package lists are stale, what do I run?", []string{"sudo apt update"}},
}

func TestEverydayRound46(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound46 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		// Deleting later, or being busy cleaning up, asks to list now.
		{"I'm cleaning up my Downloads folder and I think there are loads of old .dmg and .exe installers in it. Before I delete anything I want to see which ones they are and how big each one is. Can you list them?", "find ~/Downloads \\( -name '*.dmg' -o -name '*.exe' \\) -exec rm {} \\;"},
		{"abort the rebase", "git abort"},
		{"List the files in ~/projects I haven't touched in over ninety days. Just list them, don't delete anything.", "find ~/projects -mtime -90 -exec touch {} \\;"},
		{"I just downloaded backup.tar.gz into this folder. Extract it into /opt/app please", "tar -xzf backup.tar.gz ."},
		{"combine jan.csv and feb.csv into all.csv with the header only once", "sort -u jan.csv > all.csv"},
		{"install exactly version 2.31.0 of requests with pip", "tr TRPAIR < 2.31.0"},
		{"save the installed pip packages to requirements.txt", "pip install -r requirements.txt"},
	})
}
