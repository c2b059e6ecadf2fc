// Command server is the cloud API's load benchmark: it serves the real API (authentication, rate limits,
// PostgreSQL) on loopback, drives authenticated history inserts and reads through it, and measures a bare
// net/http + pgx insert handler in the same run as the baseline. Run it with 'task bench:server'.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/ratelimit"
	"github.com/cmdai/cmdai/cloud/server"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench/server:", err)
		os.Exit(1)
	}
}

type options struct {
	adminURL, redisURL string
	workers, conns     int
	duration           time.Duration
	cpuProfile         string
}

func run() error {
	var o options
	flag.StringVar(&o.adminURL, "db", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL to create the benchmark database in")
	flag.StringVar(&o.redisURL, "redis", "redis://127.0.0.1:6379/14", "Redis for the rate limiter")
	flag.IntVar(&o.workers, "c", 32, "concurrent clients")
	flag.IntVar(&o.conns, "conns", 0, "PostgreSQL pool size, the same for the API and the baseline (0: what cmdai-server uses, pgstore.DefaultMaxConns)")
	flag.DurationVar(&o.duration, "d", 8*time.Second, "duration of each phase")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the API insert phase (server and load generator) to this file")
	flag.Parse()
	ctx := context.Background()

	dbURL, drop, err := createDatabase(ctx, o.adminURL)
	if err != nil {
		return err
	}
	defer drop()
	cfg, err := pgstore.PoolConfig(dbURL)
	if err != nil {
		return err
	}
	if o.conns > 0 {
		cfg.MaxConns = int32(o.conns)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer pool.Close()
	if _, err := pgstore.Migrate(ctx, pool); err != nil {
		return err
	}
	ropts, err := redis.ParseURL(o.redisURL)
	if err != nil {
		return fmt.Errorf("redis url: %w", err)
	}
	rdb := redis.NewClient(ropts)
	defer func() { _ = rdb.Close() }()

	// The server's own logger (JSON, redacting), so that the access log costs what it costs in production;
	// only the bytes are thrown away.
	log := api.NewLogger(io.Discard, slog.LevelInfo)
	apiURL, stopAPI, err := serve(api.NewHandler(api.Deps{
		DB: pool, Redis: rdb, Logger: log,
		Auth:    &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte(strings.Repeat("b", 32))}, Argon2: auth.DefaultArgon2Params},
		Limiter: ratelimit.New(rdb, ratelimit.Options{Logger: log, Limits: benchLimits()}),
	}))
	if err != nil {
		return err
	}
	defer stopAPI()
	// The same API with every history write audited (AUDIT_COMMAND_WRITES): what auditing costs the
	// insert path, measured against the API without it in the same run.
	auditURL, stopAudit, err := serve(api.NewHandler(api.Deps{
		DB: pool, Redis: rdb, Logger: log, AuditCommandWrites: true,
		Auth:    &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte(strings.Repeat("b", 32))}, Argon2: auth.DefaultArgon2Params},
		Limiter: ratelimit.New(rdb, ratelimit.Options{Logger: log, Limits: benchLimits()}),
	}))
	if err != nil {
		return err
	}
	defer stopAudit()
	baseURL, stopBase, err := serve(bareInsertHandler(pool))
	if err != nil {
		return err
	}
	defer stopBase()

	// Enterprise: metered on every request like any plan (the same GCRA script in Redis), with a budget
	// this run does not exhaust (benchLimits).
	key, err := apiKey(apiURL, func(userID string) error {
		_, err := pool.Exec(ctx, `UPDATE users SET plan = 'enterprise' WHERE id = $1`, userID)
		return err
	})
	if err != nil {
		return err
	}
	// The account is in an organisation, as an audited one is: its events go to the organisation's chain.
	if _, err := (&orgs.Service{DB: pool}).Create(ctx, "Bench", "bench@example.com", nil); err != nil {
		return fmt.Errorf("create the organisation: %w", err)
	}

	fmt.Printf("cloud API load benchmark: %d clients, %s per phase, pool %d, GOMAXPROCS %d, load before %s\n",
		o.workers, o.duration, cfg.MaxConns, runtime.GOMAXPROCS(0), loadavg())
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.workers * 2, MaxConnsPerHost: o.workers * 2}}
	insert := func(base, token string) func(n int64) (*http.Request, int) {
		return func(n int64) (*http.Request, int) {
			body := fmt.Sprintf(`{"client_id":"c-%d","prompt":"list files by size","command":"ls -lS","shell":"bash","risk":"safe","backend":"offline"}`, n)
			req, _ := http.NewRequest("POST", base+"/api/v1/commands", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			return req, http.StatusCreated
		}
	}
	var seq atomic.Int64
	phases := []struct {
		name    string
		req     func(int64) (*http.Request, int)
		profile bool
	}{
		{"baseline: bare net/http + pgx insert", insert(baseURL, ""), false},
		{"API: POST /api/v1/commands (API key, rate limited)", insert(apiURL, key), true},
		{"API: GET /api/v1/commands?limit=20 (API key, rate limited)", func(int64) (*http.Request, int) {
			req, _ := http.NewRequest("GET", apiURL+"/api/v1/commands?limit=20", nil)
			req.Header.Set("Authorization", "Bearer "+key)
			return req, http.StatusOK
		}, false},
	}
	results := make([]result, len(phases))
	for i, p := range phases {
		stop, err := startProfile(o.cpuProfile, p.profile)
		if err != nil {
			return err
		}
		results[i] = load(client, o.workers, o.duration, &seq, p.req)
		if err := stop(); err != nil {
			return err
		}
		r := results[i]
		fmt.Printf("%-62s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d\n", p.name, r.rps, ms(r.p50), ms(r.p99), r.errors)
	}
	fmt.Printf("ratio API inserts / baseline inserts: %.2f   load after %s\n", results[1].rps/results[0].rps, loadavg())
	return auditPhases(client, o, &seq, insert(apiURL, key), insert(auditURL, key))
}

