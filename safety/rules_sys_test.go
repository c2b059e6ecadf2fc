package safety

import "testing"

// TestSystemRules covers processes and the running system.
func TestSystemRules(t *testing.T) {
	runRiskCases(t, []riskCase{
		{":(){ :|:& };:", Critical, "sys.fork-bomb"},
		{"bomb(){ bomb|bomb& };bomb", Critical, "sys.fork-bomb"},
		{"kill -9 -1", Critical, ""},
		{"kill -1", Critical, ""},
		{"killall5 -9", Critical, ""},
		{"pkill -9 .", Critical, ""},
		{"init 0", Critical, ""},
		{"systemctl poweroff", Critical, ""},
		{"echo b > /proc/sysrq-trigger", Critical, ""},
		{"iptables -F", High, ""},
		{"nft flush ruleset", High, ""},
		{"ufw disable", High, ""},
		{"setenforce 0", High, ""},
		{"systemctl stop sshd", High, ""},
		{"crontab -r", High, ""},
		{"swapoff -a", Moderate, ""},
	})
}
