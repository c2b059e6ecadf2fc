package safety

import "testing"

// TestGitSofterForms covers git commands that lose work without --force: deleting remote branches,
// discarding the whole working tree, deleting the default branch, and expiring the reflog before a prune.
func TestGitSofterForms(t *testing.T) {
	runRiskCases(t, []riskCase{
		{"git push origin :feature", High, "git.push-delete"},
		{"git push origin :refs/heads/main", High, "git.push-delete"},
		{"git push --delete origin release-1.2", High, "git.push-delete"},
		{"git push origin -d main", High, "git.push-delete"},
		{"git checkout -- .", High, "git.discard-all"},
		{"git checkout .", High, "git.discard-all"},
		{"git checkout HEAD -- .", High, "git.discard-all"},
		{"git restore .", High, "git.discard-all"},
		{"git restore --worktree -- :/", High, "git.discard-all"},
		{"git branch -D main", High, "git.branch-delete"},
		{"git branch -D master", High, "git.branch-delete"},
		{"git branch --delete --force develop", High, "git.branch-delete"},
		{"git reflog expire --expire=now --all && git gc --prune=now", High, "git.reflog-expire"},
		{"git reflog expire --expire-unreachable=now --all", High, "git.reflog-expire"},
		{"git gc --prune=now --aggressive", High, "git.gc-prune"},
		// Softer still: one file, a feature branch, a guarded push.
		{"git checkout -- README.md", Moderate, "git.discard"},
		{"git restore src/main.go", Moderate, "git.discard"},
		{"git restore --staged .", Safe, ""},
		{"git branch -D feature/old", Moderate, "git.branch-delete"},
		{"git branch -d main", Safe, ""},
		{"git checkout main", Safe, ""},
		{"git checkout -b feature", Safe, ""},
		{"git push origin feature", Safe, ""},
		{"git gc", Safe, ""},
		{"git reflog", Safe, ""},
	})
}

// TestCalibration holds the levels the rules must agree on: critical is for irreversible loss at the
// scale of a whole system, home or production; these are below high or exactly high.
func TestCalibration(t *testing.T) {
	runRiskCases(t, []riskCase{
		// Not high.
		{"kubectl delete pod web-7d4b9c", Moderate, "k8s.delete-pod"},
		{"kubectl delete pod/api-5f6d8 -n prod", Moderate, "k8s.delete-pod"},
		{"kubectl delete po worker-0 --grace-period=0 --force", Moderate, "k8s.delete-pod"},
		{"shred -u secret.txt", Moderate, "fs.shred"},
		{"shred -n 3 -z old-notes.md", Moderate, "fs.shred"},
		{"psql test_db -c 'DROP TABLE users'", Moderate, "db.drop-table"},
		{"mysql -u root dev_app -e 'DROP TABLE sessions'", Moderate, "db.drop-table"},
		{"psql -d myapp_test -c 'TRUNCATE orders'", Moderate, "db.truncate"},
		{"sqlite3 test.db 'DROP TABLE t'", Moderate, "db.drop-table"},
		{"psql postgres://u@localhost/app_development -c 'DELETE FROM users'", Moderate, "db.delete-all"},
		{"echo 'Welcome' | sudo tee /etc/motd", Moderate, ""},
		{"sudo tee /etc/issue.net < banner.txt", Moderate, ""},
		{"docker run -v /:/host:ro alpine ls /host", Moderate, "docker.host-mount"},
		// Exactly high: serious, but not the whole system.
		{"kubectl delete pods -l app=web", High, "k8s.delete"},
		{"kubectl delete pod a b c", High, "k8s.delete"},
		{"kubectl delete deployment api", High, "k8s.delete"},
		{"shred -u ~/.bashrc", High, "fs.shred"},
		{"psql test_db -c 'DROP DATABASE test_db'", High, "db.drop-database"},
		{"mysql -e 'DROP DATABASE IF EXISTS dev_app'", High, "db.drop-database"},
		{"echo x | sudo tee /etc/hosts", High, "fs.overwrite-system"},
		// Critical: production, whole databases, the system.
		{"psql prod -c 'DROP TABLE users'", Critical, "db.drop-table"},
		{"psql -c 'DROP DATABASE app'", Critical, "db.drop-database"},
		{"mysql -D devices -e 'DROP TABLE t'", Critical, "db.drop-table"},
		{"kubectl delete namespace prod", Critical, "k8s.delete-namespace"},
		{"shred -n1 /dev/sda", Critical, "disk.shred-device"},
		{"docker run -v /:/host alpine rm -rf /host", Critical, "fs.rm-root"},
	})
}
