package modelcache

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// model makes n bytes that start like a GGUF file, different for each seed.
func model(n int, seed uint64) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, seed))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	copy(b, "GGUF\x03\x00\x00\x00")
	return b
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// server serves files by path with net/http's own range support and records each request's Range.
type server struct {
	*httptest.Server
	mu     sync.Mutex
	files  map[string][]byte
	etag   string
	ranges []string
	// cut, when set, makes the next response stop after this many body bytes, as a dropped connection.
	cut int
	// ignoreRange serves the whole file whatever the request asks.
	ignoreRange bool
	// linked is sent as X-Linked-Etag on a redirect from /resolve/FILE to /cdn/FILE.
	linked string
	// delay slows each body write, so concurrent pulls overlap.
	delay time.Duration
	// noLength streams the body chunked, without announcing its size.
	noLength bool
}

func newServer(t *testing.T) *server {
	s := &server{files: map[string][]byte{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	if name, ok := strings.CutPrefix(r.URL.Path, "/resolve/"); ok {
		w.Header().Set("X-Linked-Etag", `"`+s.linked+`"`)
		http.Redirect(w, r, "/cdn/"+name, http.StatusFound)
		return
	}
	s.mu.Lock()
	s.ranges = append(s.ranges, r.Header.Get("Range"))
	data, ok := s.files[strings.TrimPrefix(r.URL.Path, "/cdn")]
	cut, ignore, delay, etag, noLength := s.cut, s.ignoreRange, s.delay, s.etag, s.noLength
	s.cut = 0
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if etag != "" {
		w.Header().Set("ETag", etag)
	}
	if ignore || cut > 0 || delay > 0 || noLength {
		if !noLength {
			w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		}
		w.WriteHeader(http.StatusOK)
		if cut > 0 {
			w.Write(data[:cut])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler) // drop the connection mid-body
		}
		for chunk := range slices.Chunk(data, 64<<10) {
			time.Sleep(delay)
			w.Write(chunk)
			w.(http.Flusher).Flush()
		}
		return
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

func (s *server) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.ranges)
}

// open makes a cache in a temporary directory whose catalogue has one model per file served.
func open(t *testing.T, srv *server, prefix string) *Cache {
	t.Helper()
	c, err := Open(filepath.Join(t.TempDir(), "models"))
	if err != nil {
		t.Fatal(err)
	}
	c.Catalogue = nil
	if srv != nil {
		for name, data := range srv.files {
			c.Catalogue = append(c.Catalogue, Model{ID: "test" + strings.TrimSuffix(strings.TrimPrefix(name, "/"), ".gguf"), File: strings.TrimPrefix(name, "/"),
				URL: srv.URL + prefix + name, Size: int64(len(data)), SHA256: sum(data)})
		}
	}
	return c
}

func readManifest(t *testing.T, c *Cache) manifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(c.Dir(), ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("manifest.json is not valid JSON: %v", err)
	}
	return m
}

func assertFile(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs from what was served (%d bytes, want %d)", path, len(got), len(want))
	}
}

func TestPullFromCatalogue(t *testing.T) {
	srv := newServer(t)
	data := model(300<<10, 1)
	srv.files["/m.gguf"] = data
	c := open(t, srv, "")
	var last Progress
	e, err := c.Pull(context.Background(), "testm", PullOptions{Progress: func(p Progress) { last = p }})
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != "testm" || e.File != "m.gguf" || e.SHA256 != sum(data) || e.Size != int64(len(data)) ||
		e.Verified != VerifiedCatalogue || e.Source != srv.URL+"/m.gguf" || e.LastUsed.IsZero() {
		t.Fatalf("entry = %+v", e)
	}
	if last.Done != int64(len(data)) || last.Total != int64(len(data)) {
		t.Fatalf("last progress = %+v", last)
	}
	m := readManifest(t, c)
	if len(m.Models) != 1 || m.Models[0].SHA256 != e.SHA256 || m.Models[0].Source != e.Source {
		t.Fatalf("manifest = %+v", m)
	}
	path, err := c.Path("testm")
	if err != nil || path != filepath.Join(c.Dir(), "m.gguf") {
		t.Fatalf("Path = %q, %v", path, err)
	}
	assertFile(t, path, data)
	if _, err := os.Stat(path + partialSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the partial file is left behind: %v", err)
	}
	// Pulling again finds the cached file and does not download.
	if _, err := c.Pull(context.Background(), "testm", PullOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.requests()); n != 1 {
		t.Fatalf("%d requests; the second pull should not download", n)
	}
}

