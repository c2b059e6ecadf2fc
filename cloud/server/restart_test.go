package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/internal/testproc"
)

// A PostgreSQL restart in the middle of a stream of writes loses none that the API acknowledged: every
// command answered 201 is in the database afterwards, and writes succeed again once it is back.
func TestPostgresRestartLosesNoAcknowledgedWrite(t *testing.T) {
	pg := testproc.StartPostgres(t) // a private cluster: the shared one is never restarted
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	pool, err := Connect(ctx, pg.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if err := Migrate(ctx, pool, log); err != nil {
		t.Fatal(err)
	}
	h := api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: log,
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: bytes.Repeat([]byte("k"), 32)},
			Argon2: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}}})
	srv := httptest.NewServer(h)
	defer srv.Close()

	res, err := http.Post(srv.URL+"/api/v1/auth/signup", "application/json",
		bytes.NewReader([]byte(`{"email":"restart@example.com","password":"correct horse battery"}`)))
	if err != nil {
		t.Fatal(err)
	}
	var sess struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(res.Body).Decode(&sess)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("signup: %d", res.StatusCode)
	}

	var (
		mu           sync.Mutex
		acked        []string
		failed       atomic.Int64
		ackedAfter   atomic.Int64
		restarted    atomic.Bool
		stop         = make(chan struct{})
		wg           sync.WaitGroup
		client       = &http.Client{Timeout: 10 * time.Second}
		writers, seq = 8, atomic.Int64{}
	)
	for range writers {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				id := fmt.Sprintf("w-%d", seq.Add(1))
				body, _ := json.Marshal(map[string]string{"client_id": id, "prompt": "p", "command": "echo " + id})
				req, _ := http.NewRequest("POST", srv.URL+"/api/v1/commands", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+sess.AccessToken)
				req.Header.Set("Content-Type", "application/json")
				res, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode == http.StatusCreated {
					mu.Lock()
					acked = append(acked, id)
					mu.Unlock()
					if restarted.Load() {
						ackedAfter.Add(1)
					}
				} else {
					failed.Add(1)
					time.Sleep(10 * time.Millisecond) // the database is down: don't spin
				}
			}
		})
	}

	time.Sleep(1500 * time.Millisecond)
	pg.Stop()
	time.Sleep(300 * time.Millisecond)
	pg.Start()
	restarted.Store(true)
	deadline := time.Now().Add(10 * time.Second)
	for ackedAfter.Load() < 50 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	close(stop)
	wg.Wait()

	if ackedAfter.Load() < 50 {
		t.Fatalf("only %d writes acknowledged after the restart: the API did not recover", ackedAfter.Load())
	}
	if failed.Load() == 0 {
		t.Fatal("no write failed: the restart did not happen while writers were running")
	}
	stored := map[string]bool{}
	rows, err := pool.Query(ctx, `SELECT client_id FROM commands`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		stored[id] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	lost := 0
	for _, id := range acked {
		if !stored[id] {
			lost++
		}
	}
	t.Logf("%d writes acknowledged (%d after the restart), %d refused or failed, %d rows stored",
		len(acked), ackedAfter.Load(), failed.Load(), len(stored))
	if lost > 0 {
		t.Fatalf("%d of %d acknowledged writes are missing after the restart", lost, len(acked))
	}
}
