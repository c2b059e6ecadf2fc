package undo

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Files of other users are left out, and the notes say so: undo could not give them back their owner.
// (The tests run as whoever runs them; a capture for another uid sees every file as another user's.)
func TestOtherUsersFilesAreLeftOut(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.txt", "b.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st := store{filepath.Join(t.TempDir(), "undo")}
	if err := st.init(); err != nil {
		t.Fatal(err)
	}
	c := capture{p: &putter{s: st}, maxBytes: 1 << 20, uid: os.Getuid() + 4242}
	if err := c.run(context.Background(), []root{{path: filepath.Join(dir, "a.txt")}, {path: filepath.Join(dir, "b.txt")}}, nil); err != nil {
		t.Fatal(err)
	}
	if len(c.entries) != 0 || len(c.notes) != 1 || !strings.Contains(c.notes[0], "2 paths of other users' files are not in the snapshot") {
		t.Fatalf("entries %v, notes %q", c.entries, c.notes)
	}
}
