package offline

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// everydayRound5 are requests of the fifth round's unseen set (eval/everyday/round5) and their kin.
var everydayRound5 = []struct {
	prompt string
	want   []string
}{
	{"find every file bigger than 500 megabytes on this disk", []string{"find . -size +500M", "find / -size +500M", "find / -type f -size +500M"}},
	{"show every file bigger than 2G", []string{"find . -size +2G", "find . -type f -size +2G"}},
	// Characters named by word are replaced as characters, and the blanks inside quotes are kept.
	{"replace tabs with 4 spaces in main.c", []string{`sed -i 's/\t/    /g' main.c`}},
	{"replace commas with tabs in data.csv", []string{`sed -i 's/,/\t/g' data.csv`}},
	{"swap the dashes for underscores in names.txt", []string{"sed -i 's/-/_/g' names.txt"}},
	{"replace 1.2 with 1.3 in setup.py", []string{`sed -i 's/1\.2/1.3/g' setup.py`}},
	{"replace backslashes with dashes in path.txt", []string{`sed -i 's/\\/-/g' path.txt`}},
	// Asides of time and "else" say nothing of the command.
	{"who else is logged in right now", []string{"who"}},
	{"which files did i change in the last hour in this folder", []string{"find . -mmin -60", "find . -type f -mmin -60"}},
	// host:path is a copy to another machine.
	{"copy the directory site to web1:/var/www", []string{"scp -r site web1:/var/www"}},
	{"copy notes.txt to deploy@web1:~/docs", []string{"scp notes.txt deploy@web1:~/docs"}},
	{"upload report.pdf to 10.0.0.5:/tmp", []string{"scp report.pdf 10.0.0.5:/tmp"}},
	{"sync the folder site to web1:/var/www", []string{"rsync -avz site web1:/var/www"}},
	// A field "out of" a JSON file.
	{"get the version out of package.json", []string{"jq .version package.json"}},
	// Finding duplicates shows them; removing them prints the rest.
	{"find duplicate lines in names.txt", []string{"sort names.txt | uniq -d"}},
	{"remove duplicate lines from names.txt", []string{"sort names.txt | uniq"}},
	// A slip is read again when its stem is one edit from a word the catalogue knows ("dlete" is
	// "delet", the stem of delete).
	{"dlete the empty directories under build", []string{"find build -type d -empty -delete"}},
	// Text in the files of a kind is grep's, which names each file and line; files that contain it
	// are listed by find.
	{"serach for TODO in all the js files", []string{"grep -rn 'TODO' --include='*.js' ."}},
	{"search for 'password' in all .conf files under /etc", []string{"grep -rn 'password' --include='*.conf' /etc"}},
	{"find all .py files containing TODO", []string{`find . -name '*.py' -exec grep -l 'TODO' {} \;`}},
	// A log to keep watching is followed; a command to keep watching is repeated.
	{"keep watching app.log", []string{"tail -f app.log"}},
	{"run check.sh every 5 seconds", []string{"watch -n 5 ./check.sh"}},
	// Set b of the round.
	{"who has been logging into this server lately", []string{"last"}},
	{"how much disk is docker using", []string{"docker system df"}},
	{"install the requests library for python", []string{"pip install requests"}},
	{"i accidentally committed a file called secrets.env, remove it from git but keep it on disk", []string{"git rm --cached secrets.env"}},
	{"print the lines of notes.txt that have todo in them", []string{"grep 'todo' notes.txt"}},
	{"shw me the files in /etc", []string{"ls /etc"}},
	// Set c of the round: chatty requests.
	{"hey can you show me how much ram this laptop has", []string{"free -h"}},
	{"what does my PATH look like", []string{`echo "$PATH"`}},
	{"help, how do i get out of this folder to the one above", []string{"cd .."}},
	{"move every jpg from Downloads into Pictures", []string{"mv Downloads/*.jpg Pictures"}},
	{"is docker even running", []string{"docker ps", "systemctl status docker"}},
	{"my terminal is full of junk, clear it", []string{"clear"}},
	{"show me all the env variables", []string{"env"}},
	{"sort scores.txt by the numbers biggest first", []string{"sort -n -r scores.txt"}},
	{"sort scores.txt by the second column numerically", []string{"sort -k2 -n scores.txt", "sort -n -k2 scores.txt"}},
	{"show the differences i haven't committed yet", []string{"git diff"}},
	{"get the latest changes from github", []string{"git pull"}},
	{"wipe everything docker isn't using", []string{"docker system prune"}},
	{"what does grep do", []string{"man grep"}},
	// A folder by its name after "into" is where things go.
	{"i need to unzip photos.zip into a folder called pics", []string{"unzip photos.zip -d pics"}},
	{"extract backup.tar.gz into a folder called restore", []string{"tar -xzvf backup.tar.gz -C restore"}},
	// Set d of the round: more chatty requests.
	{"hey what's in the file todo.md", []string{"cat todo.md"}},
	{"what's in /etc/hosts", []string{"cat /etc/hosts"}},
	{"my laptop feels slow, what's using the cpu", []string{"ps aux --sort=-%cpu | head -n 10"}},
	{"i think something is stuck, show me all running processes", []string{"ps aux"}},
	{"how long has this machine been up", []string{"uptime"}},
}

