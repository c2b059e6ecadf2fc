package offline

import (
	"context"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// Every other way to write an answer does the same kind of thing, runs as written and acts on what the
// answer acts on; a request with none of those gets none.
func TestAlternativesAreRelevant(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		prompt string
		never  []string // words no alternative may have
	}{
		{"show free memory", []string{"history", "find"}},
		{"kill the process on port 8080", []string{"ssh", "rsync"}},
		{"find files bigger than 1000k", []string{"NAME", "+10M"}},
		{"delete all .tmp files", []string{"-empty"}},
		{"count lines in all python files", []string{"grep"}},
		{"list all files including hidden", []string{"mv ", "rsync"}},
		{"show the 10 largest files under this directory", nil},
		{"find all log files older than 7 days", nil},
		{"find core files", []string{"rm "}}, // a find that deletes is no other way to find
		{"remove the log files older than 7 days", nil},
		{"create a directory named demo", nil},
		{"show disk space", nil},
	} {
		resp, err := e.Generate(context.Background(), models.Request{Prompt: tc.prompt, OS: "linux", Shell: "bash", Alternatives: 5}, nil)
		if err != nil {
			t.Errorf("%q: %v", tc.prompt, err)
			continue
		}
		for _, a := range resp.Alternatives {
			if !relevant(a.Command, resp.Command) {
				t.Errorf("%q: %q has nothing to do with the answer %q", tc.prompt, a.Command, resp.Command)
			}
			if !runnable(a.Command, resp.Command, tc.prompt) {
				t.Errorf("%q: %q has a placeholder the answer %q lacks", tc.prompt, a.Command, resp.Command)
			}
			if !keepsArguments(a.Command, resp.Command) {
				t.Errorf("%q: %q acts on something else than the answer %q", tc.prompt, a.Command, resp.Command)
			}
			if ends(a.Command) != ends(resp.Command) {
				t.Errorf("%q: %q destroys where the answer %q does not, or the other way round", tc.prompt, a.Command, resp.Command)
			}
			for _, w := range tc.never {
				if strings.Contains(a.Command, w) {
					t.Errorf("%q: alternative %q (answer %q)", tc.prompt, a.Command, resp.Command)
				}
			}
		}
	}
}

func TestRelevanceRules(t *testing.T) {
	for _, tc := range []struct {
		alt, ref string
		want     bool
	}{
		{"find . -name '*.tmp' -delete", "find . -name '*.tmp' -exec rm {} \\;", true},
		{"du -a . | sort -nr | head", "find . -type f -exec du -h {} + | sort -rh | head -n 10", true},
		{"history -c", "free -h", false},
		{"ssh -f NAME -p 8080 -L NAME -N", "kill $(lsof -t -i :8080)", false},
		{"find . -name 'unterminated", "find .", false},
	} {
		if got := relevant(tc.alt, tc.ref); got != tc.want {
			t.Errorf("relevant(%q, %q) = %v, want %v", tc.alt, tc.ref, got, tc.want)
		}
	}
	for _, tc := range []struct {
		alt, answer, prompt string
		want                bool
	}{
		{"find . NAME NAME +1000k -print", "find . -size +1000k", "find files bigger than 1000k", false},
		{"find PATH -name '*.tmp' | xargs rm", "find . -name '*.tmp' -delete", "delete all .tmp files", false},
		{"find . -name README -delete", "find . -name README -exec rm {} \\;", "delete every README", true},
		{"systemctl restart SERVICE", "systemctl status SERVICE", "restart the service", true},
	} {
		if got := runnable(tc.alt, tc.answer, tc.prompt); got != tc.want {
			t.Errorf("runnable(%q, %q) = %v, want %v", tc.alt, tc.answer, got, tc.want)
		}
	}
	for _, tc := range []struct {
		alt, answer string
		want        bool
	}{
		{"find . -type f -empty -delete", "find . -name '*.tmp' -delete", false},
		{"find ~ -size +10M", "find . -size +1000k", false},
		{`find . -name "*.tmp" -delete`, "find . -name '*.tmp' -exec rm {} \\;", true},
		{"fuser -k 8080/tcp", "kill $(lsof -t -i :8080)", true},
		{"du -hsx * | sort -rh | head -10", "du -sh * | sort -rh | head -n 10", true},
	} {
		if got := keepsArguments(tc.alt, tc.answer); got != tc.want {
			t.Errorf("keepsArguments(%q, %q) = %v, want %v", tc.alt, tc.answer, got, tc.want)
		}
	}
}

// Under a refusal, the shapes recalled for similar requests do the same kind of thing as the
// catalogue's unsure reading.
func TestRefusalShapesAreRelevant(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, prompt := range []string{"print the mime type charset of photo.png", "compress the logs directory", "sync the folder a to b"} {
		_, err := e.Generate(context.Background(), models.Request{Prompt: prompt, OS: "linux", Shell: "bash", Alternatives: 5}, nil)
		guess := e.catalogueCandidates(models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}, 1)
		for _, s := range models.NoAnswerAlternatives(err) {
			if len(guess) > 0 && !relevant(s.Command, guess[0].Command) || s.Confidence < minShapeConfidence {
				t.Errorf("%q: shape %q (confidence %.2f) is not like the reading %v", prompt, s.Command, s.Confidence, guess)
			}
		}
	}
}

func TestAssignsOnly(t *testing.T) {
	for cmd, want := range map[string]bool{
		`filename="$(uname -a)$(date)"`: true,
		"a=1 b=2":                       true,
		"TZ=Asia/Tokyo date":            false,
		"date -I":                       false,
		"x=$(date); echo $x":            false,
	} {
		if got := assignsOnly(cmd); got != want {
			t.Errorf("assignsOnly(%q) = %v, want %v", cmd, got, want)
		}
	}
}
