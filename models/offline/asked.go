package offline

import (
	"strings"

	"github.com/cmdai/cmdai/models"
)

// askedSentences is the part of a long request that asks, when the rest only tells the scene: "Ticket
// from the mail team: postfix on mx02 refuses to write new queue files ... It would be great to see inode
// usage for each mounted filesystem to confirm that." is read as its last sentence. It reports false when
// the request has one sentence, or when no sentence or every sentence asks.
func askedSentences(prompt string) (string, bool) {
	sents := splitSentences(prompt)
	if len(sents) < 2 {
		return "", false
	}
	var asked []string
	for _, s := range sents {
		if asksIn(s) {
			asked = append(asked, s)
		}
	}
	if len(asked) == 0 || len(asked) == len(sents) {
		return "", false
	}
	return strings.Join(asked, " "), true
}

// splitSentences cuts text after each ".", "?" or "!" that a blank follows, outside quotes.
func splitSentences(text string) []string {
	var out []string
	start := 0
	var quote rune
	rs := []rune(text)
	for i, r := range rs {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '`' || r == '\'' && (i == 0 || rs[i-1] == ' '):
			quote = r
		case (r == '.' || r == '?' || r == '!') && i+1 < len(rs) && rs[i+1] == ' ':
			if s := strings.TrimSpace(string(rs[start : i+1])); s != "" {
				out = append(out, s)
			}
			start = i + 1
		}
	}
	if s := strings.TrimSpace(string(rs[start:])); s != "" {
		out = append(out, s)
	}
	return out
}

// askMarkers are the phrases that make a sentence an ask, wherever they stand in it.
var askMarkers = []string{
	"i need a way to", "it would be great to", "it'd be great to", "would be nice to", "what would i run", "what do i run",
	"what's the command", "what is the command", "what's the right way", "how do i", "how can i", "how would i", "how should i",
	"is there a way to", "is there a command", "is there a one-liner", "could you", "can you", "can u", "would you", "please",
	"i'd like to", "i would like to", "i want to", "i wanna", "i need to", "give me", "show me", "tell me", "what would the",
	"what command", "which command", "i have to", "help me", "let me see", "i need the", "i need a ",
}

// asksIn reports whether sentence s asks for something rather than tells it.
func asksIn(s string) bool {
	l := " " + strings.ToLower(s) + " "
	for _, m := range askMarkers {
		if strings.Contains(l, " "+m) {
			return true
		}
	}
	first, _, _ := strings.Cut(strings.TrimSpace(strings.ToLower(s)), " ")
	return askWords[strings.Trim(first, ",:;")]
}

// askedOnly answers a long request from the sentences that ask, when the catalogue offers an answer to
// them alone; nil otherwise.
func (e *Engine) askedOnly(req models.Request) *models.Response {
	asked, ok := askedSentences(req.Prompt)
	if !ok {
		return nil
	}
	req.Prompt = asked
	c := e.catalogueCandidates(req, 1)
	if len(c) == 0 || !Offered(c[0]) {
		return nil
	}
	return &c[0]
}
