package offline

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/cmdai/cmdai/models"
)

func answer(e *Engine, prompt, goos string) models.Response {
	return e.Answer(models.Request{Prompt: prompt, OS: goos, Shell: "bash"})
}

// TestAnswers pins the exact command for requests with one obvious answer.
func TestAnswers(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct{ prompt, want string }{
		{"count lines in main.go", "wc -l main.go"},
		{"show the 10 largest files under this directory", "find . -type f -exec du -h {} + | sort -rh | head -n 10"},
		{"find python files modified in the last 3 days", "find . -name '*.py' -mtime -3"},
		{"delete all .tmp files older than 7 days", `find . -name '*.tmp' -mtime +7 -exec rm {} \;`},
		{"find files bigger than 1.5 GB in /var/log", "find /var/log -size +1536M"},
		{"find files smaller than 10k", "find . -size -10k"},
		{"find empty directories", "find . -type d -empty"},
		{"delete empty directories under ~/projects", "find ~/projects -type d -empty -delete"},
		{"list all symlinks here", "find . -type l"},
		{"search for 'TODO' in all go files", "grep -rn 'TODO' --include='*.go' ."},
		{`grep -i "error" in app.log`, "grep -i 'error' app.log"},
		{"show the first 20 lines of notes.txt", "head -n 20 notes.txt"},
		{"show the last 50 lines of /var/log/syslog", "tail -n 50 /var/log/syslog"},
		{"follow /var/log/nginx/access.log", "tail -f /var/log/nginx/access.log"},
		{"find files owned by alice", "find . -user alice"},
		{"find files with permission 644", "find . -perm 644"},
		{"make deploy.sh executable", "chmod +x deploy.sh"},
		{"change permissions of script.sh to 755", "chmod 755 script.sh"},
		{"compress the logs directory into logs.tar.gz", "tar -czvf logs.tar.gz logs"},
		{"extract archive.tar.gz", "tar -xzvf archive.tar.gz"},
		{"list the contents of backup.tgz", "tar -tzvf backup.tgz"},
		{"unzip photos.zip", "unzip photos.zip"},
		{"show disk space", "df -h"},
		{"show free disk space on /home", "df -h /home"},
		{"how big is the node_modules folder", "du -sh node_modules"},
		{"show memory usage", "free -h"},
		{"how long has the system been up", "uptime"},
		{"what is my hostname", "hostname"},
		{"who am i", "whoami"},
		{"show running processes", "ps aux"},
		{"find the process listening on port 8080", "lsof -i :8080"},
		{"kill process 1234", "kill 1234"},
		{"kill all firefox processes", "pkill firefox"},
		{"download https://example.com/file.tar.gz", "wget https://example.com/file.tar.gz"},
		{"fetch the headers of https://example.com", "curl -I https://example.com"},
		{"ping google.com", "ping -c 4 google.com"},
		{"ssh into deploy@10.0.0.5", "ssh deploy@10.0.0.5"},
		{"copy report.pdf to /tmp", "cp report.pdf /tmp"},
		{"move notes.txt to ~/Documents", "mv notes.txt ~/Documents"},
		{"rename old.txt to new.txt", "mv old.txt new.txt"},
		{"delete temp.log", "rm temp.log"},
		{"create a directory called build", "mkdir build"},
		{"create the directory a/b/c with parents", "mkdir -p a/b/c"},
		{"create an empty file called notes.md", "touch notes.md"},
		{"create a symbolic link named latest to releases/v2", "ln -s releases/v2 latest"},
		{"show differences between a.txt and b.txt", "diff a.txt b.txt"},
		{"sort names.txt numerically", "sort -n names.txt"},
		{"count unique lines in access.log", "sort -u access.log | wc -l"},
		{"count how often each line occurs in access.log", "sort access.log | uniq -c | sort -rn"},
		{"remove duplicate lines from list.txt", "sort list.txt | uniq"},
		{"print the current date", "date"},
		{"what is the current directory", "pwd"},
		{"show git status", "git status"},
		{"show the last 5 commits", "git log --oneline -n 5"},
		{"list docker containers", "docker ps"},
		{"list all pods in all namespaces", "kubectl get pods -A"},
		{"restart nginx service", "sudo systemctl restart nginx"},
		{"show my cron jobs", "crontab -l"},
		{"print environment variables", "env"},
		{"which python", "which python"},
		{"md5sum of file.iso", "md5sum file.iso"},
		{"count files in this directory", "find . -type f | wc -l"},
		{"count lines in all python files", "find . -name '*.py' | xargs wc -l"},
		{"find files modified in the last 30 minutes", "find . -mmin -30"},
		{"find files not in subdirectories named *.log", "find . -maxdepth 1 -name '*.log'"},
		{"find all files larger than 100MB and delete them", `find . -size +100M -exec rm {} \;`},
		{"replace foo with bar in config.txt", "sed -i 's/foo/bar/g' config.txt"},
		{"print the 3rd column of data.csv", "cut -d ',' -f 3 data.csv"},
		{"convert input to uppercase", "tr '[:lower:]' '[:upper:]'"},
		{"show who is logged in", "who"},
		{"list open ports", "ss -tulpn"},
	} {
		t.Run(tc.prompt, func(t *testing.T) {
			r := answer(e, tc.prompt, "linux")
			if r.Command != tc.want {
				t.Fatalf("command = %q, want %q", r.Command, tc.want)
			}
			if r.Confidence <= 0 || r.Confidence > 1 {
				t.Errorf("confidence %v outside (0, 1]", r.Confidence)
			}
			if r.Explanation == "" || r.Backend != "offline" {
				t.Errorf("explanation %q backend %q", r.Explanation, r.Backend)
			}
		})
	}
}

