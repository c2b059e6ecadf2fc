package auth_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/internal/testproc"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// realServer is a cmdai-server process built from this tree, on its own database.
type realServer struct {
	url string
	pid int
}

func startRealServer(t *testing.T) (*realServer, *testdbPool) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs cmdai-server")
	}
	pool := testdb.New(t)
	// CMDAI_TEST_SERVER_BIN runs another build (an older release, to measure a baseline) instead.
	bin := os.Getenv("CMDAI_TEST_SERVER_BIN")
	if bin == "" {
		bin = filepath.Join(t.TempDir(), "cmdai-server")
		build := exec.Command("go", "build", "-o", bin, "github.com/cmdai/cmdai/cmd/cmdai-server")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("build cmdai-server: %v\n%s", err, out)
		}
	}
	dbURL, err := url.Parse(envOr("CMDAI_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"))
	if err != nil {
		t.Fatal(err)
	}
	dbURL.Path = "/" + pool.Config().ConnConfig.Database
	addr := "127.0.0.1:" + strconv.Itoa(testproc.FreePort(t))
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL.String(),
		"REDIS_URL="+envOr("CMDAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
		"JWT_SECRET=guard-test-secret-guard-test-secret!", "LISTEN_ADDR="+addr)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("start cmdai-server: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("cmdai-server log:\n%s", logs.String())
		}
	})
	s := &realServer{url: "http://" + addr, pid: cmd.Process.Pid}
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(s.url + "/ready")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("cmdai-server not ready on %s: %v", addr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return s, &testdbPool{pool.Config().ConnConfig.Database, pool}
}

type testdbPool struct {
	name string
	q    pgstore.Querier
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func (s *realServer) login(client *http.Client, email, password string) (int, http.Header, error) {
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	res, err := client.Post(s.url+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	return res.StatusCode, res.Header, nil
}

// peakRSS is the process's VmHWM (the most resident memory it ever had), in bytes.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatalf("VmHWM %q: %v", v, err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}

// Against a real cmdai-server with the production argon2 parameters: a password-guessing run on one
// account reaches the password check at most ten times, an email with no account is answered the same
// way, and fifty logins at once keep the server's peak memory under 300 MB (each hash takes 19 MiB).
func TestLoginProtectionOnRealServer(t *testing.T) {
	s, db := startRealServer(t)
	ctx := context.Background()
	const password = "correct horse battery staple"
	hash, err := auth.HashPassword(password, auth.DefaultArgon2Params)
	if err != nil {
		t.Fatal(err)
	}
	const users = 50
	for i := range users + 1 {
		if _, err := pgstore.CreateUser(ctx, db.q, fmt.Sprintf("user%d@example.com", i), hash, ""); err != nil {
			t.Fatal(err)
		}
	}
	client := &http.Client{Timeout: 30 * time.Second}

	// Fifty logins at once.
	before := peakRSS(t, s.pid)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		statuses = map[int]int{}
	)
	start := time.Now()
	for i := range users {
		wg.Go(func() {
			// A busy server answers 503 with Retry-After; a client waits that long and tries again.
			for range 5 {
				status, hdr, err := s.login(client, fmt.Sprintf("user%d@example.com", i), password)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				statuses[status]++
				mu.Unlock()
				ra, _ := strconv.Atoi(hdr.Get("Retry-After"))
				if status != http.StatusServiceUnavailable || ra < 1 {
					return
				}
				time.Sleep(time.Duration(ra) * time.Second)
			}
		})
	}
	wg.Wait()
	peak := peakRSS(t, s.pid)
	t.Logf("50 concurrent logins in %v: statuses %v; peak RSS %.1f MiB (before them %.1f MiB)",
		time.Since(start).Round(time.Millisecond), statuses, float64(peak)/(1<<20), float64(before)/(1<<20))
	if statuses[http.StatusOK] != users {
		t.Errorf("not every login succeeded: %v", statuses)
	}
	if peak > 300_000_000 {
		t.Fatalf("peak RSS %d bytes with %d concurrent logins, want at most 300 MB", peak, users)
	}

	// 200 wrong passwords on one account.
	var lastRetry int // the Retry-After of the last 429
	guess := func(email string, n int) (checked, throttled int) {
		for i := range n {
			status, hdr, err := s.login(client, email, fmt.Sprintf("wrong password %d", i))
			if err != nil {
				t.Fatal(err)
			}
			switch status {
			case http.StatusUnauthorized:
				checked++
			case http.StatusTooManyRequests:
				throttled++
				ra, err := strconv.Atoi(hdr.Get("Retry-After"))
				if err != nil || ra < 1 {
					t.Fatalf("429 without a Retry-After of at least 1 s: %q", hdr.Get("Retry-After"))
				}
				lastRetry = ra
			default:
				t.Fatalf("attempt %d on %s: status %d", i, email, status)
			}
		}
		return checked, throttled
	}
	checked, throttled := guess("user50@example.com", 200)
	t.Logf("200 wrong passwords on one account: %d reached the password check, %d got 429", checked, throttled)
	if checked > 10 || checked+throttled != 200 {
		t.Fatalf("%d of 200 wrong passwords reached the password check (at most 10), %d got 429", checked, throttled)
	}
	// While the account must wait, the right password is refused too: a guess cannot be confirmed.
	if status, _, _ := s.login(client, "user50@example.com", password); lastRetry >= 2 && status != http.StatusTooManyRequests {
		t.Fatalf("right password while the account must wait %d s: %d, want 429", lastRetry, status)
	}
	// An email with no account: the same answers, so guessing cannot tell which emails exist.
	ghostChecked, ghostThrottled := guess("nobody@example.com", 200)
	if ghostChecked > 10 || ghostThrottled != 200-ghostChecked || ghostChecked == 0 {
		t.Fatalf("unknown email: %d checked, %d throttled", ghostChecked, ghostThrottled)
	}
}
