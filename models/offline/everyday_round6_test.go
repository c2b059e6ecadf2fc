package offline

import "testing"

// everydayRound6 are requests of the sixth round's unseen sets (eval/everyday/round6) and their kin.
var everydayRound6 = []struct {
	prompt string
	want   []string
}{
	// "what's", "who's", "where's" are "what is", "who is", "where is".
	{"what's hogging port 80", []string{"lsof -i :80"}},
	{"where's python installed", []string{"which python"}},
	{"who's logged in", []string{"who"}},
	// Asking for "the command to" do something asks for the command that does it.
	{"what's the command to see running processes", []string{"ps aux"}},
	{"what is the command for listing hidden files", []string{"ls -a"}},
	// A shell's history by name is the history.
	{"search my bash history for ssh", []string{"history | grep ssh"}},
	{"clear my bash history", []string{"history -c"}},
	// The new owner named between "give" and "ownership".
	{"give bob ownership of /srv/app", []string{"chown bob /srv/app", "sudo chown bob /srv/app"}},
	{"make bob the owner of /srv/app", []string{"chown bob /srv/app", "sudo chown bob /srv/app"}},
	// Interjections are no names.
	{"oops i committed to the wrong branch, move the last commit off it", []string{"git reset --soft HEAD~1"}},
	{"whats eating memory in docker", []string{"docker stats"}},
	{"what's in the zip file photos.zip", []string{"unzip -l photos.zip"}},
	{"whats the unix timestamp right now", []string{"date +%s"}},
	{"turn 1700000000 into a normal date", []string{"date -d @1700000000"}},
	{"how much space is each mounted drive using", []string{"df -h"}},
	{"show the size of each folder here", []string{"du -sh ./*"}},
	{"print my PATH one entry per line", []string{`echo "$PATH" | tr ':' '\n'`}},
	// "my photos folder", "the whole projects folder" name the folder.
	{"sync my photos folder to the backup server nas:/backups", []string{"rsync -avz photos nas:/backups"}},
	{"copy the whole projects folder to /media/usb", []string{"cp -r projects /media/usb"}},
	// A name after "called" is a name even when the word is a common one.
	{"make a symlink called current pointing to releases/v2", []string{"ln -s releases/v2 current"}},
	{"find files named current", []string{"find . -name 'current'"}},
}

func TestEverydayRound6(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound6 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}
