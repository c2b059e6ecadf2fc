package offline

import "testing"

// everydayRound17 are requests of the seventeenth round's sets that were refused or wrong at first
// sight (eval/everyday/round17), and their kin.
var everydayRound17 = []struct {
	prompt string
	want   []string
}{
	{"the server's been sluggish all afternoon, i just want to see what's eating the cpu right now, sorted", []string{"ps aux --sort=-%cpu | head -n 10"}},
	{"I keep forgetting this — how do I see what's in my crontab right now?", []string{"crontab -l"}},
	{"I've got a mysterious file called blob.bin and no idea what it is, what would tell me the type?", []string{"file blob.bin"}},
	{"find the file called notes.txt", []string{"find . -name 'notes.txt'"}},
	{"the release page ships a SHA256SUMS file, could you verify the stuff I downloaded against it?", []string{"sha256sum -c SHA256SUMS"}},
	{"my teammate sent me a tarball called release-3.2.tar.gz and before extracting anything I'd like to peek at what's inside", []string{"tar -tzvf release-3.2.tar.gz"}},
	{"honestly the windows people can't open tarballs, so I need ~/notes as a real notes.zip", []string{"zip -r notes.zip ~/notes"}},
	{"unpack archive.zip", []string{"unzip archive.zip"}},
	{"give me the sha256 of release.zip", []string{"sha256sum release.zip"}},
	{"I'm writing up an incident report and need the exact times this machine rebooted recently, is there a command for that?", []string{"last reboot"}},
	{"my coworker says she pushed a branch called feature/billing-v2 but I don't see it locally. how do i get it and switch to it", []string{"git fetch origin && git switch feature/billing-v2"}},
	{"switch to branch develop", []string{"git checkout develop"}},
	{"teh deploy failed halfway and now the checkout-svc deployment in prod is stuck on a bad version. I think I just need to roll it back to the previous one?", []string{"kubectl rollout undo deployment/checkout-svc -n prod"}},
	{"undo the last deployment of api", []string{"kubectl rollout undo deployment/api"}},
	{"we're onboarding a contractor, make a user called jsmith with a home directory and bash as the shell please", []string{"sudo useradd -m -s /bin/bash jsmith"}},
	{"change my shell to zsh", []string{`chsh -s "$(command -v zsh)"`}},
	{"i'm debugging some flaky tests and I think a proxy setting is leaking in. what's set in my environment with PROXY in the name?", []string{"env | grep 'PROXY'"}},
}

func TestEverydayRound17(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound17 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}
