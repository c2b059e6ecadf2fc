package offline

import (
	"strings"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline/tldr"
	"mvdan.cc/sh/v3/syntax"
)

// literalCommand answers a request that is already a command ("rm -rf ./build"): the command itself,
// explained from the tldr pages. A request counts as one when it parses as shell, its first word is a
// program the pages know, and the rest reads as arguments (options, paths, pipes) rather than English.
func (e *Engine) literalCommand(req models.Request) (models.Response, bool) {
	cmd := strings.TrimSpace(req.Prompt)
	cmd = strings.TrimPrefix(cmd, "$ ")
	x := tldrIndex()
	if x == nil || cmd == "" || strings.ContainsAny(cmd, "\n") {
		return models.Response{}, false
	}
	f, err := syntax.NewParser().Parse(strings.NewReader(cmd), "")
	if err != nil || len(f.Stmts) == 0 {
		return models.Response{}, false
	}
	words := strings.Fields(cmd)
	prog := words[0]
	if prog == "sudo" && len(words) > 1 {
		prog = words[1]
	}
	platform := tldr.Linux
	if platformOf(req.OS) == "darwin" {
		platform = tldr.OSX
	}
	if x.PageOf(prog, platform) == nil {
		return models.Response{}, false // "unmount /mnt" on Linux is a typo, not macOS's unmount
	}
	shellish, flags := 0, 0
	for _, w := range words[1:] {
		switch {
		case strings.HasPrefix(w, "-"), strings.ContainsAny(w, "|{};$<>"):
			flags++
			shellish++
		case strings.ContainsAny(w, "/~*="), strings.Contains(w, "."):
			shellish++
		case stopWord(w) || x.Known(strings.ToLower(w)) >= 8 && !x.IsProgram(strings.ToLower(w)):
			return models.Response{}, false // "find files in ...", "ping host 4 times": English, not shell
		}
		if len(w) > 1 && strings.HasSuffix(w, ":") && isAlpha(strings.TrimSuffix(w, ":")) || weekdays[strings.ToLower(w)] {
			return models.Response{}, false // "cron job: /home/pi/backup.sh every sunday at 3am": a label and a day
		}
	}
	if englishPrograms[prog] && flags == 0 {
		return models.Response{}, false // "compress notes.txt" asks in words; "find ~ -exec ..." is a command
	}
	if shellish == 0 && (englishPrograms[prog] || len(words) < 2 || x.PageOf(prog+"-"+words[1], "") == nil && x.PageOf(prog+"-"+words[1], tldr.OSX) == nil) {
		// Plain words are a command only as a program's known subcommand: "git status", "docker ps".
		return models.Response{}, false
	}
	steps := ExplainCommand(cmd, req.OS)
	expl := "The command as written"
	if len(steps) > 0 {
		var parts []string
		for _, s := range steps {
			d := s.Program + ": " + strings.TrimSuffix(s.Description, ".")
			if len(s.Options) > 0 {
				d += " (" + strings.Join(s.Options, "; ") + ")"
			}
			parts = append(parts, d)
		}
		expl += ". " + strings.Join(parts, "; ")
	}
	return models.Response{Command: cmd, Explanation: expl, Confidence: 0.9, Backend: "offline", Model: TLDRModel}, true
}

// stopWord reports whether w is glue of English sentences, never a command's argument.
func stopWord(w string) bool {
	switch strings.ToLower(w) {
	case "the", "a", "an", "all", "in", "of", "to", "for", "with", "from", "my", "that", "which", "and", "is", "are", "me", "files", "every", "each", "please":
		return true
	}
	return false
}
