package modelcache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cmdai/cmdai/config"
)

const partialSuffix = ".partial"

// PullOptions tunes Pull.
type PullOptions struct {
	// SHA256 is the digest the file must have; it overrides the catalogue's.
	SHA256 string
	// ID names a model pulled from a URL or a file; the default is the file name without ".gguf".
	ID string
	// Progress is called as bytes arrive, at most every 100ms and once at the end.
	Progress func(Progress)
	// Retries is how many times a cut connection is resumed before giving up; 0 means 5.
	Retries int
}

// Progress reports a pull in flight.
type Progress struct {
	ID string
	// Done counts bytes on disk, including those of an earlier, interrupted attempt.
	Done int64
	// Total is the file's size; 0 when the server does not say.
	Total int64
	// Resumed is how many bytes were already on disk when the transfer started.
	Resumed int64
	// Rate is the transfer speed in bytes per second, measured over this transfer.
	Rate float64
	// ETA estimates the time left; 0 when unknown.
	ETA time.Duration
	// Waiting is set while another process downloads the same file.
	Waiting bool
}

// source is what Pull resolved its argument to.
type source struct {
	id, file   string
	url, local string
	sha256     string
	verified   string // how sha256 was given: VerifiedCatalogue or VerifiedGiven
	size       int64
}

// Pull makes a model available in the cache and returns its entry. source is a catalogue id, an
// http(s) URL or a path to a local GGUF file. A download goes to FILE.partial, resumes after a cut
// connection (and on the next Pull after an interruption), is checked against the expected sha256, synced
// and renamed into place. A model already cached with the right digest is not downloaded again.
func (c *Cache) Pull(ctx context.Context, src string, opts PullOptions) (Entry, error) {
	s, err := c.resolve(src, opts)
	if err != nil {
		return Entry{}, err
	}
	if e, ok, err := c.cached(s); err != nil || ok {
		return e, err
	}
	unlock, err := tryLockFile(ctx, filepath.Join(c.dir, ".locks", s.file+".lock"), func() {
		if opts.Progress != nil {
			opts.Progress(Progress{ID: s.id, Total: s.size, Waiting: true})
		}
	})
	if err != nil {
		return Entry{}, fmt.Errorf("wait for another download of %s: %w", s.file, err)
	}
	defer unlock()
	// Another process may have finished this very download while we waited for the lock.
	if e, ok, err := c.cached(s); err != nil || ok {
		return e, err
	}

	final := filepath.Join(c.dir, s.file)
	var res fetched
	if s.local != "" {
		res, err = c.copyLocal(ctx, s, opts)
	} else {
		res, err = c.download(ctx, s, opts)
	}
	if err != nil {
		return Entry{}, err
	}
	verified, want := s.verified, s.sha256
	if want == "" && res.serverSHA != "" {
		verified, want = VerifiedServer, res.serverSHA
	}
	if want == "" {
		verified = VerifiedFirstUse
	}
	if want != "" && res.sum != want {
		removePartial(final)
		return Entry{}, fmt.Errorf("checksum mismatch for %s: expected sha256 %s, got %s; the download was removed (the file changed at its source or was corrupted on the way)", s.id, want, res.sum)
	}
	if err := os.Rename(final+partialSuffix, final); err != nil {
		return Entry{}, fmt.Errorf("move %s into place: %w", s.file, err)
	}
	_ = os.Remove(final + partialSuffix + ".json")
	if err := config.SyncDir(c.dir); err != nil {
		return Entry{}, fmt.Errorf("sync model cache: %w", err)
	}

	now := time.Now().UTC()
	entry := Entry{ID: s.id, File: s.file, SHA256: res.sum, Size: res.size, Source: firstNonEmpty(s.url, s.local),
		Verified: verified, Added: now, LastUsed: now}
	err = c.withManifest(true, func(m *manifest) error {
		m.Models = slices.DeleteFunc(m.Models, func(e Entry) bool { return e.ID == s.id || e.File == s.file })
		m.Models = append(m.Models, entry)
		c.evict(m, s.file)
		return nil
	})
	return entry, err
}

// cached returns the entry for s when its file is already in the cache with an acceptable digest,
// marking it used. A cached file whose digest was never computed is hashed when s names a digest.
func (c *Cache) cached(s source) (Entry, bool, error) {
	var out Entry
	found := false
	err := c.withManifest(false, func(m *manifest) error {
		i := slices.IndexFunc(m.Models, func(e Entry) bool { return e.File == s.file })
		if i < 0 {
			return nil
		}
		e := &m.Models[i]
		if s.sha256 != "" && e.SHA256 == "" {
			sum, err := hashFile(filepath.Join(c.dir, e.File))
			if err != nil {
				return err
			}
			e.SHA256 = sum
			if sum == s.sha256 {
				e.Verified = s.verified
			}
		}
		if s.sha256 != "" && e.SHA256 != s.sha256 {
			return nil // a different file under the same name: download it again
		}
		e.LastUsed = time.Now().UTC()
		out, found = *e, true
		return c.save(m)
	})
	return out, found, err
}

