package safety

import (
	"strings"
	"testing"
)

// riskCase is one table entry of the rule tests: the command, the risk Check must return and, when set,
// a rule id that must be among the findings.
type riskCase struct {
	cmd  string
	want Risk
	rule string
}

// runRiskCases checks each case with a fixed home directory, so results do not depend on the machine.
func runRiskCases(t *testing.T, cases []riskCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.cmd, func(t *testing.T) {
			v := Check(tc.cmd, Options{Home: "/home/u"})
			var ids []string
			found := tc.rule == ""
			for _, f := range v.Findings {
				ids = append(ids, f.Rule+"="+f.Risk.String())
				found = found || f.Rule == tc.rule
			}
			if v.Risk != tc.want || !found {
				t.Errorf("%s: got %s, want %s (rule %q); findings: %s", tc.cmd, v.Risk, tc.want, tc.rule, strings.Join(ids, ", "))
			}
		})
	}
}
