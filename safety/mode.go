package safety

import "fmt"

// Mode is how much risk a person accepts before cmdai refuses to run a command.
type Mode string

// The safety modes.
const (
	ModeStrict     Mode = "strict"
	ModeModerate   Mode = "moderate"
	ModePermissive Mode = "permissive"
)

// ParseMode reads a mode name; the empty string means the default, moderate.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case "":
		return ModeModerate, nil
	case ModeStrict, ModeModerate, ModePermissive:
		return Mode(s), nil
	}
	return "", fmt.Errorf("unknown safety mode %q (want strict, moderate or permissive)", s)
}

// Decision is what a client must ask of the person before it runs a command.
type Decision int

// The decisions, from least to most friction.
const (
	Confirm     Decision = iota // ask, and run on "y"
	ConfirmWord                 // ask, and run only when the person types "yes"
	Refuse                      // never run
)

// Decide maps a risk to what the mode demands: strict refuses High and Critical; moderate asks for the word
// "yes" on Critical; permissive asks the same plain question for every level.
func (m Mode) Decide(r Risk) Decision {
	switch m {
	case ModeStrict:
		if r >= High {
			return Refuse
		}
	case ModePermissive:
		return Confirm
	default:
		if r >= Critical {
			return ConfirmWord
		}
	}
	return Confirm
}
