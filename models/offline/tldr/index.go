package tldr

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// header is the first line of an encoded index; the number changes with the format.
const header = "cmdai-tldr-index 1"

// Attribution is what anything built from tldr-pages must say, as CC BY 4.0 and the corpus ask.
const Attribution = "Contains material from tldr-pages (https://github.com/tldr-pages/tldr), CC BY 4.0, " +
	"(c) the tldr-pages team and contributors; converted into a search index."

// platforms are the page folders an index is built from, in the order they are read.
var platforms = []string{Common, Linux, OSX}

// ReadPages reads every English page under dir (the corpus's pages folder: common, linux, osx).
func ReadPages(dir string) ([]Page, error) {
	var pages []Page
	for _, pl := range platforms {
		files, err := filepath.Glob(filepath.Join(dir, pl, "*.md"))
		if err != nil {
			return nil, fmt.Errorf("list tldr pages: %w", err)
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("no tldr pages in %s: point at the corpus's pages folder", filepath.Join(dir, pl))
		}
		slices.Sort(files)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("read tldr page: %w", err)
			}
			p, err := ParsePage(strings.TrimSuffix(filepath.Base(f), ".md"), pl, string(b))
			if err != nil {
				return nil, err
			}
			if len(p.Examples) > 0 {
				pages = append(pages, p)
			}
		}
	}
	return pages, nil
}

// Encode writes pages as a gzip-compressed index that Decode reads back.
func Encode(w io.Writer, pages []Page) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("encode tldr index: %w", err)
	}
	bw := bufio.NewWriter(zw)
	fmt.Fprintln(bw, header)
	clean := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	for _, p := range pages {
		fmt.Fprintf(bw, "P\t%s\t%s\t%s\t%s\n", p.Platform, p.Name, clean(p.Description), strings.Join(p.SeeAlso, " "))
		for _, e := range p.Examples {
			fmt.Fprintf(bw, "E\t%s\t%s\n", clean(e.Description), strings.ReplaceAll(e.Command, "\t", " "))
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("encode tldr index: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("encode tldr index: %w", err)
	}
	return nil
}

// DecodePages reads the pages of an index that Encode wrote.
func DecodePages(data []byte) ([]Page, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decode tldr index: %w", err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	if !sc.Scan() || sc.Text() != header {
		return nil, fmt.Errorf("decode tldr index: not a %q file", header)
	}
	var pages []Page
	line := 1
	for sc.Scan() {
		line++
		f := strings.Split(sc.Text(), "\t")
		switch {
		case f[0] == "P" && len(f) == 5:
			pages = append(pages, Page{Platform: f[1], Name: f[2], Description: f[3], SeeAlso: strings.Fields(f[4])})
		case f[0] == "E" && len(f) == 3 && len(pages) > 0:
			p := &pages[len(pages)-1]
			p.Examples = append(p.Examples, Example{Description: f[1], Command: f[2]})
		default:
			return nil, fmt.Errorf("decode tldr index: line %d is malformed", line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("decode tldr index: %w", err)
	}
	return pages, nil
}
