package ipc

import (
	"context"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MaxPatternLimit bounds one page of patterns.
const MaxPatternLimit = 1000

// SearchPatterns lists the local and team patterns whose name, description, tags or command contain
// every word of search (all of them when it is blank), the most used first.
func (c *Client) SearchPatterns(ctx context.Context, search string, limit int) ([]Pattern, error) {
	v := url.Values{}
	if search = strings.TrimSpace(search); search != "" {
		v.Set("q", search)
	}
	if limit > 0 {
		v.Set("limit", strconv.Itoa(limit))
	}
	path := "/v1/patterns"
	if len(v) > 0 {
		path += "?" + v.Encode()
	}
	var list PatternList
	err := c.do(ctx, call{method: "GET", path: path}, &list)
	return list.Patterns, err
}

// SavePattern stores a local pattern (POST /v1/patterns): a new one without an ID or under a new name,
// else it replaces the one with that ID or name. It returns the pattern as stored.
func (c *Client) SavePattern(ctx context.Context, p Pattern) (Pattern, error) {
	var out Pattern
	err := c.do(ctx, call{method: "POST", path: "/v1/patterns", body: encode(p)}, &out)
	return out, err
}

// DeletePattern removes a local pattern; a missing one is an error that IsNotFound matches.
func (c *Client) DeletePattern(ctx context.Context, id string) error {
	return c.do(ctx, call{method: "DELETE", path: "/v1/patterns/" + url.PathEscape(id)}, nil)
}

// UsePattern counts one use of a pattern and returns it with the new count.
func (c *Client) UsePattern(ctx context.Context, id string) (Pattern, error) {
	var out Pattern
	err := c.do(ctx, call{method: "POST", path: "/v1/patterns/" + url.PathEscape(id) + "/use"}, &out)
	return out, err
}

// explainWait bounds the wait for an explanation: the daemon gives a model 20 seconds to explain, and
// a cold model may have to load first.
const explainWait = time.Minute

// Explain asks for a longer explanation of a command.
func (c *Client) Explain(ctx context.Context, req ExplainRequest) (Explanation, error) {
	var out Explanation
	err := c.do(ctx, call{method: "POST", path: "/v1/explain", body: encode(req), wait: explainWait}, &out)
	return out, err
}

// DecodePattern reads a pattern to save and checks that it has a name and a command; the daemon's
// store checks its parameters against the template.
func DecodePattern(r io.Reader) (Pattern, error) {
	var p Pattern
	if err := decodeJSON(r, &p); err != nil {
		return Pattern{}, err
	}
	p.Name, p.Command = strings.TrimSpace(p.Name), strings.TrimSpace(p.Command)
	switch {
	case p.Name == "":
		return Pattern{}, badRequest("a pattern needs a name")
	case p.Command == "":
		return Pattern{}, badRequest("a pattern needs a command")
	case len(p.Command) > MaxCommandBytes:
		return Pattern{}, badRequest("command is %d bytes; the limit is %d", len(p.Command), MaxCommandBytes)
	}
	return p, nil
}

// DecodeExplain reads and validates an explanation request.
func DecodeExplain(r io.Reader) (ExplainRequest, error) {
	var req ExplainRequest
	if err := decodeJSON(r, &req); err != nil {
		return ExplainRequest{}, err
	}
	switch {
	case strings.TrimSpace(req.Command) == "":
		return ExplainRequest{}, badRequest("command is empty")
	case len(req.Command) > MaxCommandBytes:
		return ExplainRequest{}, badRequest("command is %d bytes; the limit is %d", len(req.Command), MaxCommandBytes)
	case req.Shell != "" && !slices.Contains(Shells, req.Shell):
		return ExplainRequest{}, badRequest("unknown shell %q (want bash, zsh, fish or sh)", req.Shell)
	}
	return req, nil
}
