package modelcache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cmdai/cmdai/config"
)

// stallTimeout ends an attempt whose connection delivers nothing for this long, so it can be resumed.
var stallTimeout = time.Minute

// partialMeta sits beside FILE.partial and says what the bytes in it are, so that a later pull only
// resumes a download of the same URL and version.
type partialMeta struct {
	URL string `json:"url"`
	// Validator is the server's strong ETag or Last-Modified for the file, sent back in If-Range.
	Validator string `json:"validator,omitempty"`
	Total     int64  `json:"total,omitempty"`
}

// transfer is one model download into FILE.partial, across the attempts a flaky connection needs.
type transfer struct {
	c         *Cache
	s         source
	client    *http.Client
	f         *os.File
	metaPath  string
	meta      partialMeta
	h         hash.Hash
	offset    int64 // bytes in f, all of them covered by h
	total     int64
	serverSHA string
	p         *progress
}

// errRetry marks an attempt that failed in a way the next attempt may get past.
type errRetry struct{ err error }

func (e *errRetry) Error() string { return e.err.Error() }
func (e *errRetry) Unwrap() error { return e.err }

func (c *Cache) download(ctx context.Context, s source, opts PullOptions) (fetched, error) {
	partial := filepath.Join(c.dir, s.file+partialSuffix)
	t := &transfer{c: c, s: s, metaPath: partial + ".json", h: sha256.New(), total: s.size}
	if data, err := os.ReadFile(t.metaPath); err == nil {
		_ = json.Unmarshal(data, &t.meta)
	}
	if t.meta.URL != s.url {
		// Bytes from another URL (or of unknown origin) cannot be continued.
		_ = os.Remove(partial)
		t.meta = partialMeta{URL: s.url}
	}
	f, err := os.OpenFile(partial, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return fetched{}, fmt.Errorf("create %s: %w", partial, err)
	}
	t.f = f
	if t.offset, err = hashPrefix(f, t.h); err != nil {
		f.Close()
		return fetched{}, fmt.Errorf("read %s: %w", partial, err)
	}
	t.p = newProgress(s.id, t.total, t.offset, opts.Progress)
	t.client = c.digestClient(&t.serverSHA)

	retries := opts.Retries
	if retries <= 0 {
		retries = 5
	}
	for attempt := 0; ; attempt++ {
		err = t.attempt(ctx)
		var retry *errRetry
		if err == nil || !errors.As(err, &retry) || attempt >= retries || ctx.Err() != nil {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Duration(attempt) * 200 * time.Millisecond):
		}
	}
	if err == nil {
		err = finishFile(f)
	} else {
		f.Close()
	}
	if err != nil {
		var werr *writeError
		switch {
		case errors.As(err, &werr):
			return fetched{}, t.c.writeFailed(werr.err, t.total, t.offset)
		case ctx.Err() != nil:
			return fetched{}, fmt.Errorf("download of %s interrupted at %s; run the same pull again to resume: %w", s.id, FormatSize(t.offset), ctx.Err())
		}
		var diskFull *DiskFullError
		if errors.As(err, &diskFull) {
			return fetched{}, err
		}
		return fetched{}, fmt.Errorf("download %s (%s kept for resuming): %w", s.id, FormatSize(t.offset), err)
	}
	t.p.finish()
	if err := checkMagic(partial); err != nil {
		removePartial(filepath.Join(c.dir, s.file))
		return fetched{}, fmt.Errorf("%s: %w", s.url, err)
	}
	return fetched{sum: hex.EncodeToString(t.h.Sum(nil)), size: t.offset, serverSHA: t.serverSHA}, nil
}

