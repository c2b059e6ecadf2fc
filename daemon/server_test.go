package daemon

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cmdai/cmdai/ipc"
)

func TestStatusGenerateHistoryAndExit(t *testing.T) {
	e := newEnv(t)
	e.writeConfig(fmt.Sprintf("[ollama]\nurl = %q\n", closedURL(t)))
	e.start(e.opts)
	ctx := context.Background()
	st, err := e.client.Status(ctx)
	// Preloading runs beside serving: auto first asks whether a model backend is ready.
	for deadline := time.Now().Add(5 * time.Second); err == nil && !st.Warm && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		st, err = e.client.Status(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
	if st.PID != os.Getpid() || st.Version != "test" || st.Backend != "offline" || !st.Warm ||
		st.Socket != e.opts.Socket || st.Protocol != ipc.ProtocolVersion || st.History != 0 {
		t.Fatalf("status = %+v", st)
	}

	var tokens []string
	res, err := e.client.Generate(ctx, ipc.GenerateRequest{Prompt: "delete all files in /", Shell: "bash", Cwd: "/tmp"},
		func(tok string) { tokens = append(tokens, tok) })
	if err != nil {
		t.Fatal(err)
	}
	if res.ID == "" || res.Command == "" || res.Risk != "critical" || len(res.Findings) == 0 || res.Backend != "offline" {
		t.Fatalf("result = %+v: every answer is checked before it is sent", res)
	}
	if len(tokens) == 0 {
		t.Fatal("no token events before the result")
	}
	if len(res.Alternatives) != 0 {
		t.Fatalf("alternatives nobody asked for: %+v", res.Alternatives)
	}
	// Alternatives, when asked for, come with their own safety verdicts.
	alt, err := e.client.Generate(ctx, ipc.GenerateRequest{Prompt: "delete all *.zip files under /srv older than 2 days",
		Shell: "bash", Alternatives: 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range alt.Alternatives {
		if strings.Contains(a.Command, "rm") && len(a.Findings) == 0 {
			t.Errorf("alternative %+v: want its own verdict", a)
		}
	}
	if err := e.client.DeleteHistory(ctx, alt.ID); err != nil {
		t.Fatal(err)
	}
	alt, err = e.client.Generate(ctx, ipc.GenerateRequest{Prompt: "count lines in all python files",
		Shell: "bash", Alternatives: 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(alt.Alternatives) != 3 {
		t.Fatalf("asked for 3 alternatives, got %+v", alt.Alternatives)
	}
	recalled := false
	for _, a := range alt.Alternatives {
		if a.Command == "" || a.Command == alt.Command || a.Risk == "" {
			t.Errorf("alternative %+v: want another command with its own verdict", a)
		}
		recalled = recalled || a.Model == "nl2bash-recall"
	}
	if !recalled {
		t.Errorf("no alternative from the recall model: %+v", alt.Alternatives)
	}
	if err := e.client.DeleteHistory(ctx, alt.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.client.RecordExit(ctx, res.ID, ipc.ExitRequest{ExitCode: 4, DurationMS: 20}); err != nil {
		t.Fatal(err)
	}
	got, err := e.client.HistoryEntry(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Prompt != "delete all files in /" || got.Command != res.Command || got.Risk != "critical" || !got.Executed ||
		got.ExitCode != 4 || got.DurationMS != 20 || got.Cwd != "/tmp" || got.Shell != "bash" || len(got.Findings) == 0 {
		t.Fatalf("history entry = %+v", got)
	}
	list, err := e.client.History(ctx, ipc.HistoryQuery{Search: "delete files", Cwd: "/tmp"})
	if err != nil || len(list) != 1 || list[0].ID != res.ID {
		t.Fatalf("search = %+v, %v", list, err)
	}

	_, err = e.client.Generate(ctx, ipc.GenerateRequest{Prompt: "please compose a sonnet about my cat"}, nil)
	if !ipc.IsNoAnswer(err) {
		t.Fatalf("a request the offline engine does not know: %v", err)
	}
	if alts := ipc.NoAnswerAlternatives(err); len(alts) != 0 {
		t.Fatalf("shapes nobody asked for came with the refusal: %+v", alts)
	}
	// Asked for alternatives, a refusal brings the shapes recalled for similar requests, each checked.
	_, err = e.client.Generate(ctx, ipc.GenerateRequest{Prompt: "print the mime type charset of photo.png", Alternatives: 3}, nil)
	shapes := ipc.NoAnswerAlternatives(err)
	if !ipc.IsNoAnswer(err) || len(shapes) == 0 || len(shapes) > 3 {
		t.Fatalf("unsure request with alternatives: %v, %+v", err, shapes)
	}
	for _, a := range shapes {
		if a.Command == "" || a.Risk == "" || a.Model != "nl2bash-recall" {
			t.Errorf("shape %+v: want a recalled command with its verdict", a)
		}
	}
	if _, err := e.client.Generate(ctx, ipc.GenerateRequest{Prompt: "list files", Backend: "ollama"}, nil); err == nil ||
		!strings.Contains(err.Error(), "start it with 'ollama serve'") {
		t.Fatalf("ollama not running: %v", err)
	}

	if err := e.client.DeleteHistory(ctx, res.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.client.DeleteHistory(ctx, res.ID); !ipc.IsNotFound(err) {
		t.Fatalf("second delete: %v", err)
	}
	chk, err := e.client.Check(ctx, ipc.CheckRequest{Command: "rm -rf ~/"})
	if err != nil || chk.Risk != "critical" || len(chk.Findings) == 0 {
		t.Fatalf("check = %+v, %v", chk, err)
	}
	if ps, err := e.client.Patterns(ctx); err != nil || len(ps) != 0 {
		t.Fatalf("patterns = %+v, %v", ps, err)
	}
}

// Fifty clients at once, mixing generations, checks, history reads and status.
func TestConcurrentClients(t *testing.T) {
	e := newEnv(t)
	e.start(e.opts)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := range 50 {
		wg.Go(func() {
			c := &ipc.Client{Socket: e.opts.Socket}
			defer c.Close()
			for j := range 5 {
				var err error
				switch (i + j) % 4 {
				case 0:
					var res ipc.GenerateResult
					res, err = c.Generate(ctx, ipc.GenerateRequest{Prompt: fmt.Sprintf("create a directory named d%d", i)}, nil)
					if err == nil && res.ID == "" {
						err = errors.New("generation without a history id")
					}
				case 1:
					_, err = c.Check(ctx, ipc.CheckRequest{Command: "ls -la | grep x"})
				case 2:
					_, err = c.History(ctx, ipc.HistoryQuery{Search: "directory", Limit: 5})
				case 3:
					_, err = c.Status(ctx)
				}
				if err != nil {
					errs <- fmt.Errorf("client %d call %d: %w", i, j, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st, _ := e.client.Status(ctx)
	if want := 63; st.History != want { // (i+j)%4 == 0 happens 63 times for i<50, j<5
		t.Errorf("history has %d entries, want %d", st.History, want)
	}
}

// A client that goes away cancels its generation, whether it was running or still queued, and checks
// and history never wait behind a generation.
func TestDisconnectCancelsAndChecksDoNotQueue(t *testing.T) {
	e := newEnv(t)
	b := newBlocking()
	opts := e.opts
	opts.Factories = map[string]Factory{"offline": b.factory(1)}
	e.start(opts)

	runCtx, cancelRun := context.WithCancel(context.Background())
	queuedCtx, cancelQueued := context.WithCancel(context.Background())
	results := make(chan error, 2)
	go func() {
		_, err := e.client.Generate(runCtx, ipc.GenerateRequest{Prompt: "first"}, nil)
		results <- err
	}()
	if p := recv(t, b.started, "the first generation"); p != "first" {
		t.Fatalf("started %q", p)
	}
	go func() {
		c := &ipc.Client{Socket: e.opts.Socket}
		defer c.Close()
		_, err := c.Generate(queuedCtx, ipc.GenerateRequest{Prompt: "second"}, nil)
		results <- err
	}()

	// The backend is busy; check and history answer anyway.
	cctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := e.client.Check(cctx, ipc.CheckRequest{Command: "ls"}); err != nil {
		t.Fatalf("check waited behind a generation: %v", err)
	}
	if _, err := e.client.History(cctx, ipc.HistoryQuery{}); err != nil {
		t.Fatalf("history waited behind a generation: %v", err)
	}

	time.Sleep(50 * time.Millisecond) // let "second" reach the queue
	cancelQueued()
	if err := <-results; !errors.Is(err, context.Canceled) {
		t.Fatalf("queued generation: %v", err)
	}
	// The client returns at once; give the daemon a moment to see that connection close before the
	// turn frees up, or the queued request may take the turn and only then notice.
	time.Sleep(100 * time.Millisecond)
	cancelRun()
	if p := recv(t, b.cancelled, "the running generation to be cancelled"); p != "first" {
		t.Fatalf("cancelled %q", p)
	}
	<-results
	select {
	case p := <-b.started:
		t.Fatalf("the queued generation %q ran after its client left", p)
	case <-time.After(100 * time.Millisecond):
	}
	close(b.release)
	res, err := e.client.Generate(context.Background(), ipc.GenerateRequest{Prompt: "third"}, nil)
	if err != nil || res.Command != "echo third" {
		t.Fatalf("after cancellations: %+v, %v", res, err)
	}
}

// Garbage, oversized and malformed requests are refused with the right status, and the daemon keeps
// serving.
func TestBadRequests(t *testing.T) {
	e := newEnv(t)
	e.start(e.opts)
	raw := func(req string) string {
		t.Helper()
		c, err := net.Dial("unix", e.opts.Socket)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(5 * time.Second))
		io.WriteString(c, req)
		line, _ := bufio.NewReader(c).ReadString('\n')
		return line
	}
	if got := raw("\x00\x01garbage\r\n\r\n"); !strings.Contains(got, " 400 ") {
		t.Errorf("garbage: %q", got)
	}
	if got := raw("GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 64<<10) + "\r\n\r\n"); !strings.Contains(got, " 431 ") {
		t.Errorf("huge header: %q", got)
	}

	hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", e.opts.Socket)
	}}}
	defer hc.CloseIdleConnections()
	tests := []struct {
		name, method, path, body string
		status                   int
		code                     string
	}{
		{"oversized body", "POST", "/v1/check", `{"command":"` + strings.Repeat("x", ipc.MaxRequestBytes) + `"}`, 413, ipc.CodeTooLarge},
		{"not json", "POST", "/v1/generate", "prompt=hi", 400, ipc.CodeBadRequest},
		{"trailing data", "POST", "/v1/check", `{"command":"ls"} {}`, 400, ipc.CodeBadRequest},
		{"empty prompt", "POST", "/v1/generate", `{"prompt":"  "}`, 400, ipc.CodeBadRequest},
		{"bad shell", "POST", "/v1/generate", `{"prompt":"ls","shell":"cmd.exe"}`, 400, ipc.CodeBadRequest},
		{"too many alternatives", "POST", "/v1/generate", `{"prompt":"ls","alternatives":9}`, 400, ipc.CodeBadRequest},
		{"negative alternatives", "POST", "/v1/generate", `{"prompt":"ls","alternatives":-1}`, 400, ipc.CodeBadRequest},
		{"bad id", "GET", "/v1/history/nope", "", 400, ipc.CodeBadRequest},
		{"missing id", "GET", "/v1/history/01ARZ3NDEKTSV4RRFFQ69G5FAV", "", 404, ipc.CodeNotFound},
		{"bad limit", "GET", "/v1/history?limit=0", "", 400, ipc.CodeBadRequest},
		{"bad exit", "POST", "/v1/history/01ARZ3NDEKTSV4RRFFQ69G5FAV/exit", `{"exit_code":999}`, 400, ipc.CodeBadRequest},
		{"unknown route", "GET", "/v1/nope", "", 404, ipc.CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, "http://cmdai"+tt.path, strings.NewReader(tt.body))
			resp, err := hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), `"code":"`+tt.code+`"`) {
				t.Fatalf("got %d %s, want %d with code %s", resp.StatusCode, body, tt.status, tt.code)
			}
			if resp.Header.Get(ipc.VersionHeader) == "" {
				t.Fatal("error response without the version header")
			}
		})
	}
	if _, err := e.client.Status(context.Background()); err != nil {
		t.Fatalf("the daemon stopped serving: %v", err)
	}
}

func TestAnotherUserIsRefused(t *testing.T) {
	e := newEnv(t)
	opts := e.opts
	other := os.Getuid() + 1
	opts.allowUID = &other
	e.start(opts)
	_, err := e.client.Check(context.Background(), ipc.CheckRequest{Command: "ls"})
	if !ipc.IsAccessDenied(err) {
		t.Fatalf("err = %v, want access denied", err)
	}
}

func TestOneDaemonPerSocket(t *testing.T) {
	e := newEnv(t)
	e.start(e.opts)
	err := Run(context.Background(), e.opts)
	if !errors.Is(err, ErrAlreadyRunning) {
		t.Fatalf("second daemon: %v", err)
	}
	if _, err := e.client.Status(context.Background()); err != nil {
		t.Fatalf("the first daemon stopped: %v", err)
	}
}

// A socket file left by a daemon that died is replaced; the next daemon starts.
func TestStaleSocketIsReplaced(t *testing.T) {
	e := newEnv(t)
	if err := ipc.EnsureSocketDir(strings.TrimSuffix(e.opts.Socket, "/cmdai.sock")); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", e.opts.Socket)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Stat(e.opts.Socket); err != nil {
		t.Fatalf("no stale socket to test with: %v", err)
	}
	e.start(e.opts)
	if _, err := e.client.Status(context.Background()); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(e.opts.Socket)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("socket mode = %v, %v; want 0600", fi.Mode(), err)
	}
	di, _ := os.Stat(strings.TrimSuffix(e.opts.Socket, "/cmdai.sock"))
	if di.Mode().Perm() != 0o700 {
		t.Fatalf("socket directory mode = %v; want 0700", di.Mode())
	}
}
