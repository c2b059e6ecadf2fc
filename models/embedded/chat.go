package embedded

import "github.com/cmdai/cmdai/models/prompt"

// chatFormat is how a model expects a conversation laid out.
type chatFormat int

const (
	// chatML is <|im_start|>role\ncontent<|im_end|>\n (Qwen2.5-Coder and most small instruct models).
	chatML chatFormat = iota
	// llama3 is <|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>.
	llama3
)

func (f chatFormat) String() string {
	if f == llama3 {
		return "llama3"
	}
	return "chatml"
}

// segment is a piece of a rendered conversation. Special segments are the format's markers and are
// tokenized as control tokens; the messages' text never is, so a request cannot forge a turn.
type segment struct {
	text    string
	special bool
}

// render lays msgs out in format f and opens the assistant's turn.
func render(f chatFormat, msgs []prompt.Message) []segment {
	var out []segment
	for _, m := range msgs {
		switch f {
		case llama3:
			out = append(out,
				segment{"<|start_header_id|>", true}, segment{m.Role, false},
				segment{"<|end_header_id|>", true}, segment{"\n\n" + m.Content, false},
				segment{"<|eot_id|>", true})
		default:
			out = append(out,
				segment{"<|im_start|>", true}, segment{m.Role + "\n" + m.Content, false},
				segment{"<|im_end|>", true}, segment{"\n", false})
		}
	}
	if f == llama3 {
		return append(out, segment{"<|start_header_id|>", true}, segment{"assistant", false},
			segment{"<|end_header_id|>", true}, segment{"\n\n", false})
	}
	return append(out, segment{"<|im_start|>", true}, segment{"assistant\n", false})
}
