package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cmdai/cmdai/cloud/api"
)

// Stop is how a server stops once it is told to (SIGTERM, or its context cancelled):
//
//  1. Draining is set, so /ready answers 503 and a load balancer takes the replica out of rotation; the
//     server keeps serving everything sent to it for Drain (DRAIN_PERIOD, sized to the balancer's
//     health-check interval times its failure count), and stops keeping connections alive.
//  2. It stops accepting: connections already waiting in the listen queue are still accepted and served,
//     then the listener closes once none has arrived for acceptQuiet.
//  3. It waits up to Timeout (SHUTDOWN_TIMEOUT) for the requests in flight to be answered.
//
// So no connection the kernel accepted for the server is reset without an answer.
type Stop struct {
	Drain    time.Duration
	Timeout  time.Duration
	Draining *atomic.Bool // set at step 1; nil: a private flag
}

// acceptQuiet is how long the listen queue must stay empty before the listener closes, and
// acceptQueuedMax bounds that wait for a client that keeps connecting.
const (
	acceptQuiet     = 100 * time.Millisecond
	acceptQueuedMax = 2 * time.Second
)

// Serve serves handler on ln until ctx is cancelled, then stops accepting connections and waits up to
// timeout for in-flight requests to finish (ServeWith with no drain period). It returns once the server
// has stopped.
func Serve(ctx context.Context, ln net.Listener, handler http.Handler, timeout time.Duration) error {
	return ServeWith(ctx, ln, handler, Stop{Timeout: timeout})
}

// ServeWith serves handler on ln until ctx is cancelled, then stops as stop says. Errors that net/http
// answers before any handler runs are written in the API's error body (api.EnvelopeListener).
func ServeWith(ctx context.Context, ln net.Listener, handler http.Handler, stop Stop) error {
	if stop.Draining == nil {
		stop.Draining = new(atomic.Bool)
	}
	var fresh atomic.Int64 // connections accepted whose first request has not been read yet
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ConnState:         freshCounter(&fresh),
	}
	gl := &gracefulListener{Listener: api.EnvelopeListener(ln), tcp: tcpListener(ln), stopping: make(chan struct{})}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(gl) }() // ends when gl stops accepting, below

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	stop.Draining.Store(true)
	if stop.Drain > 0 {
		srv.SetKeepAlivesEnabled(false)
		select {
		case <-time.After(stop.Drain):
		case err := <-served:
			return fmt.Errorf("serve: %w", err)
		}
	}
	close(gl.stopping)
	if err := <-served; !errors.Is(err, net.ErrClosed) && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	// A connection accepted at the very end gets to send its request before Shutdown, which would drop a
	// request read after it began.
	// A connection leaves StateNew just before net/http checks whether it is shutting down, so give the
	// last ones a moment past that check too.
	deadline := time.Now().Add(time.Second)
	for fresh.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	sctx, cancel := context.WithTimeout(context.Background(), stop.Timeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("drain in-flight requests: %w", err)
	}
	return nil
}

// freshCounter is a ConnState hook that counts connections between StateNew and their first request (or
// their close without one).
func freshCounter(fresh *atomic.Int64) func(net.Conn, http.ConnState) {
	var seen sync.Map // net.Conn → struct{}, while in StateNew
	return func(c net.Conn, s http.ConnState) {
		if s == http.StateNew {
			seen.Store(c, struct{}{})
			fresh.Add(1)
			return
		}
		if _, ok := seen.LoadAndDelete(c); ok {
			fresh.Add(-1)
		}
	}
}

// tcpListener is ln's *net.TCPListener, or nil.
func tcpListener(ln net.Listener) *net.TCPListener {
	t, _ := ln.(*net.TCPListener)
	return t
}

// gracefulListener stops accepting without refusing: once stopping is closed, Accept keeps taking the
// connections already queued, and closes the listener once the queue has been empty for acceptQuiet.
type gracefulListener struct {
	net.Listener
	tcp      *net.TCPListener // nil: close at once when stopping (no accept deadline to wait with)
	stopping chan struct{}
	accepted chan acceptResult
	closeBy  time.Time // set when stopping begins; Accept is called from one goroutine (http.Server.Serve)
}

type acceptResult struct {
	c   net.Conn
	err error
}

func (l *gracefulListener) Accept() (net.Conn, error) {
	select {
	case <-l.stopping:
		return l.acceptQueued()
	default:
	}
	if l.tcp == nil {
		return l.acceptOrStop()
	}
	// Wake up now and then to notice stopping; a deadline does not lose a queued connection.
	for {
		_ = l.tcp.SetDeadline(time.Now().Add(50 * time.Millisecond))
		c, err := l.Listener.Accept()
		if err == nil {
			return c, nil
		}
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			return nil, err
		}
		select {
		case <-l.stopping:
			return l.acceptQueued()
		default:
		}
	}
}

// acceptQueued takes what is still queued, then closes: new connection attempts are dropped first
// (refuseNewConnections), so the queue only empties; where that is not possible, the listener closes once
// the queue has been empty for acceptQuiet, or after acceptQueuedMax however many still arrive.
func (l *gracefulListener) acceptQueued() (net.Conn, error) {
	if l.closeBy.IsZero() {
		l.closeBy = time.Now().Add(acceptQueuedMax)
		if l.tcp != nil && refuseNewConnections(l.tcp) == nil {
			l.closeBy = time.Now().Add(time.Hour) // the queue can only shrink
		}
	}
	if l.tcp != nil && time.Now().Before(l.closeBy) {
		_ = l.tcp.SetDeadline(time.Now().Add(acceptQuiet))
		c, err := l.Listener.Accept()
		if err == nil {
			return c, nil
		}
	}
	_ = l.Listener.Close()
	return nil, net.ErrClosed
}

// acceptOrStop is Accept for a listener without deadlines: stopping closes it.
func (l *gracefulListener) acceptOrStop() (net.Conn, error) {
	if l.accepted == nil {
		l.accepted = make(chan acceptResult, 1)
	}
	go func() { // ends when Accept returns, at the latest when the listener closes
		c, err := l.Listener.Accept()
		l.accepted <- acceptResult{c, err}
	}()
	select {
	case r := <-l.accepted:
		return r.c, r.err
	case <-l.stopping:
		_ = l.Listener.Close()
		if r := <-l.accepted; r.err == nil {
			return r.c, nil
		}
		return nil, net.ErrClosed
	}
}
