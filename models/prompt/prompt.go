// Package prompt builds what model backends send (a system prompt with the request's context, a few
// worked examples, the request) and reads back what models answer: a JSON object
// {"command","explanation"} when the backend can constrain the output, and fenced code, a `$ cmd` line or
// prose around either when it cannot.
package prompt

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"sync"
	"text/template"
	"unicode/utf8"

	"github.com/cmdai/cmdai/assets"
	"github.com/cmdai/cmdai/models"
)

// Message is one turn of a chat: Role is "system", "user" or "assistant".
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Roles of chat messages.
const (
	RoleSystem    = "system"
	RoleUser      = "user"
	RoleAssistant = "assistant"
)

// Schema is the JSON schema of an answer, for backends that constrain output to it (Ollama's format,
// OpenAI's response_format, a llama.cpp grammar).
var Schema = json.RawMessage(`{"type":"object","properties":{` +
	`"command":{"type":"string","description":"one shell command line"},` +
	`"explanation":{"type":"string","description":"one sentence on what the command does"}},` +
	`"required":["command","explanation"],"additionalProperties":false}`)

// Limits on the context put into the system prompt: enough to help, small enough to stay fast on a
// 1.5B model's context.
const (
	maxEntries = 40
	maxHistory = 5
	// maxRestrictions bounds the organisation's rules a prompt carries.
	maxRestrictions = 10
	maxHintLen      = 200
	defaultShell    = "bash"
)

// example is one worked request from assets/prompt/examples.json.
type example struct {
	Request     string   `json:"request"`
	Command     string   `json:"command"`
	Explanation string   `json:"explanation"`
	Shells      []string `json:"shells,omitempty"` // empty: every shell
}

type templates struct {
	system, refine *template.Template
	examples       []example
}

var load = sync.OnceValues(func() (*templates, error) {
	read := func(name string) (string, error) {
		b, err := assets.Prompt.ReadFile(path.Join("prompt", name))
		if err != nil {
			return "", fmt.Errorf("read prompt asset %s: %w", name, err)
		}
		return string(b), nil
	}
	var t templates
	for _, f := range []struct {
		name string
		dst  **template.Template
	}{{"system.md", &t.system}, {"refine.md", &t.refine}} {
		src, err := read(f.name)
		if err != nil {
			return nil, err
		}
		if *f.dst, err = template.New(f.name).Option("missingkey=error").Parse(src); err != nil {
			return nil, fmt.Errorf("parse prompt asset %s: %w", f.name, err)
		}
	}
	src, err := read("examples.json")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(src), &t.examples); err != nil {
		return nil, fmt.Errorf("parse prompt asset examples.json: %w", err)
	}
	return &t, nil
})

// assetsOrPanic returns the parsed assets. They are embedded and checked by the package's tests, so a
// failure here is a broken build, not a runtime condition.
func assetsOrPanic() *templates {
	t, err := load()
	if err != nil {
		panic(err)
	}
	return t
}

// Messages is the conversation a chat model answers req from: the system prompt with the request's
// context, worked examples (the tldr pages' most relevant to the request, then fixed ones for its
// shell, within a size budget), then the request itself.
func Messages(req models.Request) []Message {
	t := assetsOrPanic()
	msgs := []Message{{Role: RoleSystem, Content: render(t.system, systemDataOf(req))}}
	for _, ex := range examplesFor(req, t.examples) { // retrieve.go
		msgs = append(msgs,
			Message{Role: RoleUser, Content: ex.Request},
			Message{Role: RoleAssistant, Content: Answer(ex.Command, ex.Explanation)})
	}
	return append(msgs, Message{Role: RoleUser, Content: strings.TrimSpace(req.Prompt)})
}

// Refine is the conversation for a second try after badOutput could not be parsed: the first
// conversation, the model's reply, and a reminder of the exact form the answer must take.
func Refine(req models.Request, badOutput string) []Message {
	t := assetsOrPanic()
	msgs := Messages(req)
	bad := strings.TrimSpace(badOutput)
	if bad == "" {
		bad = "(empty reply)"
	}
	return append(msgs,
		Message{Role: RoleAssistant, Content: truncate(bad, 2000)},
		Message{Role: RoleUser, Content: render(t.refine, struct{ Shell string }{shellOf(req)})})
}

// Answer is the JSON form of an answer, as the examples show it to the model.
func Answer(command, explanation string) string {
	b, _ := json.Marshal(struct {
		Command     string `json:"command"`
		Explanation string `json:"explanation"`
	}{command, explanation})
	return string(b)
}

type systemData struct {
	Shell, OSName, Flags, Cwd, Entries string
	History                            []string
	Restrictions                       []string
}

func systemDataOf(req models.Request) systemData {
	d := systemData{Shell: shellOf(req), Cwd: truncate(req.Cwd, maxHintLen)}
	switch os := req.OS; os {
	case "darwin":
		d.OSName = "macOS"
		d.Flags = "macOS ships BSD tools: use BSD flags (sed -i '', stat -f, no GNU-only options such as find -printf)."
	case "", "linux":
		d.OSName = "Linux"
		d.Flags = "Linux ships GNU coreutils, findutils and sed: GNU flags are fine."
	case "freebsd", "openbsd", "netbsd":
		d.OSName = os
		d.Flags = "This is a BSD: use BSD flags, not GNU-only options."
	default:
		d.OSName = os
		d.Flags = "Use POSIX options that work on this system."
	}
	if d.Shell == "fish" {
		d.Flags += " Write fish syntax: (cmd) for substitution, set for variables, for ...; end loops."
	}
	var names []string
	for _, e := range req.CwdEntries {
		if len(names) == maxEntries {
			names = append(names, "…")
			break
		}
		if e = strings.TrimSpace(e); e != "" && !strings.ContainsAny(e, "\n\r") {
			names = append(names, truncate(e, 80))
		}
	}
	d.Entries = strings.Join(names, ", ")
	for _, r := range req.Restrictions {
		if r = strings.TrimSpace(strings.ReplaceAll(r, "\n", " ")); r != "" && len(d.Restrictions) < maxRestrictions {
			d.Restrictions = append(d.Restrictions, "- "+truncate(r, maxHintLen))
		}
	}
	hist := req.History
	if len(hist) > maxHistory {
		hist = hist[len(hist)-maxHistory:]
	}
	for _, h := range hist {
		cmd := strings.TrimSpace(strings.ReplaceAll(h.Command, "\n", " "))
		if cmd != "" {
			d.History = append(d.History, fmt.Sprintf("- %s (exit %d)", truncate(cmd, maxHintLen), h.ExitCode))
		}
	}
	return d
}

func render(t *template.Template, data any) string {
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		panic(fmt.Errorf("render prompt %s: %w", t.Name(), err))
	}
	return strings.TrimSpace(b.String())
}

func shellOf(req models.Request) string {
	if req.Shell == "" {
		return defaultShell
	}
	return req.Shell
}

// truncate cuts s to at most n bytes on a rune boundary, marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
