package api

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"
)

// A feature's part adds its paths and schemas to the core document; a part that describes a path or
// schema again, or carries anything but paths and components, is refused rather than silently winning.
func TestMergeOpenAPIParts(t *testing.T) {
	core := `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/a":{}},"components":{"schemas":{"A":{}}}}`
	fsys := fstest.MapFS{
		"openapi/core.json": {Data: []byte(core)},
		"openapi/x.json":    {Data: []byte(`{"paths":{"/b":{}},"components":{"schemas":{"B":{}}}}`)},
	}
	b, err := mergeOpenAPI(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths      map[string]any
		Components struct{ Schemas map[string]any }
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Paths) != 2 || len(doc.Components.Schemas) != 2 {
		t.Fatalf("merged document has paths %v and schemas %v, want /a, /b and A, B", doc.Paths, doc.Components.Schemas)
	}

	for name, part := range map[string]string{
		"path again":   `{"paths":{"/a":{}}}`,
		"schema again": `{"components":{"schemas":{"A":{}}}}`,
		"other key":    `{"info":{"title":"mine"}}`,
	} {
		fsys["openapi/y.json"] = &fstest.MapFile{Data: []byte(part)}
		if _, err := mergeOpenAPI(fsys); err == nil || !strings.Contains(err.Error(), "openapi/y.json") {
			t.Errorf("%s: err = %v, want a refusal naming openapi/y.json", name, err)
		}
	}
}
