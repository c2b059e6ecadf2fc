package safety

import "testing"

// TestRedirectRules covers redirections.
func TestRedirectRules(t *testing.T) {
	runRiskCases(t, []riskCase{
		{"echo > /etc/passwd", Critical, ""},
		{"echo hi > out.txt", Safe, ""},
		{"echo x > ~/.bashrc", Moderate, ""},
		{"echo x > /etc/nginx/nginx.conf", High, ""},
		{"ls >/dev/null 2>&1", Safe, ""},
	})
}
