package ipc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// Client talks to the daemon. The zero value uses the default socket and never starts a daemon; set
// Autostart to start one when none answers. A Client is safe for concurrent use; do not copy it after
// first use.
type Client struct {
	// Socket is the daemon's socket; empty means SocketPath().
	Socket string
	// Autostart starts a daemon in the background and returns once it has been launched (or once it
	// answers); nil means the client never starts one. The client calls it under a lock shared by every
	// client of this socket, then waits for the daemon to answer.
	Autostart func(ctx context.Context) error
	// StartTimeout bounds the wait for a started or restarted daemon; zero means 10 seconds.
	StartTimeout time.Duration

	once sync.Once
	hc   *http.Client
}

// baseURL is the URL prefix of every request; the host part is ignored by the Unix-socket dialer.
const baseURL = "http://cmdai"

func (c *Client) socket() string {
	if c.Socket != "" {
		return c.Socket
	}
	return SocketPath()
}

func (c *Client) startTimeout() time.Duration {
	if c.StartTimeout > 0 {
		return c.StartTimeout
	}
	return 10 * time.Second
}

func (c *Client) http() *http.Client {
	c.once.Do(func() {
		socket := c.socket()
		c.hc = &http.Client{Transport: &http.Transport{
			DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, "unix", socket)
			},
			MaxIdleConns:        16,
			MaxIdleConnsPerHost: 16,
			IdleConnTimeout:     30 * time.Second,
			DisableCompression:  true,
		}}
	})
	return c.hc
}

// Close releases idle connections.
func (c *Client) Close() {
	if c.hc != nil {
		c.hc.CloseIdleConnections()
	}
}

// call describes one request.
type call struct {
	method, path string
	body         []byte
	// control calls (status, shutdown) neither start nor restart a daemon: they ask about the one there is.
	control bool
}

// do sends a request and decodes a JSON answer into out (unless out is nil).
func (c *Client) do(ctx context.Context, cl call, out any) error {
	resp, err := c.send(ctx, cl)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("read the daemon's answer to %s: %w", cl.path, err)
	}
	return nil
}

// send performs the request, starting the daemon when none answers and restarting one that speaks an
// older protocol. A non-2xx answer comes back as *Error.
func (c *Client) send(ctx context.Context, cl call) (*http.Response, error) {
	resp, err := c.roundTrip(ctx, cl)
	switch {
	case err == nil && !cl.control && parseVersion(resp.Header.Get(VersionHeader)) < ProtocolVersion:
		resp.Body.Close()
		if err := c.restart(ctx); err != nil {
			return nil, err
		}
		resp, err = c.roundTrip(ctx, cl)
	case err != nil && isDialError(err) && !cl.control && c.Autostart != nil:
		if err := c.start(ctx); err != nil {
			return nil, err
		}
		resp, err = c.roundTrip(ctx, cl)
	}
	if err != nil {
		if isDialError(err) {
			return nil, &unavailableError{socket: c.socket(), err: dialCause(err)}
		}
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		defer resp.Body.Close()
		return nil, readError(resp)
	}
	return resp, nil
}

func (c *Client) roundTrip(ctx context.Context, cl call) (*http.Response, error) {
	var body io.Reader
	if cl.body != nil {
		body = bytes.NewReader(cl.body)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, baseURL+cl.path, body)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	if cl.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set(VersionHeader, fmt.Sprint(ProtocolVersion))
	resp, err := c.http().Do(req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, err
	}
	return resp, nil
}

// readError turns a failed response into *Error.
func readError(resp *http.Response) error {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	var er ErrorResponse
	if err := json.Unmarshal(data, &er); err != nil || er.Error.Code == "" {
		msg := string(bytes.TrimSpace(data))
		if msg == "" {
			msg = resp.Status
		}
		return &Error{Status: resp.StatusCode, Code: CodeInternal, Message: "daemon: " + msg}
	}
	return &Error{Status: resp.StatusCode, Code: er.Error.Code, Message: er.Error.Message}
}

// isDialError reports whether err means nothing listens on the socket (missing, refused, not a socket).
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

func dialCause(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err
	}
	return err
}

func encode(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		// Every wire type marshals; a failure here is a programming error.
		panic(fmt.Sprintf("ipc: encode %T: %v", v, err))
	}
	return data
}