func (c *Cache) resolve(src string, opts PullOptions) (source, error) {
	var s source
	want := strings.ToLower(strings.TrimSpace(opts.SHA256))
	if want != "" && !isSHA256(want) {
		return s, fmt.Errorf("--sha256 %q is not a sha256 digest (64 hex digits)", opts.SHA256)
	}
	if m, ok := c.Lookup(src); ok {
		s = source{id: m.ID, file: m.File, url: m.URL, sha256: m.SHA256, size: m.Size}
		if s.sha256 != "" {
			s.verified = VerifiedCatalogue
		}
	} else if strings.HasPrefix(src, "https://") || strings.HasPrefix(src, "http://") {
		u, err := url.Parse(src)
		if err != nil || u.Host == "" {
			return s, fmt.Errorf("%q is not a valid URL", src)
		}
		s = source{file: path.Base(u.Path), url: src}
	} else if st, err := os.Stat(src); err == nil {
		if !st.Mode().IsRegular() {
			return s, fmt.Errorf("%s is not a regular file", src)
		}
		abs, err := filepath.Abs(src)
		if err != nil {
			return s, fmt.Errorf("locate %s: %w", src, err)
		}
		s = source{file: filepath.Base(src), local: abs, size: st.Size()}
	} else {
		return s, &NotFoundError{Name: src}
	}
	if err := checkFileName(s.file); err != nil {
		return s, fmt.Errorf("pull %s: %w", src, err)
	}
	if s.id == "" {
		s.id = firstNonEmpty(opts.ID, strings.TrimSuffix(s.file, filepath.Ext(s.file)))
	}
	if want != "" {
		s.sha256, s.verified = want, VerifiedGiven
	}
	return s, nil
}

// fetched is a finished transfer into FILE.partial.
type fetched struct {
	sum       string
	size      int64
	serverSHA string // the digest the server announced, if any
}

// copyLocal copies a local file into FILE.partial, hashing it on the way.
func (c *Cache) copyLocal(ctx context.Context, s source, opts PullOptions) (fetched, error) {
	in, err := os.Open(s.local)
	if err != nil {
		return fetched{}, fmt.Errorf("open %s: %w", s.local, err)
	}
	defer in.Close()
	partial := filepath.Join(c.dir, s.file+partialSuffix)
	if err := c.checkSpace(s.size, 0); err != nil {
		return fetched{}, err
	}
	out, err := os.OpenFile(partial, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fetched{}, fmt.Errorf("create %s: %w", partial, err)
	}
	h := sha256.New()
	p := newProgress(s.id, s.size, 0, opts.Progress)
	n, err := copyBody(ctx, out, io.TeeReader(in, h), p)
	if err == nil {
		err = finishFile(out)
	} else {
		out.Close()
	}
	if err != nil {
		_ = os.Remove(partial)
		if werr := (*writeError)(nil); errors.As(err, &werr) {
			return fetched{}, c.writeFailed(werr.err, s.size, n)
		}
		return fetched{}, fmt.Errorf("copy %s: %w", s.local, err)
	}
	p.finish()
	if err := checkMagic(partial); err != nil {
		_ = os.Remove(partial)
		return fetched{}, fmt.Errorf("%s: %w", s.local, err)
	}
	return fetched{sum: hex.EncodeToString(h.Sum(nil)), size: n}, nil
}

// finishFile flushes a written file to stable storage and closes it.
func finishFile(f *os.File) error {
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &writeError{err}
	}
	return nil
}

// writeError marks a failure to write to the cache, as opposed to one reading the source.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

// copyBody copies r to w in chunks, reporting progress and stopping when ctx ends. It returns the bytes
// written; a failed write comes back as *writeError.
func copyBody(ctx context.Context, w io.Writer, r io.Reader, p *progress) (int64, error) {
	buf := make([]byte, 256<<10)
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		nr, rerr := r.Read(buf)
		if nr > 0 {
			nw, werr := w.Write(buf[:nr])
			n += int64(nw)
			if werr != nil {
				return n, &writeError{werr}
			}
			p.add(int64(nw))
		}
		if rerr == io.EOF {
			return n, nil
		}
		if rerr != nil {
			return n, rerr
		}
	}
}

// checkMagic refuses files that are not GGUF, such as an HTML error page saved by mistake.
func checkMagic(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("check file type: %w", err)
	}
	defer f.Close()
	head := make([]byte, 4)
	if _, err := io.ReadFull(f, head); err != nil || string(head) != "GGUF" {
		return fmt.Errorf("not a GGUF model file (it starts with %q)", head)
	}
	return nil
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("hash %s: %w", filepath.Base(path), err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash %s: %w", filepath.Base(path), err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// evict removes the least recently used models until the cache fits MaxSize, never the one just
// pulled (file pulled) nor those in Keep.
func (c *Cache) evict(m *manifest, pulled string) {
	if c.MaxSize <= 0 {
		return
	}
	var total int64
	for _, e := range m.Models {
		total += e.Size
	}
	order := slices.Clone(m.Models)
	slices.SortFunc(order, func(a, b Entry) int { return a.LastUsed.Compare(b.LastUsed) })
	for _, e := range order {
		if total <= c.MaxSize {
			return
		}
		if e.File == pulled || slices.Contains(c.Keep, e.ID) || slices.Contains(c.Keep, e.File) {
			continue
		}
		if err := os.Remove(filepath.Join(c.dir, e.File)); err != nil && !errors.Is(err, os.ErrNotExist) {
			c.notify("warning: could not remove %s to stay under the cache limit: %v", e.ID, err)
			continue
		}
		m.Models = slices.DeleteFunc(m.Models, func(x Entry) bool { return x.File == e.File })
		total -= e.Size
		c.notify("removed %s (%s, last used %s) to keep the model cache under %s", e.ID, FormatSize(e.Size),
			e.LastUsed.Local().Format(time.DateOnly), FormatSize(c.MaxSize))
	}
	if total > c.MaxSize {
		c.notify("warning: the model cache holds %s, over its limit of %s, but the rest is in use", FormatSize(total), FormatSize(c.MaxSize))
	}
}

// FormatSize writes a byte count the way people read disk sizes: "1.1 GB", "491 MB", "12 KB".
func FormatSize(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.0f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.0f KB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
