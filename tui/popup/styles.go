package popup

import (
	"charm.land/lipgloss/v2"
	"github.com/cmdai/cmdai/safety"
)

// Styles are every style the popup draws with, built from semantic colour names so that a theme can
// swap them in one place.
type Styles struct {
	Title   lipgloss.Style
	Prompt  lipgloss.Style
	Command lipgloss.Style
	Dim     lipgloss.Style
	Error   lipgloss.Style
	Help    lipgloss.Style
	// Badge and Finding are indexed by safety.Risk.
	Badge   [safety.Critical + 1]lipgloss.Style
	Finding [safety.Critical + 1]lipgloss.Style
}

// riskColours match the one-shot CLI's palette: green, yellow, orange, red.
var riskColours = [safety.Critical + 1]string{
	safety.Safe:     "2",
	safety.Moderate: "3",
	safety.High:     "208",
	safety.Critical: "1",
}

// DefaultStyles are the popup's styles on a terminal with colours; the program strips what the
// terminal cannot show (NO_COLOR included).
func DefaultStyles() Styles {
	accent := lipgloss.Color("6")
	s := Styles{
		Title:   lipgloss.NewStyle().Foreground(accent).Bold(true),
		Prompt:  lipgloss.NewStyle().Faint(true),
		Command: lipgloss.NewStyle().Bold(true),
		Dim:     lipgloss.NewStyle().Faint(true),
		Error:   lipgloss.NewStyle().Foreground(lipgloss.Color(riskColours[safety.High])),
		Help:    lipgloss.NewStyle().Faint(true),
	}
	for r, c := range riskColours {
		s.Badge[r] = lipgloss.NewStyle().Reverse(true).Bold(true).Foreground(lipgloss.Color(c))
		s.Finding[r] = lipgloss.NewStyle().Foreground(lipgloss.Color(c))
	}
	return s
}
