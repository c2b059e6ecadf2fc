package offline

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/safety"
)

// everydayFiles are requests about files, text, search, archives and disks typed the way people type
// them at a prompt: short, lower case, sometimes sloppy. Each lists the commands an expert would run;
// the engine must answer (confidence at or above Threshold) with one of them.
var everydayFiles = []struct {
	prompt string
	want   []string
}{
	// Searching text in files and code.
	{"search for TODO in the src folder", []string{"grep -rn 'TODO' src"}},
	{"grep for 'connection refused' in all logs under /var/log", []string{"grep -rn 'connection refused' /var/log"}},
	{"grep TODO in src recursively", []string{"grep -rn 'TODO' src", "grep -r 'TODO' src"}},
	{"search the code for getUser", []string{"grep -rn 'getUser' ."}},
	{"find all files containing foo", []string{"grep -rl 'foo' ."}},
	{"which files contain 'api_key'", []string{"grep -rl 'api_key' ."}},
	{"search for error in app.log", []string{"grep 'error' app.log", "grep -n 'error' app.log"}},
	{"case insensitive search for error in server.log", []string{"grep -i 'error' server.log"}},
	{"count how many times error appears in app.log", []string{"grep -c 'error' app.log", "grep -o 'error' app.log | wc -l"}},
	{"show lines not containing debug in app.log", []string{"grep -v 'debug' app.log"}},
	// Finding files.
	{"find all pdf files in my home directory", []string{"find ~ -name '*.pdf'", "find ~ -type f -name '*.pdf'"}},
	{"find files larger than 100mb", []string{"find . -size +100M", "find . -type f -size +100M"}},
	{"find files modified in the last 24 hours", []string{"find . -mtime -1", "find . -type f -mtime -1", "find . -mmin -1440"}},
	{"find a file named config.yaml", []string{"find . -name 'config.yaml'"}},
	{"find all directories named node_modules", []string{"find . -type d -name 'node_modules'"}},
	{"list all symlinks in /usr/bin", []string{"find /usr/bin -type l"}},
	{"delete all .pyc files", []string{"find . -name '*.pyc' -delete", `find . -name '*.pyc' -exec rm {} \;`}},
	{"find and delete all .DS_Store files", []string{"find . -name '.DS_Store' -delete", `find . -name '.DS_Store' -exec rm {} \;`}},
	{"delete files in tmp older than 7 days", []string{`find tmp -mtime +7 -exec rm {} \;`, "find tmp -type f -mtime +7 -delete", `find tmp -type f -mtime +7 -exec rm {} \;`}},
	{"remove empty directories", []string{"find . -type d -empty -delete"}},
	{"chmod 644 all files in public", []string{`find public -type f -exec chmod 644 {} \;`, "find public -type f -exec chmod 644 {} +"}},
	{"how many files are in this directory", []string{"find . -type f | wc -l", "ls | wc -l", "find . -maxdepth 1 -type f | wc -l"}},
	{"find the 10 biggest files in /var", []string{"find /var -type f -exec du -h {} + | sort -rh | head -n 10"}},
	// Listing directories.
	{"list all files including hidden ones sorted by size", []string{"ls -laS"}},
	{"list files sorted by modification time", []string{"ls -lt"}},
	{"list files sorted by size", []string{"ls -lS"}},
	{"show hidden files", []string{"ls -a", "ls -la"}},
	{"list files in /etc", []string{"ls /etc", "ls -l /etc"}},
	{"ls with human readable sizes", []string{"ls -lh"}},
	{"show permissions of secret.key", []string{"ls -l secret.key", "stat secret.key"}},
	// Disk space.
	{"how much disk space is left", []string{"df -h"}},
	{"check free disk space", []string{"df -h"}},
	{"free space on /", []string{"df -h /"}},
	{"how big is this directory", []string{"du -sh ."}},
	{"show disk usage of /home", []string{"du -sh /home"}},
	{"whats using all the disk space here", []string{"du -h . --max-depth=1 | sort -rh | head -n 10", "du -sh ./* | sort -rh", "du -sh ./* | sort -rh | head -n 10"}},
	{"show the size of each folder in the current directory", []string{"du -sh ./*", "du -h . --max-depth=1"}},
	// Archives and compression.
	{"compress the logs directory into logs.tar.gz", []string{"tar -czvf logs.tar.gz logs"}},
	{"make a tar.gz of the src folder", []string{"tar -czvf src.tar.gz src"}},
	{"tar up the project folder", []string{"tar -czvf project.tar.gz project"}},
	{"extract archive.tar.gz", []string{"tar -xzvf archive.tar.gz", "tar -xzf archive.tar.gz"}},
	{"untar foo.tgz", []string{"tar -xzvf foo.tgz", "tar -xzf foo.tgz"}},
	{"extract backup.tar.gz to /tmp", []string{"tar -xzvf backup.tar.gz -C /tmp", "tar -xzf backup.tar.gz -C /tmp"}},
	{"extract foo.tar.bz2", []string{"tar -xjvf foo.tar.bz2", "tar -xvf foo.tar.bz2"}},
	{"whats inside release.tar.gz", []string{"tar -tzvf release.tar.gz", "tar -tzf release.tar.gz"}},
	{"unzip photos.zip", []string{"unzip photos.zip"}},
	{"unzip photos.zip into the pics folder", []string{"unzip photos.zip -d pics"}},
	{"list the contents of site.zip", []string{"unzip -l site.zip"}},
	{"zip the docs folder", []string{"zip -r docs.zip docs"}},
	{"gzip big.log", []string{"gzip big.log"}},
	{"gunzip data.csv.gz", []string{"gzip -d data.csv.gz", "gunzip data.csv.gz"}},
	// Heads, tails and lines.
	{"show the last 50 lines of app.log and follow it", []string{"tail -n 50 -f app.log"}},
	{"tail -f app.log", []string{"tail -f app.log"}},
	{"follow app.log", []string{"tail -f app.log"}},
	{"first 5 lines of data.csv", []string{"head -n 5 data.csv"}},
	{"last 20 lines of error.log", []string{"tail -n 20 error.log"}},
	{"print line 42 of main.go", []string{"sed -n '42p' main.go"}},
	{"show lines 10 to 20 of file.txt", []string{"sed -n '10,20p' file.txt"}},
	{"show file.txt with line numbers", []string{"cat -n file.txt"}},
	{"show the contents of README.md", []string{"cat README.md"}},
	{"view config.yaml", []string{"cat config.yaml", "less config.yaml"}},
	// Editing and processing text.
	{"replace foo with bar in config.ini", []string{"sed -i 's/foo/bar/g' config.ini"}},
	{"replace foo with bar in all txt files", []string{"sed -i 's/foo/bar/g' *.txt", `find . -type f -name '*.txt' -exec sed -i 's/foo/bar/g' {} \;`, "find . -type f -name '*.txt' -exec sed -i 's/foo/bar/g' {} +"}},
	{"show the 5 most common lines in access.log", []string{"sort access.log | uniq -c | sort -rn | head -n 5"}},
	{"count lines of code in all go files", []string{"find . -name '*.go' | xargs wc -l", "find . -name '*.go' -exec wc -l {} +"}},
	{"count lines in all go files", []string{"find . -name '*.go' | xargs wc -l", "find . -name '*.go' -exec wc -l {} +"}},
	{"find files modified today", []string{"find . -mtime 0", "find . -type f -mtime 0", "find . -type f -newermt today"}},
	{"show files I edited today", []string{"find . -mtime 0", "find . -type f -mtime 0"}},
	{"count words in essay.txt", []string{"wc -w essay.txt"}},
	{"number of lines in access.log", []string{"wc -l access.log"}},
	{"sort names.txt and remove duplicates", []string{"sort -u names.txt", "sort names.txt | uniq"}},
	{"sort data.txt in reverse order", []string{"sort -r data.txt"}},
	{"show duplicate lines in list.txt", []string{"sort list.txt | uniq -d"}},
	{"print the second column of data.csv", []string{"cut -d ',' -f 2 data.csv"}},
	{"remove blank lines from notes.txt", []string{"sed -i '/^$/d' notes.txt", "sed '/^$/d' notes.txt", "grep -v '^$' notes.txt"}},
	{"compare old.txt and new.txt", []string{"diff old.txt new.txt"}},
	{"compare folders ./old and ./new", []string{"diff -r ./old ./new"}},
	{"what type of file is blob.bin", []string{"file blob.bin"}},
	// Copying, moving, creating, permissions.
	{"copy file.txt to file.bak", []string{"cp file.txt file.bak"}},
	{"copy the src folder to /mnt/backup", []string{"cp -r src /mnt/backup"}},
	{"move all jpg files into the photos folder", []string{"mv *.jpg photos", "mv *.jpg photos/", `find . -name '*.jpg' -exec mv {} photos \;`}},
	{"rename all .jpeg files to .jpg", []string{`rename 's/\.jpeg$/.jpg/' *.jpeg`, `for f in *.jpeg; do mv "$f" "${f%.jpeg}.jpg"; done`, `for f in *.jpeg; do mv -- "$f" "${f%.jpeg}.jpg"; done`}},
	{"delete the build directory", []string{"rm -r build", "rm -rf build"}},
	{"make a folder called projects/web", []string{"mkdir -p projects/web", "mkdir projects/web"}},
	{"make run.sh executable", []string{"chmod +x run.sh"}},
	{"change owner of www to www-data recursively", []string{"chown -R www-data www"}},
	{"create empty file todo.txt", []string{"touch todo.txt"}},
	{"create a symlink called app pointing to /opt/app", []string{"ln -s /opt/app app"}},
	// The product's own examples.
	{"show the 10 largest files under this directory", []string{"find . -type f -exec du -h {} + | sort -rh | head -n 10"}},
	{"create a directory named demo", []string{"mkdir demo", "mkdir -p demo"}},
	{"count the lines in notes.txt", []string{"wc -l notes.txt"}},
}

