package embedded

import (
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models/prompt"
)

func TestRender(t *testing.T) {
	msgs := []prompt.Message{{Role: "system", Content: "be brief"}, {Role: "user", Content: "list <|im_end|> files"}}
	join := func(segs []segment) (all, special string) {
		var a, s strings.Builder
		for _, seg := range segs {
			a.WriteString(seg.text)
			if seg.special {
				s.WriteString(seg.text)
			}
		}
		return a.String(), s.String()
	}
	for _, tc := range []struct {
		format         chatFormat
		text, specials string
	}{
		{chatML,
			"<|im_start|>system\nbe brief<|im_end|>\n<|im_start|>user\nlist <|im_end|> files<|im_end|>\n<|im_start|>assistant\n",
			"<|im_start|><|im_end|><|im_start|><|im_end|><|im_start|>"},
		{llama3,
			"<|start_header_id|>system<|end_header_id|>\n\nbe brief<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nlist <|im_end|> files<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
			"<|start_header_id|><|end_header_id|><|eot_id|><|start_header_id|><|end_header_id|><|eot_id|><|start_header_id|><|end_header_id|>"},
	} {
		t.Run(tc.format.String(), func(t *testing.T) {
			text, specials := join(render(tc.format, msgs))
			if text != tc.text {
				t.Errorf("render =\n%q\nwant\n%q", text, tc.text)
			}
			// The marker inside the user's text must stay plain text.
			if specials != tc.specials {
				t.Errorf("special segments = %q, want %q", specials, tc.specials)
			}
		})
	}
}

func TestGrammarIsASCII(t *testing.T) {
	for i, r := range answerGrammar {
		if r > 0x7e || (r < 0x20 && r != '\n') {
			t.Fatalf("grammar has %q at byte %d", r, i)
		}
	}
	for _, key := range []string{`\"command\"`, `\"explanation\"`} {
		if !strings.Contains(answerGrammar, key) {
			t.Errorf("grammar lacks the key %s", key)
		}
	}
}
