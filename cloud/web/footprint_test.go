//go:build !noweb

package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// TestFootprintWithAndWithoutDashboard compares cmdai-server built with the dashboard (the default) and
// without it (-tags noweb): peak RSS (VmHWM) and the p99 of POST /api/v1/commands under the same load,
// alternating the two builds round by round so that both see the same machine. It is a benchmark, run
// by 'task bench:web' (CMDAI_BENCH_WEB=1); the figures go to docs/perf.md.
func TestFootprintWithAndWithoutDashboard(t *testing.T) {
	if os.Getenv("CMDAI_BENCH_WEB") == "" {
		t.Skip("a benchmark: run it with 'task bench:web' (CMDAI_BENCH_WEB=1)")
	}
	rounds, _ := strconv.Atoi(os.Getenv("CMDAI_BENCH_ROUNDS"))
	rounds = max(rounds, 3)
	clients, duration := 8, 5*time.Second

	dir := t.TempDir()
	builds := map[string]string{"with dashboard": filepath.Join(dir, "with"), "without (noweb)": filepath.Join(dir, "without")}
	for name, out := range builds {
		args := []string{"build", "-o", out}
		if strings.Contains(name, "noweb") {
			args = append(args, "-tags", "noweb")
		}
		cmd := exec.Command("go", append(args, "./cmd/cmdai-server")...)
		cmd.Dir = filepath.Join("..", "..")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", name, err, b)
		}
		st, _ := os.Stat(out)
		t.Logf("%s: binary %.1f MiB", name, float64(st.Size())/(1<<20))
	}

	// An empty database that the first server migrates: the binaries may hold newer migrations than
	// this test's own build.
	dbURL, pool := emptyDatabase(t)
	var token string
	results := map[string][][4]float64{} // peak RSS MiB, p99 ms, req/s, idle RSS MiB per round
	for round := range rounds {
		for _, name := range []string{"with dashboard", "without (noweb)"} {
			if round%2 == 1 { // alternate which build goes first
				name = map[string]string{"with dashboard": "without (noweb)", "without (noweb)": "with dashboard"}[name]
			}
			srv := startServer(t, builds[name], dbURL)
			idle := srv.memory(t, "VmRSS:")
			if token == "" {
				token = enterpriseUser(t, srv.url, pool)
			}
			p99, rate := load(t, srv.url, token, clients, duration)
			rss := srv.stop(t)
			results[name] = append(results[name], [4]float64{rss, p99, rate, idle})
			t.Logf("round %d %-16s idle RSS %5.1f MiB  peak RSS %6.1f MiB  p99 %5.2f ms  %6.0f req/s", round+1, name, idle, rss, p99, rate)
		}
	}
	median := func(name string, i int) float64 {
		var v []float64
		for _, r := range results[name] {
			v = append(v, r[i])
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	w, wo := "with dashboard", "without (noweb)"
	t.Logf("medians: idle RSS %.1f vs %.1f MiB (ratio %.3f)", median(w, 3), median(wo, 3), median(w, 3)/median(wo, 3))
	t.Logf("medians: peak RSS %.1f vs %.1f MiB (ratio %.3f), p99 %.2f vs %.2f ms (ratio %.3f), %.0f vs %.0f req/s",
		median(w, 0), median(wo, 0), median(w, 0)/median(wo, 0), median(w, 1), median(wo, 1), median(w, 1)/median(wo, 1),
		median(w, 2), median(wo, 2))
}

func emptyDatabase(t *testing.T) (string, *pgxpool.Pool) {
	t.Helper()
	ctx := context.Background()
	admin := os.Getenv("CMDAI_TEST_DATABASE_URL")
	if admin == "" {
		admin = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("cmdai_bench_web_%d", time.Now().UnixNano())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if c, err := pgx.Connect(context.Background(), admin); err == nil {
			_, _ = c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			c.Close(context.Background())
		}
	})
	cfg, err := pgx.ParseConfig(admin)
	if err != nil {
		t.Fatal(err)
	}
	url := fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", cfg.User, cfg.Host, cfg.Port, name)
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return url, pool
}

type serverProc struct {
	cmd *exec.Cmd
	url string
}

func startServer(t *testing.T, bin, dbURL string) *serverProc {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "REDIS_URL=redis://127.0.0.1:6379/13",
		"JWT_SECRET=bench-secret-bench-secret-bench-secret!", "LISTEN_ADDR="+addr, "LOG_LEVEL=error")
	var stderr bytes.Buffer
	cmd.Stderr, cmd.Stdout = &stderr, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &serverProc{cmd: cmd, url: "http://" + addr}
	for range 200 {
		if res, err := http.Get(s.url + "/ready"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	t.Fatalf("%s did not get ready: %s", bin, stderr.String())
	return nil
}

// memory reads one of the process's memory figures (VmRSS:, VmHWM:) in MiB.
func (s *serverProc) memory(t *testing.T, field string) float64 {
	t.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	var kib float64
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == field {
			kib, _ = strconv.ParseFloat(f[1], 64)
		}
	}
	return kib / 1024
}

// stop reads the process's peak RSS, then stops it.
func (s *serverProc) stop(t *testing.T) float64 {
	t.Helper()
	peak := s.memory(t, "VmHWM:")
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	_ = s.cmd.Wait()
	return peak
}

// enterpriseUser makes an account on the enterprise plan (no rate limit) and returns its access token.
func enterpriseUser(t *testing.T, base string, pool *pgxpool.Pool) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"email": "bench@example.com", "password": password})
	res, err := http.Post(base+"/api/v1/auth/signup", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var s struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&s); err != nil || s.AccessToken == "" {
		t.Fatalf("signup: %s %v", res.Status, err)
	}
	if _, err := pool.Exec(context.Background(), `UPDATE users SET plan = 'enterprise' WHERE email = 'bench@example.com'`); err != nil {
		t.Fatal(err)
	}
	return s.AccessToken
}

// load drives clients closed-loop POST /api/v1/commands for d and returns the p99 in ms and the rate.
func load(t *testing.T, base, token string, clients int, d time.Duration) (float64, float64) {
	t.Helper()
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	body := []byte(`{"prompt":"list files by size","command":"ls -lS","shell":"bash"}`)
	send := func() (time.Duration, error) {
		req, _ := http.NewRequest("POST", base+"/api/v1/commands", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		start := time.Now()
		res, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			return 0, fmt.Errorf("POST /api/v1/commands: %s", res.Status)
		}
		return time.Since(start), nil
	}
	// Warm up the pools and the runtime first.
	for range 50 {
		if _, err := send(); err != nil {
			t.Fatal(err)
		}
	}
	var (
		mu   sync.Mutex
		lats []time.Duration
		wg   sync.WaitGroup
		errs = make(chan error, clients)
	)
	end := time.Now().Add(d)
	for range clients {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(end) {
				l, err := send()
				if err != nil {
					errs <- err
					return
				}
				mine = append(mine, l)
			}
			mu.Lock()
			lats = append(lats, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	slices.Sort(lats)
	p99 := lats[len(lats)*99/100]
	return float64(p99) / float64(time.Millisecond), float64(len(lats)) / d.Seconds()
}
