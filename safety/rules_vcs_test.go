package safety

import "testing"

// TestVersionControlRules covers git.
func TestVersionControlRules(t *testing.T) {
	runRiskCases(t, []riskCase{
		{"git -c core.pager='rm -rf /' log", Critical, ""},
		{"git -c alias.x='!rm -rf /' x", Critical, ""},
		{"git push --force", High, ""},
		{"git push origin +main", High, ""},
		{"git push --force-with-lease", Moderate, ""},
		{"git reset --hard", High, ""},
		{"git clean -fdx", High, ""},
		{"git branch -D feature", Moderate, ""},
		{"git filter-branch --tree-filter 'rm x' HEAD", High, ""},
		{"git checkout -- .", High, "git.discard-all"},
		{"git restore .", High, "git.discard-all"},
		{"git stash clear", Moderate, ""},
		{"git reflog expire --expire=now --all && git gc --prune=now", High, ""},
		{"git status && git log --oneline && git diff", Safe, ""},
		{"git commit -am 'x' && npm install && make && go build ./...", Safe, ""},
	})
}
