package offline

import (
	"testing"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline/recall"
)

// TestAgreementLiftsUnsureReadings: a reading the catalogue is unsure of is offered when the requests
// most like it were answered the same way, and never when a guard capped it (here a host left unfilled).
func TestAgreementLiftsUnsureReadings(t *testing.T) {
	a, _, err := recall.BuildAgreement([]recall.Example{
		{Request: "which process is using port 8080", Commands: []string{"lsof -i :8080"}},
		{Request: "who is holding port 3000, the server says address already in use", Commands: []string{"lsof -i :3000"}},
		{Request: "what is listening on port 5432", Commands: []string{"lsof -i :5432"}},
		{Request: "is example.com reachable from here", Commands: []string{"ping -c 4 example.com"}},
		{Request: "check if the router is reachable", Commands: []string{"ping -c 4 192.168.1.1"}},
		{Request: "how much space is left on the disks", Commands: []string{"df -h"}},
		{Request: "remove the log files older than two weeks in /var/log/app", Commands: []string{"find /var/log/app -name '*.log' -mtime +14 -exec rm {} \\;"}},
		{Request: "old log files in /srv/logs can go, delete the ones older than 14 days", Commands: []string{"find /srv/logs -name '*.log' -mtime +14 -exec rm {} \\;"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e := testEngine(t)
	for _, tc := range []struct {
		prompt, want string
		lifted       bool
	}{
		{"Who's holding port 7777 on the build box? The dedicated server won't come up and its log says 'bind: address already in use'.", "lsof -i :7777", true},
		// ping's host is a placeholder: agreement does not make an unfilled command an answer.
		{"check if google is reachable", "ping -c 4 HOST", false},
		// A second opinion never offers to remove what the engine is unsure of.
		{"Logs older than two weeks in /var/log/myapp can go, remove those old log files from there", "find /var/log/myapp -name '*.log' -mtime +14 -exec rm {} \\;", false},
	} {
		req := models.Request{Prompt: tc.prompt, OS: "linux", Shell: "bash"}
		alone := e.WithAgreement(nil).Answer(req)
		if alone.Command != tc.want || Offered(alone) {
			t.Fatalf("%q without agreement: %q at %.2f, want %q unsure (the case no longer tests the lift)", tc.prompt, alone.Command, alone.Confidence, tc.want)
		}
		got := e.WithAgreement(a).Answer(req)
		if got.Command != tc.want || Offered(got) != tc.lifted {
			t.Errorf("%q with agreement: %q at %.2f, want %q offered=%v", tc.prompt, got.Command, got.Confidence, tc.want, tc.lifted)
		}
	}
}
