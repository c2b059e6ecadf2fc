package prompt

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"unicode"
)

// ErrUnparsable is what every Parse error matches with errors.Is: the model's reply holds no command.
var ErrUnparsable = errors.New("the model's reply holds no command")

// ParseError says why a reply could not be read; Output is the reply (cut to a readable length) for logs.
type ParseError struct {
	Reason string
	Output string
}

func (e *ParseError) Error() string {
	return "cannot read a command from the model's reply: " + e.Reason
}

// Unwrap makes errors.Is(err, ErrUnparsable) hold.
func (e *ParseError) Unwrap() error { return ErrUnparsable }

// Limits that keep Parse cheap on long or hostile replies.
const (
	maxObjectStarts = 64   // '{' positions tried as the start of a JSON object
	maxCommandLen   = 8192 // longer "commands" are runaway generations, not answers
	maxExplanation  = 400
)

// Parse reads a command and its explanation from a model's reply. It accepts, in order of preference: a
// JSON object with a "command" key (bare, fenced, inside prose, or cut off after the command), a fenced
// code block, a `$ cmd` line, an inline `code span`, and a line that reads as a command among prose.
// A reply with none of these fails with a *ParseError.
func Parse(text string) (command, explanation string, err error) {
	t := strings.TrimSpace(stripThinking(strings.ReplaceAll(text, "\r\n", "\n")))
	fail := func(reason string) (string, string, error) {
		return "", "", &ParseError{Reason: reason, Output: truncate(strings.TrimSpace(text), 500)}
	}
	if t == "" {
		return fail("the reply is empty")
	}
	cmd, expl, found, why := fromJSON(t)
	if !found {
		cmd, expl, found = fromFence(t)
	}
	if !found {
		cmd, expl, found = fromPromptLine(t)
	}
	if !found {
		cmd, expl, found = fromCodeSpan(t)
	}
	if !found {
		cmd, expl, found = fromLines(t)
	}
	if !found {
		if why != "" {
			return fail(why)
		}
		if strings.Contains(t, "\n\n") {
			return fail("the reply is prose in several paragraphs with no command in it")
		}
		return fail("the reply is prose with no command in it")
	}
	cmd = cleanCommand(cmd)
	switch {
	case cmd == "":
		return fail("the command is empty")
	case len(cmd) > maxCommandLen:
		return fail("the command is longer than any real one-line command")
	case strings.ContainsRune(cmd, 0):
		return fail("the command holds a NUL byte")
	}
	return cmd, cleanExplanation(expl), nil
}

// stripThinking drops <think>…</think> sections that reasoning models put before their answer.
func stripThinking(s string) string {
	for {
		i := strings.Index(s, "<think>")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], "</think>")
		if j < 0 {
			return s[:i]
		}
		s = s[:i] + s[i+j+len("</think>"):]
	}
}

// fromJSON finds the first JSON object with a string "command" (or "cmd") among the '{' in s, so prose
// and fences around it do not matter. A reply cut off after the command's string still yields it. why is
// set when a JSON answer was found but holds no usable command.
func fromJSON(s string) (cmd, expl string, found bool, why string) {
	tries := 0
	for i := 0; i < len(s) && tries < maxObjectStarts; i++ {
		if s[i] != '{' {
			continue
		}
		tries++
		var obj map[string]json.RawMessage
		dec := json.NewDecoder(strings.NewReader(s[i:]))
		if err := dec.Decode(&obj); err != nil {
			if c, ok := salvageCommand(s[i:]); ok {
				return c, salvageString(s[i:], "explanation"), true, ""
			}
			continue
		}
		raw, key := obj["command"], "command"
		if raw == nil {
			raw, key = obj["cmd"], "cmd"
		}
		if raw == nil {
			continue
		}
		if err := json.Unmarshal(raw, &cmd); err != nil {
			why = "the JSON answer's " + key + " is not a string"
			continue
		}
		_ = json.Unmarshal(obj["explanation"], &expl)
		if strings.TrimSpace(cmd) == "" {
			return "", "", false, "the JSON answer has an empty command"
		}
		return cmd, expl, true, ""
	}
	return "", "", false, why
}

var commandKey = regexp.MustCompile(`^\{\s*"(?:command|cmd)"\s*:\s*"`)

