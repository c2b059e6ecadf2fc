package safety

import (
	"os"
	"path/filepath"
	"strings"
)

// rsync with --delete removes what the destination has and the source lacks. Impact estimates that for
// local paths by comparing the two trees by name; filters, --existing and the like are not modelled, so the
// action is always approximate. Remote paths are unknown. --remove-source-files is reported as a move.
func (im *impactor) rsync(c impactCall, args []arg) {
	p := parseGNU(args, gnuSpec{shortValue: "efTBM", longValue: []string{"--rsh", "--filter", "--exclude",
		"--include", "--temp-dir", "--partial-dir", "--backup-dir", "--suffix", "--compare-dest", "--copy-dest",
		"--link-dest", "--exclude-from", "--include-from", "--files-from", "--log-file", "--chmod", "--rsync-path"}})
	if p.short['n'] || p.long["--dry-run"] || len(p.operands) < 2 {
		return
	}
	del := false
	for l := range p.long {
		del = del || strings.HasPrefix(l, "--del")
	}
	recursive := p.short['r'] || p.short['a'] || p.long["--recursive"] || p.long["--archive"]
	sources, dest := p.operands[:len(p.operands)-1], p.operands[len(p.operands)-1]

	if p.long["--remove-source-files"] {
		ac := newAction(c.Name, OpMove, c)
		ac.a.Approximate = true
		im.addOperands(ac, localOnly(ac, sources), countTree)
		im.finish(ac)
	}
	if !del || !recursive {
		return // without recursion rsync deletes nothing
	}
	ac := newAction(c.Name, OpDelete, c)
	ac.a.Approximate = true
	destFields, dyn := im.x.fields(dest, c.cwd)
	if dyn || len(destFields) != 1 || rsyncRemote(dest.Value) {
		ac.dynamic(dest)
		im.finish(ac)
		return
	}
	for _, s := range localOnly(ac, sources) {
		fields, dyn := im.x.fields(s, c.cwd)
		if dyn {
			ac.dynamic(s)
			continue
		}
		for _, src := range fields {
			// "src/" copies src's contents into dest; "src" copies src itself into dest/src.
			into := destFields[0]
			if !strings.HasSuffix(src, "/") {
				into = filepath.Join(into, filepath.Base(src))
			}
			im.rsyncExtra(ac, rsyncPath(c.cwd, src), rsyncPath(c.cwd, into))
		}
	}
	im.finish(ac)
}

// rsyncExtra counts what lies under dst with no counterpart under src.
func (im *impactor) rsyncExtra(ac *actionDraft, src, dst string) {
	info, err := os.Lstat(dst)
	if err != nil || !info.IsDir() {
		return
	}
	if sfi, err := os.Stat(src); err != nil || !sfi.IsDir() {
		return // copying a file, or a missing source: rsync deletes nothing here
	}
	ac.listTarget(dst)
	im.b.walk(dst, info, func(e treeEntry) bool {
		if e.depth == 0 {
			return true
		}
		if !im.b.spend(1) {
			return false
		}
		if _, err := os.Lstat(filepath.Join(src, e.path[len(dst):])); err == nil {
			return true
		}
		fi, err := e.d.Info()
		if err != nil {
			return false
		}
		t := im.b.count(e.path, fi)
		ac.a.Files, ac.a.Dirs, ac.a.Bytes = ac.a.Files+t.files, ac.a.Dirs+t.dirs, ac.a.Bytes+t.bytes
		return false
	})
}

// localOnly drops remote sources, recording them as unknown.
func localOnly(ac *actionDraft, args []arg) []arg {
	var out []arg
	for _, a := range args {
		if rsyncRemote(a.Value) {
			ac.dynamic(a)
			continue
		}
		out = append(out, a)
	}
	return out
}

// rsyncRemote reports rsync's host:path, host::module and rsync:// forms.
func rsyncRemote(p string) bool {
	if strings.HasPrefix(p, "rsync://") {
		return true
	}
	colon, slash := strings.IndexByte(p, ':'), strings.IndexByte(p, '/')
	return colon > 0 && (slash < 0 || colon < slash)
}

func rsyncPath(cwd, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(cwd, p)
}
