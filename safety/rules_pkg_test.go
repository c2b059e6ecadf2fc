package safety

import "testing"

// TestPackageRules covers package managers.
func TestPackageRules(t *testing.T) {
	runRiskCases(t, []riskCase{
		{"apt-get remove vim", Moderate, ""},
		{"pip install requests", Moderate, ""},
		{"apt-get purge libc6", Critical, ""},
	})
}
