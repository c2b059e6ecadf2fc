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
	// How many of the newest entries, a key's permissions, memory over time, a city's time.
	{"my service myapp keeps crahsing, show me the last 50 lines of its logs", []string{"journalctl -u myapp -n 50"}},
	{"ssh keeps complaining that the permissions on ~/.ssh/id_rsa are too open, how do i fix it", []string{"chmod 600 ~/.ssh/id_rsa"}},
	{"the box feels sluggish, is it swapping? show me memory and swap stats every 2 seconds", []string{"vmstat 2"}},
	{"swap the word cat for dog in pets.txt", []string{"sed -i 's/cat/dog/g' pets.txt"}},
	{"got a call with the tokyo office, what time is it there right now", []string{"TZ=Asia/Tokyo date"}},
	// Images: a numbered sequence is a video's frames, a format change keeps the originals.
	{"i've got frames/frame001.png, frame002.png and so on, can you stitch them into an mp4 at 30fps", []string{"ffmpeg -framerate 30 -pattern_type glob -i 'frames/frame*.png' -pix_fmt yuv420p video.mp4"}},
	{"turn the images shot001.jpg to shot240.jpg into a video at 24 fps", []string{"ffmpeg -framerate 24 -pattern_type glob -i 'shot*.jpg' -pix_fmt yuv420p video.mp4"}},
	{"could you convert all the .png screenshots in this folder to jpg? keep the originals though", []string{"mogrify -format jpg *.png"}},
	// What a port is forwarded to, and through which machine.
	{"i'd like to hit prometheus locally, forward my port 9090 to the prometheus service in the monitoring namespace", []string{"kubectl port-forward -n monitoring svc/prometheus 9090:9090"}},
	{"forward local port 8080 to port 80 of deployment web", []string{"kubectl port-forward deployment/web 8080:80"}},
	{"ok so i want localhost:8080 on my laptop to reach port 80 on the internal box 10.0.0.5, going through bastion.corp", []string{"ssh -N -L 8080:10.0.0.5:80 bastion.corp"}},
	// A database in docker: its port, its password variable, its version.
	{"need a throwaway postgres 16 in docker on port 5432, password can just be secret", []string{"docker run -d -p 5432:5432 -e POSTGRES_PASSWORD=secret postgres:16"}},
	{"start a mysql 8.0 container with password hunter2 on port 3307", []string{"docker run -d -p 3307:3306 -e MYSQL_ROOT_PASSWORD=hunter2 mysql:8.0"}},
	{"run redis in docker", []string{"docker run -d -p 6379:6379 redis"}},
	// An archive's contents are listed, not printed as a gzip stream.
	{"show the contents of logs.tar.gz without extracting", []string{"tar -tzvf logs.tar.gz"}},
}

func TestEverydayRound11(t *testing.T) {
	e := testEngine(t)
	for _, tc := range everydayRound11 {
		t.Run(tc.prompt, func(t *testing.T) { everydayGenerate(t, e, tc.prompt, "linux", tc.want) })
	}
}
