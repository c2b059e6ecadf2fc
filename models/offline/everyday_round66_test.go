package offline

import "testing"

// everydayRound66 are requests of the sixty-sixth and sixty-seventh rounds' sets that were wrong or
// refused at first sight (eval/everyday/round66 and round67), and their kin: a program named by its
// alias (netcat), a filesystem's type, a gzip's uncompressed size, the keys an agent holds, numbered
// folders, a user and a group that should own a tree, "is X set" after "I exported it", commits on the
// remote not yet fetched, copies in another image format, a zip that leaves a subfolder out, slips that
// drop a doubled letter. The agreement index is off: these are the catalogue's own readings.
var everydayRound66 = []struct {
	prompt string
	want   []string
}{
	{"Scan ports 20 to 100 on 10.0.0.5 with netcat.", []string{"nc -zv 10.0.0.5 20-100"}},
	{"What filesystem type is mounted at /mnt/backup?", []string{"findmnt -no FSTYPE /mnt/backup"}},
	{"How big will logs.tar.gz be once uncompressed?", []string{"gzip -l logs.tar.gz"}},
	{"what's the uncompressed size of dump.sql.gz", []string{"gzip -l dump.sql.gz"}},
	{"which ssh keys are loaded in my agent?", []string{"ssh-add -l"}},
	{"which files differ between dir1 and dir2?", []string{"diff -rq dir1 dir2"}},
	{"compare dir1 and dir2", []string{"diff -r dir1 dir2", "diff dir1 dir2"}},
	{"how do I list all npm packages installed globaly?", []string{"npm ls -g --depth=0"}},
	{"block devices and their mountpoints", []string{"lsblk"}},
	{"List the cron jobs for the current user.", []string{"crontab -l"}},
	{"I copied the new Chromebook recovery images into /srv/chromeos/images as root and now the imaging service can't read them. Make the user imager and the group staff own everything in there, subfolders included.", []string{"chown -R imager:staff /srv/chromeos/images"}},
	{"make the user bob and the group dev own report.txt", []string{"chown bob:dev report.txt"}},
	{"Our run metadata is exported as JSON to /data/runs/240611/RunInfo.json. Can you pull out just the flowcell ID from the .Run.Flowcell field? I need the raw string without quotes for the LIMS.", []string{"jq -r .Run.Flowcell /data/runs/240611/RunInfo.json"}},
	{"print config.json without the .password field", []string{"jq 'del(.password)' config.json"}},
	{"Is ANDROID_HOME actually set in this shell? Gradle keeps saying 'SDK location not found' and I'm sure I exported it in my bashrc.", []string{`echo "${ANDROID_HOME:-not set}"`}},
	{"The cluster's /scratch comes over NFS and I think it dropped during the night. Is /scratch actually mounted right now, and from where?", []string{"findmnt /scratch"}},
	{"Teachers say the guest wifi was down yestarday afternoon. Pull the journal for the hostapd service for yesterday only, I want to see when it started failing.", []string{"journalctl -u hostapd --since yesterday --until today"}},
	{"A collaborator's mail server strips tarballs, so it has to be a zip. Zip the catalogue folder into catalogue.zip, but leave out the tmp subfolder inside it.", []string{"zip -r catalogue.zip catalogue -x '*/tmp/*'"}},
	{"The bank's upload portal rejects our file with 'Invalid character at end of line 1'. I think it's the Windows line endings Excel puts in. Strip the carriage returns from payments.csv and save the result as payments_unix.csv.", []string{`tr -d '\r' < payments.csv > payments_unix.csv`}},
	{"git push fails with '! [rejected] main -> main (fetch first)'. Before I merge anything, show me the commits on origin/main that I don't have locally, one line each.", []string{"git fetch origin && git log --oneline HEAD..origin/main"}},
	{"show the commits on origin/develop that I don't have locally", []string{"git fetch origin && git log --oneline HEAD..origin/develop"}},
	{"The App Store screenshots are PNGs in screenshots/ios. Marketing wants JPG copies of all of them at quality 90 for the website. Keep the PNGs where they are, we still upload those.", []string{"mogrify -format jpg -quality 90 screenshots/ios/*.png"}},
	{"copy the pngs in shots into backup/", []string{"cp shots/*.png backup/"}},
	{"Make gradlew executable.", []string{"chmod +x gradlew"}},
	{"CI fails right at the start with './gradlew: Permission denied' on the fresh clone. Make gradlew executable and also record the executable bit in git so it stops happening.", []string{"chmod +x gradlew && git update-index --chmod=+x gradlew"}},
	{"Write the current pip packages with their versions into requirements-freeze.txt. The venv is already active. I want a record of what's pinned before I upgrade anything.", []string{"pip freeze > requirements-freeze.txt"}},
	{"I accidentally committed a 600MB .fbx in the last commit on my feature branch. Nothing has been pushed yet. Undo that commit but leave my working files exactly as they are.", []string{"git reset --soft HEAD~1"}},
	{"undo my last commit, I already pushed it", []string{"git revert HEAD"}},
	{"Everything on the analysis node feels sluggish since the fastq compression started. Which ten processes are using the most CPU right now? Don't kill anything, I need to check with the users first.", []string{"ps aux --sort=-%cpu | head -n 10"}},
	{"I think /usr/local/bin/netmon was dropped by hand rather than installed. Does any installed Debian package claim that file?", []string{"dpkg -S /usr/local/bin/netmon"}},
	{"convert song.mp3 to mono", []string{"ffmpeg -i song.mp3 -ac 1 song-mono.mp3"}},
	{"Shader compilation hangs on the build server every few runs and I end up killing it by hand. Stop every process named glslc with a normal TERM signal, not kill -9, so it can clean up its temp files.", []string{"pkill glslc"}},
}

