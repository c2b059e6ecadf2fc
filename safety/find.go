package safety

import "strings"

// findQuery is what a find command line searches: its starting points and how its tests narrow them.
type findQuery struct {
	roots []arg
	// name is the last -name/-iname/-path pattern, the best guess of what matches.
	name string
	// filtered is set when any test narrows the match (-name, -type, -mtime, -newer …).
	filtered bool
	// expr is where the expression starts in the arguments.
	expr int
}

// findNonTests are expression words that do not narrow what matches.
var findNonTests = map[string]bool{"-maxdepth": true, "-mindepth": true, "-depth": true, "-xdev": true,
	"-mount": true, "-follow": true, "-print": true, "-print0": true, "-regextype": true, "-daystart": true,
	"-noleaf": true, "-ignore_readdir_race": true, "-nowarn": true, "-warn": true, "-delete": true,
	"-exec": true, "-execdir": true, "-ok": true, "-okdir": true, "-prune": true, "-ls": true,
	"-fprint": true, "-fprint0": true, "-fprintf": true, "-fls": true, "-printf": true, "-quit": true,
	"-true": true}

// findArgTests take a value that is not a pattern to remember.
var findValueWords = map[string]bool{"-maxdepth": true, "-mindepth": true, "-regextype": true,
	"-fprint": true, "-fprint0": true, "-fls": true, "-printf": true, "-fprintf": true}

func parseFind(args []arg) findQuery {
	var q findQuery
	i := 0
	for i < len(args) {
		v := args[i].Value
		if v == "-H" || v == "-L" || v == "-P" || strings.HasPrefix(v, "-O") {
			i++
			continue
		}
		if v == "-D" {
			i += 2
			continue
		}
		break
	}
	for i < len(args) {
		v := args[i].Value
		if !args[i].Dynamic && (strings.HasPrefix(v, "-") || v == "(" || v == "!" || v == ",") {
			break
		}
		q.roots = append(q.roots, args[i])
		i++
	}
	q.expr = i
	for j := i; j < len(args); j++ {
		v := args[j].Value
		if !strings.HasPrefix(v, "-") || len(v) < 2 {
			continue
		}
		if v == "-exec" || v == "-execdir" || v == "-ok" || v == "-okdir" {
			for j++; j < len(args) && args[j].Value != ";" && args[j].Value != "+"; j++ {
			}
			continue
		}
		if findValueWords[v] {
			j++
			if v == "-fprintf" {
				j++
			}
			continue
		}
		if findNonTests[v] {
			continue
		}
		switch v {
		case "-type", "-xtype", "-readable", "-writable", "-executable":
			// These barely narrow a search: find / -type f still matches nearly everything.
			if v == "-type" || v == "-xtype" {
				j++
			}
			continue
		case "-name", "-iname", "-path", "-ipath", "-wholename", "-regex", "-iregex":
			if j+1 < len(args) {
				pat := args[j+1].Value
				negated := j > 0 && (args[j-1].Value == "!" || args[j-1].Value == "-not")
				j++
				if pat == "*" || pat == ".*" || pat == "*.*" {
					continue
				}
				if !negated {
					q.name = pat // "! -name best.pt" keeps best.pt out: it is never what {} stands for
				}
			}
		}
		q.filtered = true
	}
	if len(q.roots) == 0 {
		q.roots = []arg{{Value: ".", Head: ".", Tail: "."}}
	}
	return q
}

// target is what {} stands for in -exec: the starting point itself when nothing narrows the search,
// else a path under it.
func (q findQuery) target(root arg) arg {
	t := root
	base := strings.TrimRight(root.Value, "/")
	switch {
	case q.name != "":
		pat := q.name
		if i := strings.LastIndexByte(pat, '/'); i >= 0 {
			pat = pat[i+1:]
		}
		t.Value = base + "/" + pat
	case q.filtered:
		t.Value = base + "/*"
		t.Selected = true
	default:
		t.Tree = true
		return t
	}
	t.Glob = true
	if !t.Dynamic {
		t.Head, t.Tail = t.Value, t.Value
	} else {
		t.Tail = strings.TrimRight(root.Tail, "/") + t.Value[len(base):]
	}
	return t
}

// findExec records the commands find runs with -exec, -execdir, -ok and -okdir, {} standing for matches.
func (w *walker) findExec(idx int) {
	cl := w.calls[idx]
	q := parseFind(cl.Args)
	args := cl.Args
	for j := q.expr; j < len(args); j++ {
		v := args[j].Value
		if v != "-exec" && v != "-execdir" && v != "-ok" && v != "-okdir" {
			continue
		}
		var words []arg
		for j++; j < len(args) && args[j].Value != ";" && args[j].Value != "+"; j++ {
			a := args[j]
			if strings.Contains(a.Value, "{}") {
				for _, r := range q.roots {
					t := q.target(r)
					if a.Value == "{}" {
						a = t
					} else if !w.grow(strings.Count(a.Value, "{}") * len(t.Value)) {
						a.Dynamic, a.Head, a.Tail = true, "", ""
					} else {
						a.Value = strings.ReplaceAll(a.Value, "{}", t.Value)
						a.Dynamic = a.Dynamic || t.Dynamic
						if !a.Dynamic {
							a.Head, a.Tail = a.Value, a.Value
						}
					}
					a.Span = args[j].Span
					break
				}
			}
			words = append(words, a)
		}
		sub := cl
		sub.Wrappers = appendWrap(cl.Wrappers, "find")
		sub.Redirs, sub.Env = nil, nil
		w.addCall(sub, words)
	}
}