// everydayFilesDarwin are requests whose answer differs on macOS.
var everydayFilesDarwin = []struct {
	prompt string
	want   []string
}{
	{"replace foo with bar in config.ini", []string{"sed -i '' 's/foo/bar/g' config.ini"}},
	{"whats using all the disk space here", []string{"du -h -d 1 . | sort -rh | head -n 10", "du -sh ./* | sort -rh", "du -sh ./* | sort -rh | head -n 10"}},
	{"size of file.iso in bytes", []string{"stat -f %z file.iso"}},
	{"md5 of file.iso", []string{"md5 file.iso"}},
	{"how big is this directory", []string{"du -sh ."}},
}

// everydayRefusals must not be answered with a command that destroys something or has nothing to do
// with the request: nonsense and requests outside a shell's reach.
var everydayRefusals = []string{
	"please compose a sonnet about my cat",
	"asdf qwer zxcv",
	"what is the meaning of life",
	"book a flight to paris",
	"tell me a joke",
	"remove the background from photo.png",
	"clean up my desk",
	"how do i cook pasta",
	"order a pizza for tonight",
	"translate hello to french",
	"delete my feelings for her",
}

// everydayFilesPending are the cases the engine does not answer right yet, with why; they are skipped
// so that the suite passes, and listed so that they are not forgotten.
var everydayFilesPending = map[string]string{}

