package safety

import (
	"strings"
	"testing"
)

// sed -i across many files is at least moderate; on one named file it is what sed -i is for, and with a
// backup of each file it can be undone.
func TestInPlaceEditsOfManyFiles(t *testing.T) {
	for _, tc := range []struct {
		cmd  string
		many bool
	}{
		{"sed -i s/a/b/ file.txt", false},
		{"sed -i -e s/a/b/ a.txt b.txt", false},
		{"sed -n p *.txt", false},
		{"sed s/a/b/ *.txt", false},
		{"sed -i s/a/b/ *.txt", true},
		{"sed -i.bak s/a/b/ *.txt", false},
		{"sed -E -i 's/a/b/' docs/*.md", true},
		{"sed --in-place=.orig 's/x/y/' src/*.c", false},
		{"sed --in-place 's/x/y/' src/*.c", true},
		{"find . -name '*.go' -exec sed -i s/a/b/ {} +", true},
		{"grep -rl foo . | xargs sed -i s/foo/bar/g", true},
		{"sed -i s/a/b/ a b c", true},
		{"sed -i s/a/b/ $(git ls-files)", true},
		{"gsed -i s/a/b/ **/*.yaml", true},
	} {
		v := Check(tc.cmd, Options{Shell: "bash"})
		got := false
		for _, f := range v.Findings {
			got = got || f.Rule == "fs.edit-many"
		}
		if got != tc.many || tc.many && v.Risk < Moderate {
			t.Errorf("%q: %v %v; want many files: %v", tc.cmd, v.Risk, v.Findings, tc.many)
		}
	}
}

// mogrify over many images overwrites them all; with -path or -format the originals stay.
func TestMogrifyInPlace(t *testing.T) {
	for _, tc := range []struct {
		cmd  string
		many bool
	}{
		{"mogrify -resize 800 *.jpg", true},
		{"mogrify -resize 50% photos/*.png", true},
		{"magick mogrify -strip *.jpg", true},
		{"find . -name '*.jpg' -exec mogrify -resize 800 {} +", true},
		{"mogrify -path resized -resize 800 *.jpg", false},
		{"mogrify -format webp -quality 75 *.png", false},
		{"mogrify -resize 800 photo.jpg", false},
		{"magick convert a.png b.jpg", false},
	} {
		v := Check(tc.cmd, Options{Shell: "bash"})
		got := false
		for _, f := range v.Findings {
			got = got || f.Rule == "fs.edit-many"
		}
		if got != tc.many || tc.many && v.Risk < Moderate {
			t.Errorf("%q: %v %v; want many files rewritten: %v", tc.cmd, v.Risk, v.Findings, tc.many)
		}
	}
}

// TestFindingsSayWhatXargsReads: a finding about what xargs hands a command says so in words; the
// walker's placeholder never reaches a person.
// A name find is told to leave out is never what its -exec acts on: "find ~/runs -name '*.pt' ! -name
// best.pt -exec rm {} \;" deletes the other .pt files, and said "deletes /root/runs/best.pt".
func TestFindExecNeverTargetsANegatedName(t *testing.T) {
	for _, cmd := range []string{`find runs -name '*.pt' ! -name 'best.pt' -mtime +14 -exec rm {} \;`, `find runs -name '*.pt' -not -name best.pt -exec rm {} +`} {
		v := Check(cmd, Options{})
		if len(v.Findings) == 0 {
			t.Fatalf("%s: no finding", cmd)
		}
		for _, f := range v.Findings {
			if strings.Contains(f.Message, "best.pt") || !strings.Contains(f.Message, "*.pt") {
				t.Errorf("%s: finding %s says %q; want the *.pt files, never best.pt", cmd, f.Rule, f.Message)
			}
		}
	}
}

func TestFindingsSayWhatXargsReads(t *testing.T) {
	for _, cmd := range []string{`xargs -d '\n' rm -- < stale.txt`, "ls | xargs rm -rf", "find . -name '*.tmp' | xargs rm"} {
		v := Check(cmd, Options{})
		if len(v.Findings) == 0 {
			t.Errorf("%s: no finding", cmd)
		}
		for _, f := range v.Findings {
			if strings.Contains(f.Message, "{input}") {
				t.Errorf("%s: finding %s says %q", cmd, f.Rule, f.Message)
			}
		}
	}
}
