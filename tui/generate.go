package tui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/ipc"
)

// TokenMsg is streamed output of generation ID.
type TokenMsg struct {
	ID   int
	Text string
}

// AnswerMsg ends generation ID with the daemon's answer or an error.
type AnswerMsg struct {
	ID     int
	Result ipc.GenerateResult
	Err    error
}

// localFunc answers a request in the client's own process.
type localFunc = func(ctx context.Context, req ipc.GenerateRequest, onToken func(string)) (ipc.GenerateResult, error)

// generation is one request in flight. Cancelling it closes the connection, which cancels the work in
// the daemon.
type generation struct {
	id      int
	prompt  string
	started time.Time
	cancel  context.CancelFunc
	tokens  chan string
	text    []byte
}

// startGeneration returns the request and the commands that run it and relay its tokens; when no daemon
// can be reached or started, local answers it in this process, if set. The request's goroutine is the
// one tea runs the command in: it ends when Generate returns, which cancel forces.
func startGeneration(parent context.Context, c *ipc.Client, local localFunc, id int, req ipc.GenerateRequest, now time.Time) (*generation, tea.Cmd) {
	ctx, cancel := context.WithCancel(parent)
	g := &generation{id: id, prompt: req.Prompt, started: now, cancel: cancel, tokens: make(chan string, 256)}
	run := func() tea.Msg {
		defer close(g.tokens)
		onToken := func(tok string) {
			select {
			case g.tokens <- tok:
			case <-ctx.Done():
			}
		}
		res, err := c.Generate(ctx, req, onToken)
		if errors.Is(err, ipc.ErrDaemonUnavailable) && local != nil && ctx.Err() == nil {
			res, err = local(ctx, req, onToken)
		}
		return AnswerMsg{ID: id, Result: res, Err: err}
	}
	return g, tea.Batch(run, g.nextToken)
}

// nextToken waits for the next streamed token; it returns nil once the stream is over.
func (g *generation) nextToken() tea.Msg {
	tok, ok := <-g.tokens
	if !ok {
		return nil
	}
	return TokenMsg{ID: g.id, Text: tok}
}

// streamed is the tail of what the backend has said so far, for the progress line.
func (g *generation) streamed(limit int) string {
	s := []rune(string(g.text))
	if len(s) > limit {
		s = append([]rune{'…'}, s[len(s)-limit:]...)
	}
	return string(s)
}
