package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cmdai/cmdai/models/modelcache"
)

func TestPullBarLinesWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	b := newPullBar(&buf, false)
	for done := int64(0); done <= 1000; done += 37 {
		b.update(modelcache.Progress{ID: "m", Done: done, Total: 1000})
	}
	b.update(modelcache.Progress{ID: "m", Done: 1000, Total: 1000})
	b.end()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 11 || lines[0] != "m: 0% (0 B of 1 KB)" || lines[10] != "m: 100% (1 KB of 1 KB)" {
		t.Fatalf("got %d lines:\n%s", len(lines), buf.String())
	}
}

func TestPullBarOnATerminal(t *testing.T) {
	var buf bytes.Buffer
	b := newPullBar(&buf, true)
	b.update(modelcache.Progress{ID: "m", Done: 450e6, Total: 1e9, Rate: 12.5e6, ETA: 44 * time.Second})
	b.end()
	want := "\rm  45% [==========              ] 450 MB / 1.0 GB  12 MB/s  ETA 0:44\x1b[K\n"
	if buf.String() != want {
		t.Fatalf("got  %q\nwant %q", buf.String(), want)
	}
}

func TestSetTopLevelString(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"replace keeps comment", "model = \"a\" # mine\n[x]\nmodel = \"b\"\n", "model = \"c\" # mine\n[x]\nmodel = \"b\"\n"},
		{"literal string", "  model='a'\n", "  model=\"c\"\n"},
		{"only in a table", "[ollama]\nmodel = \"a\"\n", "model = \"c\"\n\n[ollama]\nmodel = \"a\"\n"},
		{"empty file", "", "model = \"c\"\n"},
		{"no trailing newline", "backend = \"auto\"", "backend = \"auto\"\nmodel = \"c\"\n"},
		{"models is another key", "models = 1\n", "models = 1\nmodel = \"c\"\n"},
	}
	for _, tt := range tests {
		if got := setTopLevelString(tt.in, "model", "c"); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestPullInterruptLeavesResumablePartial sends the process a real SIGINT in the middle of a pull.
func TestPullInterruptLeavesResumablePartial(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	data := append([]byte("GGUF"), make([]byte, 4<<20)...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := 0
		if rg := r.Header.Get("Range"); rg != "" {
			fmt.Sscanf(rg, "bytes=%d-", &start)
			w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, len(data)-1, len(data)))
			w.Header().Set("Content-Length", fmt.Sprint(len(data)-start))
			w.WriteHeader(http.StatusPartialContent)
			w.Write(data[start:])
			return
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.Write(data[:1<<20])
		w.(http.Flusher).Flush()
		time.Sleep(200 * time.Millisecond)
		syscall.Kill(os.Getpid(), syscall.SIGINT)
		<-r.Context().Done()
	}))
	defer srv.Close()
	var out, errOut bytes.Buffer
	s := &streams{out: &out, err: &errOut}
	err := runModelPull(context.Background(), s, srv.URL+"/m.gguf", pullFlags{})
	if exitCode(err) != ExitCancelled || !strings.Contains(errOut.String(), "run the same command again to resume") {
		t.Fatalf("interrupted pull: exit %d, %v; stderr %q", exitCode(err), err, errOut.String())
	}
	partial := filepath.Join(dir, "data", "cmdai", "models", "m.gguf.partial")
	if st, err := os.Stat(partial); err != nil || st.Size() != 1<<20 {
		t.Fatalf("partial download: %v", err)
	}
	if err := runModelPull(context.Background(), s, srv.URL+"/m.gguf", pullFlags{}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "data", "cmdai", "models", "m.gguf"))
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("resumed file differs: %v", err)
	}
	if _, err := os.Stat(partial); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("partial left after the resumed pull")
	}
}
