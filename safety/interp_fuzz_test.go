package safety

import "testing"

// FuzzCodeOps feeds the reader of interpreters' programs arbitrary text: it must never panic, and it
// must stay within its bound on the operations it reports.
func FuzzCodeOps(f *testing.F) {
	for _, s := range []string{
		`import shutil,os; shutil.rmtree(os.path.expanduser("~"))`,
		`shutil.rmtree(os.path.join(os.environ["HOME"], ".gnupg"))`,
		`(Path.home() / ".bashrc").write_text("")`, `Path("/etc/shadow").unlink()`,
		`open("/etc/passwd", "w").write("")`, `open(my $f, ">", "/etc/shadow")`, `open(F, ">>$ENV{HOME}/x")`,
		`use File::Path qw(rmtree); rmtree "$ENV{HOME}/"`, `unlink glob("$ENV{HOME}/.ssh/*")`,
		`FileUtils.rm_rf(ENV["HOME"] + "/.aws")`, `File.write("/etc/hosts", "")`, `"#{Dir.home}/x"`,
		`require("fs").rmSync(require("os").homedir(), {recursive: true})`, "`${os.homedir()}/x`",
		`fs.writeFileSync(process.env.HOME + "/.npmrc", "")`, `os.truncate("/var/log/syslog", 0)`,
		`rmtree(`, `open(`, `"`, `Path(`, `((((`, `unlink glob(`, `"a" + "b" + "c"`, `os.path.join("a", "b")`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		ops := codeOps(resolveHome(code, "/home/u"))
		if len(ops) > 4*maxCodeOps {
			t.Fatalf("%d operations, more than the bound", len(ops))
		}
		for _, op := range ops {
			if op.kind < opDelete || op.kind > opAppend {
				t.Fatalf("operation of unknown kind %d", op.kind)
			}
		}
	})
}
