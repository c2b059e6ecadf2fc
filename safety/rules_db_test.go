package safety

import "testing"

// TestDatabaseRules covers databases.
func TestDatabaseRules(t *testing.T) {
	runRiskCases(t, []riskCase{
		{"psql -c 'DROP DATABASE prod'", Critical, ""},
		{"mysql -e 'DROP DATABASE prod'", Critical, ""},
		{"psql -c 'DELETE FROM users'", High, ""},
		{"psql -c 'DELETE FROM users WHERE id=1'", Moderate, ""},
		{"dropdb prod", High, ""},
		{"redis-cli FLUSHALL", Critical, ""},
	})
}