func TestExplanation(t *testing.T) {
	e := testEngine(t)
	r := answer(e, "find regular files in this directory modified in the last 3 days", "linux")
	if r.Command != "find . -type f -mtime -3" {
		t.Fatalf("command %q", r.Command)
	}
	if want := "Find regular files under . modified in the last 3 days"; r.Explanation != want {
		t.Errorf("explanation %q, want %q", r.Explanation, want)
	}
}

// TestPlatforms checks the answers that differ between GNU (linux) and BSD (darwin) tools.
func TestPlatforms(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct{ prompt, linux, darwin string }{
		{"replace foo with bar in config.txt", "sed -i 's/foo/bar/g' config.txt", "sed -i '' 's/foo/bar/g' config.txt"},
		{"show the size of main.go in bytes", "stat -c %s main.go", "stat -f %z main.go"},
		{"print yesterday's date", "date -d yesterday", "date -v-1d"},
		{"show the 5 largest directories here", "du -h . --max-depth=1 | sort -rh | head -n 5", "du -h -d 1 . | sort -rh | head -n 5"},
		{"find executable files", "find . -executable", "find . -perm +111"},
		{"md5sum of file.iso", "md5sum file.iso", "md5 file.iso"},
		{"list open ports", "ss -tulpn", "lsof -iTCP -sTCP:LISTEN -n -P"},
	} {
		t.Run(tc.prompt, func(t *testing.T) {
			if got := answer(e, tc.prompt, "linux").Command; got != tc.linux {
				t.Errorf("linux: %q, want %q", got, tc.linux)
			}
			if got := answer(e, tc.prompt, "darwin").Command; got != tc.darwin {
				t.Errorf("darwin: %q, want %q", got, tc.darwin)
			}
		})
	}
	// FreeBSD and an empty OS take the BSD and GNU sides.
	if got := answer(e, "print yesterday's date", "freebsd").Command; got != "date -v-1d" {
		t.Errorf("freebsd: %q", got)
	}
	if got := answer(e, "print yesterday's date", "").Command; got != "date -d yesterday" {
		t.Errorf("default: %q", got)
	}
}

