package offline

import "testing"

// everydayRound7 are requests of the seventh round's unseen sets (eval/everyday/round7) and their kin.
var everydayRound7 = []struct {
	prompt string
	want   []string
}{
	// A clause that tells what the person has or sees sets the scene; its words are no misunderstanding.
	{"so i have a bunch of .tmp files scattered around ~/projects, can you find them all", []string{"find ~/projects -name '*.tmp'"}},
	{"i've got this huge backup.sql.gz, can i decompress it somehow", []string{"gzip -d backup.sql.gz", "gunzip backup.sql.gz"}},
	{"hey my terminal is super laggy, which 5 processes are using the most memory", []string{"ps aux --sort=-%mem | head -n 5"}},
	{"my disk is getting weirdly full, show me the biggest folders in /var", []string{"du -h /var --max-depth=1 | sort -rh | head -n 10"}},
	// An archive is opened by extracting it.
	{"a coworker sent me dump.tar.bz2, how do i open it up", []string{"tar -xjvf dump.tar.bz2"}},
	{"open report.pdf", []string{"xdg-open report.pdf"}},
	// A shell in a container is docker's, bash when asked for.
	{"hey can you open a bash shell in my running postgres container, it's called db", []string{"docker exec -it db bash"}},
	{"open a shell in the web container", []string{"docker exec -it web sh"}},
	// The DNS servers in use.
	{"so my wifi is acting up, can you show me which dns server i'm using", []string{"resolvectl status"}},
}

func TestEverydayRound7(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound7 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}
