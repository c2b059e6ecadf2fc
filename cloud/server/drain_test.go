package server

import (
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
)

// On stop, /ready fails at once while everything else is still served for the drain period; then the
// server stops accepting and answers what is in flight. Clients sending on fresh connections, routed by a
// load balancer that checks /ready every 100 ms (well within the drain period), see only answers: no
// request is reset or closed unanswered, and the server is closed afterwards.
func TestStopDrainsBeforeItStopsAccepting(t *testing.T) {
	pool := testdb.New(t)
	draining := new(atomic.Bool)
	apiHandler := api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler), Draining: draining.Load})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			time.Sleep(300 * time.Millisecond)
			_, _ = io.WriteString(w, "ok")
			return
		}
		apiHandler.ServeHTTP(w, r)
	})
	const drain = 700 * time.Millisecond
	addr, cancel, done := serve(t, h, Stop{Drain: drain, Timeout: 5 * time.Second, Draining: draining})
	base := "http://" + addr

	var (
		removed           atomic.Bool // the balancer's health check saw /ready fail
		answered, refused atomic.Int64
		mu                sync.Mutex
		failures          []string
		stopClients       = make(chan struct{})
		wg                sync.WaitGroup
	)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	for i := range 12 {
		path := "/health"
		if i%3 == 0 {
			path = "/slow"
		}
		wg.Go(func() {
			for {
				select {
				case <-stopClients:
					return
				default:
				}
				if removed.Load() {
					time.Sleep(5 * time.Millisecond)
					continue
				}
				res, err := client.Get(base + path)
				if err != nil {
					if errors.Is(err, syscall.ECONNREFUSED) {
						refused.Add(1)
						time.Sleep(5 * time.Millisecond)
						continue
					}
					mu.Lock()
					failures = append(failures, time.Now().Format("05.000")+" "+err.Error())
					mu.Unlock()
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					mu.Lock()
					failures = append(failures, path+": "+res.Status)
					mu.Unlock()
				}
				answered.Add(1)
			}
		})
	}
	wg.Go(func() { // the balancer's health check
		for !removed.Load() {
			if res, err := client.Get(base + "/ready"); err == nil {
				res.Body.Close()
				removed.Store(res.StatusCode != http.StatusOK)
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	time.Sleep(300 * time.Millisecond)
	stoppedAt := time.Now()
	cancel()
	time.Sleep(20 * time.Millisecond)
	res, err := client.Get(base + "/ready")
	if err != nil {
		t.Fatalf("/ready while draining: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("/ready while draining: %d, want 503", res.StatusCode)
	}
	// A balancer that has not polled /ready yet still sends requests: they are served, new connections
	// included, for the drain period.
	time.Sleep(drain / 4)
	res, err = client.Get(base + "/health")
	if err != nil {
		t.Fatalf("a new request during the drain period: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("a new request during the drain period: %d, want 200", res.StatusCode)
	}
	if err := <-done; err != nil {
		t.Fatalf("ServeWith: %v", err)
	}
	if took := time.Since(stoppedAt); took < drain {
		t.Fatalf("stopped after %v, before the drain period of %v", took, drain)
	}
	time.Sleep(100 * time.Millisecond)
	close(stopClients)
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d requests failed (of %d answered, %d refused after the listener closed):\n%s",
			len(failures), answered.Load(), refused.Load(), strings.Join(failures, "\n"))
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Fatal("still accepting connections after it stopped")
	}
}
