package offline

import "testing"

// everydayRound39 are requests of the thirty-ninth round's sets that were wrong or refused at first
// sight (eval/everyday/round39), and their kin: signals by program name, one unit's journal since a
// time, ISO images that are no docker images, folders made new for what is unpacked.
var everydayRound39 = []struct {
	prompt string
	want   []string
}{
	{"gunicorn should reload its config without stopping. send all its processes a hangup signal", []string{"pkill -HUP gunicorn"}},
	{"send nginx's master process a HUP signal", []string{"pkill -HUP nginx"}},
	{"What has the ssh service logged since yesterday?", []string{"journalctl -u ssh --since yesterday"}},
	{"show nginx logs from the last hour", []string{"journalctl -u nginx --since '1 hour ago'"}},
	{"I downloaded ubuntu.iso and SHA256SUMS, which lists several images. check that my iso matches", []string{"sha256sum -c SHA256SUMS --ignore-missing"}},
	{"I just made a fresh virtualenv. install the python packages from requirements.txt", []string{"pip install -r requirements.txt"}},
	{"Our importer only takes CSV. turn the tabs in data.tsv into commas, editing the file in place", []string{`sed -i 's/\t/,/g' data.tsv`}},
	{"a.txt and b.txt are both sorted. print only the lines they have in common", []string{"comm -12 a.txt b.txt"}},
	{"squeeze runs of spaces in table.txt down to a single space", []string{"tr -s ' ' < table.txt"}},
	{"dowload https://example.com/file.iso, picking up where the last attempt stopped", []string{"wget -c https://example.com/file.iso"}},
	{"who handles mail for gmail.com?", []string{"dig gmail.com MX"}},
	{"Which proxy settings are in my environment?", []string{"env | grep -i proxy"}},
	{"I just edited /etc/systemd/system/myapp.service. What do I run so systemd notices the chnage? I'll restart the service myself afterwards, so don't restart anything.", []string{"sudo systemctl daemon-reload"}},
	{"make invoices.tar.gz from the invoices folder", []string{"tar -czvf invoices.tar.gz invoices"}},
	{"Honestly I have no idea which global npm packages I've piled up over the years. Can you list them, top level only, not their whole dependency trees?", []string{"npm ls -g --depth=0"}},
	{"list the global npm packages", []string{"npm ls -g --depth=0"}},
	{"The team folder /srv/shared needs to be writable by its group, including everything already inside it. Please don't make it world-writable though.", []string{"chmod -R g+w /srv/shared"}},
	{"The api container is misbehaving and I'm not sure what environment variables it actually got. Could you show me its environment? Please don't restart it.", []string{"docker exec api env"}},
	{"I pushed a bad image a few minutes ago. Could you roll the checkout deployment back to its previous version, please?", []string{"kubectl rollout undo deployment/checkout"}},
	{"I'd like to follow the logs of the db service in our compose setup, but starting from the last fifty lines, not the whole history since it started.", []string{"docker compose logs -f --tail 50 db"}},
	{"A client emailed me assets.zip. Could you extract it into a new folder called assets instead of dumping everything into my current directory?", []string{"unzip assets.zip -d assets"}},
}

func TestEverydayRound39(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound39 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	neverOffered(t, e, []struct{ prompt, never string }{
		{"gunicorn should reload its config without stopping. send all its processes a hangup signal", "pgrep -a signal"},
		{"What has the ssh service logged since yesterday?", "find . -mtime -1"},
		{"I downloaded ubuntu.iso and SHA256SUMS, which lists several images. check that my iso matches", "docker images several"},
		{"Honestly I have no idea which global npm packages I've piled up over the years. Can you list them, top level only, not their whole dependency trees?", "date +%Y"},
		{"Accounting wants the invoices folder (about two hundred PDFs) as one gzipped tarball called invoices.tar.gz. Please don't delete the originals, I still need them here.", "gzip *.pdf"},
		{"make invoices.tar.gz from the invoices folder", "find invoices -name 'invoices.tar.gz'"},
		{"Our app.ini still points at db-old.internal in a few places. Could you swap every occurrence for db-new.internal right in the file? A backup copy as app.ini.bak would be nice too.", "cp app.ini app.ini.bak"},
		{"I just plugged in a USB stick and need to know what device name it got.", "find . -name 'got'"},
	})
}
