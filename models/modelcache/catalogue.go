package modelcache

import (
	"bytes"
	"fmt"
	"net/url"
	"sync"

	"github.com/cmdai/cmdai/assets"
	"github.com/pelletier/go-toml/v2"
)

// Model is a recommended model from the catalogue that ships in the binary.
type Model struct {
	ID          string `toml:"id" json:"id"`
	Name        string `toml:"name" json:"name"`
	Description string `toml:"description" json:"description,omitempty"`
	File        string `toml:"file" json:"file"`
	URL         string `toml:"url" json:"url"`
	// Size is the file's length in bytes; 0 when unknown.
	Size int64 `toml:"size" json:"size"`
	// SHA256 is the file's hex digest; empty when unknown (the server's digest or the first download's
	// is used instead).
	SHA256  string `toml:"sha256" json:"sha256,omitempty"`
	Default bool   `toml:"default" json:"default,omitempty"`
}

var builtin = sync.OnceValues(func() ([]Model, error) { return ParseCatalogue([]byte(assets.ModelCatalogue)) })

// Catalogue returns the recommended models embedded in the binary.
func Catalogue() []Model {
	models, err := builtin()
	if err != nil {
		// The catalogue is compiled in and checked by a test; a broken one is a build mistake.
		panic(err)
	}
	return append([]Model(nil), models...)
}

// DefaultModel is the catalogue's default model, used when the configuration names none.
func DefaultModel() Model {
	for _, m := range Catalogue() {
		if m.Default {
			return m
		}
	}
	return Model{}
}

// ParseCatalogue reads a catalogue file: [[model]] tables with id, name, file, url, size, sha256 and
// default. It checks that ids and files are unique, URLs are http(s), digests are hex and at most one
// model is the default.
func ParseCatalogue(data []byte) ([]Model, error) {
	var doc struct {
		Model []Model `toml:"model"`
	}
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("read model catalogue: %w", err)
	}
	ids, files := map[string]bool{}, map[string]bool{}
	defaults := 0
	for i, m := range doc.Model {
		switch {
		case m.ID == "":
			return nil, fmt.Errorf("model catalogue: model %d has no id", i+1)
		case ids[m.ID]:
			return nil, fmt.Errorf("model catalogue: id %s appears twice", m.ID)
		case checkFileName(m.File) != nil:
			return nil, fmt.Errorf("model catalogue: %s: %w", m.ID, checkFileName(m.File))
		case files[m.File]:
			return nil, fmt.Errorf("model catalogue: file %s appears twice", m.File)
		case m.Size < 0:
			return nil, fmt.Errorf("model catalogue: %s: negative size", m.ID)
		}
		if u, err := url.Parse(m.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("model catalogue: %s: url %q is not an http(s) URL", m.ID, m.URL)
		}
		if m.SHA256 != "" && !isSHA256(m.SHA256) {
			return nil, fmt.Errorf("model catalogue: %s: sha256 %q is not 64 hex digits", m.ID, m.SHA256)
		}
		if m.Default {
			defaults++
		}
		ids[m.ID], files[m.File] = true, true
	}
	if defaults > 1 {
		return nil, fmt.Errorf("model catalogue: %d models are marked default; at most one may be", defaults)
	}
	return doc.Model, nil
}
