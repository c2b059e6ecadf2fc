package offline

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/safety"
)

// everydayCase is a request typed the way people type them, with the commands an expert would accept.
type everydayCase struct {
	prompt string
	want   []string
}

// generate asks the engine the way the CLI does: the threshold applies, and "" means no answer.
func generate(t *testing.T, e *Engine, prompt, goos string) (string, float64) {
	t.Helper()
	resp, err := e.Generate(context.Background(), models.Request{Prompt: prompt, Shell: "bash", OS: goos}, nil)
	if err != nil {
		return "", e.Answer(models.Request{Prompt: prompt, Shell: "bash", OS: goos}).Confidence
	}
	return resp.Command, resp.Confidence
}

func runEveryday(t *testing.T, goos string, tests []everydayCase) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.prompt, func(t *testing.T) {
			got, conf := generate(t, e, tt.prompt, goos)
			if !slices.Contains(tt.want, got) {
				guess := e.Answer(models.Request{Prompt: tt.prompt, Shell: "bash", OS: goos})
				t.Errorf("%s: Generate(%q) = %q (best guess %q, confidence %.2f), want one of %q", goos, tt.prompt, got, guess.Command, conf, tt.want)
			}
		})
	}
}

// TestEverydaySystem checks everyday requests about processes, the system, services, the network,
// git, containers, Kubernetes and packages on Linux.
func TestEverydaySystem(t *testing.T) {
	runEveryday(t, "linux", []everydayCase{
		// processes
		{"list all running processes", []string{"ps aux", "ps -ef"}},
		{"show running processes", []string{"ps aux", "ps -ef"}},
		{"whats running on port 3000", []string{"lsof -i :3000", "ss -ltnp 'sport = :3000'"}},
		{"which process is listening on port 8080", []string{"lsof -i :8080", "ss -ltnp 'sport = :8080'"}},
		{"what is using port 5432", []string{"lsof -i :5432", "ss -ltnp 'sport = :5432'"}},
		{"kill the process with pid 4242", []string{"kill 4242"}},
		{"kill process 1234", []string{"kill 1234"}},
		{"force kill pid 999", []string{"kill -9 999"}},
		{"kill all firefox processes", []string{"pkill firefox", "killall firefox"}},
		{"kill whatever is on port 3000", []string{"kill $(lsof -t -i :3000)"}},
		{"find the pid of nginx", []string{"pgrep nginx", "pidof nginx"}},
		{"top 5 processes by memory", []string{"ps aux --sort=-%mem | head -n 5"}},
		{"what's using the most cpu", []string{"ps aux --sort=-%cpu | head -n 10", "top"}},
		{"show the process tree", []string{"pstree", "ps auxf", "ps -ejH"}},
		{"show processes of user alice", []string{"ps -u alice"}},
		// the system
		{"show memory usage", []string{"free -h"}},
		{"how much ram is free", []string{"free -h"}},
		{"who is logged in", []string{"who", "w"}},
		{"whoami", []string{"whoami"}},
		{"show uptime", []string{"uptime"}},
		{"what kernel version am i running", []string{"uname -r"}},
		{"what's the hostname", []string{"hostname"}},
		{"show my user id and groups", []string{"id"}},
		{"what time is it", []string{"date"}},
		{"how many cpu cores do i have", []string{"nproc"}},
		{"check disk space", []string{"df -h"}},
		{"show the PATH", []string{`echo "$PATH"`}},
		{"set env var FOO to bar", []string{"export FOO=bar"}},
		{"edit my crontab", []string{"crontab -e"}},
		{"list my cron jobs", []string{"crontab -l"}},
		{"show command history", []string{"history"}},
		{"add user bob", []string{"sudo useradd -m bob", "sudo adduser bob"}},
		{"add bob to the docker group", []string{"sudo usermod -aG docker bob"}},
		// services and logs
		{"restart nginx", []string{"sudo systemctl restart nginx"}},
		{"restart the nginx service", []string{"sudo systemctl restart nginx"}},
		{"check status of the docker service", []string{"systemctl status docker"}},
		{"start postgresql", []string{"sudo systemctl start postgresql"}},
		{"stop the apache2 service", []string{"sudo systemctl stop apache2"}},
		{"enable ssh on boot", []string{"sudo systemctl enable ssh"}},
		{"tail the nginx logs", []string{"journalctl -u nginx -f", "sudo tail -f /var/log/nginx/*.log"}},
		{"show logs of sshd since yesterday", []string{"journalctl -u sshd --since yesterday"}},
		{"show the last 50 lines of syslog", []string{"journalctl -n 50", "tail -n 50 /var/log/syslog"}},
		{"show the 20 most recent log entries", []string{"journalctl -n 20"}},
		{"last 100 lines of the system log", []string{"journalctl -n 100", "tail -n 100 /var/log/syslog"}},
		{"list failed services", []string{"systemctl --failed", "systemctl list-units --type=service --state=failed"}},
		// the network
		{"what's my ip", []string{"ip addr", "hostname -I", "ip -brief addr"}},
		{"what is my public ip", []string{"curl -s https://ifconfig.me", "curl ifconfig.me", "curl -s ifconfig.me"}},
		{"list listening ports", []string{"ss -tulpn", "ss -ltnp"}},
		{"show open ports", []string{"ss -tulpn", "ss -ltnp"}},
		{"ping google.com", []string{"ping -c 4 google.com", "ping google.com"}},
		{"ssh into prod-1 as deploy", []string{"ssh deploy@prod-1"}},
		{"ssh to example.com on port 2222", []string{"ssh -p 2222 example.com"}},
		{"copy report.pdf to the server example.com in my home directory", []string{"scp report.pdf example.com:~/", "scp report.pdf example.com:~"}},
		{"download https://example.com/file.zip", []string{"curl -LO https://example.com/file.zip", "wget https://example.com/file.zip"}},
		{"show the http headers of https://example.com", []string{"curl -I https://example.com", "curl -sI https://example.com"}},
		{"look up the dns records for example.com", []string{"dig example.com", "dig example.com ANY"}},
		{"show the routing table", []string{"ip route", "ip route show", "route -n"}},
		{"check if port 5432 is open on db.example.com", []string{"nc -zv db.example.com 5432"}},
		{"generate an ssh key", []string{"ssh-keygen -t ed25519"}},
		// git
		{"git status", []string{"git status"}},
		{"show last 20 commits", []string{"git log --oneline -n 20", "git log -n 20", "git log -20", "git log --oneline -20"}},
		{"show the git log as one line per commit", []string{"git log --oneline"}},
		{"undo the last git commit but keep the changes", []string{"git reset --soft HEAD~1"}},
		{"delete local branch feature-x", []string{"git branch -d feature-x"}},
		{"create a new branch called feature-login", []string{"git checkout -b feature-login", "git switch -c feature-login"}},
		{"switch to branch main", []string{"git checkout main", "git switch main"}},
		{"list all git branches", []string{"git branch -a", "git branch"}},
		{"pull the latest changes", []string{"git pull"}},
		{"clone https://github.com/cmdai/cmdai", []string{"git clone https://github.com/cmdai/cmdai"}},
		{"commit all changes with message 'fix typo'", []string{"git commit -am 'fix typo'"}},
		{"stash my changes", []string{"git stash"}},
		{"pop the stash", []string{"git stash pop"}},
		{"show staged changes", []string{"git diff --staged", "git diff --cached"}},
		{"show git remotes", []string{"git remote -v"}},
		{"tag the release v1.2.0", []string{"git tag v1.2.0", "git tag -a v1.2.0"}},
		// docker
		{"list docker containers including stopped ones", []string{"docker ps -a"}},
		{"list running containers", []string{"docker ps"}},
		{"list docker images", []string{"docker images", "docker image ls"}},
		{"show logs of container web", []string{"docker logs web", "docker logs -f web"}},
		{"exec into container web", []string{"docker exec -it web sh", "docker exec -it web bash"}},
		{"stop container web", []string{"docker stop web"}},
		{"remove container web", []string{"docker rm web"}},
		{"build a docker image tagged myapp", []string{"docker build -t myapp ."}},
		{"docker compose up in the background", []string{"docker compose up -d"}},
		{"stop all running containers", []string{"docker stop $(docker ps -q)"}},
		{"stop docker", []string{"sudo systemctl stop docker"}},
		{"remove docker image ubuntu", []string{"docker rmi ubuntu", "docker image rm ubuntu"}},
		{"show all containers", []string{"docker ps -a"}},
		// kubernetes
		{"show kubernetes pods in namespace prod", []string{"kubectl get pods -n prod"}},
		{"list pods in all namespaces", []string{"kubectl get pods -A", "kubectl get pods --all-namespaces"}},
		{"exec into pod web-1", []string{"kubectl exec -it web-1 -- sh", "kubectl exec -it web-1 -- bash"}},
		{"show logs of pod api-7f9c", []string{"kubectl logs api-7f9c", "kubectl logs -f api-7f9c"}},
		{"describe pod web-1", []string{"kubectl describe pod web-1"}},
		{"kubectl apply deployment.yaml", []string{"kubectl apply -f deployment.yaml"}},
		{"restart deployment api", []string{"kubectl rollout restart deployment/api", "kubectl rollout restart deployment api"}},
		{"show the current kubectl context", []string{"kubectl config current-context"}},
		{"list deployments", []string{"kubectl get deployments"}},
		// packages
		{"install htop", []string{"sudo apt install htop", "sudo apt-get install htop"}},
		{"update all packages", []string{"sudo apt update && sudo apt upgrade"}},
		{"pip install requests", []string{"pip install requests"}},
		{"install the npm package express", []string{"npm install express"}},
	})
}

