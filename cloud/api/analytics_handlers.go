package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

const (
	// maxAnalyticsRange bounds one analytics query so that it reads a bounded slice of usage_events.
	maxAnalyticsRange   = 366 * 24 * time.Hour
	defaultAnalyticsDay = 30
	maxTopPatterns      = 100
)

// analyticsRange reads ?from= and ?to= (RFC 3339 times or YYYY-MM-DD dates, UTC), a half-open range
// [from, to) of at most maxAnalyticsRange; the default is the last 30 days.
func analyticsRange(r *http.Request, now time.Time) (time.Time, time.Time, error) {
	parse := func(field string, def time.Time) (time.Time, error) {
		s := r.URL.Query().Get(field)
		if s == "" {
			return def, nil
		}
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t, nil
		}
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t, nil
		}
		return time.Time{}, errorf(http.StatusBadRequest, CodeValidation, field+" must be an RFC 3339 time or a YYYY-MM-DD date",
			map[string]string{"field": field})
	}
	to, err := parse("to", now)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	from, err := parse("from", to.AddDate(0, 0, -defaultAnalyticsDay))
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	switch {
	case !to.After(from):
		return time.Time{}, time.Time{}, errorf(http.StatusBadRequest, CodeValidation, "to must be after from", map[string]string{"field": "to"})
	case to.Sub(from) > maxAnalyticsRange:
		return time.Time{}, time.Time{}, errorf(http.StatusBadRequest, CodeValidation, "the range from..to is at most 366 days",
			map[string]any{"field": "from", "max_days": 366})
	}
	return from.UTC(), to.UTC(), nil
}

type dayCount struct {
	Date  string `json:"date"`
	Count int64  `json:"count"`
}

// usageAnalytics answers the caller's own usage: every event by day and by kind, and generated commands
// by risk and by backend.
func (h *handler) usageAnalytics(w http.ResponseWriter, r *http.Request) {
	from, to, err := analyticsRange(r, time.Now())
	if err != nil {
		writeError(w, r, err)
		return
	}
	counts, err := pgstore.UsageByUser(r.Context(), h.db, principal(r.Context()).UserID, from, to)
	if err != nil {
		writeError(w, r, err)
		return
	}
	var (
		total     int64
		byDay     = []dayCount{}
		byKind    = map[string]int64{}
		byRisk    = map[string]int64{}
		byBackend = map[string]int64{}
	)
	for _, c := range counts { // ordered by day
		total += c.Count
		byKind[c.Kind] += c.Count
		day := c.Day.Format(time.DateOnly)
		if n := len(byDay); n > 0 && byDay[n-1].Date == day {
			byDay[n-1].Count += c.Count
		} else {
			byDay = append(byDay, dayCount{Date: day, Count: c.Count})
		}
		if c.Kind == pgstore.UsageGenerate {
			byRisk[c.Risk] += c.Count
			byBackend[c.Backend] += c.Count
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"from": from, "to": to, "total": total,
		"by_day": byDay, "by_kind": byKind, "by_risk": byRisk, "by_backend": byBackend,
	})
}

type patternUseJSON struct {
	apitype.Pattern
	UsesInRange int64 `json:"uses_in_range"`
}

// patternAnalytics answers ?team_id=…&from=…&to=…&limit=1..100: the team's most used patterns; members
// only.
func (h *handler) patternAnalytics(w http.ResponseWriter, r *http.Request) {
	teamID := r.URL.Query().Get("team_id")
	if teamID == "" {
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "team_id is required", map[string]string{"field": "team_id"}))
		return
	}
	if err := errNotFoundIfBadID(teamID, "team"); err != nil {
		writeError(w, r, err)
		return
	}
	limit := 10
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxTopPatterns {
			writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "limit must be 1 to 100", map[string]any{"field": "limit", "max": maxTopPatterns}))
			return
		}
		limit = n
	}
	from, to, err := analyticsRange(r, time.Now())
	if err != nil {
		writeError(w, r, err)
		return
	}
	ps, err := h.teams.TopPatterns(r.Context(), teamID, principal(r.Context()).UserID, from, to, limit)
	if err != nil {
		writeError(w, r, teamError(err, "team", ""))
		return
	}
	items := make([]patternUseJSON, 0, len(ps))
	for _, p := range ps {
		items = append(items, patternUseJSON{Pattern: toPatternJSON(p.Pattern), UsesInRange: p.UsesInRange})
	}
	writeJSON(w, http.StatusOK, map[string]any{"team_id": teamID, "from": from, "to": to, "items": items})
}
