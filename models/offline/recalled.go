package offline

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/cmdai/cmdai/assets"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline/recall"
	"github.com/cmdai/cmdai/models/offline/shape"
)

// RecallModel is the Model of a response the recall model gave rather than the catalogue. Such an answer
// has the shape of what people wrote for similar requests; its arguments are the prompt's where the
// engine found them and placeholders (PATH, 'PATTERN', ...) elsewhere, so Generate never offers it.
const RecallModel = "nl2bash-recall"

// loadRecall decodes the embedded recall model once per process, on first use: requests the catalogue
// answers with confidence never need it.
var loadRecall = sync.OnceValues(func() (*recall.Model, error) {
	m, err := recall.Decode(assets.Recall)
	if err != nil {
		return nil, fmt.Errorf("load the offline recall model: %w", err)
	}
	return m, nil
})

// WithRecall returns a copy of e that recalls from m instead of the embedded model; nil turns recall off.
// Evaluations use it to score a model trained without the split they score.
func (e *Engine) WithRecall(m *recall.Model) *Engine {
	c := *e
	c.recall = func() (*recall.Model, error) { return m, nil }
	return &c
}

// Offered reports whether Generate would offer resp: a catalogue answer at or above Threshold.
func Offered(resp models.Response) bool {
	return resp.Command != "" && resp.Confidence >= Threshold && resp.Model != RecallModel
}

// recalled returns up to k answers of the recall model for req, their holes filled from the slots of r
// (which may be empty when the catalogue understood nothing).
func (e *Engine) recalled(req models.Request, r reading, k int) []models.Response {
	if e.recall == nil {
		return nil
	}
	m, err := e.recall()
	if err != nil || m == nil {
		return nil // the embedded model is checked by tests; a damaged one only loses alternatives
	}
	s := r.s
	if s == nil {
		s = e.extractSlots(tokenize(req.Prompt))
	}
	var out []models.Response
	darwin := platformOf(req.OS) == "darwin"
	for _, c := range m.Recall(req.Prompt, k) {
		cmd, _ := c.Template.Fill(fillFrom(s, req.Prompt, c.Template))
		if darwin && gnuOnly(cmd) {
			continue // NL2Bash was written for GNU/Linux; what a Mac lacks is no alternative there
		}
		// A recalled find that destroys must say what it selects, even when everything was asked for:
		// its template, unlike the catalogue's, did not come from this request's words.
		cmd, guarded := guardTarget(cmd, false)
		conf := c.Confidence
		if guarded {
			conf = min(conf, 0.3)
		}
		out = append(out, models.Response{
			Command:     cmd,
			Explanation: fmt.Sprintf("The shape of commands written for similar requests (%.0f%% alike); check its arguments.", 100*c.Similarity),
			Confidence:  conf,
			Backend:     "offline",
			Model:       RecallModel,
		})
	}
	return out
}

// fillFrom fills a template's holes with the prompt's own arguments: a user, group, host, URL or PID
// where the word before the hole asks for one (chown, -user, ssh, curl, kill, ...), else in order paths,
// globs, quoted text, and numbers when the prompt has exactly as many as the template (else the
// template's own stay, rather than a 3 landing where a 10 belonged). Other words stay placeholders: a
// slot cannot tell which word a template meant.
func fillFrom(s *slots, prompt string, t recall.Template) recall.Filler {
	if s == nil {
		return nil
	}
	texts := append(append([]string(nil), s.patterns...), s.loose...)
	numbers := promptNumbers().FindAllString(prompt, -1)
	if len(numbers) != countHoles(t, recall.HoleNumber) {
		numbers = nil
	}
	// Holes a cue word filled do not use up the prompt's paths, globs or texts: count the others here.
	taken := map[recall.Hole]int{}
	return func(h recall.Hole, _ int, before string) (string, bool) {
		if h != recall.HoleNumber {
			if v, ok := byContext(s, before); ok {
				return v, true
			}
		}
		i := taken[h]
		taken[h]++
		var from []string
		switch h {
		case recall.HolePath:
			from = s.paths
		case recall.HolePattern:
			from = s.globs
		case recall.HoleText:
			from = texts
		case recall.HoleNumber:
			if i < len(numbers) {
				return numbers[i], true
			}
			return "", false
		}
		if i < len(from) {
			return quote(from[i]), true
		}
		return "", false
	}
}

// promptNumbers finds the numbers a prompt says in digits.
var promptNumbers = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b[0-9]+(\.[0-9]+)?\b`) })

func countHoles(t recall.Template, kind recall.Hole) int {
	n := 0
	for _, h := range t.Holes() {
		if h == kind {
			n++
		}
	}
	return n
}

// byContext fills a hole from the slot that the word before it asks for.
func byContext(s *slots, before string) (string, bool) {
	words := strings.Fields(before)
	if len(words) == 0 || strings.HasSuffix(before, "|") {
		return "", false
	}
	switch words[len(words)-1] {
	case "-user", "-u":
		return nonEmpty(s.user)
	case "-group":
		return nonEmpty(s.group)
	case "ssh", "ping", "traceroute", "dig", "host", "nslookup":
		return first(s.hosts)
	case "curl", "wget":
		return first(s.urls)
	}
	// chown, chgrp and kill take their first argument after options without values (-R, -9).
	i := len(words) - 1
	for i > 0 && strings.HasPrefix(words[i], "-") {
		i--
	}
	switch words[i] {
	case "chown":
		return nonEmpty(s.user)
	case "chgrp":
		return nonEmpty(s.group)
	case "kill":
		return first(s.pids)
	}
	return "", false
}

// gnuOnlyFlags are options of GNU tools that macOS's BSD tools lack, by utility; a utility mapped to nil
// is missing from macOS altogether.
var gnuOnlyFlags = map[string][]string{
	"find": {"-printf", "-regextype", "-fprintf"}, "du": {"-b", "--max-depth", "--apparent-size"},
	"stat": {"-c", "--format", "--printf"}, "date": {"-d", "--date"}, "xargs": {"-r", "--no-run-if-empty"},
	"grep": {"-P", "--perl-regexp"}, "cp": {"-t", "--target-directory"}, "mv": {"-t", "--target-directory"},
	"ls": {"--color", "--time-style", "--group-directories-first"}, "sort": {"--parallel"},
	"df": {"--output"}, "ps": {"--sort"}, "readlink": {"-e", "-m"},
	"md5sum": nil, "sha1sum": nil, "sha256sum": nil, "tac": nil, "ip": nil, "free": nil, "pstree": nil,
	"watch": nil, "nproc": nil, "ss": nil, "lsblk": nil, "journalctl": nil, "systemctl": nil, "apt": nil,
	"apt-get": nil, "useradd": nil, "rename": nil, "numfmt": nil, "timeout": nil,
}

// gnuOnly reports whether cmd uses a tool or an option that macOS does not have.
func gnuOnly(cmd string) bool {
	us, err := shape.Lenient.Utilities(cmd)
	if err != nil {
		return false
	}
	for _, u := range us {
		flags, known := gnuOnlyFlags[u.Name]
		if known && flags == nil {
			return true
		}
		for _, f := range u.Flags {
			if slices.Contains(flags, f) {
				return true
			}
		}
	}
	return false
}
