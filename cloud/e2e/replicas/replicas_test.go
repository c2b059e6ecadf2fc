package replicas

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/internal/testdb"
)

// loadFigures is what one run of the load measured (docs/perf.md; task bench:replicas runs a longer one).
type loadFigures struct {
	Requests, Acknowledged, Missing int
	Statuses                        map[int]int
	StoppedReplica5xx               int
	PerSecond                       float64
}

// Three replicas behind HAProxy, sharing PostgreSQL and Redis: a session, refresh-token rotation and
// sync cursors hold whichever replica each request lands on; a free account gets exactly its 50 requests an hour across
// all of them; and under a write load during which one replica is killed (SIGKILL) and another stopped
// (SIGTERM), every write the API acknowledged is in the database and the stopped replica answers no 5xx.
func TestReplicasBehindHAProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three servers and HAProxy")
	}
	pool := testdb.New(t)
	c := startCluster(t, databaseURL(t, pool.Config().ConnString(), pool.Config().ConnConfig.Database),
		clusterOptions{replicas: 3, drain: 1500 * time.Millisecond, checkInter: 200 * time.Millisecond})
	ctx := context.Background()

	t.Run("session and refresh rotation across replicas", func(t *testing.T) {
		access, refresh := c.session("rotate@example.com")
		for range 6 { // round robin: every replica accepts the session
			c.must("GET", "/api/v1/auth/me", access, nil, http.StatusOK)
		}
		r := c.must("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": refresh}, http.StatusOK)
		next := r.body["refresh_token"].(string)
		c.must("GET", "/api/v1/auth/me", r.body["access_token"].(string), nil, http.StatusOK)
		// The old token again, on another replica: reuse, which ends the whole session everywhere.
		if r := c.must("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": refresh}, http.StatusUnauthorized); r.raw == "" {
			t.Fatal("empty 401")
		}
		c.must("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": next}, http.StatusUnauthorized)
		for range 3 {
			c.must("GET", "/api/v1/auth/me", access, nil, http.StatusUnauthorized)
		}
	})

	t.Run("sync cursors across replicas", func(t *testing.T) {
		token, _ := c.session("sync@example.com")
		if _, err := pool.Exec(ctx, `UPDATE users SET plan = 'enterprise' WHERE email = 'sync@example.com'`); err != nil {
			t.Fatal(err)
		}
		c.syncAcrossReplicas(token)
	})

	t.Run("a free account gets exactly 50 requests across replicas", func(t *testing.T) {
		free, _ := c.session("free@example.com")
		before := len(c.lbLines())
		var ok, limited, other atomic.Int64
		var wg sync.WaitGroup
		next := make(chan struct{})
		for range 6 {
			wg.Go(func() {
				for range next {
					r, err := c.do("GET", "/api/v1/auth/me", free, nil)
					switch {
					case err != nil:
						other.Add(1)
					case r.status == http.StatusOK:
						ok.Add(1)
					case r.status == http.StatusTooManyRequests:
						limited.Add(1)
					default:
						other.Add(1)
					}
				}
			})
		}
		for range 70 {
			next <- struct{}{}
		}
		close(next)
		wg.Wait()
		if ok.Load() != 50 || limited.Load() != 20 || other.Load() != 0 {
			t.Fatalf("70 requests of a free account: %d admitted, %d limited, %d other; want 50, 20, 0", ok.Load(), limited.Load(), other.Load())
		}
		served := map[string]bool{}
		time.Sleep(100 * time.Millisecond) // HAProxy writes its log lines after the answers
		for _, l := range c.lbLines()[before:] {
			if l.path == "/api/v1/auth/me" {
				served[l.server] = true
			}
		}
		if len(served) != 3 {
			t.Fatalf("the requests reached %v, want all three replicas", served)
		}
	})

	t.Run("writes under SIGKILL and SIGTERM", func(t *testing.T) {
		writer, _ := c.session("writer@example.com")
		if _, err := pool.Exec(ctx, `UPDATE users SET plan = 'enterprise' WHERE email = 'writer@example.com'`); err != nil {
			t.Fatal(err)
		}
		// CMDAI_REPLICAS_LOAD (a duration) runs a longer load: task bench:replicas.
		d := 8 * time.Second
		if v := os.Getenv("CMDAI_REPLICAS_LOAD"); v != "" {
			var err error
			if d, err = time.ParseDuration(v); err != nil {
				t.Fatalf("CMDAI_REPLICAS_LOAD: %v", err)
			}
		}
		f := c.writeLoad(t, writer, d, 12, []event{
			{at: d / 4, replica: 0, sig: syscall.SIGKILL},
			{at: d / 2, replica: 1, sig: syscall.SIGTERM},
		}, pool)
		t.Logf("load %v, 12 writers: %d requests (%.0f/s), %d acknowledged, %d missing, statuses %v (-1: no answer), 5xx from the SIGTERM'd replica: %d",
			d, f.Requests, f.PerSecond, f.Acknowledged, f.Missing, f.Statuses, f.StoppedReplica5xx)
		if f.Missing != 0 {
			t.Errorf("%d acknowledged writes are not in the database", f.Missing)
		}
		if f.StoppedReplica5xx != 0 {
			t.Errorf("the SIGTERM'd replica answered %d requests with 5xx", f.StoppedReplica5xx)
		}
		if f.Acknowledged < 100 {
			t.Errorf("only %d writes acknowledged", f.Acknowledged)
		}
		if code := c.replicas[1].cmd.ProcessState.ExitCode(); code != 0 {
			t.Errorf("the SIGTERM'd replica exited %d, want 0", code)
		}
	})
}

