package api

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"sort"
)

// openAPIParts holds the API's OpenAPI 3.1 description: core.json has the document's head and the routes
// of the first releases; each other file adds the paths and component schemas of one feature (its
// "paths" and "components" only). A path or schema named in two files is an error.
//
//go:embed openapi/*.json
var openAPIParts embed.FS

// OpenAPIDocument is the API's OpenAPI 3.1 description, served at GET /api/v1/openapi.json: the parts
// under openapi/ merged into one document.
var OpenAPIDocument = mustMergeOpenAPI(openAPIParts)

func mustMergeOpenAPI(fsys fs.FS) []byte {
	b, err := mergeOpenAPI(fsys)
	if err != nil {
		panic(err)
	}
	return b
}

// mergeOpenAPI merges openapi/core.json with every other openapi/*.json, in name order.
func mergeOpenAPI(fsys fs.FS) ([]byte, error) {
	names, err := fs.Glob(fsys, "openapi/*.json")
	if err != nil {
		return nil, fmt.Errorf("list openapi parts: %w", err)
	}
	sort.Strings(names)
	var doc map[string]any
	read := func(name string) (map[string]any, error) {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		return m, nil
	}
	if doc, err = read("openapi/core.json"); err != nil {
		return nil, err
	}
	for _, name := range names {
		if name == "openapi/core.json" {
			continue
		}
		part, err := read(name)
		if err != nil {
			return nil, err
		}
		for key := range part {
			if key != "paths" && key != "components" {
				return nil, fmt.Errorf("%s: a part holds only paths and components, not %q", name, key)
			}
		}
		if err := mergeInto(doc, "paths", part["paths"], name); err != nil {
			return nil, err
		}
		comps, _ := part["components"].(map[string]any)
		for kind, v := range comps {
			if err := mergeInto(sub(doc, "components"), kind, v, name); err != nil {
				return nil, err
			}
		}
	}
	return json.MarshalIndent(doc, "", "  ")
}

func sub(m map[string]any, key string) map[string]any {
	s, ok := m[key].(map[string]any)
	if !ok {
		s = map[string]any{}
		m[key] = s
	}
	return s
}

// mergeInto adds the entries of from to m[key], refusing any that m[key] already has.
func mergeInto(m map[string]any, key string, from any, name string) error {
	entries, _ := from.(map[string]any)
	into := sub(m, key)
	for k, v := range entries {
		if _, dup := into[k]; dup {
			return fmt.Errorf("%s: %s %q is already described by another part", name, key, k)
		}
		into[k] = v
	}
	return nil
}

func (h *handler) openAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(OpenAPIDocument)
}
