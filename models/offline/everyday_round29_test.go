package offline

import "testing"

// everydayRound29 are requests of the twenty-ninth round's sets that were wrong at first sight
// (eval/everyday/round29), and their kin.
var everydayRound29 = []struct {
	prompt string
	want   []string
}{
	{"users.json is an array of objects with a name field. Print just the names.", []string{"jq '.[].name' users.json"}},
	{"open a shell in the running redis container", []string{"docker exec -it redis sh"}},
	{"The configs still have the old database hostname. In every .conf file under /etc/myapp, could you swap db-old.internal for db-new.internal?", []string{"find /etc/myapp -type f -name '*.conf' -exec sed -i 's/db-old\\.internal/db-new.internal/g' {} \\;"}},
	{"swap foo for bar in notes.txt", []string{"sed -i 's/foo/bar/g' notes.txt"}},
	{"I recorded a screen capture, demo.mov, but the upload site only takes mp4. Can you convert it? (quality doesn't matter much)", []string{"ffmpeg -i demo.mov demo.mp4"}},
	{"record my screen to demo.mkv", []string{`ffmpeg -f x11grab -i "$DISPLAY" demo.mkv`}},
}

func TestEverydayRound29(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound29 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		// Asked to list, never to delete.
		{"Our disk alert fired at 3am and I'm poking around /srv/data. Are there empty directories in there we could clean up? Just list them for now.", "find /srv/data -type d -empty -delete"},
		{"Our disk alert fired at 3am and I'm poking around /srv/data. Are there empty directories in there we could clean up? Just list them for now.", "lsblk"},
		{"open a shell in the running redis container", "redis-cli"},
	})
}