// salvageCommand reads the command from a JSON object cut off later on ({"command": "ls -la",
// "explanation": "Lists). The command's own string must be complete: half a command is no answer.
func salvageCommand(obj string) (string, bool) {
	loc := commandKey.FindStringIndex(obj)
	if loc == nil {
		return "", false
	}
	return readString(obj[loc[1]-1:])
}

// salvageString reads key's string from a possibly cut-off object; it is empty when it was cut.
func salvageString(obj, key string) string {
	re := regexp.MustCompile(`"` + regexp.QuoteMeta(key) + `"\s*:\s*"`)
	loc := re.FindStringIndex(obj)
	if loc == nil {
		return ""
	}
	v, _ := readString(obj[loc[1]-1:])
	return v
}

// readString decodes the JSON string literal at the start of s (s[0] is its opening quote).
func readString(s string) (string, bool) {
	for j := 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			var v string
			if json.Unmarshal([]byte(s[:j+1]), &v) != nil {
				return "", false
			}
			return v, true
		}
	}
	return "", false
}

var fence = regexp.MustCompile("(?s)```[ \t]*([A-Za-z0-9_+.-]*)[^\n]*\n(.*?)(?:\n[ \t]*```|$)")

// fromFence takes the first fenced code block that is not JSON; the prose around it explains it.
func fromFence(s string) (cmd, expl string, found bool) {
	for _, m := range fence.FindAllStringSubmatchIndex(s, -1) {
		lang := strings.ToLower(s[m[2]:m[3]])
		if lang == "json" || lang == "text" || lang == "output" || lang == "console-output" {
			continue
		}
		body := codeLines(s[m[4]:m[5]])
		if body == "" {
			continue
		}
		return body, proseAround(s[:m[0]], s[m[1]:]), true
	}
	return "", "", false
}

// codeLines keeps what runs in a code block: comment and blank lines go, and when some lines carry a
// `$ ` prompt only those do (the others are the output shown with them).
func codeLines(block string) string {
	lines := strings.Split(block, "\n")
	var prompted, plain []string
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		trimmed := strings.TrimSpace(l)
		if trimmed == "" || strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "#") && !strings.HasPrefix(trimmed, "#!") {
			continue
		}
		if c, ok := cutPrompt(trimmed); ok {
			prompted = append(prompted, c)
			continue
		}
		plain = append(plain, l)
	}
	if len(prompted) > 0 {
		return strings.Join(prompted, "\n")
	}
	return strings.TrimSpace(dedent(plain))
}

// dedent removes the indentation every line shares, keeping a loop's inner indentation.
func dedent(lines []string) string {
	common := -1
	for _, l := range lines {
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if common < 0 || n < common {
			common = n
		}
	}
	for i, l := range lines {
		lines[i] = l[max(common, 0):]
	}
	return strings.Join(lines, "\n")
}

func cutPrompt(line string) (string, bool) {
	for _, p := range []string{"$ ", "% ", "> "} {
		if c, ok := strings.CutPrefix(line, p); ok && strings.TrimSpace(c) != "" {
			return strings.TrimSpace(c), true
		}
	}
	return "", false
}

// fromPromptLine takes the first `$ cmd` line.
func fromPromptLine(s string) (cmd, expl string, found bool) {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if c, ok := strings.CutPrefix(strings.TrimSpace(l), "$ "); ok && strings.TrimSpace(c) != "" {
			return c, proseAround(strings.Join(lines[:i], "\n"), strings.Join(lines[i+1:], "\n")), true
		}
	}
	return "", "", false
}

var codeSpan = regexp.MustCompile("`([^`\n]+)`")

// fromCodeSpan takes the first inline `code` span that holds more than one word, as in
// "Run `ls -la` to see hidden files."; a lone word is usually a tool's name, not the answer.
func fromCodeSpan(s string) (cmd, expl string, found bool) {
	for _, m := range codeSpan.FindAllStringSubmatchIndex(s, -1) {
		c := strings.TrimSpace(s[m[2]:m[3]])
		if strings.ContainsAny(c, " \t") && commandLike(c) {
			return c, s, true
		}
	}
	return "", "", false
}

