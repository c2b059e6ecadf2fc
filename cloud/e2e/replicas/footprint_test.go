package replicas

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/internal/testproc"
)

// maxPeakRSS is the most a server process may hold at its peak under 16 concurrent pathological templates
// (150 MB; it starts at about 75 MiB).
const maxPeakRSS = 150_000_000

// pathologicalTemplates are shell texts built to make an analysis expensive, each within the 8 KiB a
// shared template may hold: substitutions, groups, expansions and arithmetic nested as deep as fits, and
// strings run as code inside each other.
func pathologicalTemplates() map[string]string {
	nest := func(open, inner, close string) string {
		n := (8000 - len(inner)) / (len(open) + len(close))
		return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
	}
	return map[string]string{
		"$(echo …) nested":      "echo " + nest("$(echo ", "x", ")"),
		"$( nested":             nest("$(", "x", ")"),
		"$( 1000 deep":          strings.Repeat("$(", 1000) + "x" + strings.Repeat(")", 1000),
		"quoted $( nested":      nest(`"$(echo `, "x", `)"`),
		"${x:-…} nested":        "echo " + nest("${x:-", "y", "}"),
		"arithmetic nested":     "echo " + nest("$((1+", "1", "))"),
		"subshells nested":      nest("(", "true", ")"),
		"bash -c nested":        nest(`bash -c "$(echo `, "x", `)"`),
		"pipeline of thousands": strings.TrimSuffix(strings.Repeat("cat | ", 1300), " | "),
		"brace expansion":       "echo " + strings.Repeat("{a,b}", 1500),
		"eval chain":            nest("eval $(eval ", "x", ")"),
		"for loops nested":      nest("for i in 1 2 3; do ", "echo $i", "; done"),
		"placeholders":          "echo " + strings.Repeat("{{name}} $({{name}}) ", 300),
	}
}

// The server's analysis of shared templates and stored commands is bounded as the daemon's is: 16 clients
// sending pathological templates and commands at once leave a real server process's peak RSS (VmHWM)
// at most 150 MB.
func TestServerPeakRSSUnderPathologicalTemplates(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a server process")
	}
	pool := testdb.New(t)
	c := &cluster{t: t, env: append(os.Environ(),
		"DATABASE_URL="+databaseURL(t, pool.Config().ConnString(), pool.Config().ConnConfig.Database),
		"REDIS_URL="+redisURL(), "JWT_SECRET=replica-secret-replica-secret-replica-secret")}
	c.bin = serverBinary(t)
	r := &replica{name: "server", addr: "127.0.0.1:" + strconv.Itoa(testproc.FreePort(t))}
	c.replicas = []*replica{r}
	c.start(r)
	t.Cleanup(func() {
		_ = r.cmd.Process.Kill()
		<-r.done
	})
	c.waitReady(r, 30*time.Second)
	c.lb = r.addr // no balancer: straight to the server

	access, _ := c.session("rss@example.com")
	if _, err := pool.Exec(context.Background(), `UPDATE users SET plan = 'enterprise' WHERE email = 'rss@example.com'`); err != nil {
		t.Fatal(err)
	}
	team := c.must("POST", "/api/v1/teams", access, map[string]string{"name": "RSS"}, http.StatusCreated).body["id"].(string)
	c.must("POST", "/api/v1/commands", access, map[string]string{"prompt": "p", "command": "ls"}, http.StatusCreated)
	base := vmHWM(t, r.cmd.Process.Pid)

	templates := pathologicalTemplates()
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	start := time.Now()
	for w := range 16 {
		wg.Go(func() {
			i := 0
			for round := range 2 {
				for name, tpl := range templates {
					i++
					res, err := c.do("POST", "/api/v1/teams/"+team+"/patterns", access,
						map[string]any{"name": fmt.Sprintf("p-%d-%d-%d", w, round, i), "template": tpl})
					res2, err2 := c.do("POST", "/api/v1/commands", access, map[string]any{"prompt": name, "command": tpl})
					mu.Lock()
					for _, e := range []error{err, err2} {
						if e != nil {
							statuses[-1]++
						}
					}
					statuses[res.status]++
					statuses[res2.status]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	peak := vmHWM(t, r.cmd.Process.Pid)
	t.Logf("peak RSS %.1f MiB after start-up, %.1f MiB after %d pathological templates and commands from 16 clients (%.2fx) in %v; statuses %v",
		float64(base)/(1<<20), float64(peak)/(1<<20), 16*2*len(templates)*2, float64(peak)/float64(base), took.Round(time.Millisecond), statuses)
	for st := range statuses {
		if st < 0 || st >= 500 {
			t.Errorf("answers with status %d: %d", st, statuses[st])
		}
	}
	if peak > maxPeakRSS {
		t.Fatalf("peak RSS %.1f MB, above %.0f MB", float64(peak)/1e6, float64(maxPeakRSS)/1e6)
	}
}

// vmHWM is a process's peak resident set size in bytes.
func vmHWM(t *testing.T, pid int) int64 {
	t.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatalf("read the server's /proc status: %v", err)
	}
	for line := range strings.SplitSeq(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				t.Fatalf("VmHWM %q: %v", v, err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM in /proc status")
	return 0
}
