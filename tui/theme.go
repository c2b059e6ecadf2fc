package tui

import (
	"image/color"

	"charm.land/lipgloss/v2"
	"github.com/cmdai/cmdai/safety"
)

// Palette names the colours the interface uses by what they mean, not by hue, so that a light and a
// dark terminal each get a readable set. The program downsamples them to what the terminal can show
// (256 or 16 colours, or none with NO_COLOR).
type Palette struct {
	Fg, Muted, Subtle, Accent color.Color
	StatusFg, StatusBg        color.Color
	Success, Warning, Error   color.Color
	// Risk is indexed by safety.Risk: safe green, moderate yellow, high orange, critical red.
	Risk [safety.Critical + 1]color.Color
}

// NewPalette returns the colours for a dark or a light background.
func NewPalette(dark bool) Palette {
	ld := lipgloss.LightDark(dark)
	c := lipgloss.Color
	return Palette{
		Fg:       ld(c("#1f2328"), c("#e6edf3")),
		Muted:    ld(c("#57606a"), c("#8b949e")),
		Subtle:   ld(c("#d0d7de"), c("#30363d")),
		Accent:   ld(c("#0969da"), c("#58a6ff")),
		StatusFg: ld(c("#1f2328"), c("#e6edf3")),
		StatusBg: ld(c("#eaeef2"), c("#21262d")),
		Success:  ld(c("#1a7f37"), c("#3fb950")),
		Warning:  ld(c("#9a6700"), c("#d29922")),
		Error:    ld(c("#cf222e"), c("#f85149")),
		Risk: [safety.Critical + 1]color.Color{
			safety.Safe:     ld(c("#1a7f37"), c("#3fb950")),
			safety.Moderate: ld(c("#9a6700"), c("#d29922")),
			safety.High:     ld(c("#bc4c00"), c("#f0883e")),
			safety.Critical: ld(c("#cf222e"), c("#f85149")),
		},
	}
}

// Styles are every style the interface draws with; components take them from here and never build
// their own.
type Styles struct {
	Dark bool

	App        lipgloss.Style
	Title      lipgloss.Style
	Muted      lipgloss.Style
	Label      lipgloss.Style
	Notice     lipgloss.Style
	Error      lipgloss.Style
	Success    lipgloss.Style
	Command    lipgloss.Style
	PromptBox  lipgloss.Style
	PromptText lipgloss.Style
	Spinner    lipgloss.Style

	StatusBar  lipgloss.Style
	StatusKey  lipgloss.Style
	StatusGood lipgloss.Style
	StatusBad  lipgloss.Style

	HelpKey  lipgloss.Style
	HelpDesc lipgloss.Style
	HelpSep  lipgloss.Style

	// Badge, Finding and Span are indexed by safety.Risk. Span marks the part of a command a finding
	// points at; it is underlined too, so that it shows without colour.
	Badge   [safety.Critical + 1]lipgloss.Style
	Finding [safety.Critical + 1]lipgloss.Style
	Span    [safety.Critical + 1]lipgloss.Style
	// CriticalBox frames the preview of a critical command.
	CriticalBox lipgloss.Style
	PreviewBox  lipgloss.Style

	ListItem     lipgloss.Style
	ListSelected lipgloss.Style
	FilterOn     lipgloss.Style
	FilterOff    lipgloss.Style
}

// NewStyles builds the styles for a dark or a light background.
func NewStyles(dark bool) Styles {
	p := NewPalette(dark)
	base := lipgloss.NewStyle().Foreground(p.Fg)
	s := Styles{
		Dark:       dark,
		App:        lipgloss.NewStyle().Padding(0, 1),
		Title:      lipgloss.NewStyle().Foreground(p.Accent).Bold(true),
		Muted:      lipgloss.NewStyle().Foreground(p.Muted),
		Label:      lipgloss.NewStyle().Foreground(p.Muted).Bold(true),
		Notice:     lipgloss.NewStyle().Foreground(p.Accent),
		Error:      lipgloss.NewStyle().Foreground(p.Error),
		Success:    lipgloss.NewStyle().Foreground(p.Success),
		Command:    base.Bold(true),
		PromptBox:  lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.Accent).Padding(0, 1),
		PromptText: base,
		Spinner:    lipgloss.NewStyle().Foreground(p.Accent),

		StatusBar:  lipgloss.NewStyle().Foreground(p.StatusFg).Background(p.StatusBg),
		StatusKey:  lipgloss.NewStyle().Foreground(p.Muted).Background(p.StatusBg),
		StatusGood: lipgloss.NewStyle().Foreground(p.Success).Background(p.StatusBg),
		StatusBad:  lipgloss.NewStyle().Foreground(p.Error).Background(p.StatusBg),

		HelpKey:  lipgloss.NewStyle().Foreground(p.Fg).Bold(true),
		HelpDesc: lipgloss.NewStyle().Foreground(p.Muted),
		HelpSep:  lipgloss.NewStyle().Foreground(p.Subtle),

		CriticalBox: lipgloss.NewStyle().Border(lipgloss.ThickBorder()).BorderForeground(p.Risk[safety.Critical]).Padding(0, 1),
		PreviewBox:  lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.Subtle).Padding(0, 1),

		ListItem:     base,
		ListSelected: lipgloss.NewStyle().Foreground(p.Accent).Bold(true),
		FilterOn:     lipgloss.NewStyle().Foreground(p.Accent).Bold(true).Underline(true),
		FilterOff:    lipgloss.NewStyle().Foreground(p.Muted),
	}
	onBadge := lipgloss.Color("#ffffff")
	for r, c := range p.Risk {
		s.Badge[r] = lipgloss.NewStyle().Background(c).Foreground(onBadge).Bold(true).Padding(0, 1)
		s.Finding[r] = lipgloss.NewStyle().Foreground(c)
		s.Span[r] = lipgloss.NewStyle().Foreground(c).Bold(true).Underline(true)
	}
	// A moderate badge is yellow: dark text reads better on it on both backgrounds.
	s.Badge[safety.Moderate] = s.Badge[safety.Moderate].Foreground(lipgloss.Color("#1f2328"))
	return s
}