// auditPhases measures POST /api/v1/commands with auditing off and on, alternating four times so that
// drift in the machine's load falls on both alike, and prints the ratio of their p99s (the bar: 1.10).
func auditPhases(c *http.Client, o options, seq *atomic.Int64, off, on func(int64) (*http.Request, int)) error {
	var offLat, onLat []time.Duration
	var offErr, onErr int64
	slice := o.duration / 2
	for range 4 {
		r := load(c, o.workers, slice, seq, off)
		offLat, offErr = append(offLat, r.lat...), offErr+r.errors
		r = load(c, o.workers, slice, seq, on)
		onLat, onErr = append(onLat, r.lat...), onErr+r.errors
	}
	a, b := summarize(offLat, 4*slice, offErr), summarize(onLat, 4*slice, onErr)
	for _, x := range []struct {
		name string
		r    result
	}{{"API: POST /api/v1/commands, auditing off", a}, {"API: POST /api/v1/commands, auditing on (command.create)", b}} {
		fmt.Printf("%-62s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d\n", x.name, x.r.rps, ms(x.r.p50), ms(x.r.p99), x.r.errors)
	}
	if a.p99 == 0 || a.errors+b.errors > 0 {
		return fmt.Errorf("the audit phases had errors (off %d, on %d)", a.errors, b.errors)
	}
	ratio := float64(b.p99) / float64(a.p99)
	verdict := "within"
	if ratio > 1.10 {
		verdict = "OVER"
	}
	fmt.Printf("ratio p99 auditing on / off: %.3f (%s the 1.10 bar); p50 %.3f; throughput %.3f   load after %s\n",
		ratio, verdict, float64(b.p50)/float64(a.p50), b.rps/a.rps, loadavg())
	return nil
}

func summarize(lat []time.Duration, d time.Duration, errs int64) result {
	if len(lat) == 0 {
		return result{errors: errs}
	}
	slices.Sort(lat)
	return result{rps: float64(len(lat)) / d.Seconds(), p50: lat[len(lat)/2], p99: lat[len(lat)*99/100], errors: errs, lat: lat}
}

type result struct {
	rps      float64
	p50, p99 time.Duration
	errors   int64
	lat      []time.Duration // every request's latency, sorted
}

