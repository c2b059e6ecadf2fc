package siem_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/cmdai/cmdai/cloud/audit/siem"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// rsyslog is a real rsyslogd from Debian's package, listening on a loopback port with its own
// configuration and writing every message it receives, raw, a line each, to a file.
type rsyslog struct {
	t    *testing.T
	bin  string
	dir  string
	port int
	out  string
	tls  *testCA
	cmd  *exec.Cmd
	done chan error
}

func newRsyslog(t *testing.T, tls bool) *rsyslog {
	t.Helper()
	bin, err := exec.LookPath("rsyslogd")
	if err != nil {
		bin = "/usr/sbin/rsyslogd"
		if _, err := os.Stat(bin); err != nil {
			t.Fatal("rsyslogd is not installed: run scripts/test-deps.sh (Debian package rsyslog)")
		}
	}
	dir := t.TempDir()
	r := &rsyslog{t: t, bin: bin, dir: dir, port: freePort(t), out: filepath.Join(dir, "received.log")}
	global := fmt.Sprintf(`global(workDirectory=%q`, dir)
	input := `module(load="imtcp")`
	if tls {
		ca := newTestCA(t, dir)
		r.tls = &ca
		global += fmt.Sprintf(` defaultNetstreamDriver="gtls" defaultNetstreamDriverCAFile=%q defaultNetstreamDriverCertFile=%q defaultNetstreamDriverKeyFile=%q`,
			ca.caFile, ca.certFile, ca.keyFile)
		input = `module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")`
	}
	conf := global + ")\n" + input + "\n" + fmt.Sprintf(`
# Messages are written by the thread that read them, before it reads on: what was read is written.
main_queue(queue.type="Direct")
template(name="raw" type="string" string="%%rawmsg%%\n")
input(type="imtcp" address="127.0.0.1" port="%d")
action(type="omfile" file=%q template="raw" flushOnTXEnd="on")
`, r.port, r.out)
	if err := os.WriteFile(filepath.Join(dir, "rsyslog.conf"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	r.start()
	t.Cleanup(r.stop)
	return r
}

func (r *rsyslog) start() {
	r.t.Helper()
	r.cmd = exec.Command(r.bin, "-n", "-f", filepath.Join(r.dir, "rsyslog.conf"), "-i", filepath.Join(r.dir, "rsyslogd.pid"))
	// What it says (among it, the readiness probes' broken handshakes) goes to a file of its own.
	logf, err := os.OpenFile(filepath.Join(r.dir, "rsyslogd.stderr"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		r.t.Fatal(err)
	}
	defer logf.Close()
	r.cmd.Stdout, r.cmd.Stderr = logf, logf
	if err := r.cmd.Start(); err != nil {
		r.t.Fatalf("start rsyslogd: %v", err)
	}
	r.done = make(chan error, 1)
	go func(c *exec.Cmd, done chan error) { done <- c.Wait() }(r.cmd, r.done)
	waitFor(r.t, 10*time.Second, func() string { return "rsyslogd does not listen on its port" }, func() bool {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(r.port), time.Second)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
}

// stop ends rsyslogd as a service manager does (SIGTERM) and waits for it.
func (r *rsyslog) stop() {
	if r.cmd == nil {
		return
	}
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.done:
	case <-time.After(10 * time.Second):
		_ = r.cmd.Process.Kill()
		<-r.done
	}
	r.cmd = nil
}

func (r *rsyslog) restart() {
	r.t.Helper()
	r.stop()
	r.start()
}

func (r *rsyslog) received() string {
	b, _ := os.ReadFile(r.out)
	return string(b)
}

// The bar: rsyslog restarted in the middle of a stream of audit events, over TCP and over TLS, while
// the organisation's chain keeps growing: every event arrives, the only extra copies are those of the
// batches that were cut off (at least once), and they are counted.
func TestSyslogSinkSurvivesRsyslogRestart(t *testing.T) {
	for _, kind := range []string{siem.KindSyslogTCP, siem.KindSyslogTLS} {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			pool := testdb.New(t)
			org := newOrg(t, pool, 700)
			rs := newRsyslog(t, kind == siem.KindSyslogTLS)
			s := pgstore.AuditSink{OrgID: org, Name: "rsyslog", Kind: kind, Endpoint: "127.0.0.1:" + strconv.Itoa(rs.port)}
			if rs.tls != nil {
				s.CAPEM = rs.tls.caPEM
			}
			s = addSink(t, pool, keyring(t), s, "")

			reg := prometheus.NewRegistry()
			d := &siem.Deliverer{DB: pool, Interval: 20 * time.Millisecond, Batch: 50, Backoff: 50 * time.Millisecond,
				Logger: slog.New(slog.DiscardHandler)}
			if err := d.Register(reg); err != nil {
				t.Fatal(err)
			}
			runCtx, stop := context.WithCancel(ctx)
			var wg sync.WaitGroup
			wg.Go(func() { d.Run(runCtx) })
			// The chain keeps growing while it is delivered and while rsyslog is down.
			wg.Go(func() { appendEvents(t, pool, org, 300) })
			t.Cleanup(func() { stop(); wg.Wait() })

			waitFor(t, 30*time.Second, func() string { return describe(sinkRow(t, pool, org, s.ID)) },
				func() bool { return sinkRow(t, pool, org, s.ID).CursorSeq >= 200 })
			rs.restart()
			// And once more while a batch is surely on its way.
			waitFor(t, 30*time.Second, func() string { return describe(sinkRow(t, pool, org, s.ID)) },
				func() bool { return sinkRow(t, pool, org, s.ID).CursorSeq >= 500 })
			rs.stop()
			time.Sleep(300 * time.Millisecond) // batches fail and back off meanwhile
			rs.start()

			const total = 1000
			waitFor(t, 60*time.Second, func() string { return describe(sinkRow(t, pool, org, s.ID)) },
				func() bool { return sinkRow(t, pool, org, s.ID).CursorSeq == total })
			stop()
			wg.Wait()

			got := seqs(t, rs.received())
			dups := 0
			for seq := int64(1); seq <= total; seq++ {
				switch n := got[seq]; {
				case n == 0:
					t.Errorf("event %d never arrived", seq)
				case n > 1:
					dups += n - 1
				}
			}
			if len(got) != total {
				t.Errorf("%d distinct events arrived, want %d", len(got), total)
			}
			row := sinkRow(t, pool, org, s.ID)
			failed := metric(t, reg, "cmdai_audit_sink_failed_total")
			delivered := metric(t, reg, "cmdai_audit_sink_delivered_total")
			t.Logf("%s: %d events, %d duplicates, %v failed batches, %v delivered (metric), %d (row)", kind, total, dups, failed, delivered, row.Delivered)
			// Each duplicate is an event of a batch that was not confirmed and went again: at most a
			// batch per failure.
			if failed < 1 {
				t.Errorf("no failed batch was counted, yet rsyslog was down")
			}
			if dups > int(failed)*50 {
				t.Errorf("%d duplicates from %v failed batches of at most 50", dups, failed)
			}
			if int(delivered) < total || row.Delivered < total {
				t.Errorf("delivered %v (metric), %d (row), want at least %d", delivered, row.Delivered, total)
			}
			if lag := metric(t, reg, "cmdai_audit_sink_lag_events"); lag != 0 {
				t.Errorf("lag %v once all was delivered", lag)
			}
		})
	}
}
