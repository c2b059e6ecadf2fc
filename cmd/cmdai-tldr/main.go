// Command cmdai-tldr builds the offline engine's tldr index (assets/tldr/index.gz) from a copy of the
// tldr-pages corpus; run it with `task tldr:index`, or with -h for its flags.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/cmdai/cmdai/models/offline/tldr"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "cmdai-tldr:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cmdai-tldr", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: cmdai-tldr [flags]\n\nReads the English tldr pages (common, linux, osx) and writes the offline engine's index.\n\n")
		fs.PrintDefaults()
	}
	pages := fs.String("pages", "../shared/data/tldr/pages", "the corpus's pages folder")
	out := fs.String("out", "assets/tldr/index.gz", "where to write the index")
	check := fs.Bool("check", false, "do not write: fail when the index at -out differs from a fresh build")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: cmdai-tldr takes only flags", fs.Arg(0))
	}
	ps, err := tldr.ReadPages(*pages)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := tldr.Encode(&buf, ps); err != nil {
		return err
	}
	examples := 0
	for _, p := range ps {
		examples += len(p.Examples)
	}
	if *check {
		old, err := os.ReadFile(*out)
		if err != nil {
			return fmt.Errorf("check the tldr index: %w", err)
		}
		if !bytes.Equal(old, buf.Bytes()) {
			return fmt.Errorf("%s is not what the pages build: run `task tldr:index`", *out)
		}
		fmt.Fprintf(stdout, "%s is up to date (%d pages, %d examples)\n", *out, len(ps), examples)
		return nil
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write the tldr index: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s: %d pages, %d examples, %d bytes\n", *out, len(ps), examples, buf.Len())
	return nil
}
