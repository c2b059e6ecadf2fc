package modelcache

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPullResumesAfterCutConnection(t *testing.T) {
	srv := newServer(t)
	data := model(500<<10, 2)
	srv.files["/m.gguf"] = data
	srv.etag = `"v1"`
	srv.cut = 200 << 10
	c := open(t, srv, "")
	if _, err := c.Pull(context.Background(), "testm", PullOptions{}); err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	if len(reqs) != 2 || reqs[0] != "" || reqs[1] != fmt.Sprintf("bytes=%d-", 200<<10) {
		t.Fatalf("requests' Range headers = %q; want a full request, then one resuming at the cut", reqs)
	}
	assertFile(t, filepath.Join(c.Dir(), "m.gguf"), data)
}

func TestPullResumesAcrossRuns(t *testing.T) {
	srv := newServer(t)
	data := model(1<<20, 3)
	srv.files["/m.gguf"] = data
	srv.delay = 20 * time.Millisecond
	c := open(t, srv, "")
	ctx, cancel := context.WithCancel(context.Background())
	_, err := c.Pull(ctx, "testm", PullOptions{Progress: func(p Progress) {
		if p.Done > 300<<10 {
			cancel() // Ctrl-C in the middle
		}
	}})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "resume") {
		t.Fatalf("interrupted pull: %v", err)
	}
	st, err := os.Stat(filepath.Join(c.Dir(), "m.gguf"+partialSuffix))
	if err != nil || st.Size() == 0 {
		t.Fatalf("no partial download kept: %v", err)
	}
	srv.mu.Lock()
	srv.delay = 0
	srv.mu.Unlock()
	var first Progress
	if _, err := c.Pull(context.Background(), "testm", PullOptions{Progress: func(p Progress) {
		if first.ID == "" {
			first = p
		}
	}}); err != nil {
		t.Fatal(err)
	}
	reqs := srv.requests()
	if want := fmt.Sprintf("bytes=%d-", st.Size()); reqs[len(reqs)-1] != want {
		t.Fatalf("second run asked for %q, want %q", reqs[len(reqs)-1], want)
	}
	if first.Resumed != st.Size() {
		t.Fatalf("progress says %d bytes resumed, want %d", first.Resumed, st.Size())
	}
	assertFile(t, filepath.Join(c.Dir(), "m.gguf"), data)
}

func TestPullRestartsWhenServerIgnoresRange(t *testing.T) {
	srv := newServer(t)
	data := model(400<<10, 4)
	srv.files["/m.gguf"] = data
	srv.ignoreRange = true
	srv.cut = 100 << 10
	c := open(t, srv, "")
	if _, err := c.Pull(context.Background(), "testm", PullOptions{}); err != nil {
		t.Fatal(err)
	}
	if reqs := srv.requests(); len(reqs) != 2 || reqs[1] == "" {
		t.Fatalf("requests' Range headers = %q; the second should ask to resume", reqs)
	}
	assertFile(t, filepath.Join(c.Dir(), "m.gguf"), data)
}

func TestPullRestartsWhenFileChanged(t *testing.T) {
	srv := newServer(t)
	old, cur := model(1<<20, 5), model(1<<20, 6)
	srv.files["/m.gguf"] = old
	srv.etag = `"old"`
	c := open(t, srv, "")
	c.Catalogue[0].SHA256 = sum(cur)
	ctx, cancel := context.WithCancel(context.Background())
	srv.delay = 20 * time.Millisecond
	_, err := c.Pull(ctx, "testm", PullOptions{Progress: func(p Progress) {
		if p.Done > 100<<10 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted pull: %v", err)
	}
	srv.mu.Lock()
	srv.files["/m.gguf"], srv.etag, srv.delay = cur, `"new"`, 0
	srv.mu.Unlock()
	if _, err := c.Pull(context.Background(), "testm", PullOptions{}); err != nil {
		t.Fatal(err)
	}
	assertFile(t, filepath.Join(c.Dir(), "m.gguf"), cur)
}

func TestPullChecksumMismatch(t *testing.T) {
	srv := newServer(t)
	data := model(100<<10, 7)
	srv.files["/m.gguf"] = data
	c := open(t, srv, "")
	want := strings.Repeat("ab", 32)
	c.Catalogue[0].SHA256 = want
	_, err := c.Pull(context.Background(), "testm", PullOptions{})
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), sum(data)) {
		t.Fatalf("error %v; want one naming the expected and actual digests", err)
	}
	for _, name := range []string{"m.gguf", "m.gguf" + partialSuffix} {
		if _, err := os.Stat(filepath.Join(c.Dir(), name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s still exists after a checksum mismatch", name)
		}
	}
	if list, _ := c.List(); len(list) != 0 {
		t.Fatalf("manifest lists %+v after a failed pull", list)
	}
	// --sha256 overrides the catalogue and makes the same download succeed.
	if e, err := c.Pull(context.Background(), "testm", PullOptions{SHA256: strings.ToUpper(sum(data))}); err != nil || e.Verified != VerifiedGiven {
		t.Fatalf("pull with --sha256: %+v, %v", e, err)
	}
}

func TestPullUsesServerDigest(t *testing.T) {
	srv := newServer(t)
	data := model(100<<10, 8)
	srv.files["/m.gguf"] = data
	url := srv.URL + "/resolve/m.gguf"

	srv.linked = sum(data)
	c := open(t, nil, "")
	e, err := c.Pull(context.Background(), url, PullOptions{})
	if err != nil || e.Verified != VerifiedServer || e.ID != "m" {
		t.Fatalf("pull with X-Linked-Etag: %+v, %v", e, err)
	}

	srv.linked = strings.Repeat("0", 64)
	c = open(t, nil, "")
	if _, err := c.Pull(context.Background(), url, PullOptions{}); err == nil || !strings.Contains(err.Error(), "checksum mismatch") {
		t.Fatalf("a wrong X-Linked-Etag was accepted: %v", err)
	}

	srv.linked = ""
	c = open(t, nil, "")
	if e, err := c.Pull(context.Background(), url, PullOptions{ID: "mine"}); err != nil || e.Verified != VerifiedFirstUse || e.ID != "mine" || e.SHA256 != sum(data) {
		t.Fatalf("pull with no digest anywhere: %+v, %v", e, err)
	}
}