// load runs workers that send req's requests back to back for d, and measures them.
func load(c *http.Client, workers int, d time.Duration, seq *atomic.Int64, req func(int64) (*http.Request, int)) result {
	var (
		mu     sync.Mutex
		lat    []time.Duration
		errs   atomic.Int64
		wg     sync.WaitGroup
		end    = time.Now().Add(d)
		bodies = make([][]time.Duration, workers)
	)
	for w := range workers {
		wg.Go(func() {
			for time.Now().Before(end) {
				r, want := req(seq.Add(1))
				start := time.Now()
				res, err := c.Do(r)
				if err != nil {
					errs.Add(1)
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != want {
					if errs.Add(1) == 1 {
						fmt.Fprintf(os.Stderr, "first unexpected answer: %s %s: %s\n", r.Method, r.URL.Path, res.Status)
					}
					continue
				}
				bodies[w] = append(bodies[w], time.Since(start))
			}
		})
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for _, b := range bodies {
		lat = append(lat, b...)
	}
	return summarize(lat, d, errs.Load())
}

// bareInsertHandler is the baseline: decode, one INSERT, answer 201, with nothing else.
func bareInsertHandler(pool *pgxpool.Pool) http.Handler {
	var userID string
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var c struct {
			ClientID string `json:"client_id"`
			Prompt   string `json:"prompt"`
			Command  string `json:"command"`
			Shell    string `json:"shell"`
			Risk     string `json:"risk"`
			Backend  string `json:"backend"`
		}
		if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if userID == "" {
			_ = pool.QueryRow(r.Context(), `SELECT id FROM users LIMIT 1`).Scan(&userID)
		}
		var id string
		var at time.Time
		err := pool.QueryRow(r.Context(), `INSERT INTO commands (user_id, client_id, prompt, command, shell, risk, backend)
			VALUES ($1, 'b' || $2, $3, $4, $5, $6, $7) RETURNING id, created_at`,
			userID, c.ClientID, c.Prompt, c.Command, c.Shell, c.Risk, c.Backend).Scan(&id, &at)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]any{"id": id, "created_at": at})
	})
}

func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = server.Serve(ctx, ln, h, 5*time.Second) }()
	return "http://" + ln.Addr().String(), func() { cancel(); <-done }, nil
}

// apiKey signs up through the API, lets setPlan change the account's plan, and creates an API key with
// both command scopes.
func apiKey(base string, setPlan func(userID string) error) (string, error) {
	post := func(path, token string, body any, out any) error {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", base+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			msg, _ := io.ReadAll(res.Body)
			return fmt.Errorf("%s: %s: %s", path, res.Status, msg)
		}
		return json.NewDecoder(res.Body).Decode(out)
	}
	var sess struct {
		AccessToken string `json:"access_token"`
		User        struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	if err := post("/api/v1/auth/signup", "", map[string]string{"email": "bench@example.com", "password": "correct horse battery staple"}, &sess); err != nil {
		return "", err
	}
	if err := setPlan(sess.User.ID); err != nil {
		return "", fmt.Errorf("set plan: %w", err)
	}
	var k struct {
		Key string `json:"key"`
	}
	if err := post("/api/v1/auth/api-keys", sess.AccessToken, map[string]any{"name": "bench", "scopes": []string{auth.ScopeCommandsRead, auth.ScopeCommandsWrite}}, &k); err != nil {
		return "", err
	}
	return k.Key, nil
}

// createDatabase makes a fresh database for the run and returns its URL and a function that drops it.
func createDatabase(ctx context.Context, adminURL string) (string, func(), error) {
	admin, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return "", nil, fmt.Errorf("connect to PostgreSQL (start it with 'bash scripts/test-deps.sh'): %w", err)
	}
	defer admin.Close(ctx)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "cmdai_bench_" + hex.EncodeToString(b)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("create database: %w", err)
	}
	cfg, err := pgx.ParseConfig(adminURL)
	if err != nil {
		return "", nil, fmt.Errorf("parse %s: %w", adminURL, err)
	}
	url := fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", cfg.User, cfg.Host, cfg.Port, name)
	drop := func() {
		conn, err := pgx.Connect(context.Background(), adminURL)
		if err != nil {
			return
		}
		defer conn.Close(context.Background())
		_, _ = conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}
	return url, drop, nil
}

// benchLimits are the plans' real limits, except enterprise: its 36,000 an hour would run out within one
// phase on a fast machine and turn the rest of the run into 429s. The Redis script costs the same whatever
// the numbers.
func benchLimits() map[string]redis_rate.Limit {
	limits := maps.Clone(ratelimit.DefaultLimits)
	limits[ratelimit.PlanEnterprise] = redis_rate.PerSecond(1_000_000)
	return limits
}

// startProfile starts a CPU profile into path when on is set and path is not empty, and returns what stops
// it.
func startProfile(path string, on bool) (func() error, error) {
	if path == "" || !on {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		return nil
	}, nil
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
