package tldr

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/cmdai/cmdai/assets"
)

func TestParseTemplate(t *testing.T) {
	tpl := Parse(`ffmpeg -i {{path/to/video}}.mkv {{[-c|--codec]}} copy {{path/to/out.mp4}} {{...}}`)
	holes := tpl.Holes()
	if len(holes) != 4 || holes[0].Kind != KindPath || holes[1].Kind != KindOption || holes[2].Ext != ".mp4" || holes[3].Kind != KindMore {
		for _, h := range holes {
			t.Logf("%+v", *h)
		}
		t.Fatal("holes")
	}
	cmd, ok := tpl.Fill(func(h *Hole) (string, bool) {
		if h.Ext == ".mp4" {
			return "out.mp4", true
		}
		return "clip.mkv", true
	})
	if !ok || cmd != "ffmpeg -i clip.mkv -c copy out.mp4" {
		t.Errorf("Fill = %q, %v", cmd, ok)
	}
	if _, ok := tpl.Fill(func(*Hole) (string, bool) { return "", false }); ok {
		t.Error("an unfilled placeholder still gave a command")
	}
	for raw, kind := range map[string]Kind{"container_name": KindValue, "username": KindUser, "port": KindPort,
		"https://example.com": KindURL, "example.com": KindHost, "10s": KindNumber, "date|seconds": KindChoice,
		"/dev/sdX": KindDevice, "[ls|list]": KindOption} {
		if h := Parse("x {{" + raw + "}}").Holes()[0]; h.Kind != kind {
			t.Errorf("{{%s}} is kind %d, want %d", raw, h.Kind, kind)
		}
	}
	if h := Parse("x {{{a: 1}}}").Holes()[0]; h.Raw != "{a: 1}" {
		t.Errorf("triple braces read as %q", h.Raw)
	}
}

func TestPageRoundTrip(t *testing.T) {
	p, err := ParsePage("rm", Common, "# rm\n\n> Remove files.\n> See also: `rmdir`.\n> More information: <https://x>.\n\n- Remove `a` file:\n\n`rm {{path/to/file}}`\n")
	if err != nil || p.Description != "Remove files." || len(p.Examples) != 1 || p.Examples[0].Description != "Remove a file" || len(p.SeeAlso) != 1 {
		t.Fatalf("page = %+v, %v", p, err)
	}
	var buf bytes.Buffer
	if err := Encode(&buf, []Page{p}); err != nil {
		t.Fatal(err)
	}
	back, err := DecodePages(buf.Bytes())
	if err != nil || len(back) != 1 || back[0].Examples[0].Command != "rm {{path/to/file}}" {
		t.Fatalf("decoded %+v, %v", back, err)
	}
}

// TestShippedIndexIsFresh: assets/tldr/index.gz is what the corpus builds (`task tldr:index`), when
// the corpus is there to build from.
func TestShippedIndexIsFresh(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "shared", "data", "tldr", "pages")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("the tldr corpus is not here:", err)
	}
	pages, err := ReadPages(dir)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Encode(&buf, pages); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), assets.TLDR) {
		t.Error("assets/tldr/index.gz differs from a fresh build: run `task tldr:index`")
	}
}

// Descriptions bracket the letters an option is named after ("[l]ist", "e[x]tract"); read with the
// brackets, "[r]emove all cron jobs" had no word "remove", so the guard against destroying examples
// missed it and "list the cron jobs" was answered with crontab -r.
func TestStripMarkupMnemonics(t *testing.T) {
	for in, want := range map[string]string{
		"[l]ist existing cron jobs for the current user":  "list existing cron jobs for the current user",
		"[r]emove all cron jobs for the current user":     "remove all cron jobs for the current user",
		"E[x]tract a (compressed) archive [f]ile":         "Extract a (compressed) archive file",
		"Display [inf]ormation about `pkg`":               "Display information about pkg",
		"Copy a [FILE] to <https://example.com> a remote": "Copy a [FILE] to  a remote",
	} {
		if got := stripMarkup(in); got != want {
			t.Errorf("stripMarkup(%q) = %q, want %q", in, got, want)
		}
	}
}
