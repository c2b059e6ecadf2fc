//go:build !noweb

package web

import (
	"fmt"
	"time"
)

// analytics is a team's usage as the GraphQL API answers it.
type analytics struct {
	Days             int     `json:"days"`
	TotalCommands    int64   `json:"totalCommands"`
	ExecutedCommands int64   `json:"executedCommands"`
	SuccessRate      float64 `json:"successRate"`
	CommandsPerDay   []struct {
		Date  string `json:"date"`
		Count int64  `json:"count"`
	} `json:"commandsPerDay"`
	RiskMix []struct {
		Risk  string `json:"risk"`
		Count int64  `json:"count"`
	} `json:"riskMix"`
	TopPatterns []struct {
		Name      string `json:"name"`
		Pattern   string `json:"pattern"`
		Count     int64  `json:"count"`
		TotalUses int64  `json:"totalUses"`
	} `json:"topPatterns"`
}

// The charts are SVG drawn on the server: no script, and a table of the same figures beside each for
// screen readers and for reading without images.

// bar is one bar of a chart, in the chart's own units (its viewBox).
type bar struct {
	X, Y, W, H float64
	Label      string // under or beside the bar
	Value      string
	Title      string // the bar's tooltip and accessible name
	Class      string
	LabelX     float64
	LabelY     float64
	ValueX     float64
	ValueY     float64
}

// chart is an SVG chart: its size, its bars and its axis labels.
type chart struct {
	ID, Title     string
	Width, Height float64
	Axis          float64 // the y of the baseline of a column chart; 0 for none
	Anchor        string  // text-anchor of the bars' labels
	Bars          []bar
	Max           int64
	Empty         bool
}

// perDayChart is commands per day over the range, a column for every day (an empty day is a gap).
func perDayChart(a analytics, now time.Time) chart {
	const width, height, top, bottom, side = 720.0, 220.0, 20.0, 30.0, 24.0
	counts := map[string]int64{}
	for _, d := range a.CommandsPerDay {
		counts[d.Date] = d.Count
	}
	days := max(a.Days, 1)
	end := now.UTC().Truncate(24 * time.Hour)
	c := chart{ID: "chart-per-day", Width: width, Height: height, Empty: a.TotalCommands == 0,
		Axis: height - bottom, Anchor: "middle"}
	for _, n := range counts {
		c.Max = max(c.Max, n)
	}
	c.Title = fmt.Sprintf("Commands per day over the last %d days, at most %d a day", days, c.Max)
	step := (width - 2*side) / float64(days)
	labelEvery := max(days/8, 1)
	for i := range days {
		day := end.AddDate(0, 0, i-days+1)
		key := day.Format(time.DateOnly)
		n := counts[key]
		h := 0.0
		if c.Max > 0 {
			h = float64(n) / float64(c.Max) * (height - top - bottom)
		}
		b := bar{X: side + float64(i)*step + step*0.15, W: step * 0.7, H: h, Y: height - bottom - h,
			Title: fmt.Sprintf("%s: %d commands", key, n), Class: "bar", Value: fmt.Sprint(n)}
		b.ValueX, b.ValueY = b.X+b.W/2, b.Y-4
		if n == 0 {
			b.Value = ""
		}
		if i%labelEvery == 0 || i == days-1 {
			b.Label, b.LabelX, b.LabelY = day.Format("Jan 2"), b.X+b.W/2, height-bottom+16
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}

// hbars is a horizontal bar chart of labelled counts.
func hbars(id, title string, rows []hrow) chart {
	const width, row, labelW = 720.0, 30.0, 200.0
	c := chart{ID: id, Title: title, Width: width, Height: row * float64(max(len(rows), 1)), Empty: len(rows) == 0, Anchor: "end"}
	for _, r := range rows {
		c.Max = max(c.Max, r.n)
	}
	for i, r := range rows {
		w := 0.0
		if c.Max > 0 {
			w = float64(r.n) / float64(c.Max) * (width - labelW - 60)
		}
		y := float64(i) * row
		c.Bars = append(c.Bars, bar{X: labelW, Y: y + 6, W: w, H: row - 12, Class: r.class,
			Label: short(r.label, 28), LabelX: labelW - 8, LabelY: y + row/2 + 5,
			Value: fmt.Sprint(r.n), ValueX: labelW + w + 6, ValueY: y + row/2 + 5,
			Title: fmt.Sprintf("%s: %d", r.label, r.n)})
	}
	return c
}

type hrow = struct {
	label, class string
	n            int64
}

func riskChart(a analytics) chart {
	var rows []hrow
	for _, r := range a.RiskMix {
		rows = append(rows, hrow{r.Risk, "bar risk-" + r.Risk, r.Count})
	}
	return hbars("chart-risk", "Commands by risk", rows)
}

func patternChart(a analytics) chart {
	var rows []hrow
	for _, p := range a.TopPatterns {
		rows = append(rows, hrow{p.Name, "bar", p.Count})
	}
	return hbars("chart-patterns", "Most used patterns in the range", rows)
}

// successMeter is the success rate as one bar out of a full-width track.
func successMeter(a analytics) chart {
	const width, height = 720.0, 36.0
	c := chart{ID: "chart-success", Title: fmt.Sprintf("Success rate %.0f%%", a.SuccessRate*100),
		Width: width, Height: height, Empty: a.ExecutedCommands == 0}
	c.Bars = []bar{{X: 0, Y: 4, W: width, H: height - 8, Class: "track"},
		{X: 0, Y: 4, W: width * a.SuccessRate, H: height - 8, Class: "bar ok",
			Title: fmt.Sprintf("%.0f%% of %d runs exited 0", a.SuccessRate*100, a.ExecutedCommands)}}
	return c
}
