package offline

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline/tldr"
)

// TestTLDRNeverLeavesPlaceholders asks for every example of every page, in the example's own words
// with a file, a URL, a host, a number and a name added, and checks that no answer shows a tldr
// placeholder: what the request does not fill is refused, never left as path/to/file.
func TestTLDRNeverLeavesPlaceholders(t *testing.T) {
	e := fullEngine(t)
	x := tldrIndex()
	if x == nil {
		t.Fatal("the embedded tldr index does not load")
	}
	// Every page, one of its examples in turn (each example under -count runs of different pages would
	// take minutes): the example's words, then with arguments that fill its placeholders.
	var mu sync.Mutex
	answered, asked := 0, 0
	var wg sync.WaitGroup
	for w := range 2 { // the machines that run the suite have two cores
		wg.Go(func() {
			for pi := w; pi < len(x.Pages); pi += 2 {
				p := x.Pages[pi]
				ex := p.Examples[pi%len(p.Examples)]
				prompt := ex.Description + " for notes.txt on example.org port 8080 named web-1"
				if strings.Contains(prompt, "path/to") {
					continue // the request itself says path/to/...: that is its own argument
				}
				got := e.fromTLDR(models.Request{Prompt: prompt, Shell: "bash", OS: "linux"}, 2, nil)
				mu.Lock()
				asked++
				for _, resp := range got {
					answered++
					if strings.Contains(resp.Command, "{{") || strings.Contains(resp.Command, "}}") || strings.Contains(resp.Command, "path/to") {
						t.Errorf("%s/%s %q = %q: a placeholder is left", p.Platform, p.Name, prompt, resp.Command)
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	t.Logf("%d examples asked, %d answers checked", asked, answered)
}

// TestTLDRAnswers: requests the catalogue does not know are answered from the tldr pages with the
// request's own arguments; requests with nothing to fill a placeholder are refused.
func TestTLDRAnswers(t *testing.T) {
	e := fullEngine(t)
	for _, tc := range []struct{ prompt, want string }{
		{"pretty print data.json with jq", "jq '.' data.json"},
		{"show the date in ISO format", "date -u +%Y-%m-%dT%H:%M:%S%Z"},
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