// attempt makes one request, from the current offset when there is one, and copies the body.
func (t *transfer) attempt(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.s.url, nil)
	if err != nil {
		return fmt.Errorf("request %s: %w", t.s.url, err)
	}
	req.Header.Set("User-Agent", "cmdai")
	if t.offset > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", t.offset))
		if t.meta.Validator != "" {
			req.Header.Set("If-Range", t.meta.Validator)
		}
	}
	resp, err := t.client.Do(req)
	if err != nil {
		return &errRetry{err}
	}
	defer resp.Body.Close()
	noteDigest(resp.Header, &t.serverSHA)
	validator := validatorOf(resp.Header)
	switch resp.StatusCode {
	case http.StatusOK:
		// The whole file: the server ignores ranges, or the file changed (If-Range failed).
		if err := t.restart(); err != nil {
			return err
		}
		if resp.ContentLength >= 0 {
			t.total = resp.ContentLength
		}
	case http.StatusPartialContent:
		start, total, ok := parseContentRange(resp.Header.Get("Content-Range"))
		if !ok || start != t.offset || (t.meta.Validator != "" && validator != "" && validator != t.meta.Validator) {
			// Not the continuation asked for, or a different version of the file: start over.
			if err := t.restart(); err != nil {
				return err
			}
			return &errRetry{fmt.Errorf("the server sent a range that does not continue the download")}
		}
		if total > 0 {
			t.total = total
		}
	case http.StatusRequestedRangeNotSatisfiable:
		if err := t.restart(); err != nil {
			return err
		}
		return &errRetry{fmt.Errorf("the server refused to resume at byte %d", t.offset)}
	default:
		err := fmt.Errorf("the server answered %s for %s", resp.Status, t.s.url)
		if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
			return &errRetry{err}
		}
		return err
	}
	t.meta.Validator, t.meta.Total = validator, t.total
	if data, err := json.Marshal(t.meta); err == nil {
		_ = config.ReplaceFile(t.metaPath, data, 0o644)
	}
	t.p.total = t.total
	if t.total > 0 {
		if err := t.c.checkSpace(t.total-t.offset, t.offset); err != nil {
			return err
		}
	}
	if _, err := t.f.Seek(t.offset, io.SeekStart); err != nil {
		return &writeError{err}
	}
	stall := time.AfterFunc(stallTimeout, cancel)
	defer stall.Stop()
	body := readerFunc(func(b []byte) (int, error) {
		stall.Reset(stallTimeout)
		return resp.Body.Read(b)
	})
	n, err := copyBody(ctx, hashingWriter{t.f, t.h}, body, t.p)
	t.offset += n
	var werr *writeError
	switch {
	case errors.As(err, &werr):
		return err
	case err != nil:
		return &errRetry{err}
	case t.total > 0 && t.offset < t.total:
		return &errRetry{fmt.Errorf("the connection closed at byte %d of %d", t.offset, t.total)}
	case t.total > 0 && t.offset > t.total:
		if err := t.restart(); err != nil {
			return err
		}
		return &errRetry{fmt.Errorf("the server sent more bytes than it announced")}
	}
	return nil
}

// restart throws away the bytes downloaded so far.
func (t *transfer) restart() error {
	if t.offset == 0 {
		return nil
	}
	if err := t.f.Truncate(0); err != nil {
		return &writeError{err}
	}
	t.offset, t.meta.Validator = 0, ""
	t.h.Reset()
	t.p.reset()
	return nil
}

