package eval

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SetEveryday is cmdai's own set of everyday requests (eval/everyday/requests.tsv): files, text, jq,
// ffmpeg, ImageMagick, date, git, kubectl, docker, ss, packages, services, and requests with typos.
const SetEveryday = "everyday"

//go:embed everyday/requests.tsv
var everydayTSV string

// LoadEveryday reads the everyday set: one request per line with one or more reference commands (every
// correct way to write it that the set's author accepts).
func LoadEveryday() (Suite, error) {
	return parseRequests(SetEveryday, "own", "everyday/requests.tsv", everydayTSV)
}

// LoadRequests reads a set of requests in the everyday set's format from path (a header line, then id,
// request and one or more accepted commands per tab-separated line): a held-out set of one's own, scored
// as the everyday set is.
func LoadRequests(path string) (Suite, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Suite{}, fmt.Errorf("read requests: %w", err)
	}
	return parseRequests(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), "own", path, string(data))
}

func parseRequests(set, split, name, data string) (Suite, error) {
	s := Suite{Set: set, Split: split}
	for i, line := range strings.Split(strings.TrimSpace(data), "\n") {
		if i == 0 {
			continue // header
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 || f[1] == "" || f[2] == "" {
			return Suite{}, fmt.Errorf("%s:%d: want id, request and at least one command", name, i+1)
		}
		inv := Invocation{ID: f[0], NL: f[1], Refs: []string{f[2]}}
		for _, ref := range f[3:] {
			inv.Refs = appendNew(inv.Refs, ref)
		}
		s.Invocations = append(s.Invocations, inv)
	}
	if len(s.Invocations) == 0 {
		return Suite{}, fmt.Errorf("%s: no requests after the header", name)
	}
	return s, nil
}

// heldOutNote says what the held-out figures are.
const heldOutNote = `
## Held-out style figures

How a person sees the backend: an abstention ("I don't know") scores 0, an answer scores its NLC2CMD
score at δ = 1 with lenient parsing (every utility, lists and redirections parsed), so jq, ffmpeg or
ImageMagick answers count.

| dataset | split | requests | answered | wrong (answers scoring ≤ 0, share of requests) | wrong, share of answers | NLC2CMD-style, abstentions 0 |
|---|---|--:|--:|--:|--:|--:|
`

func heldOutTable(results []Result) string {
	var b strings.Builder
	b.WriteString(heldOutNote)
	for _, res := range results {
		s := res.Summary
		fmt.Fprintf(&b, "| %s | %s | %d | %s | %s | %s | **%.3f** |\n", s.Set, s.Split, s.Invocations, pct(s.Coverage),
			pct(s.Wrong), pct(s.WrongOfAnswers), s.HeldOut)
	}
	return b.String()
}

// everydayLists are the everyday set's wrong answers and abstentions, for docs/eval.md.
func everydayLists(results []Result) string {
	var b strings.Builder
	for _, res := range results {
		if res.Suite.Split != "own" {
			continue
		}
		name := res.Suite.Set
		if name == SetEveryday {
			b.WriteString("\n## everyday: wrong answers (scoring ≤ 0)\n\n" +
				"The set (eval/everyday/requests.tsv) was written for cmdai, not taken from tldr-pages or the corpora; " +
				"each request lists every command its author accepts as right (`kubectl logs -f` shows a pod's logs too). " +
				"An answer scoring ≤ 0 against all of them is wrong:\n\n")
		} else {
			b.WriteString("\n## " + name + ": wrong answers (scoring ≤ 0)\n\n")
		}
		n := 0
		for _, o := range res.Outcomes {
			if o.Answered && o.Lenient <= 0 {
				n++
				fmt.Fprintf(&b, "- %s `%s`: answered `%s`, expected `%s`\n", o.ID, o.NL, o.Command, strings.Join(o.Refs, "` or `"))
			}
		}
		if n == 0 {
			b.WriteString("None.\n")
		}
		b.WriteString("\n## " + name + ": abstentions\n\n")
		var ids []string
		for _, o := range res.Outcomes {
			if !o.Answered {
				ids = append(ids, fmt.Sprintf("%s `%s`", o.ID, o.NL))
			}
		}
		if len(ids) == 0 {
			b.WriteString("None.\n")
		}
		for _, id := range ids {
			b.WriteString("- " + id + "\n")
		}
	}
	return b.String()
}
