package tui

import (
	"strings"
	"testing"
)

// While a command is edited, its verdict follows the text once typing pauses, and the old command's
// badge and explanation never stand under the new text.
func TestFlowEditChecksAsYouType(t *testing.T) {
	client, _ := testDaemon(t)
	f := startFlow(t, client)
	f.tm.Type("list files")
	f.press("enter")
	f.waitFor("ls -la", "SAFE", "Lists the files here")
	f.press("e")
	f.waitFor("check edit")
	f.press("ctrl+u")
	f.tm.Type("rm -rf /")
	frame := f.waitFor("CRITICAL", "deletes everything under /", "(edited)")
	if strings.Contains(frame, "SAFE") || strings.Contains(frame, "Lists the files here") {
		t.Errorf("the old verdict or explanation stands under the edit:\n%s", frame)
	}
	// Back to a safe command: the verdict follows without Enter.
	f.press("ctrl+u")
	f.tm.Type("echo hi")
	f.waitUntil("a safe verdict for echo hi", func(frame string) bool {
		return strings.Contains(frame, "SAFE") && !strings.Contains(frame, "CRITICAL")
	})
}