// digestClient is the cache's client, recording the sha256 a server announces on any response in the
// redirect chain: Hugging Face puts it in X-Linked-Etag on the redirect to its CDN.
func (c *Cache) digestClient(sum *string) *http.Client {
	base := c.Client
	if base == nil {
		base = http.DefaultClient
	}
	cl := *base
	next := base.CheckRedirect
	cl.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.Response != nil {
			noteDigest(req.Response.Header, sum)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &cl
}

func noteDigest(h http.Header, sum *string) {
	v := strings.ToLower(strings.Trim(strings.TrimPrefix(h.Get("X-Linked-Etag"), "W/"), `"`))
	if isSHA256(v) {
		*sum = v
	}
}

// validatorOf picks what If-Range may carry: a strong ETag, else Last-Modified.
func validatorOf(h http.Header) string {
	if et := h.Get("ETag"); et != "" && !strings.HasPrefix(et, "W/") {
		return et
	}
	return h.Get("Last-Modified")
}

// parseContentRange reads "bytes START-END/TOTAL"; total is 0 when given as "*".
func parseContentRange(v string) (start, total int64, ok bool) {
	rest, found := strings.CutPrefix(v, "bytes ")
	if !found {
		return 0, 0, false
	}
	span, size, found := strings.Cut(rest, "/")
	first, _, found2 := strings.Cut(span, "-")
	if !found || !found2 {
		return 0, 0, false
	}
	start, err := strconv.ParseInt(first, 10, 64)
	if err != nil {
		return 0, 0, false
	}
	if size != "*" {
		if total, err = strconv.ParseInt(size, 10, 64); err != nil {
			return 0, 0, false
		}
	}
	return start, total, true
}

// hashPrefix feeds f's current contents to h and returns their length.
func hashPrefix(f *os.File, h hash.Hash) (int64, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	return io.Copy(h, f)
}

type hashingWriter struct {
	f *os.File
	h hash.Hash
}

func (w hashingWriter) Write(b []byte) (int, error) {
	n, err := w.f.Write(b)
	w.h.Write(b[:n])
	return n, err
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(b []byte) (int, error) { return f(b) }

// DiskFullError reports a cache directory without room for a model.
type DiskFullError struct {
	Dir string
	// Need is how many more bytes the model needs; 0 when unknown.
	Need int64
	// Free is what the file system had left.
	Free int64
	// Kept is how many bytes of the download stay on disk for resuming.
	Kept int64
}

func (e *DiskFullError) Error() string {
	msg := fmt.Sprintf("not enough disk space in %s: ", e.Dir)
	if e.Need > 0 {
		msg += fmt.Sprintf("the model needs %s more and %s is free", FormatSize(e.Need), FormatSize(e.Free))
	} else {
		msg += fmt.Sprintf("the disk filled up (%s free)", FormatSize(e.Free))
	}
	msg += "; free some space, or move the cache by setting XDG_DATA_HOME"
	if e.Kept > 0 {
		msg += fmt.Sprintf(", and pull again to resume from the %s already downloaded", FormatSize(e.Kept))
	}
	return msg
}

// Is makes errors.Is(err, syscall.ENOSPC) hold.
func (e *DiskFullError) Is(target error) bool { return target == syscall.ENOSPC }

// checkSpace fails early when the file system cannot hold need more bytes.
func (c *Cache) checkSpace(need, kept int64) error {
	free, ok := freeSpace(c.dir)
	if ok && need > 0 && need > free {
		return &DiskFullError{Dir: c.dir, Need: need, Free: free, Kept: kept}
	}
	return nil
}

// writeFailed turns a failed write into the error a person reads.
func (c *Cache) writeFailed(err error, total, written int64) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		free, _ := freeSpace(c.dir)
		need := int64(0)
		if total > written {
			need = total - written
		}
		return &DiskFullError{Dir: c.dir, Need: need, Free: free, Kept: written}
	}
	return fmt.Errorf("write to the model cache %s: %w", c.dir, err)
}

func freeSpace(dir string) (int64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return int64(st.Bavail) * int64(st.Bsize), true
}

// progress rate-limits Progress callbacks.
type progress struct {
	id                   string
	total, resumed, done int64
	start, last          time.Time
	fn                   func(Progress)
}

func newProgress(id string, total, resumed int64, fn func(Progress)) *progress {
	now := time.Now()
	return &progress{id: id, total: total, resumed: resumed, done: resumed, start: now, fn: fn}
}

func (p *progress) add(n int64) {
	p.done += n
	if p.fn != nil && time.Since(p.last) >= 100*time.Millisecond {
		p.emit()
	}
}

func (p *progress) reset() { p.done, p.resumed, p.start = 0, 0, time.Now() }

func (p *progress) finish() {
	if p.fn != nil {
		if p.total <= 0 {
			p.total = p.done
		}
		p.emit()
	}
}

func (p *progress) emit() {
	p.last = time.Now()
	ev := Progress{ID: p.id, Done: p.done, Total: p.total, Resumed: p.resumed}
	if secs := time.Since(p.start).Seconds(); secs > 0 {
		ev.Rate = float64(p.done-p.resumed) / secs
	}
	if ev.Rate > 0 && p.total > p.done {
		ev.ETA = time.Duration(float64(p.total-p.done) / ev.Rate * float64(time.Second))
	}
	p.fn(ev)
}