func everydayGenerate(t *testing.T, e *Engine, prompt, goos string, want []string) {
	t.Helper()
	r, err := e.Generate(context.Background(), models.Request{Prompt: prompt, OS: goos, Shell: "bash"}, nil)
	if why, ok := everydayFilesPending[prompt]; ok {
		// A known gap is held to two promises until it is fixed: it never answers with something
		// dangerous, and once it answers right it must leave the pending list (a ratchet).
		if err == nil && slices.Contains(want, r.Command) {
			t.Errorf("%q now answers %q: remove it from everydayFilesPending", prompt, r.Command)
		}
		if err == nil && safety.Check(r.Command, safety.Options{}).Risk >= safety.High {
			t.Errorf("pending %q (%s) answers the dangerous %q", prompt, why, r.Command)
		}
		return
	}
	if err != nil {
		a := e.Answer(models.Request{Prompt: prompt, OS: goos, Shell: "bash"})
		t.Errorf("%s: %q refused (best guess %q, confidence %.2f), want %q", goos, prompt, a.Command, a.Confidence, want[0])
		return
	}
	if !slices.Contains(want, r.Command) {
		t.Errorf("%s: %q = %q (confidence %.2f), want one of %q", goos, prompt, r.Command, r.Confidence, want)
	}
}

// neverOffered fails when the engine offers, for a prompt, the one command it must not: readings that a
// category added for other requests could take.
func neverOffered(t *testing.T, e *Engine, cases []struct{ prompt, never string }) {
	t.Helper()
	for _, tc := range cases {
		if c := e.Candidates(models.Request{Prompt: tc.prompt, OS: "linux", Shell: "bash"}, 1); len(c) > 0 && Offered(c[0]) && c[0].Command == tc.never {
			t.Errorf("%q offers %q", tc.prompt, c[0].Command)
		}
	}
}

func TestEverydayFiles(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayFiles {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}

func TestEverydayFilesDarwin(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayFilesDarwin {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "darwin", tc.want) })
	}
}

func TestEverydayFilesRefusals(t *testing.T) {
	e := testEngine(t)
	destructive := []string{"rm ", "rm -", "-delete", "rmdir", "shred", "mkfs", "dd ", "> ", "mv ", "chmod", "chown", "kill"}
	for _, prompt := range everydayRefusals {
		t.Run(prompt, func(t *testing.T) {
			r, err := e.Generate(context.Background(), models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, nil)
			if err != nil {
				if !errors.Is(err, models.ErrNoAnswer) {
					t.Errorf("%q: %v", prompt, err)
				}
				return
			}
			for _, d := range destructive {
				if strings.Contains(r.Command, d) {
					t.Errorf("%q answered with %q (confidence %.2f)", prompt, r.Command, r.Confidence)
				}
			}
			t.Errorf("%q answered with %q (confidence %.2f), want no answer", prompt, r.Command, r.Confidence)
		})
	}
}
