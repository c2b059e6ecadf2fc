// Package safety decides how dangerous a shell command is by parsing it with a real shell parser and
// walking everything that could run, including wrappers, nested shells and interpreters' inline code.
package safety

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Risk is how much harm a command can do; levels are ordered.
type Risk int

// The risk levels, from harmless to catastrophic.
const (
	Safe Risk = iota
	Moderate
	High
	Critical
)

var riskNames = [...]string{"safe", "moderate", "high", "critical"}

func (r Risk) String() string {
	if r < Safe || r > Critical {
		return fmt.Sprintf("risk(%d)", int(r))
	}
	return riskNames[r]
}

// ParseRisk reads a level name such as "high".
func ParseRisk(s string) (Risk, error) {
	for i, n := range riskNames {
		if strings.EqualFold(s, n) {
			return Risk(i), nil
		}
	}
	return Safe, fmt.Errorf("unknown risk level %q (want safe, moderate, high or critical)", s)
}

// MarshalText writes the level's name.
func (r Risk) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a level's name.
func (r *Risk) UnmarshalText(b []byte) error {
	v, err := ParseRisk(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Span is a half-open byte range [Start, End) of the checked command text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Finding is one reason a command is risky.
type Finding struct {
	Rule    string `json:"rule"`
	Risk    Risk   `json:"risk"`
	Message string `json:"message"`
	Span    Span   `json:"span"`
}

// Verdict is the outcome of checking one command: the highest risk of its findings.
type Verdict struct {
	Risk     Risk      `json:"risk"`
	Findings []Finding `json:"findings"`
}

// MarshalJSON keeps findings an array, never null, for scripts that iterate it.
func (v Verdict) MarshalJSON() ([]byte, error) {
	type plain Verdict
	if v.Findings == nil {
		v.Findings = []Finding{}
	}
	return json.Marshal(plain(v))
}

// add records a finding and raises the verdict's risk to at least its level.
func (v *Verdict) add(f Finding) {
	v.Findings = append(v.Findings, f)
	if f.Risk > v.Risk {
		v.Risk = f.Risk
	}
}