// TestEverydayDarwin checks the requests whose answer differs on macOS.
func TestEverydayDarwin(t *testing.T) {
	runEveryday(t, "darwin", []everydayCase{
		{"list listening ports", []string{"lsof -iTCP -sTCP:LISTEN -n -P"}},
		{"show memory usage", []string{"vm_stat", "top -l 1 -s 0 | grep PhysMem"}},
		{"install htop", []string{"brew install htop"}},
		{"restart nginx", []string{"brew services restart nginx"}},
		{"list running services", []string{"brew services list", "launchctl list"}},
		{"what's my ip", []string{"ifconfig", "ipconfig getifaddr en0"}},
		{"download https://example.com/file.zip", []string{"curl -LO https://example.com/file.zip"}},
		{"how many cpu cores do i have", []string{"sysctl -n hw.ncpu"}},
	})
}

// TestEverydayNever checks requests that must not get a destructive or unrelated answer: either no
// answer, or one that the safety engine rates below high and that avoids the forbidden commands.
func TestEverydayNever(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		prompt string
		never  []string // substrings the answer must not contain
	}{
		{"list containers", []string{"docker stop", "docker rm", "docker kill", "prune"}},
		{"show stopped containers", []string{"docker stop", "docker rm", "docker kill", "prune"}},
		{"list docker containers including stopped ones", []string{"docker stop", "docker rm", "prune"}},
		{"which process is using port 8080", []string{"kill"}},
		{"show processes i can kill", []string{"kill"}},
		{"show pods that restarted", []string{"delete"}},
		{"list branches merged into main", []string{"branch -d", "branch -D"}},
		{"show the stash", []string{"stash drop", "stash clear"}},
		{"what does git reset do", []string{"reset --hard"}},
		{"how do i stop worrying", []string{"stop", "kill"}},
		{"restart my life", []string{"restart", "reboot"}},
		{"please compose a sonnet about my cat", nil},
		{"blorp the wibble", nil},
		{"is nginx running", []string{"restart", "stop", "kill"}},
		{"list images", []string{"rmi", "prune", "rm"}},
	}
	for _, tt := range tests {
		t.Run(tt.prompt, func(t *testing.T) {
			got, conf := generate(t, e, tt.prompt, "linux")
			if got == "" {
				return
			}
			if tt.never == nil {
				t.Errorf("Generate(%q) = %q (confidence %.2f), want no answer", tt.prompt, got, conf)
				return
			}
			for _, bad := range tt.never {
				if strings.Contains(got, bad) {
					t.Errorf("Generate(%q) = %q (confidence %.2f), must not contain %q", tt.prompt, got, conf, bad)
				}
			}
			if v := safety.Check(got, safety.Options{Shell: "bash"}); v.Risk >= safety.High {
				t.Errorf("Generate(%q) = %q, rated %v by the safety engine", tt.prompt, got, v.Risk)
			}
		})
	}
}
