package ipc

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"time"
)

// Status asks the running daemon how it stands. It never starts one: with none running it returns an
// error that matches ErrDaemonUnavailable.
func (c *Client) Status(ctx context.Context) (Status, error) {
	var st Status
	err := c.do(ctx, call{method: "GET", path: "/v1/status", control: true}, &st)
	return st, err
}

// Shutdown asks the daemon to finish its requests and exit. It never starts one.
func (c *Client) Shutdown(ctx context.Context) error {
	return c.do(ctx, call{method: "POST", path: "/v1/shutdown", control: true}, nil)
}

// Generate asks for a command, passing streamed tokens to onToken (which may be nil) as they arrive.
// Cancelling ctx closes the connection, which cancels the generation in the daemon. A stream may go
// quiet for long (queued behind other requests, a model loading); when it does, the client checks that
// the daemon still answers, and gives up with an error that matches ErrDaemonNotResponding when not.
func (c *Client) Generate(ctx context.Context, req GenerateRequest, onToken func(string)) (GenerateResult, error) {
	sctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil) // ends watchQuiet's goroutine
	resp, err := c.send(sctx, call{method: "POST", path: "/v1/generate", body: encode(req)})
	if err != nil {
		return GenerateResult{}, err
	}
	defer resp.Body.Close()
	res, err := readEvents(resp.Body, c.watchQuiet(sctx, cancel), onToken)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return GenerateResult{}, ctxErr
		}
		var nr *notRespondingError
		if cause := context.Cause(sctx); errors.As(cause, &nr) {
			return GenerateResult{}, cause
		}
	}
	return res, err
}

// defaultQuietCheck is how long a generation stream may stay silent before the client checks on the
// daemon: long enough that a daemon at work is rarely asked, short enough that a person whose daemon
// was stopped mid-answer is not kept waiting.
const defaultQuietCheck = 5 * time.Second

// watchQuiet starts a goroutine that, after every quiet stretch of the stream, asks whether the daemon
// still answers, and cancels ctx with the reason when it does not. It returns the function to call on
// each event. The goroutine ends with ctx.
func (c *Client) watchQuiet(ctx context.Context, cancel context.CancelCauseFunc) (event func()) {
	quiet := cmp.Or(c.quietCheck, defaultQuietCheck)
	events := make(chan struct{}, 1)
	go func() {
		t := time.NewTimer(quiet)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-events:
			case <-t.C:
				if err := c.Probe(ctx); errors.Is(err, ErrDaemonNotResponding) {
					cancel(err)
					return
				}
			}
			t.Reset(quiet)
		}
	}()
	return func() {
		select {
		case events <- struct{}{}:
		default: // one pending is enough
		}
	}
}

// readEvents reads a generation's events up to its result or error, calling event on each.
func readEvents(body io.Reader, event func(), onToken func(string)) (GenerateResult, error) {
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		event()
		var ev Event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			return GenerateResult{}, fmt.Errorf("read the daemon's answer: %w", err)
		}
		switch ev.Type {
		case EventToken:
			if onToken != nil {
				onToken(ev.Token)
			}
		case EventResult:
			if ev.Result == nil {
				return GenerateResult{}, fmt.Errorf("read the daemon's answer: result event without a result")
			}
			return *ev.Result, nil
		case EventError:
			if ev.Error == nil {
				return GenerateResult{}, &Error{Status: 200, Code: CodeInternal, Message: "the daemon reported an error without saying which"}
			}
			return GenerateResult{}, &Error{Status: 200, Code: ev.Error.Code, Message: ev.Error.Message,
				Alternatives: ev.Error.Alternatives, Readings: ev.Error.Readings}
		}
	}
	if err := sc.Err(); err != nil {
		return GenerateResult{}, fmt.Errorf("read the daemon's answer: %w", err)
	}
	return GenerateResult{}, fmt.Errorf("the daemon closed the stream before answering: see its log")
}

// Check asks for the safety verdict of a command.
func (c *Client) Check(ctx context.Context, req CheckRequest) (CheckResult, error) {
	var res CheckResult
	err := c.do(ctx, call{method: "POST", path: "/v1/check", body: encode(req)}, &res)
	return res, err
}

// History lists or searches history entries.
func (c *Client) History(ctx context.Context, q HistoryQuery) ([]HistoryEntry, error) {
	v := url.Values{}
	if q.Search != "" {
		v.Set("q", q.Search)
	}
	if q.Cwd != "" {
		v.Set("cwd", q.Cwd)
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	path := "/v1/history"
	if len(v) > 0 {
		path += "?" + v.Encode()
	}
	var list HistoryList
	err := c.do(ctx, call{method: "GET", path: path}, &list)
	return list.Entries, err
}

// HistoryEntry fetches one entry; a missing one is an error that IsNotFound matches.
func (c *Client) HistoryEntry(ctx context.Context, id string) (HistoryEntry, error) {
	var e HistoryEntry
	err := c.do(ctx, call{method: "GET", path: "/v1/history/" + url.PathEscape(id)}, &e)
	return e, err
}

// DeleteHistory removes one entry; a missing one is an error that IsNotFound matches.
func (c *Client) DeleteHistory(ctx context.Context, id string) error {
	return c.do(ctx, call{method: "DELETE", path: "/v1/history/" + url.PathEscape(id)}, nil)
}

// RecordExit stores how the command of entry id ended after the person ran it.
func (c *Client) RecordExit(ctx context.Context, id string, req ExitRequest) error {
	return c.do(ctx, call{method: "POST", path: "/v1/history/" + url.PathEscape(id) + "/exit", body: encode(req)}, nil)
}

// Patterns lists the cached team patterns.
func (c *Client) Patterns(ctx context.Context) ([]Pattern, error) {
	var list PatternList
	err := c.do(ctx, call{method: "GET", path: "/v1/patterns"}, &list)
	return list.Patterns, err
}

// ReloadConfig makes the daemon read its config file now; a broken file is an error naming the line,
// and the daemon keeps its previous settings.
func (c *Client) ReloadConfig(ctx context.Context) error {
	return c.do(ctx, call{method: "POST", path: "/v1/config/reload"}, nil)
}