// fromLines takes the first line that reads as a command rather than a sentence; the other lines
// explain it. A reply of several paragraphs of prose has no such line.
func fromLines(s string) (cmd, expl string, found bool) {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if commandLike(l) {
			return l, proseAround(strings.Join(lines[:i], "\n"), strings.Join(lines[i+1:], "\n")), true
		}
	}
	return "", "", false
}

var (
	// commandWord is what a command line starts with: a name or path, an assignment, or shell syntax.
	commandWord = regexp.MustCompile(`^(?:[A-Za-z_][A-Za-z0-9_]*=\S*|[./~]*[A-Za-z0-9_][A-Za-z0-9_.+/@:-]*|\[\[?|\(\(?|\{|!|\.)$`)
	// sentenceStart is a capitalised word followed by a lowercase one, as prose begins.
	sentenceStart = regexp.MustCompile(`^[A-Z][a-z']*[,:]?\s+[a-z]`)
)

// proseStarters begin replies that talk about the answer instead of giving it.
var proseStarters = []string{"i ", "i'", "sure", "here", "this ", "the ", "to ", "you ", "note", "certainly",
	"unfortunately", "sorry", "as an", "please", "explanation", "it ", "in order", "that ", "we ", "let's", "okay", "ok,"}

// commandLike reports whether a line reads as a shell command rather than a sentence.
func commandLike(l string) bool {
	l = strings.TrimSpace(l)
	if l == "" || len(l) > maxCommandLen {
		return false
	}
	fields := strings.Fields(l)
	if !commandWord.MatchString(fields[0]) {
		return false
	}
	lower := strings.ToLower(l)
	for _, p := range proseStarters {
		if strings.HasPrefix(lower, p) {
			return false
		}
	}
	if len(fields) >= 3 && sentenceStart.MatchString(l) {
		return false
	}
	if strings.HasSuffix(l, ":") {
		return false
	}
	if last := l[len(l)-1]; (last == '.' || last == '!' || last == '?') && len(fields) >= 3 && !strings.ContainsAny(l, "-/|$*'\"=<>;&") {
		return false
	}
	// Many plain words with no shell syntax at all is a sentence without a capital.
	if len(fields) >= 7 && !strings.ContainsAny(l, "-/|$*'\"=<>;&.~{}()[]") {
		return false
	}
	return true
}

// proseAround is the explanation from the text before and after an answer: the text after it when there
// is some (it usually describes the command), else the text before.
func proseAround(before, after string) string {
	if p := firstParagraph(after); p != "" {
		return p
	}
	return firstParagraph(before)
}

func firstParagraph(s string) string {
	for _, p := range strings.Split(strings.TrimSpace(s), "\n\n") {
		if p = strings.TrimSpace(p); p != "" && !strings.HasPrefix(p, "```") {
			return p
		}
	}
	return ""
}

// cleanCommand strips what wraps a command in chat replies: backticks, a fence inside a JSON string,
// a `$ ` prompt.
func cleanCommand(c string) string {
	c = strings.TrimSpace(c)
	if strings.HasPrefix(c, "```") {
		if body, _, ok := fromFence(c); ok {
			c = body
		} else {
			c = strings.Trim(c, "`")
		}
	}
	if len(c) >= 2 && c[0] == '`' && c[len(c)-1] == '`' && !strings.Contains(c[1:len(c)-1], "`") {
		c = c[1 : len(c)-1]
	}
	if p, ok := cutPrompt(strings.TrimSpace(c)); ok && !strings.Contains(c, "\n") {
		c = p
	}
	return strings.TrimSpace(c)
}

var markdownNoise = strings.NewReplacer("**", "", "__", "", "`", "")

// cleanExplanation makes an explanation one plain line: no markdown emphasis, no "Explanation:" label,
// no line breaks, of a readable length.
func cleanExplanation(e string) string {
	e = markdownNoise.Replace(e)
	e = strings.Join(strings.Fields(e), " ")
	for _, label := range []string{"Explanation:", "explanation:", "Explanation -"} {
		e = strings.TrimSpace(strings.TrimPrefix(e, label))
	}
	e = strings.TrimRightFunc(e, func(r rune) bool { return r == ':' || unicode.IsSpace(r) })
	return truncate(e, maxExplanation)
}
