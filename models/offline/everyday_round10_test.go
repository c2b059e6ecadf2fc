package offline

import "testing"

// everydayRound10 are wrong answers of the tenth round's sets at first sight (eval/everyday/round10)
// and their kin: each was given with confidence and wrong.
var everydayRound10 = []struct {
	prompt string
	want   []string
}{
	{"i want to wipe my crontab completely, every job gone", []string{"crontab -r"}},
	{"purge apache2", []string{"sudo apt purge apache2"}},
	{"i keep having to type my password for build01, set up key login for erin there", []string{"ssh-copy-id build01"}},
	{"change my password", []string{"passwd"}},
	{"i've got emails.txt and it's full of duplicates, can you give me just the unique ones, sorted?", []string{"sort -u emails.txt"}},
	{"find duplicate files in ~/photos", []string{"find ~/photos -type f -exec md5sum {} + | sort | uniq -w32 -dD"}},
	{"enable docker so it starts on boot and start it now", []string{"sudo systemctl enable --now docker"}},
	{"hey i scanned page1.png page2.png page3.png, can you stitch them into one scan.pdf", []string{"magick page1.png page2.png page3.png scan.pdf"}},
	{"merge a.pdf and b.pdf into c.pdf", []string{"pdfunite a.pdf b.pdf c.pdf"}},
	{"how do i add ~/.local/bin to my PATH permanantly? i use bash", []string{`echo 'export PATH="$PATH:$HOME/.local/bin"' >> ~/.bashrc`}},
	{"add ~/bin to my path", []string{`export PATH="$PATH:~/bin"`}},
	{"unzip every .gz file in this folder", []string{"gunzip *.gz"}},
}

func TestEverydayRound10(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound10 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}
