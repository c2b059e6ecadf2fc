// Package testproc runs private Redis and PostgreSQL servers for tests that stop and restart them, on free
// loopback ports in temporary directories, so that the machine's shared servers are never disturbed.
package testproc

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// waitFor calls ok until it succeeds or d passes.
func waitFor(d time.Duration, ok func() error) error {
	deadline := time.Now().Add(d)
	for {
		err := ok()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Redis is a redis-server process of the test's own, without persistence.
type Redis struct {
	t    testing.TB
	Port int
	cmd  *exec.Cmd
}

// StartRedis starts redis-server on a free port; it is stopped when the test ends.
func StartRedis(t testing.TB) *Redis {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Fatalf("redis-server not installed: run 'bash scripts/test-deps.sh': %v", err)
	}
	r := &Redis{t: t, Port: FreePort(t)}
	r.Start()
	t.Cleanup(r.Stop)
	return r
}

// Addr is host:port.
func (r *Redis) Addr() string { return "127.0.0.1:" + strconv.Itoa(r.Port) }

// Start starts the server (again) and waits until it accepts connections.
func (r *Redis) Start() {
	r.t.Helper()
	r.cmd = exec.Command("redis-server", "--port", strconv.Itoa(r.Port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning")
	if err := r.cmd.Start(); err != nil {
		r.t.Fatalf("start redis-server: %v", err)
	}
	err := waitFor(10*time.Second, func() error {
		c, err := net.DialTimeout("tcp", r.Addr(), time.Second)
		if err == nil {
			c.Close()
		}
		return err
	})
	if err != nil {
		r.t.Fatalf("redis-server did not listen on %s: %v", r.Addr(), err)
	}
}

// Stop kills the server and waits for it to exit; stopping a stopped server does nothing.
func (r *Redis) Stop() {
	if r.cmd == nil {
		return
	}
	_ = r.cmd.Process.Kill()
	_ = r.cmd.Wait()
	r.cmd = nil
}

// Postgres is a PostgreSQL cluster of the test's own, made by initdb in a temporary directory.
type Postgres struct {
	t    testing.TB
	Port int
	dir  string
	bin  string
}

// StartPostgres creates a cluster with trust authentication and starts it on a free port; it is stopped
// and deleted when the test ends.
func StartPostgres(t testing.TB) *Postgres {
	t.Helper()
	bin, err := postgresBin()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "cmdai-pg-")
	if err != nil {
		t.Fatalf("make cluster directory: %v", err)
	}
	p := &Postgres{t: t, Port: FreePort(t), dir: dir, bin: bin}
	t.Cleanup(func() {
		p.Stop()
		_ = os.RemoveAll(dir)
	})
	if err := chownToPostgres(dir); err != nil {
		t.Fatal(err)
	}
	p.run("initdb", "-D", p.data(), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C")
	p.Start()
	return p
}

func (p *Postgres) data() string { return p.dir + "/data" }

// URL is the connection string of the cluster's postgres database.
func (p *Postgres) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", p.Port)
}

// Start starts the cluster and waits until it accepts connections.
func (p *Postgres) Start() {
	p.t.Helper()
	opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories=%s -c fsync=on", p.Port, p.dir)
	p.run("pg_ctl", "-D", p.data(), "-l", p.dir+"/log", "-o", opts, "-w", "-t", "30", "start")
}

// Stop stops the cluster with a fast shutdown (connections are cut, committed work is kept).
func (p *Postgres) Stop() {
	if _, err := os.Stat(p.data() + "/postmaster.pid"); err != nil {
		return
	}
	p.run("pg_ctl", "-D", p.data(), "-m", "fast", "-w", "-t", "30", "stop")
}

func (p *Postgres) run(tool string, args ...string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.bin+"/"+tool, args...)
	cmd.Dir = p.dir
	if err := asPostgres(cmd); err != nil {
		p.t.Fatal(err)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(p.dir + "/log")
		p.t.Fatalf("%s %v: %v\n%s\n%s", tool, args, err, out, log)
	}
}
