package offline

import "testing"

// everydayRound11 are requests of the eleventh round's sets that were refused or wrong at first sight
// (eval/everyday/round11), and their kin: each names a category, not one wording.
var everydayRound11 = []struct {
	prompt string
	want   []string
}{
	// A Kubernetes namespace said in words goes with every kubectl command that takes one.
	{"show the logs of pod web-7d9f8 in the prod namespace", []string{"kubectl logs web-7d9f8 -n prod"}},
	{"list deployments in the kube-system namespace", []string{"kubectl get deployments -n kube-system"}},
	{"show the deployments in namespace prod", []string{"kubectl get deployments -n prod"}},
	{"scale the web deployment to 3 replicas in the shop namespace", []string{"kubectl scale -n shop deployment web --replicas=3"}},
	{"show the pods in ns payments", []string{"kubectl get pods -n payments"}},
	{"describe pod api-1 -n prod", []string{"kubectl describe pod -n prod api-1"}},
	// The account to log in as goes with the host.
	{"copy deploy.tar.gz to /tmp on server web1 as user ubuntu", []string{"scp deploy.tar.gz ubuntu@web1:/tmp"}},
	{"copy the file notes.txt to the server backup.example.com in /tmp", []string{"scp notes.txt backup.example.com:/tmp"}},
	{"i need the nginx config off prod-web1, it's at /etc/nginx/nginx.conf, just drop it in my current dir", []string{"scp prod-web1:/etc/nginx/nginx.conf ."}},
	// Options said in words.
	{"replace every localhost with 127.0.0.1 in settings.ini, editing the file in place", []string{"sed -i 's/localhost/127.0.0.1/g' settings.ini"}},
	{"show today's logs for the ssh service", []string{"journalctl -u ssh --since today"}},
	{"install the requests python package for my user only", []string{"pip install --user requests"}},
	{"add lodash to this project as a dev dependancy with npm", []string{"npm install --save-dev lodash"}},
	{"mirror ./site to deploy@web2:/var/www/site, deleting remote files that no longer exist locally", []string{"rsync -avz --delete ./site deploy@web2:/var/www/site"}},
	{"rsync ./site to web2:/srv excluding node_modules", []string{"rsync -avz --exclude=node_modules ./site web2:/srv"}},
	{"dockers eating my disk agian, clean up everything unused including old images", []string{"docker system prune -a"}},
	{"list the apt packages that have upgrades available", []string{"apt list --upgradable"}},
	// What is left out of an archive: a kind of file, a folder, never the source or the archive's name.
	{"i need to send the logs folder to support as a single tar.gz, but leave out the .tmp junk", []string{"tar -czf logs.tar.gz --exclude='*.tmp' logs"}},
	{"archive the project excluding node_modules", []string{"tar -czf archive.tar.gz --exclude=node_modules ."}},
	{"back up everything here except the cache folder", []string{"tar -czf archive.tar.gz --exclude=cache ."}},
	// git in people's words.
	{"discard my uncommitted changes to src/app.js", []string{"git restore src/app.js"}},
	{"hey so my last commit message has a mistake, can i change it to \"Fix login redirect\"?", []string{"git commit --amend -m 'Fix login redirect'"}},
	{"change my last commit message to \"Fix login redirect\"", []string{"git commit --amend -m 'Fix login redirect'"}},
	{"wait how do i see which files i changed but haven't commited yet", []string{"git status"}},
	{"what have i not committed yet", []string{"git status"}},
	{"i pushed a bad commit to main and others already pulled it, how do i undo it without rewriting history", []string{"git revert HEAD"}},
	{"revert 3f9e2a1", []string{"git revert 3f9e2a1"}},
	{"undo my last commit", []string{"git reset --soft HEAD~1"}},
	// Processes of a program by its name.
	{"i think there are some leftover node processes hanging around, can you list them with their pids", []string{"pgrep -a node"}},
	{"show all python processes with their pids", []string{"pgrep -a python"}},
	{"how many python processes are running", []string{"pgrep -c python"}},
	{"is firefox running", []string{"pgrep -a firefox"}},
	{"kill all the node processes", []string{"pkill node"}},
	// Scenes: a clause that tells what the machine or the person has, whatever the opener.
	{"ugh my laptop is running out of space, can you find the 20 biggest files anywhere under my home?", []string{"find ~ -type f -exec du -h {} + | sort -rh | head -n 20"}},
	{"i only need the usernames from /etc/passwd, nothing else", []string{"cut -d: -f1 /etc/passwd"}},
	{"is there a way to read access.log.2.gz without unzipping it to disk first", []string{"zcat access.log.2.gz"}},
	{"can you check how long this server has been up and what the load looks like", []string{"uptime"}},
	{"show how long the machine has been up", []string{"uptime"}},
	{"hmm the api feels slow, can you time how long a request to https://api.example.com/health takes", []string{`curl -o /dev/null -s -w '%{time_total}\n' https://api.example.com/health`}},
	{"just spun up a new box at ubuntu@203.0.113.10, put my ssh key on it so i stop typing passwords", []string{"ssh-copy-id ubuntu@203.0.113.10"}},
	{"generate an ssh key", []string{"ssh-keygen -t ed25519"}},
	// An archive's contents are listed, not printed as a gzip stream.
	{"show the contents of logs.tar.gz without extracting", []string{"tar -tzvf logs.tar.gz"}},
}

func TestEverydayRound11(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound11 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}
