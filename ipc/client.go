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
	// client of this socket, then waits for the daemon to answer. An error that matches
	// ErrAlreadyRunning means another daemon holds the lock: the client waits for that one instead.
	Autostart func(ctx context.Context) error
	// StartTimeout bounds the wait for a started or restarted daemon; zero means 10 seconds.
	StartTimeout time.Duration
	// HeaderTimeout bounds the wait for each answer to begin, connecting included: a daemon that takes
	// longer is stopped or stuck, and the call fails with an error that matches ErrDaemonNotResponding.
	// Zero means DefaultHeaderTimeout. A generation's stream is bounded only until its header, which the
	// daemon sends before it queues or loads a model; while the stream is quiet, the client checks that
	// the daemon still answers (Generate).
	HeaderTimeout time.Duration

	// quietCheck is how long a generation stream may stay silent before the client checks on the
	// daemon; zero means defaultQuietCheck (tests shorten it).
	quietCheck time.Duration

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

// DefaultHeaderTimeout is how long a client waits for an answer to begin. The daemon answers status,
// history and checks in milliseconds and sends a generation's header before any slow work, so a daemon
// silent for this long is not going to answer.
const DefaultHeaderTimeout = 3 * time.Second

func (c *Client) headerTimeout(cl call) time.Duration {
	if cl.wait > 0 {
		return cl.wait
	}
	if c.HeaderTimeout > 0 {
		return c.HeaderTimeout
	}
	return DefaultHeaderTimeout
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
	// wait replaces the client's header timeout for routes whose answer takes long by design (an
	// explanation by a model, a sync round), each bounded by the daemon.
	wait time.Duration
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
		if _, err := c.start(ctx); err != nil {
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

// roundTrip sends one request and returns once the answer's header has arrived. The wait for the header
// is bounded (headerTimeout); the body, a generation's stream, is not: ctx alone bounds it.
func (c *Client) roundTrip(ctx context.Context, cl call) (*http.Response, error) {
	var body io.Reader
	if cl.body != nil {
		body = bytes.NewReader(cl.body)
	}
	rctx, cancel := context.WithCancelCause(ctx)
	wait := c.headerTimeout(cl)
	timer := time.AfterFunc(wait, func() { cancel(errNoHeader) })
	req, err := http.NewRequestWithContext(rctx, cl.method, baseURL+cl.path, body)
	if err != nil {
		timer.Stop()
		cancel(nil)
		return nil, fmt.Errorf("build request: %w", err)
	}
	if cl.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set(VersionHeader, fmt.Sprint(ProtocolVersion))
	injectTrace(ctx, req.Header)
	resp, err := c.http().Do(req)
	if !timer.Stop() {
		// The bound passed, perhaps just as the header arrived: the request's context is cancelled either way.
		if err == nil {
			resp.Body.Close()
		}
		cancel(nil)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, &notRespondingError{socket: c.socket(), pid: c.DaemonPID(), wait: wait}
	}
	if err != nil {
		cancel(nil)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: func() { cancel(nil) }}
	return resp, nil
}

// errNoHeader is the cause of a request cancelled because its answer did not begin in time.
var errNoHeader = errors.New("no answer in time")

// cancelOnClose releases a request's context when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel func()
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
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
