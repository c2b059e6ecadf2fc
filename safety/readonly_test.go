package safety

import "testing"

// TestEverydayCommands covers read-only and everyday commands, which must stay safe.
func TestEverydayCommands(t *testing.T) {
	runRiskCases(t, []riskCase{
		{"EDITOR=vim git commit", Safe, ""},
		{"ls -la", Safe, ""},
		{"cat /etc/hosts | grep x", Safe, ""},
		{"find . -name '*.go'", Safe, ""},
		{"ps aux | grep node", Safe, ""},
		{"df -h; du -sh .", Safe, ""},
		{"kubectl get pods -A", Safe, ""},
		{"mkdir -p build && touch x && cp a b && mv a.txt b.txt", Safe, ""},
		{"tar -czf out.tgz src", Safe, ""},
		{"sed -i 's/a/b/' file.txt", Safe, ""},
		{"foo --bar", Safe, ""},
		{"for f in *.txt; do wc -l $f; done", Safe, ""},
		{"x=$(date); echo $x", Safe, ""},
	})
}
