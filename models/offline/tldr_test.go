package offline

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline/tldr"
)

// TestTLDRNeverLeavesPlaceholders fills every example of every page from a request in the example's own
// words, bare and with a file, a URL, a host, a port and a name added, and checks that no filled
// command shows a tldr placeholder: what the request does not fill is refused, never left as
// path/to/file. A sample also goes through the whole search.
func TestTLDRNeverLeavesPlaceholders(t *testing.T) {
	e := fullEngine(t)
	x := tldrIndex()
	if x == nil {
		t.Fatal("the embedded tldr index does not load")
	}
	check := func(p *tldr.Page, prompt, cmd string) {
		cmd = strings.NewReplacer(`\{`, "", `\}`, "").Replace(cmd) // braces the template escapes are its own
		if strings.Contains(cmd, "{{") || strings.Contains(cmd, "}}") || strings.Contains(cmd, "path/to") {
			t.Errorf("%s/%s %q = %q: a placeholder is left", p.Platform, p.Name, prompt, cmd)
		}
	}
	filled, examples := 0, 0
	step := 1
	if raceEnabled {
		step = 10
	}
	for pi := 0; pi < len(x.Pages); pi += step {
		p := &x.Pages[pi]
		for i := range p.Examples {
			ex := &p.Examples[i]
			examples++
			for _, prompt := range []string{ex.Description, ex.Description + " for notes.txt at https://example.org on db.example.org port 8080 named web-1"} {
				if strings.Contains(prompt, "path/to") || strings.Contains(prompt, "{{") {
					continue // the request itself says path/to/...: that is its own argument
				}
				toks := tokenize(prompt)
				s := e.extractSlots(slices.Clone(toks))
				terms := tldr.Terms(ex.Description)
				at := make([]int, len(terms))
				for k := range at {
					at[k] = -1
				}
				if c, ok := e.tldrFill(x, toks, terms, at, s, tldr.Hit{Page: p, Example: ex}, true); ok {
					filled++
					check(p, prompt, c.resp.Command)
				}
			}
			if (pi+i)%1999 == 0 {
				for _, resp := range e.fromTLDR(models.Request{Prompt: ex.Description, Shell: "bash", OS: "linux"}, 2, nil) {
					check(p, ex.Description, resp.Command)
				}
			}
		}
	}
	t.Logf("%d examples, %d filled commands checked", examples, filled)
}

// TestTLDRAnswers: requests the catalogue does not know are answered from the tldr pages with the
// request's own arguments; requests with nothing to fill a placeholder are refused.
func TestTLDRAnswers(t *testing.T) {
	e := fullEngine(t)
	for _, tc := range []struct{ prompt, want string }{
		{"download the video https://youtu.be/xyz with yt-dlp", `yt-dlp "https://youtu.be/xyz"`},
		{"print the date as a unix timestamp with date", "date +%s"},
		{"instal htop", "sudo apt install htop"},
		{"rm -rf ./build", "rm -rf ./build"},
		{"find ~ -exec rm {} \\;", "find ~ -exec rm {} \\;"},
	} {
		resp, err := e.Generate(context.Background(), models.Request{Prompt: tc.prompt, Shell: "bash", OS: "linux"}, nil)
		if err != nil || resp.Command != tc.want {
			t.Errorf("Generate(%q) = %q, %v; want %q", tc.prompt, resp.Command, err, tc.want)
		}
	}
	resp, _ := e.Generate(context.Background(), models.Request{Prompt: "instal htop", Shell: "bash", OS: "linux"}, nil)
	if !strings.Contains(resp.Explanation, "read 'instal' as 'install'") {
		t.Errorf("the typo correction is not shown: %q", resp.Explanation)
	}
	for _, p := range []string{"show the logs of the container", "clone the repository with git"} {
		if resp, err := e.Generate(context.Background(), models.Request{Prompt: p, Shell: "bash", OS: "linux"}, nil); err == nil &&
			strings.Contains(resp.Command, "container_name") {
			t.Errorf("Generate(%q) = %q: a placeholder in an answer", p, resp.Command)
		}
	}
}