func TestFishShell(t *testing.T) {
	e := testEngine(t)
	r := e.Answer(models.Request{Prompt: "kill whatever is using port 3000", OS: "linux", Shell: "fish"})
	if r.Command != "kill (lsof -t -i :3000)" {
		t.Errorf("fish: %q", r.Command)
	}
	r = e.Answer(models.Request{Prompt: "kill whatever is using port 3000", OS: "linux", Shell: "bash"})
	if r.Command != "kill $(lsof -t -i :3000)" {
		t.Errorf("bash: %q", r.Command)
	}
}

func TestGenerate(t *testing.T) {
	e := testEngine(t)
	var streamed string
	r, err := e.Generate(context.Background(), models.Request{Prompt: "count lines in main.go", OS: "linux"}, func(s string) { streamed += s })
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	if r.Command != "wc -l main.go" || streamed != r.Command || r.Confidence < Threshold {
		t.Errorf("response %+v, streamed %q", r, streamed)
	}
	for _, prompt := range []string{
		"write me a poem about the sea",
		"",
		"asdf qwer zxcv",
		"what is the meaning of life",
	} {
		_, err := e.Generate(context.Background(), models.Request{Prompt: prompt}, nil)
		if !errors.Is(err, models.ErrNoAnswer) {
			t.Errorf("%q: err = %v, want ErrNoAnswer", prompt, err)
			continue
		}
		if strings.ContainsAny(err.Error(), "0123456789") {
			t.Errorf("%q: a refusal is in plain words, with no scores: %v", prompt, err)
		}
	}
	// What it nearly understood comes with the refusal, in words and with placeholders for what it
	// missed; never the unsure command itself.
	_, err = e.Generate(context.Background(), models.Request{Prompt: "sync the folder a to b", OS: "linux"}, nil)
	readings := models.NoAnswerReadings(err)
	if !errors.Is(err, models.ErrNoAnswer) || len(readings) == 0 || !strings.HasPrefix(readings[0], "Synchronise SRC to DEST") {
		t.Errorf("sync the folder a to b: err = %v, readings %q; want a refusal whose closest reading is rsync's", err, readings)
	}
	for _, r := range readings {
		if strings.Contains(r, "rsync -") {
			t.Errorf("a reading shows the unsure command: %q", r)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Generate(ctx, models.Request{Prompt: "show disk space"}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
	if e.Name() != "offline" || e.Health(context.Background()) != nil || e.Close() != nil {
		t.Error("Name, Health or Close")
	}
}

func TestConcurrentAnswers(t *testing.T) {
	e := testEngine(t)
	prompts := []string{"show disk space", "find python files modified in the last 3 days", "kill process 1234", "show the 10 largest files under this directory"}
	want := make([]string, len(prompts))
	for i, p := range prompts {
		want[i] = answer(e, p, "linux").Command
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				k := (g + i) % len(prompts)
				if got := answer(e, prompts[k], "linux").Command; got != want[k] {
					t.Errorf("%q: %q, want %q", prompts[k], got, want[k])
					return
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := loadCatalogue(embedded()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCandidates and BenchmarkCandidatesRecall compare five candidates from the catalogue alone
// with five from the catalogue and the (already loaded) recall model, for one request.
func BenchmarkCandidates(b *testing.B) {
	e := testEngine(b)
	for b.Loop() {
		e.Candidates(benchRequest, 5)
	}
}

func BenchmarkCandidatesRecall(b *testing.B) {
	e := fullEngine(b)
	e.Candidates(benchRequest, 5) // load the model outside the loop
	for b.Loop() {
		e.Candidates(benchRequest, 5)
	}
}

var benchRequest = models.Request{Prompt: "find all python files under ~/src bigger than 10k modified in the last 3 days and delete them", OS: "linux"}

func BenchmarkAnswer(b *testing.B) {
	e := testEngine(b)
	req := models.Request{Prompt: "find all python files under ~/src bigger than 10k modified in the last 3 days and delete them", OS: "linux"}
	for b.Loop() {
		e.Answer(req)
	}
}