func TestPullLocalFile(t *testing.T) {
	dir := t.TempDir()
	data := model(200<<10, 9)
	src := filepath.Join(dir, "local-model.gguf")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	c := open(t, nil, "")
	e, err := c.Pull(context.Background(), src, PullOptions{})
	if err != nil || e.ID != "local-model" || e.Source != src || e.Verified != VerifiedFirstUse || e.SHA256 != sum(data) {
		t.Fatalf("entry %+v, %v", e, err)
	}
	assertFile(t, filepath.Join(c.Dir(), "local-model.gguf"), data)
	if _, err := c.Pull(context.Background(), src, PullOptions{SHA256: strings.Repeat("1", 64), ID: "other"}); err == nil || !strings.Contains(err.Error(), "checksum mismatch") {
		t.Fatalf("wrong --sha256 for a local file: %v", err)
	}
	text := filepath.Join(dir, "notes.gguf")
	os.WriteFile(text, []byte("<html>not found</html>"), 0o644)
	if _, err := c.Pull(context.Background(), text, PullOptions{}); err == nil || !strings.Contains(err.Error(), "not a GGUF") {
		t.Fatalf("a non-GGUF file was accepted: %v", err)
	}
	if _, err := c.Pull(context.Background(), filepath.Join(dir, "missing.gguf"), PullOptions{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing file: %v", err)
	}
}

func TestPathAndRemove(t *testing.T) {
	srv := newServer(t)
	srv.files["/m.gguf"] = model(10<<10, 10)
	c := open(t, srv, "")
	var nf *NotFoundError
	if _, err := c.Path("testm"); !errors.As(err, &nf) || !nf.Pullable || !strings.Contains(err.Error(), "cmdai model pull testm") {
		t.Fatalf("Path before pull: %v", err)
	}
	if _, err := c.Path("nonesuch"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Path of an unknown name: %v", err)
	}
	e, err := c.Pull(context.Background(), "testm", PullOptions{})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	for _, name := range []string{"testm", "m.gguf"} {
		if p, err := c.Path(name); err != nil || filepath.Base(p) != "m.gguf" {
			t.Fatalf("Path(%q) = %q, %v", name, p, err)
		}
	}
	if list, _ := c.List(); !list[0].LastUsed.After(e.LastUsed) {
		t.Fatalf("Path did not record the use: %v then %v", e.LastUsed, list[0].LastUsed)
	}
	if _, err := c.Remove("testm"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(c.Dir(), "m.gguf")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("Remove left the file")
	}
	if _, err := c.Remove("testm"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Remove: %v", err)
	}
}

func TestCorruptOrMissingManifest(t *testing.T) {
	c := open(t, nil, "")
	c.Catalogue = []Model{{ID: "known:1b", File: "known.gguf", URL: "https://example.com/known.gguf"}}
	for _, f := range []string{"known.gguf", "extra.gguf"} {
		if err := os.WriteFile(filepath.Join(c.Dir(), f), model(1000, 11), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var notes []string
	c.Notify = func(msg string) { notes = append(notes, msg) }
	os.WriteFile(filepath.Join(c.Dir(), ManifestName), []byte(`{"version":1,"models":[{"id":`), 0o644)
	list, err := c.List()
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, e := range list {
		ids = append(ids, e.ID)
	}
	if !slices.Equal(ids, []string{"extra", "known:1b"}) {
		t.Fatalf("rebuilt ids = %q", ids)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "corrupt") {
		t.Fatalf("notes = %q; want a warning about the corrupt manifest", notes)
	}
	if m := readManifest(t, c); len(m.Models) != 2 {
		t.Fatalf("the rebuilt manifest was not saved: %+v", m)
	}

	notes = nil
	os.Remove(filepath.Join(c.Dir(), ManifestName))
	os.Remove(filepath.Join(c.Dir(), "extra.gguf"))
	if p, err := c.Path("known:1b"); err != nil || filepath.Base(p) != "known.gguf" {
		t.Fatalf("Path after the manifest was deleted: %q, %v", p, err)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "missing") {
		t.Fatalf("notes = %q; want a warning about the missing manifest", notes)
	}
	if list, _ := c.List(); len(list) != 1 {
		t.Fatalf("list = %+v", list)
	}
}

func TestEvictLeastRecentlyUsed(t *testing.T) {
	dir := t.TempDir()
	c := open(t, nil, "")
	pull := func(name string) {
		t.Helper()
		src := filepath.Join(dir, name+".gguf")
		os.WriteFile(src, model(100_000, uint64(len(name))), 0o644)
		if _, err := c.Pull(context.Background(), src, PullOptions{}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond)
	}
	pull("a")
	pull("bb")
	pull("ccc")
	if _, err := c.Path("a"); err != nil { // a is now the most recently used
		t.Fatal(err)
	}
	c.MaxSize = 250_000
	c.Keep = []string{"bb"} // the configured default: never evicted
	var notes []string
	c.Notify = func(msg string) { notes = append(notes, msg) }
	pull("dddd")
	var ids []string
	list, _ := c.List()
	for _, e := range list {
		ids = append(ids, e.ID)
	}
	// ccc is the least recently used that may go; removing it brings the cache to 300 kB, still over,
	// so a goes too; bb is kept and dddd was just pulled.
	if !slices.Equal(ids, []string{"bb", "dddd"}) {
		t.Fatalf("after eviction: %q (notes %q)", ids, notes)
	}
	if _, err := os.Stat(filepath.Join(c.Dir(), "ccc.gguf")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the evicted file is still on disk")
	}
	if len(notes) != 2 || !strings.Contains(notes[0], "removed ccc") {
		t.Fatalf("notes = %q", notes)
	}
}

func TestConcurrentPullsDownloadOnce(t *testing.T) {
	srv := newServer(t)
	data := model(640<<10, 12)
	srv.files["/m.gguf"] = data
	srv.delay = 5 * time.Millisecond
	c := open(t, srv, "")
	// A second Cache on the same directory stands for another process.
	other, err := Open(c.Dir())
	if err != nil {
		t.Fatal(err)
	}
	other.Catalogue = c.Catalogue
	var wg sync.WaitGroup
	entries := make([]Entry, 4)
	errs := make([]error, 4)
	for i := range entries {
		cache := c
		if i%2 == 1 {
			cache = other
		}
		wg.Go(func() { entries[i], errs[i] = cache.Pull(context.Background(), "testm", PullOptions{}) })
	}
	wg.Wait()
	for i := range entries {
		if errs[i] != nil || entries[i].SHA256 != sum(data) {
			t.Fatalf("pull %d: %+v, %v", i, entries[i], errs[i])
		}
	}
	if n := len(srv.requests()); n != 1 {
		t.Fatalf("the server saw %d downloads; concurrent pulls of one model must share one", n)
	}
	if list, _ := c.List(); len(list) != 1 {
		t.Fatalf("manifest = %+v", list)
	}
	assertFile(t, filepath.Join(c.Dir(), "m.gguf"), data)
}

func TestEmbeddedCatalogue(t *testing.T) {
	models := Catalogue()
	if len(models) < 3 {
		t.Fatalf("catalogue has %d models", len(models))
	}
	if d := DefaultModel(); d.ID != "qwen2.5-coder:1.5b" {
		t.Fatalf("default model = %q", d.ID)
	}
	for _, m := range models {
		if !strings.HasPrefix(m.URL, "https://huggingface.co/Qwen/") || !strings.HasSuffix(m.URL, "/"+m.File) {
			t.Errorf("%s: url %s", m.ID, m.URL)
		}
	}
	for _, bad := range []string{
		"[[model]]\nid = \"a\"\nfile = \"../a.gguf\"\nurl = \"https://x/a.gguf\"\n",
		"[[model]]\nid = \"a\"\nfile = \"a.gguf\"\nurl = \"ftp://x/a.gguf\"\n",
		"[[model]]\nid = \"a\"\nfile = \"a.gguf\"\nurl = \"https://x/a.gguf\"\nsha256 = \"xyz\"\n",
		"[[model]]\nid = \"a\"\nfile = \"a.gguf\"\nurl = \"https://x/a.gguf\"\nsize = 1\ncolour = \"red\"\n",
	} {
		if _, err := ParseCatalogue([]byte(bad)); err == nil {
			t.Errorf("accepted a bad catalogue:\n%s", bad)
		}
	}
}
