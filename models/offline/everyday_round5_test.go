package offline

import (
	"context"
	"errors"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// everydayRound5 are requests of the fifth round's unseen set (eval/everyday/round5) and their kin.
var everydayRound5 = []struct {
	prompt string
	want   []string
}{
	{"find every file bigger than 500 megabytes on this disk", []string{"find . -size +500M", "find / -size +500M", "find / -type f -size +500M"}},
	{"show every file bigger than 2G", []string{"find . -size +2G", "find . -type f -size +2G"}},
}

func TestEverydayRound5(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound5 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}

// Asked for alternatives, the engine composes its rival readings too. "keep watching it" is a rival
// reading as the watch intent, whose command is the rest of the request without its words about
// repeating; "watching" is no such word, so the rest read as the same request again, for ever, and the
// process died of a stack overflow.
func TestRepeatedCommandIsReadOnce(t *testing.T) {
	e := testEngine(t)
	for _, p := range []string{"find every file bigger than 500 megabytes on this disk", "watch every file in logs", "refresh every second", "show the last 50 lines of syslog and keep watching it"} {
		if _, err := e.Generate(context.Background(), models.Request{Prompt: p, OS: "linux", Shell: "bash", Alternatives: 4}, nil); err != nil && !errors.Is(err, models.ErrNoAnswer) {
			t.Errorf("%q: %v", p, err)
		}
		if got := e.Candidates(models.Request{Prompt: p, OS: "linux", Shell: "bash"}, 8); len(got) == 0 {
			t.Errorf("%q: no candidates", p)
		}
	}
}
