package safety

import (
	"path"
	"strings"
)

// Scripts written and run in the same command: echo 'rm -rf ~' > /tmp/x.sh && bash /tmp/x.sh runs what
// was written. The walker remembers the text the command writes to files with >, >> and tee when it
// knows it, and walks it where a shell, source or the file's path runs it.

// maxWritten bounds the files remembered.
const maxWritten = 16

// writtenKey names a file the same way whoever writes it and whoever runs it spell it.
func (w *walker) writtenKey(p string) string {
	if p == "" {
		return ""
	}
	if !strings.HasPrefix(p, "/") && w.cwd != "" {
		p = path.Join(w.cwd, p)
	}
	return path.Clean(p)
}

// noteWritten records what the call idx writes to files, when the walker knows the text.
func (w *walker) noteWritten(idx int) {
	cl := &w.calls[idx]
	remember := func(target arg, text string, appends bool) {
		if target.Dynamic || len(w.written) >= maxWritten && w.written[w.writtenKey(target.Value)] == "" {
			return
		}
		k := w.writtenKey(target.Value)
		if w.written == nil {
			w.written = map[string]string{}
		}
		if appends {
			text = w.written[k] + text
		}
		w.written[k] = text
	}
	for _, r := range cl.Redirs {
		if (r.Op != ">" && r.Op != ">>" && r.Op != ">|" && r.Op != "&>") || r.Fd != "" && r.Fd != "1" {
			continue
		}
		if t, ok := w.pipedText(idx, 0); ok {
			remember(r.Target, t, r.Op == ">>")
		}
	}
	if cl.Name == "tee" {
		if t, ok := w.stdinText(cl); ok {
			appends := hasFlag(cl.Args, "a", "--append")
			for _, f := range operands(cl.Args, "") {
				remember(f, t, appends)
			}
		}
	}
}

// writtenText is the text written earlier in the command to the file p, if the walker knows it.
func (w *walker) writtenText(p string) (string, bool) {
	if len(w.written) == 0 || p == "" {
		return "", false
	}
	t, ok := w.written[w.writtenKey(p)]
	return t, ok
}

// runWritten walks, as shell code, a script written earlier in the command that the call idx runs: as
// its command word (./x.sh), or as the script of a shell or source.
func (w *walker) runWritten(idx int) bool {
	cl := w.calls[idx]
	p := ""
	switch {
	case strings.Contains(cl.Path, "/"):
		p = cl.Path
	case shells[cl.Name]:
		if str, script, _, _ := shellArgs(cl.Args); str == nil && script != nil && !script.Dynamic {
			p = script.Value
		}
	case cl.Name == "source" || cl.Name == ".":
		if len(cl.Args) > 0 && !cl.Args[0].Dynamic {
			p = cl.Args[0].Value
		}
	}
	t, ok := w.writtenText(p)
	if !ok {
		return false
	}
	w.nested(arg{Value: t, Span: cl.Span}, cl, "script "+p)
	return true
}
