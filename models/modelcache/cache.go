// Package modelcache keeps the GGUF models the embedded backend runs: a directory of model files with a
// manifest.json that records each one's id, file, sha256, size, source and when it was last used. Pull
// downloads from the catalogue, a URL or a local file, resuming cut downloads with HTTP ranges and
// verifying the checksum; Path turns a model name into the file to load; beyond a size cap the least
// recently used models are removed. Several processes may share one cache: file locks serialise changes
// to the manifest and downloads of the same file.
package modelcache

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/cmdai/cmdai/config"
)

// ManifestName is the manifest's file name inside the cache directory.
const ManifestName = "manifest.json"

// How an entry's sha256 was established.
const (
	VerifiedCatalogue = "catalogue"      // matched the digest in cmdai's catalogue
	VerifiedGiven     = "given"          // matched the digest the person gave (--sha256)
	VerifiedServer    = "server"         // matched the digest the server announced (X-Linked-Etag)
	VerifiedFirstUse  = "first-download" // nothing to check against: recorded at the first download
)

// Entry is one cached model as the manifest records it.
type Entry struct {
	ID     string `json:"id"`
	File   string `json:"file"`
	SHA256 string `json:"sha256,omitempty"`
	Size   int64  `json:"size"`
	// Source is the URL or local path the file came from; empty for files found in the directory.
	Source string `json:"source,omitempty"`
	// Verified says how SHA256 was established (the Verified* constants); empty when never checked.
	Verified string    `json:"verified,omitempty"`
	Added    time.Time `json:"added"`
	LastUsed time.Time `json:"last_used"`
}

type manifest struct {
	Version int     `json:"version"`
	Models  []Entry `json:"models"`
}

// Cache is a model directory. Set its exported fields right after Open, before using it.
type Cache struct {
	dir string
	// Catalogue is the models known by id; Open sets it to the embedded catalogue.
	Catalogue []Model
	// MaxSize caps the total size of the cached models in bytes; 0 means no cap.
	MaxSize int64
	// Keep names models (by id or file) that eviction never removes, such as the configured default.
	Keep []string
	// Client makes the downloads; nil means http.DefaultClient's transport with redirects followed.
	Client *http.Client
	// Notify receives what the cache did on its own: a manifest rebuilt, a model evicted. Nil discards.
	Notify func(msg string)
}

// DefaultDir is the cache directory: $XDG_DATA_HOME/cmdai/models.
func DefaultDir() string { return filepath.Join(config.DataDir(), "models") }

// Open uses dir as a model cache, creating it when missing.
func Open(dir string) (*Cache, error) {
	if err := os.MkdirAll(filepath.Join(dir, ".locks"), 0o755); err != nil {
		return nil, fmt.Errorf("create model cache: %w", err)
	}
	return &Cache{dir: dir, Catalogue: Catalogue()}, nil
}

// Dir is the cache directory.
func (c *Cache) Dir() string { return c.dir }

// ErrNotFound matches the error for a name that is neither cached nor in the catalogue.
var ErrNotFound = errors.New("model not found")

// NotFoundError names a model that is not in the cache. Pullable says the catalogue has it.
type NotFoundError struct {
	Name     string
	Pullable bool
}

func (e *NotFoundError) Error() string {
	if e.Pullable {
		return fmt.Sprintf("model %s is not downloaded: run 'cmdai model pull %s'", e.Name, e.Name)
	}
	return fmt.Sprintf("no model %q in the cache or the catalogue (see 'cmdai model list')", e.Name)
}

// Is makes errors.Is(err, ErrNotFound) hold.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// List returns the cached models, sorted by id.
func (c *Cache) List() ([]Entry, error) {
	var out []Entry
	err := c.withManifest(false, func(m *manifest) error {
		out = slices.Clone(m.Models)
		return nil
	})
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.ID, b.ID) })
	return out, err
}

// Lookup finds a catalogue model by id.
func (c *Cache) Lookup(id string) (Model, bool) {
	for _, m := range c.Catalogue {
		if m.ID == id {
			return m, true
		}
	}
	return Model{}, false
}

// Path resolves a catalogue id, a manifest id or a file name in the cache to the model file's path and
// records the use for eviction. An absolute path to an existing file is returned as it is.
func (c *Cache) Path(nameOrID string) (string, error) {
	if filepath.IsAbs(nameOrID) {
		if st, err := os.Stat(nameOrID); err == nil && st.Mode().IsRegular() {
			return nameOrID, nil
		}
	}
	var path string
	err := c.withManifest(true, func(m *manifest) error {
		i := c.find(m, nameOrID)
		if i < 0 {
			_, ok := c.Lookup(nameOrID)
			return &NotFoundError{Name: nameOrID, Pullable: ok}
		}
		m.Models[i].LastUsed = time.Now().UTC()
		path = filepath.Join(c.dir, m.Models[i].File)
		return nil
	})
	return path, err
}