func TestEverydayRound66(t *testing.T) {
	e := testEngine(t).WithAgreement(nil)
	for _, tc := range everydayRound66 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		{"List the cron jobs for the current user.", "crontab -r"},
		{"The cluster's /scratch comes over NFS and I think it dropped during the night. Is /scratch actually mounted right now, and from where?", "mount -t nfs /scratch /scratch"},
		{"Is ANDROID_HOME actually set in this shell? Gradle keeps saying 'SDK location not found' and I'm sure I exported it in my bashrc.", "export ANDROID_HOME=Gradle"},
		{"Our run metadata is exported as JSON to /data/runs/240611/RunInfo.json. Can you pull out just the flowcell ID from the .Run.Flowcell field? I need the raw string without quotes for the LIMS.", "jq 'del(.Run.Flowcell)' /data/runs/240611/RunInfo.json"},
		{"A collaborator's mail server strips tarballs, so it has to be a zip. Zip the catalogue folder into catalogue.zip, but leave out the tmp subfolder inside it.", "tar -czf catalogue.zip --exclude=tmp catalogue"},
		{"Teachers say the guest wifi was down yestarday afternoon. Pull the journal for the hostapd service for yesterday only, I want to see when it started failing.", "docker compose pull && docker compose up -d"},
		{"Which filesystem is /home on, and how full is it?", "findmnt -no FSTYPE /"},
	})
}

// A quoted error that starts with its program's path ("./gradlew: Permission denied") is a message
// naming that path, not a path with spaces.
func TestPathInAnErrorMessage(t *testing.T) {
	for msg, want := range map[string]string{
		"./gradlew: Permission denied":               "./gradlew",
		"/usr/local/bin/app: not found":              "/usr/local/bin/app",
		"/Applications/Sublime Text 2.app/Contents/": "",
		"cp: cannot stat '/srv/a.txt': No such file": "/srv/a.txt",
	} {
		if got := pathInMessage(msg); got != want {
			t.Errorf("pathInMessage(%q) = %q, want %q", msg, got, want)
		}
	}
}
