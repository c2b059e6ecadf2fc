package safety

import "testing"

// TestPermissionRules covers permissions, ownership and accounts.
func TestPermissionRules(t *testing.T) {
	runRiskCases(t, []riskCase{
		{"chmod 000 /", Critical, ""},
		{"chmod -R 777 /", Critical, ""},
		{"chmod 777 file", Moderate, ""},
		{"chmod u+s /bin/bash", Critical, ""},
		{"chmod 4755 ./tool", High, ""},
		{"chown -R nobody /etc", Critical, ""},
		{"echo 'u ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers", Critical, ""},
		{"visudo", Moderate, ""},
		{"usermod -aG sudo bob", High, ""},
		{"passwd -d root", Critical, ""},
	})
}
