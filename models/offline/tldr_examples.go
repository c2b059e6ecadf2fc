package offline

import (
	"strings"

	"github.com/cmdai/cmdai/models/offline/tldr"
)

// Example is a worked request for a model's prompt: what someone asked, in words, and the command.
type Example struct {
	Request, Command, Explanation string
}

// Examples returns up to k tldr examples that match prompt, most relevant first, for goos: the few
// worked examples a model backend's prompt carries in place of fixed ones. Their placeholders read as
// plain names (file.json, branch_name), never as {{...}}.
func Examples(prompt, goos string, k int) []Example {
	x := tldrIndex()
	if x == nil || k <= 0 {
		return nil
	}
	platform := tldr.Linux
	if platformOf(goos) == "darwin" {
		platform = tldr.OSX
	}
	var terms []string
	for _, t := range tokenize(prompt) {
		if !argumentLike(t) {
			terms = append(terms, tldr.Terms(t.lower)...)
		}
		if kind := kindOfFile(t.raw); kind != "" {
			terms = append(terms, kind)
		}
	}
	var out []Example
	for _, h := range x.Search(tldr.Query{Terms: terms, Platform: platform}, 4*k) {
		if len(out) == k {
			break
		}
		if h.Matched < 0.5 {
			continue
		}
		cmd, _ := tldr.Parse(h.Example.Command).Fill(func(hole *tldr.Hole) (string, bool) { return plainName(hole), true })
		if cmd == "" || len(cmd) > 200 {
			continue
		}
		expl := sentence(h.Example.Description)
		if !strings.HasSuffix(expl, ".") {
			expl += "."
		}
		out = append(out, Example{Request: strings.ToLower(h.Example.Description[:1]) + h.Example.Description[1:], Command: cmd, Explanation: expl})
	}
	return out
}

// plainName is how a placeholder reads in a worked example: path/to/file.json as file.json, a
// number as its example value, a choice as its first value.
func plainName(h *tldr.Hole) string {
	switch h.Kind {
	case tldr.KindChoice:
		return h.Alts[0]
	case tldr.KindNumber:
		return h.Default + h.Unit
	}
	v := strings.TrimSpace(h.Raw)
	if h.Kind == tldr.KindPath {
		var parts []string
		for _, w := range strings.Fields(v) {
			if w != "..." {
				parts = append(parts, strings.TrimPrefix(strings.TrimPrefix(w, "/path/to/"), "path/to/"))
			}
		}
		return strings.Join(parts, " ")
	}
	return strings.ReplaceAll(v, " ...", "")
}
