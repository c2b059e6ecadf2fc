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
	{"The app log is super noisy. Could you show me only the lines in app.log that have ERROR, but not the ones mentioning healthcheck?", []string{"grep 'ERROR' app.log | grep -v 'healthcheck'"}},
	{"grep ERROR in app.log except lines containing timeout", []string{"grep 'ERROR' app.log | grep -v 'timeout'"}},
	{"grep for 'timeout' in app.log but not 'retry'", []string{"grep 'timeout' app.log | grep -v 'retry'"}},
	{"The configs still have the old database hostname everywhere. In every .conf file in /etc/myapp, could you swap db-old.internal for db-new.internal?", []string{"sed -i 's/db-old\\.internal/db-new.internal/g' /etc/myapp/*.conf"}},
	{"search everywhere for files named core", []string{"find / -name 'core'"}},
	{"I recorded a screen capture, demo.mov, but the upload site only takes mp4. Can you convert it? (quality doesn't matter much)", []string{"ffmpeg -i demo.mov demo.mp4"}},
	{"record my screen to demo.mkv", []string{`ffmpeg -f x11grab -i "$DISPLAY" demo.mkv`}},
	{"Users said the site was down around lunch today. Can you pull nginx's journal between 12:00 and 13:00?", []string{`journalctl -u nginx --since "12:00" --until "13:00"`}},
	{"show the kubelet's logs between 22:00 on 2024-06-11 and 02:00 on 2024-06-12", []string{`journalctl -u kubelet --since "2024-06-11 22:00" --until "2024-06-12 02:00"`}},
	{"restart nginx's service", []string{"sudo systemctl restart nginx"}},
	{"Not sure what I've actually done this week lol. Can you show the git commits by me (author alice) since last Monday?", []string{"git log --author=alice", "git log --author=alice --since='last monday'"}},
	{"git log of commits by bob@example.com", []string{"git log --author=bob@example.com"}},
	{"I plugged in a new USB drive and have no idea what it's formatted as. Can you show me the filesystems and labels of the drives?", []string{"lsblk -f"}},
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
		// The text to leave out is never the text searched for.
		{"show lines in app.log with ERROR but not the ones mentioning healthcheck", "grep 'healthcheck' app.log"},
		{"grep ERROR in app.log except lines containing timeout", "grep -v 'ERROR' app.log"},
		// "everywhere" said how widespread, not where: never a sed over every .conf file on the machine.
		{"The configs still have the old database hostname everywhere. In every .conf file in /etc/myapp, could you swap db-old.internal for db-new.internal?", `find / /etc/myapp -type f -name '*.conf' -exec sed -i 's/db-old\.internal/db-new.internal/g' {} \;`},
	})
}