// Remove deletes a cached model (by id, catalogue id or file name) and any partial download of it.
func (c *Cache) Remove(id string) (Entry, error) {
	var removed Entry
	err := c.withManifest(true, func(m *manifest) error {
		i := c.find(m, id)
		if i < 0 {
			file := id
			if cm, ok := c.Lookup(id); ok {
				file = cm.File
			}
			if checkFileName(file) == nil && removePartial(filepath.Join(c.dir, file)) {
				return nil
			}
			_, ok := c.Lookup(id)
			return &NotFoundError{Name: id, Pullable: ok}
		}
		removed = m.Models[i]
		path := filepath.Join(c.dir, removed.File)
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", removed.ID, err)
		}
		removePartial(path)
		m.Models = slices.Delete(m.Models, i, i+1)
		return nil
	})
	return removed, err
}

// removePartial deletes an interrupted download of path and reports whether there was one.
func removePartial(path string) bool {
	err := os.Remove(path + partialSuffix)
	_ = os.Remove(path + partialSuffix + ".json")
	return err == nil
}

// find returns the index of the entry named by id, file name or catalogue id, or -1.
func (c *Cache) find(m *manifest, name string) int {
	if i := slices.IndexFunc(m.Models, func(e Entry) bool { return e.ID == name }); i >= 0 {
		return i
	}
	file := name
	if cm, ok := c.Lookup(name); ok {
		file = cm.File
	}
	return slices.IndexFunc(m.Models, func(e Entry) bool { return e.File == file })
}

func (c *Cache) notify(format string, args ...any) {
	if c.Notify != nil {
		c.Notify(fmt.Sprintf(format, args...))
	}
}

// withManifest runs fn on the manifest under the cache's lock and, when write is set and fn succeeds,
// saves it atomically.
func (c *Cache) withManifest(write bool, fn func(*manifest) error) error {
	unlock, err := lockFile(filepath.Join(c.dir, ".locks", "manifest.lock"))
	if err != nil {
		return err
	}
	defer unlock()
	m, changed, err := c.load()
	if err != nil {
		return err
	}
	if err := fn(m); err != nil {
		return err
	}
	if write || changed {
		return c.save(m)
	}
	return nil
}

// load reads the manifest and reconciles it with the files present: entries whose file is gone are
// dropped, and model files it does not list are added. A missing or corrupt manifest is rebuilt from the
// files. changed reports that the result differs from the file.
func (c *Cache) load() (m *manifest, changed bool, err error) {
	path := filepath.Join(c.dir, ManifestName)
	m = &manifest{Version: 1}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		changed = true
	case err != nil:
		return nil, false, fmt.Errorf("read model manifest: %w", err)
	default:
		if jerr := json.Unmarshal(data, m); jerr != nil {
			c.notify("warning: %s is corrupt (%v); rebuilding it from the model files present", path, jerr)
			m, changed = &manifest{Version: 1}, true
			_ = os.WriteFile(path+".corrupt", data, 0o644)
		}
	}
	present, err := c.modelFiles()
	if err != nil {
		return nil, false, err
	}
	kept := m.Models[:0]
	for _, e := range m.Models {
		st, ok := present[e.File]
		if !ok || checkFileName(e.File) != nil {
			c.notify("warning: %s (%s) is in the manifest but its file is gone; forgetting it", e.ID, e.File)
			changed = true
			continue
		}
		if e.Size != st.Size() {
			e.Size, e.SHA256, e.Verified, changed = st.Size(), "", "", true
		}
		delete(present, e.File)
		kept = append(kept, e)
	}
	m.Models = kept
	for _, file := range slices.Sorted(maps.Keys(present)) {
		st := present[file]
		id := strings.TrimSuffix(file, filepath.Ext(file))
		for _, cm := range c.Catalogue {
			if cm.File == file {
				id = cm.ID
			}
		}
		if slices.ContainsFunc(m.Models, func(e Entry) bool { return e.ID == id }) {
			id = file
		}
		m.Models = append(m.Models, Entry{ID: id, File: file, Size: st.Size(), Added: st.ModTime().UTC(), LastUsed: st.ModTime().UTC()})
		changed = true
	}
	if len(present) > 0 && data == nil {
		c.notify("warning: %s was missing; rebuilt it from the %d model files present", path, len(present))
	}
	return m, changed, nil
}

// modelFiles lists the finished model files in the directory.
func (c *Cache) modelFiles() (map[string]fs.FileInfo, error) {
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return nil, fmt.Errorf("read model cache: %w", err)
	}
	out := map[string]fs.FileInfo{}
	for _, de := range entries {
		if !de.Type().IsRegular() || !strings.EqualFold(filepath.Ext(de.Name()), ".gguf") {
			continue
		}
		if info, err := de.Info(); err == nil {
			out[de.Name()] = info
		}
	}
	return out, nil
}

// save writes the manifest to a temporary file, syncs it and renames it over the old one, so a reader
// never sees half a manifest.
func (c *Cache) save(m *manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode model manifest: %w", err)
	}
	path := filepath.Join(c.dir, ManifestName)
	if err := config.ReplaceFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write model manifest: %w", err)
	}
	return nil
}

// checkFileName accepts a plain file name for a model: no directories, no hidden or temporary names.
func checkFileName(name string) error {
	switch {
	case name == "" || name == "." || name == "..":
		return fmt.Errorf("empty model file name")
	case strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, "."):
		return fmt.Errorf("model file name %q must be a plain name", name)
	case !strings.EqualFold(filepath.Ext(name), ".gguf"):
		return fmt.Errorf("model file name %q must end in .gguf", name)
	}
	return nil
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return false
		}
	}
	return true
}
