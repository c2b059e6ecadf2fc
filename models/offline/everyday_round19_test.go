package offline

import "testing"

// everydayRound19 are requests of the nineteenth round's sets that were refused or wrong at first
// sight (eval/everyday/round19), and their kin.
var everydayRound19 = []struct {
	prompt string
	want   []string
}{
	// Wrong at first sight.
	{"generate a self-signed certificate and unencrypted key valid for 365 days, saved as cert.pem and key.pem", []string{"openssl req -x509 -newkey rsa:4096 -keyout key.pem -out cert.pem -days 365 -nodes -subj '/CN=localhost'"}},
	{"we're load testing staging and the checkout-api deployment needs to go up to 5 replicas, what's the kubectl command?", []string{"kubectl scale deployment checkout-api --replicas=5"}},
	{"scale deployment web to 3", []string{"kubectl scale deployment web --replicas=3"}},
	{"rollout restart deployment api", []string{"kubectl rollout restart deployment/api"}},
	{"the app server can't reach the db. I'd like to know if port 5432 on 10.1.2.3 is even open, and nc is installed", []string{"nc -zv 10.1.2.3 5432"}},
	{"on the fedora box curl is apparently outdated. can you upgrade just that one package?", []string{"sudo dnf upgrade curl"}},
	{"upgrade only nginx", []string{"sudo apt install --only-upgrade nginx"}},
	{"somehow /home/shared/reports ended up world-writable. I'd like directories at 755 and files at 644 under it, can that be one line?", []string{"find /home/shared/reports -type d -exec chmod 755 {} + && find /home/shared/reports -type f -exec chmod 644 {} +"}},
	{"fix perms in ~/site: 755 for dirs and 644 for files", []string{"find ~/site -type d -exec chmod 755 {} + && find ~/site -type f -exec chmod 644 {} +"}},
	{"the vendor wants the core dump from prod-app-3. pull /var/crash/core.1234 down to my current directory with scp, I log in as ops", []string{"scp ops@prod-app-3:/var/crash/core.1234 ."}},
	{"ssh to db1, I log in as deploy", []string{"ssh deploy@db1"}},
	{"the payments container seems stuck, I think. can you show me the last 200 lines of its logs and keep following?", []string{"docker logs -f --tail 200 payments"}},
	{"I changed the Dockerfile for the worker service; I want compose to rebuild just that service and restart it in the background", []string{"docker compose up -d --build worker"}},
	{"postgres isn't starting after the upgrade, can you show me its service status with the recent log lines?", []string{"systemctl status postgresql"}},
	{"after the kernel update the box feels realy slow. can you show me the error-level messages from the journal since the last boot?", []string{"journalctl -p err -b"}},
	{"there's a staging pod crashlooping, web-6d4b9-2lqzk in the default namespace, and I want the logs from the previous crash, not the current container", []string{"kubectl logs --previous web-6d4b9-2lqzk -n default"}},
	{"there's a big JSON file, deps.json, and I only want the keys of its top-level dependencies object, printed as plain strings", []string{"jq -r '.dependencies | keys[]' deps.json"}},
	{"we never want the bluetooth service starting on these servers; disable it and stop it right now in one go", []string{"sudo systemctl disable --now bluetooth"}},
	{"I'm reviewing what changed in the python code this week. Find all .py files under src that were modified in the last 2 days.", []string{"find src -name '*.py' -mtime -2"}},
	{"show files changed in the last 10 minutes", []string{"find . -mmin -10"}},
	// Refused at first sight.
	{"our app writes to app.log and honestly I only care about the lines with ERROR or WARN, could you pull those out for me?", []string{"grep -E 'ERROR|WARN' app.log"}},
	{"find lines with 404 or 500 or 503 in access.log", []string{"grep -E '404|500|503' access.log"}},
	{"search src for TODO or FIXME", []string{"grep -rnE 'TODO|FIXME' src"}},
	{"search src for TODO", []string{"grep -rn 'TODO' src"}},
	{"download https://example.com/data.csv to data.csv", []string{"curl -o data.csv https://example.com/data.csv"}},
	{"download https://example.com/data.csv into ~/Downloads", []string{"wget -P ~/Downloads https://example.com/data.csv"}},
	{"can you stop all the gunicorn processes", []string{"pkill gunicorn"}},
	{"generate an ed25519 ssh key with comment me@work.com", []string{"ssh-keygen -t ed25519 -C 'me@work.com'"}},
	{"so the ssh key on my laptop is ancient. I want a fresh ed25519 key with dana@example.com as the comment", []string{"ssh-keygen -t ed25519 -C 'dana@example.com'"}},
	{"I have two folders, v1/ and v2/, and I'd like to know wich files differ between them", []string{"diff -rq v1/ v2/"}},
	{"restart the service named worker", []string{"sudo systemctl restart worker"}},
	{"/home is at 97% and i want to know how big each user's home folder is", []string{"sudo du -sh /home/*"}},
	{"which users' home directories take the most space", []string{"sudo du -sh /home/* | sort -rh"}},
	{"ugh, firefox froze again. how do i force kill every firefox process?", []string{"pkill -9 firefox"}},
	{"show the last 100 lines of the sshd service journal", []string{"journalctl -u sshd -n 100"}},
	{"need to copy report.pdf to alice's home dir on backup.example.com, she's the user there", []string{"scp report.pdf alice@backup.example.com:~/"}},
	{"quick q: which docker containers are running right now?", []string{"docker ps"}},
	{"delete all .tmp files in the current directory and its subdirectories", []string{"find . -name '*.tmp' -exec rm {} \\;"}},
	{"grpe nginx.conf for every line that isn't a comment", []string{"grep -v '^[[:space:]]*#' nginx.conf"}},
	{"could you gzip big.log but keep the original file around?", []string{"gzip -k big.log"}},
	{"our CI box keeps running out of disk. could you give me something that lists the 20 biggest files under /home/ci so I can see what's hogging it?", []string{"find /home/ci -type f -exec du -h {} + | sort -rh | head -n 20"}},
	{"my coworker says there's a function called parseInvoice somewhere in this repo but nobody remembers where. how do I find which files mention it?", []string{"grep -rl 'parseInvoice' ."}},
	{"where is the class named UserStore defined", []string{"grep -rn 'UserStore' ."}},
	{"the API at https://api.example.com/v1/orders wants a bearer token, which I have in $TOKEN. how would I curl it?", []string{`curl -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/orders`}},
	{"quick one: what changed in the last 3 commits? just the file names please", []string{"git diff --name-only HEAD~3"}},
	{"I have sales.csv with a header row, and the third column is the amount. could you sum it with awk, skipping the header?", []string{"awk -F, 'NR>1 {s+=$3} END {print s}' sales.csv"}},
	{"windows line endings keep breaking my script run.sh. how do I strip the carriage returns in place with sed?", []string{`sed -i 's/\r$//' run.sh`}},
	{"the new hire, priya, needs an account on this box with a home directory and bash as her login shell", []string{"sudo useradd -m -s /bin/bash priya"}},
	{"the cert on shop.example.com might be expiring soon; can you check the expiry date straight from the server with openssl?", []string{"echo | openssl s_client -connect shop.example.com:443 -servername shop.example.com 2>/dev/null | openssl x509 -noout -enddate"}},
	{"I set up a second network interface and want to see the routing table to make sure the default route is still right", []string{"ip route"}},
	{"npm audit flagged lodash in our node project, so I want to bump it to the latest version and save that in package.json", []string{"npm install lodash@latest"}},
	{"apt keeps complaining, so before anything else I want to refresh the package lists and upgrade everything without it asking me questions", []string{"sudo apt update && sudo apt upgrade -y"}},
	{"marketing wants a gif of demo.mp4 for the README, roughly 480px wide. any quik ffmpeg line that makes demo.gif?", []string{"ffmpeg -i demo.mp4 -vf scale=480:-1 demo.gif"}},
	{"I've got scan1.png, scan2.png and scan3.png from the scanner and the accountant wants them as one pdf, scans.pdf", []string{"convert scan1.png scan2.png scan3.png scans.pdf"}},
	{"I tweaked the image tag in deploy.yaml for our deployment. how do I push that change to the cluster?", []string{"kubectl apply -f deploy.yaml"}},
}

func TestEverydayRound19(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound19 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
	// Readings the new categories must not offer.
	neverOffered(t, e, []struct{ prompt, never string }{
		{"search google for cats", "grep -rn 'cats' google"},
		{"how big is bob's home directory", "sudo du -sh /home/*"},
		{"list files in alice's home", "find ~ -user alice"},
		{"list the keys of the first object in data.json", "jq -r '.first | keys[]' data.json"},
		{"restart named", "sudo systemctl restart worker"},
	})
}