// databaseURL is base with its database replaced by name.
func databaseURL(t *testing.T, base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// event sends sig to a replica at a point of the load.
type event struct {
	at      time.Duration
	replica int
	sig     syscall.Signal
}

// writeLoad runs writers that each POST commands through the balancer for d, sending the events' signals
// on the way, then checks every acknowledged write against the database and the balancer's log.
func (c *cluster) writeLoad(t *testing.T, token string, d time.Duration, writers int, events []event, pool *pgxpool.Pool) loadFigures {
	t.Helper()
	var (
		mu       sync.Mutex
		acked    []string
		errs     []string
		statuses = map[int]int{}
		requests atomic.Int64
		seq      atomic.Int64
		wg       sync.WaitGroup
	)
	start := time.Now()
	stop := start.Add(d)
	for w := range writers {
		wg.Go(func() {
			for time.Now().Before(stop) {
				n := seq.Add(1)
				r, err := c.do("POST", "/api/v1/commands", token, map[string]string{
					"prompt": "load", "command": fmt.Sprintf("echo %d", n), "client_id": fmt.Sprintf("w%d-%d", w, n)})
				requests.Add(1)
				mu.Lock()
				if err != nil {
					statuses[-1]++
					if len(errs) < 5 {
						errs = append(errs, fmt.Sprintf("%.2fs: %v", time.Since(start).Seconds(), err))
					}
				} else {
					statuses[r.status]++
					if r.status == http.StatusCreated {
						acked = append(acked, r.body["id"].(string))
					}
				}
				mu.Unlock()
			}
		})
	}
	stopped := map[int]bool{}
	for _, e := range events {
		time.Sleep(time.Until(start.Add(e.at)))
		if err := c.replicas[e.replica].cmd.Process.Signal(e.sig); err != nil {
			t.Fatalf("signal %s: %v", c.replicas[e.replica].name, err)
		}
		if e.sig == syscall.SIGTERM {
			stopped[e.replica] = true
		}
	}
	wg.Wait()
	took := time.Since(start)
	for i := range stopped {
		select {
		case <-c.replicas[i].done:
		case <-time.After(15 * time.Second):
			t.Fatalf("%s did not stop after SIGTERM", c.replicas[i].name)
		}
	}
	var present int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM commands WHERE id = ANY($1::uuid[])`, acked).Scan(&present); err != nil {
		t.Fatal(err)
	}
	f := loadFigures{Requests: int(requests.Load()), Acknowledged: len(acked), Missing: len(acked) - present,
		Statuses: statuses, PerSecond: float64(requests.Load()) / took.Seconds()}
	if len(errs) > 0 {
		t.Logf("transport errors (first %d): %v", len(errs), errs)
	}
	for _, l := range c.lbLines() {
		if l.status >= 500 || l.status < 200 {
			t.Logf("balancer: %s answered %d (%s)", l.server, l.status, l.state)
		}
		for i := range stopped {
			if l.server == c.replicas[i].name && l.status >= 500 {
				f.StoppedReplica5xx++
			}
		}
	}
	return f
}
