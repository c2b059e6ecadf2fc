package offline

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// An intent's name tells its reading in tests and explanations: the catalogue refuses two of one name.
func TestCatalogueRejectsDuplicateIntent(t *testing.T) {
	m := fstest.MapFS{}
	err := fs.WalkDir(embedded(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(embedded(), p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loadCatalogue(m); err != nil {
		t.Fatalf("the embedded catalogue: %v", err)
	}
	m["offline/intents_zz_extra.txt"] = &fstest.MapFile{Data: []byte("intent pwd\nneed pwd\ntpl pwd\n")}
	if _, err := loadCatalogue(m); err == nil || !strings.Contains(err.Error(), "intent pwd is defined twice") {
		t.Fatalf("a second intent pwd loaded: err = %v", err)
	}
}
