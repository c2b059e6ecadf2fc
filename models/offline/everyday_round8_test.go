package offline

import "testing"

// everydayRound8 are requests of the eighth round's sets (eval/everyday/round8) and their kin.
var everydayRound8 = []struct {
	prompt string
	want   []string
}{
	// "In total" is one size, not one per folder.
	{"hmm how big is the node_modules folder in total", []string{"du -sh node_modules"}},
	{"show the size of each folder in /var", []string{"du -sh /var/*"}},
	// The kind of archive to make is no name to find, and an ending is a glob.
	{"real quick make a .tar.bz2 of the old_site directory", []string{"tar -cjvf old_site.tar.bz2 old_site"}},
	{"find all .tar.gz files", []string{"find . -name '*.tar.gz'"}},
	{"make a directory called build", []string{"mkdir build"}},
	// Services that failed; updates to install.
	{"hmm did any services fail on boot?", []string{"systemctl --failed"}},
	{"can you check for updates and install them all", []string{"sudo apt update && sudo apt upgrade"}},
	{"install htop", []string{"sudo apt install htop"}},
	// A purpose clause only explains.
	{"copy my public key over to db2 so i can stop typing my password", []string{"ssh-copy-id db2"}},
	{"things feel sluggish, how much ram do i have free?", []string{"free -h"}},
	// A script's process is found by its command line.
	{"some python script is frozen, can you find its pid? it's called scraper.py", []string{"pgrep -f scraper.py"}},
	{"find the pid of nginx", []string{"pgrep nginx"}},
	{"turn these pics into a slideshow video: img*.jpg", []string{"ffmpeg -framerate 30 -pattern_type glob -i 'img*.jpg' -pix_fmt yuv420p video.mp4"}},
}

func TestEverydayRound8(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound8 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}
