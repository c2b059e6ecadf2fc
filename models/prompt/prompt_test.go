package prompt

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

func TestMessagesCarryTheContext(t *testing.T) {
	req := models.Request{
		Prompt: "  compress the logs folder  ", Shell: "zsh", OS: "darwin", Cwd: "/home/ann/proj",
		CwdEntries: []string{"logs", "main.go", " ", "bad\nname"},
		History: []models.HistoryHint{
			{Command: "old1", ExitCode: 0}, {Command: "old2"}, {Command: "make test", ExitCode: 2},
			{Command: "go build", ExitCode: 0}, {Command: "git status"}, {Command: "gti push", ExitCode: 127},
		},
	}
	msgs := Messages(req)
	if len(msgs) < 4 || msgs[0].Role != RoleSystem {
		t.Fatalf("messages = %+v: want a system prompt, examples and the request", msgs)
	}
	sys := msgs[0].Content
	for _, want := range []string{"zsh", "macOS", "BSD", "/home/ann/proj", "logs, main.go", "gti push (exit 127)", "make test (exit 2)", `"command"`} {
		if !strings.Contains(sys, want) {
			t.Errorf("system prompt lacks %q:\n%s", want, sys)
		}
	}
	for _, unwanted := range []string{"old1", "bad\nname", "{{", "<no value>"} {
		if strings.Contains(sys, unwanted) {
			t.Errorf("system prompt holds %q:\n%s", unwanted, sys)
		}
	}
	last := msgs[len(msgs)-1]
	if last.Role != RoleUser || last.Content != "compress the logs folder" {
		t.Errorf("last message = %+v, want the trimmed request", last)
	}
	// Examples alternate user/assistant, and every assistant turn is an answer Parse reads back.
	for i := 1; i < len(msgs)-1; i += 2 {
		if msgs[i].Role != RoleUser || msgs[i+1].Role != RoleAssistant {
			t.Fatalf("example %d: roles %s/%s", i, msgs[i].Role, msgs[i+1].Role)
		}
		cmd, expl, err := Parse(msgs[i+1].Content)
		if err != nil || cmd == "" || expl == "" {
			t.Errorf("example answer %q parses to %q, %q, %v", msgs[i+1].Content, cmd, expl, err)
		}
	}
}

func TestMessagesPickExamplesForTheShell(t *testing.T) {
	count := func(shell, needle string) int {
		n := 0
		for _, m := range Messages(models.Request{Prompt: "x", Shell: shell}) {
			if m.Role == RoleAssistant && strings.Contains(m.Content, needle) {
				n++
			}
		}
		return n
	}
	if count("fish", "; end") != 1 || count("fish", "; done") != 0 {
		t.Error("fish gets bash loops or misses its own")
	}
	if count("bash", "; done") != 1 || count("bash", "; end") != 0 {
		t.Error("bash gets fish loops or misses its own")
	}
	sys := Messages(models.Request{Prompt: "x", Shell: "fish", OS: "linux"})[0].Content
	if !strings.Contains(sys, "fish syntax") || !strings.Contains(sys, "GNU") {
		t.Errorf("fish on Linux system prompt:\n%s", sys)
	}
}

func TestMessagesWithoutContext(t *testing.T) {
	sys := Messages(models.Request{Prompt: "list files"})[0].Content
	if !strings.Contains(sys, "bash on Linux") {
		t.Errorf("defaults missing:\n%s", sys)
	}
	if strings.Contains(sys, "runs in") || strings.Contains(sys, "Recent commands") || strings.Contains(sys, "Some names") {
		t.Errorf("empty hints rendered:\n%s", sys)
	}
}

func TestMessagesBoundTheHints(t *testing.T) {
	var entries []string
	for range 500 {
		entries = append(entries, strings.Repeat("f", 300))
	}
	sys := Messages(models.Request{Prompt: "x", CwdEntries: entries, Cwd: strings.Repeat("/d", 400)})[0].Content
	if len(sys) > 8000 {
		t.Errorf("system prompt is %d bytes with a huge directory: the hints must be bounded", len(sys))
	}
}

func TestRefineAppendsTheBadReplyAndAReminder(t *testing.T) {
	req := models.Request{Prompt: "show disk usage", Shell: "fish"}
	first := Messages(req)
	msgs := Refine(req, "I think you should look at df.")
	if len(msgs) != len(first)+2 {
		t.Fatalf("len = %d, want %d", len(msgs), len(first)+2)
	}
	if a := msgs[len(msgs)-2]; a.Role != RoleAssistant || a.Content != "I think you should look at df." {
		t.Errorf("bad reply turn = %+v", a)
	}
	if u := msgs[len(msgs)-1]; u.Role != RoleUser || !strings.Contains(u.Content, "fish") || !strings.Contains(u.Content, `"command"`) {
		t.Errorf("reminder = %+v", u)
	}
	if got := Refine(req, "  ")[len(msgs)-2].Content; got == "" {
		t.Error("an empty reply must still be an assistant turn with content")
	}
}

func TestSchemaDescribesTheAnswer(t *testing.T) {
	var s struct {
		Type       string                     `json:"type"`
		Properties map[string]json.RawMessage `json:"properties"`
		Required   []string                   `json:"required"`
	}
	if err := json.Unmarshal(Schema, &s); err != nil {
		t.Fatal(err)
	}
	if s.Type != "object" || len(s.Properties) != 2 || s.Properties["command"] == nil || len(s.Required) != 2 {
		t.Fatalf("schema = %s", Schema)
	}
	cmd, expl, err := Parse(Answer("ls", "Lists."))
	if err != nil || cmd != "ls" || expl != "Lists." {
		t.Fatalf("Answer does not round-trip: %q %q %v", cmd, expl, err)
	}
}