// A number in "every line that has a 404 in it" is text to look for, never a line to print: the
// request is refused rather than answered with sed -n '404p'; "how long the file is in lines" is no
// uptime.
func TestLinesThatHaveANumber(t *testing.T) {
	e := testEngine(t)
	r, err := e.Generate(context.Background(), models.Request{Prompt: "show me every line in access.log that has a 404 in it", OS: "linux", Shell: "bash"}, nil)
	if err == nil && strings.HasPrefix(r.Command, "sed -n") {
		t.Errorf("answered %q", r.Command)
	}
	r, err = e.Generate(context.Background(), models.Request{Prompt: "hmm can you tell me how long the file big.log is in lines", OS: "linux", Shell: "bash"}, nil)
	if err == nil && r.Command == "uptime" {
		t.Errorf("answered %q", r.Command)
	}
	r, err = e.Generate(context.Background(), models.Request{Prompt: "shw me the files in /etc", OS: "linux", Shell: "bash"}, nil)
	if err != nil || !strings.Contains(r.Explanation, "read 'shw' as 'show'") {
		t.Errorf("a slip at the start was corrected without saying so: %q, %v", r.Explanation, err)
	}
}

// The explanation quotes the texts it replaces, so that blanks named by word stay visible in it.
func TestReplaceExplanationKeepsBlanks(t *testing.T) {
	e := testEngine(t)
	r, err := e.Generate(context.Background(), models.Request{Prompt: "replace tabs with 4 spaces in main.c", OS: "linux", Shell: "bash"}, nil)
	if err != nil || !strings.Contains(r.Explanation, `'\t' with '    '`) {
		t.Errorf("explanation %q (%v) lost the replacement", r.Explanation, err)
	}
}

func TestSqueezeKeepsQuotedBlanks(t *testing.T) {
	for in, want := range map[string]string{
		"  ls   -l  ":                     "ls -l",
		"sed -i 's/\t/    /g'   main.c":   "sed -i 's/\t/    /g' main.c",
		`grep  "a  b"   x.txt`:            `grep "a  b" x.txt`,
		`echo "say \"hi  there\""   done`: `echo "say \"hi  there\"" done`,
	} {
		if got := squeeze(in); got != want {
			t.Errorf("squeeze(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEverydayRound5(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound5 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}

// Asked for alternatives, the engine composes its rival readings too. "keep watching it" is a rival
// reading as the watch intent, whose command is the rest of the request without its words about
// repeating; "watching" is no such word, so the rest read as the same request again, for ever, and the
// process died of a stack overflow.
func TestRepeatedCommandIsReadOnce(t *testing.T) {
	e := testEngine(t)
	for _, p := range []string{"find every file bigger than 500 megabytes on this disk", "watch every file in logs", "refresh every second", "show the last 50 lines of syslog and keep watching it"} {
		if _, err := e.Generate(context.Background(), models.Request{Prompt: p, OS: "linux", Shell: "bash", Alternatives: 4}, nil); err != nil && !errors.Is(err, models.ErrNoAnswer) {
			t.Errorf("%q: %v", p, err)
		}
		if got := e.Candidates(models.Request{Prompt: p, OS: "linux", Shell: "bash"}, 8); len(got) == 0 {
			t.Errorf("%q: no candidates", p)
		}
	}
}
