package prompt

import (
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// TestMessagesRetrieveRelevantExamples: a request gets the tldr examples that match it in place of the
// fixed ones, with no placeholder braces, and the examples stay within their budget whatever the request.
func TestMessagesRetrieveRelevantExamples(t *testing.T) {
	msgs := Messages(models.Request{Prompt: "extract the audio of talk.mp4 as mp3 with ffmpeg", Shell: "bash", OS: "linux"})
	var answers []string
	size := 0
	for i := 1; i < len(msgs)-1; i++ {
		size += len(msgs[i].Content)
		if msgs[i].Role == RoleAssistant {
			answers = append(answers, msgs[i].Content)
		}
	}
	joined := strings.Join(answers, "\n")
	if !strings.Contains(joined, "ffmpeg") {
		t.Errorf("no ffmpeg example retrieved for an ffmpeg request:\n%s", joined)
	}
	if strings.Contains(joined, "{{") || strings.Contains(joined, "path/to") {
		t.Errorf("a retrieved example shows a placeholder:\n%s", joined)
	}
	if size > exampleBudget+200 {
		t.Errorf("examples take %d bytes, budget %d", size, exampleBudget)
	}
	long := strings.Repeat("find the files and the folders and the archives ", 40)
	msgs = Messages(models.Request{Prompt: long, Shell: "bash", OS: "linux"})
	size = 0
	for _, m := range msgs[1 : len(msgs)-1] {
		size += len(m.Content)
	}
	if size > exampleBudget+200 || len(msgs) > 2+2*(maxRetrieved+1) {
		t.Errorf("a long request's examples take %d bytes in %d messages", size, len(msgs))
	}
	SetRetrieval(false)
	defer SetRetrieval(true)
	fixed := Messages(models.Request{Prompt: "extract the audio of talk.mp4 as mp3 with ffmpeg", Shell: "bash", OS: "linux"})
	for _, m := range fixed {
		if m.Role == RoleAssistant && strings.Contains(m.Content, "ffmpeg") {
			t.Errorf("retrieval off still retrieved: %s", m.Content)
		}
	}
}