// TestTLDRPlatform: examples of osx pages answer on macOS only, of linux pages on Linux only.
func TestTLDRPlatform(t *testing.T) {
	x := tldrIndex()
	for _, tc := range []struct {
		platform, other string
	}{{tldr.Linux, tldr.OSX}, {tldr.OSX, tldr.Linux}} {
		for _, h := range x.Search(tldr.Query{Terms: tldr.Terms("list the installed packages"), Platform: tc.platform}, 200) {
			if h.Page.Platform == tc.other {
				t.Errorf("on %s: a %s page answered: %s", tc.platform, tc.other, h.Page.Name)
			}
		}
	}
}

// TestExplainCommandUsesLongOptions: the explanation of a command comes from its tldr page, with each
// option's long name.
func TestExplainCommandUsesLongOptions(t *testing.T) {
	steps := ExplainCommand("find ~ -exec rm -r {} \\;", "linux")
	if len(steps) != 2 || steps[0].Program != "find" || steps[1].Program != "rm" {
		t.Fatalf("steps = %+v, want find then rm", steps)
	}
	if !strings.Contains(strings.Join(steps[1].Options, " "), "-r (--recursive)") {
		t.Errorf("rm's options = %q, want -r (--recursive)", steps[1].Options)
	}
}

// TestExplainOptionsFromTheirOwnExamples: an option is explained by the example that is about it, its
// value of the kind the command gives; an example that does something else with it explains nothing,
// and the long name says it alone.
func TestExplainOptionsFromTheirOwnExamples(t *testing.T) {
	cases := []struct {
		cmd       string
		want, not []string
	}{
		{"tail -n 15 /var/log/syslog", []string{"-n (--lines): show last 15 lines"}, []string{"specific line number"}},
		{"tail -n +5 notes.txt", []string{"-n (--lines): print a file from a specific line number"}, nil},
		{"date -u", []string{"-u (--utc)"}, []string{"Unix timestamp"}},
		{"date -d '90 days'", []string{"-d (--date)"}, []string{"Unix timestamp"}},
		{"mount -t ext4 /dev/sdb1 /mnt/data", []string{"-t (--types)"}, []string{"CD-ROM"}},
		{"rsync -a src/ dst/", []string{"-a (--archive): use archive mode (recursively"}, []string{"resolve symlinks"}},
		{"du -sh /var", []string{"-sh (--summarize --human-readable)"}, nil},
		{"ssh-keygen -t ed25519 -C me@example.com", []string{"-t"}, []string{"RSA"}},
		{"ffmpeg -i talk.mp4 -vn talk.mp3", []string{"-i, -vn: extract the sound"}, nil},
		{"sort file.txt | uniq -c", []string{"-c (--count): display number of occurrences"}, nil},
		{"git reset --hard", []string{"--hard: discard any uncommitted changes"}, nil},
	}
	for _, c := range cases {
		var opts []string
		for _, s := range ExplainCommand(c.cmd, "linux") {
			opts = append(opts, s.Options...)
		}
		got := strings.Join(opts, " | ")
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: options %q, want %q", c.cmd, got, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: options %q say %q, another example's words", c.cmd, got, n)
			}
		}
	}
}

// TestTLDRAlternativesAreRelated: the alternatives of a tldr answer are the same program's other
// examples or an equivalent program's, best first.
func TestTLDRAlternativesAreRelated(t *testing.T) {
	e := fullEngine(t)
	resp, err := e.Generate(context.Background(), models.Request{Prompt: "download the video https://youtu.be/xyz with yt-dlp", Shell: "bash", OS: "linux", Alternatives: 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Model != TLDRModel || len(resp.Alternatives) == 0 {
		t.Fatalf("%q from %q with %d alternatives: want a tldr answer with alternatives", resp.Command, resp.Model, len(resp.Alternatives))
	}
	for _, alt := range resp.Alternatives {
		if !strings.HasPrefix(alt.Command, "yt-dlp") {
			t.Errorf("alternative %q of %q is another program's", alt.Command, resp.Command)
		}
	}
	for i := 1; i < len(resp.Alternatives); i++ {
		if resp.Alternatives[i].Confidence > resp.Alternatives[i-1].Confidence {
			t.Errorf("alternatives not ranked: %+v", resp.Alternatives)
		}
	}
}
