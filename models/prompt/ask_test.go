package prompt

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

func TestAskRefinesOnce(t *testing.T) {
	req := models.Request{Prompt: "list files", Shell: "bash", OS: "linux"}
	for name, tc := range map[string]struct {
		replies []string
		want    string
		calls   int
		errPart string
	}{
		"first reply parses": {[]string{`{"command":"ls -l","explanation":"list"}`}, "ls -l", 1, ""},
		"second try parses":  {[]string{"I am not sure what you mean.", `{"command":"ls","explanation":"list"}`}, "ls", 2, ""},
		"both fail":          {[]string{"I am not sure what you mean.", "Sorry, I do not understand the question."}, "", 2, "m answered twice with no usable command"},
	} {
		t.Run(name, func(t *testing.T) {
			var calls int
			var convs [][]Message
			chat := func(_ context.Context, msgs []Message, onToken models.TokenFunc) (string, error) {
				convs = append(convs, msgs)
				r := tc.replies[calls]
				calls++
				onToken(r)
				return r, nil
			}
			var streamed strings.Builder
			cmd, _, err := Ask(context.Background(), req, chat, func(s string) { streamed.WriteString(s) }, nil, "m")
			if calls != tc.calls || cmd != tc.want {
				t.Fatalf("calls %d, command %q; want %d, %q (err %v)", calls, cmd, tc.calls, tc.want, err)
			}
			if tc.errPart != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errPart) || !errors.Is(err, ErrUnparsable) {
					t.Fatalf("err = %v, want it to say %q and match ErrUnparsable", err, tc.errPart)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if calls == 2 {
				last := convs[1][len(convs[1])-1]
				if len(convs[1]) <= len(convs[0]) || last.Role != RoleUser {
					t.Errorf("the second try is not the refine conversation: %+v", convs[1])
				}
				if !strings.Contains(streamed.String(), tc.replies[0]+"\n"+tc.replies[1]) {
					t.Errorf("the stream does not set the two tries apart: %q", streamed.String())
				}
			}
		})
	}
	boom := errors.New("connection reset")
	_, _, err := Ask(context.Background(), req, func(context.Context, []Message, models.TokenFunc) (string, error) {
		return "", boom
	}, nil, nil, "m")
	if !errors.Is(err, boom) {
		t.Errorf("a failed chat: err = %v", err)
	}
}
