package offline

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// mediaSlots are what requests about media files, images, JSON and dates give beyond files: a relative
// date ("3 days ago", "next friday"), a geometry ("800x600"), a scale ("50%", "half"), a height
// ("720p"), a width ("800 pixels wide"), an angle ("90 degrees") and a time offset ("at 10 seconds").
type mediaSlots struct {
	reldate  string // the date expression for date -d, e.g. "3 days ago"
	reldate2 string // a second calendar day after it: "days between 2024-03-01 and 2024-12-25"
	geometry string
	percent  string
	height   string
	width    string
	degrees  string
	seconds  string
	until    string // the end of a span said as a clock time: "from 1:30 to 2:45"
	span     string // how long a clip lasts, in seconds: "a thirty-second clip", "a 10-second clip"
	tz       string // an IANA time zone a city or zone name said: "in tokyo"
	mins     string // a delay in minutes: "in 10 minutes", "in an hour"
	datefmt  string // a date layout said in letters, as date's format: dd/mm/yyyy is %d/%m/%Y
	month    string // a month by name, as its number: "march" is 3
	year     string // a year in four digits next to a month
}

var (
	geometryRe = regexp.MustCompile(`^\d{1,5}x\d{1,5}$`)
	percentRe  = regexp.MustCompile(`^\d{1,3}%$`)
	heightRe   = regexp.MustCompile(`^(\d{3,4})p$`)
	pxRe       = regexp.MustCompile(`^(\d{1,5})px$`)
	clockRe    = regexp.MustCompile(`^\d{1,2}:\d{2}(:\d{2})?$`)
)

// dateUnits are the units a relative date counts in, singular.
var dateUnits = map[string]string{"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
	"months": "month", "year": "year", "years": "year", "hour": "hour", "hours": "hour", "minute": "minute",
	"minutes": "minute", "fortnight": "fortnight"}

var weekdays = setOf("monday tuesday wednesday thursday friday saturday sunday")

// numberWords are small counts people spell out.
var numberWords = map[string]string{"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
	"seven": "7", "eight": "8", "nine": "9", "ten": "10", "a": "1", "an": "1"}

// extractMedia reads mediaSlots from toks. A relative date is read only when the request is about a
// date (it says date, day or weekday and names no file): "files modified 3 days ago" is find's.
func (e *Engine) extractMedia(toks []token, s *slots) {
	m := &s.media
	for i := range toks {
		t := toks[i]
		if t.quoted {
			continue
		}
		switch {
		case geometryRe.MatchString(t.lower):
			m.geometry = t.lower
			markUsed(toks, i, i+1)
		case percentRe.MatchString(t.lower) && !t.used:
			m.percent = t.lower
			markUsed(toks, i, i+1)
		case heightRe.MatchString(t.lower):
			m.height = heightRe.FindStringSubmatch(t.lower)[1]
			markUsed(toks, i, i+1)
		case pxRe.MatchString(t.lower):
			// "200px wide", "300px tall": the unit written onto the number.
			n := pxRe.FindStringSubmatch(t.lower)[1]
			if i+1 < len(toks) && (toks[i+1].lower == "high" || toks[i+1].lower == "tall") {
				m.height = n
			} else {
				m.width = n
			}
			markUsed(toks, i, i+1)
			if i+1 < len(toks) && (toks[i+1].lower == "wide" || toks[i+1].lower == "width" || toks[i+1].lower == "high" || toks[i+1].lower == "tall") {
				markUsed(toks, i+1, i+2)
			}
		case t.lower == "half" && i+1 < len(toks) && (toks[i+1].lower == "its" || toks[i+1].lower == "the" || toks[i+1].lower == "size"),
			t.lower == "half" && i > 0 && (toks[i-1].lower == "by" || toks[i-1].lower == "in" || toks[i-1].lower == "to"):
			m.percent = "50%"
			markUsed(toks, i, i+1)
		}
		if d := clipSpan(toks, i); d != "" && m.span == "" {
			m.span = d
			markUsed(toks, i, i+1)
			continue
		}
		if (t.lower == "minute" || t.lower == "min") && i+1 < len(toks) && countWord(toks[i+1].lower) != "" {
			// "cut minute ten to minute twenty out of meeting.mp4": a point in the recording.
			n, _ := strconv.Atoi(countWord(toks[i+1].lower))
			at := fmt.Sprintf("%02d:%02d:00", n/60, n%60)
			switch {
			case m.seconds == "":
				m.seconds = at
			case m.until == "" && i > 0 && (toks[i-1].lower == "to" || toks[i-1].lower == "until" || toks[i-1].lower == "till"):
				m.until = at
			default:
				continue
			}
			markUsed(toks, i, i+2)
			continue
		}
		if n := countWord(t.lower); n != "" && i+2 < len(toks) && (toks[i+1].lower == "minute" || toks[i+1].lower == "minutes") && isInt(toks[i+2].lower) {
			// "starts at one minute thirty", "1 minute 20 seconds in": a point in the recording.
			mins, _ := strconv.Atoi(n)
			secs, _ := strconv.Atoi(toks[i+2].lower)
			end := i + 3
			if end < len(toks) && (toks[end].lower == "seconds" || toks[end].lower == "second" || toks[end].lower == "secs") {
				end++
			}
			if secs < 60 {
				at := fmt.Sprintf("00:%02d:%02d", mins, secs)
				switch {
				case m.seconds == "":
					m.seconds = at
				case m.until == "" && i > 0 && (toks[i-1].lower == "to" || toks[i-1].lower == "until" || toks[i-1].lower == "till"):
					m.until = at
				}
				markUsed(toks, i, end)
				continue
			}
		}
		if !isInt(t.lower) || i+1 >= len(toks) {
			continue
		}
		next := toks[i+1].lower
		switch {
		case next == "degrees" || next == "degree" || next == "deg":
			m.degrees = t.lower
			markUsed(toks, i, i+2)
		case (next == "pixels" || next == "px" || next == "pixel") && i+2 < len(toks) && (toks[i+2].lower == "high" || toks[i+2].lower == "tall"):
			m.height = t.lower
			markUsed(toks, i, i+3)
		case next == "pixels" || next == "px" || next == "pixel" || next == "wide":
			m.width = t.lower
			markUsed(toks, i, i+2)
			if i+2 < len(toks) && (toks[i+2].lower == "wide" || toks[i+2].lower == "width") {
				markUsed(toks, i+2, i+3)
			}
		case (next == "seconds" || next == "second" || next == "secs" || next == "sec" || next == "s") && (m.seconds != "" || slices.ContainsFunc(toks[:i], func(u token) bool { return clockRe.MatchString(u.lower) })) && m.span == "" && i > 0 && (toks[i-1].lower == "for" || toks[i-1].lower == "lasting" || toks[i-1].lower == "lasts"):
			m.span = t.lower // "starts at 1:30 and runs for 45 seconds": how long, once where is said
			markUsed(toks, i-1, i+2)
		case next == "seconds" || next == "second" || next == "secs" || next == "sec" || next == "s":
			m.seconds = t.lower
		case next == "minutes" || next == "minute" || next == "mins" || next == "min":
			n, _ := strconv.Atoi(t.lower)
			m.seconds = strconv.Itoa(60 * n)
		}
	}
	for i, t := range toks {
		switch {
		case clockRe.MatchString(t.lower) && m.seconds == "":
			m.seconds = t.lower
			markUsed(toks, i, i+1)
		case clockRe.MatchString(t.lower) && m.until == "" && i > 0 && (toks[i-1].lower == "to" || toks[i-1].lower == "until" || toks[i-1].lower == "till" || toks[i-1].lower == "and"):
			m.until = t.lower // "the part from 1:30 to 2:45"
			markUsed(toks, i, i+1)
		}
	}
	asksTime := slices.ContainsFunc(toks, func(t token) bool {
		return !t.quoted && (t.lower == "time" || t.lower == "clock" || t.lower == "timezone" || t.lower == "date")
	})
	for i := range toks {
		if toks[i].quoted {
			continue
		}
		if zoneName.MatchString(toks[i].raw) {
			m.tz = toks[i].raw // "Set the system timezone to America/Chicago"
			markUsed(toks, i, i+1)
			break
		}
		if i+1 < len(toks) {
			if z := timeZones[toks[i].lower+" "+toks[i+1].lower]; z != "" {
				m.tz = z
				markUsed(toks, i, i+2)
				break
			}
		}
		// "in tokyo", or any city a request about the time names: "the tokyo office, what time is it there".
		if z := timeZones[toks[i].lower]; z != "" && (i > 0 && (toks[i-1].lower == "in" || toks[i-1].lower == "for") || asksTime) {
			m.tz = z
			markUsed(toks, i, i+1)
			break
		}
	}
	m.mins = delayMinutes(toks)
	for i, t := range toks {
		if f := dateLayout(t.lower); f != "" && !t.quoted {
			m.datefmt = f
			markUsed(toks, i, i+1)
		}
		if n, ok := monthNumbers[t.lower]; ok && m.month == "" {
			m.month = n
			switch {
			case i+1 < len(toks) && isYear(toks[i+1].lower):
				m.year = toks[i+1].lower
				markUsed(toks, i+1, i+2)
			case i+2 < len(toks) && toks[i+1].lower == "of" && isYear(toks[i+2].lower):
				m.year = toks[i+2].lower // "december of 2120"
				markUsed(toks, i+1, i+3)
			}
			markUsed(toks, i, i+1)
		}
	}
	if aboutDate(toks) && len(s.paths) == 0 {
		if d, from, to := relativeDate(toks); d != "" {
			m.reldate = d
			markUsed(toks, from, to)
			if d2, from2, to2 := relativeDate(toks[to:]); d2 != "" && calendarDay(d) && calendarDay(d2) {
				m.reldate2 = d2
				markUsed(toks, to+from2, to+to2)
			}
		}
	}
}

// calendarDay reports whether a date expression names a day of the calendar ("2024-03-01", "14 March
// 2021", "dec 25") rather than one counted from today.
func calendarDay(d string) bool {
	f := strings.Fields(strings.ToLower(d))
	return len(f) > 0 && (isoDate(f[0]) || len(f) >= 2 && (monthNumbers[f[0]] != "" || monthNumbers[f[1]] != ""))
}

// takeSeconds marks the time offset's words as understood, once a template uses it.
func takeSeconds(toks []token) {
	for i := 0; i+1 < len(toks); i++ {
		if isInt(toks[i].lower) {
			switch toks[i+1].lower {
			case "seconds", "second", "secs", "sec", "s", "minutes", "minute", "mins", "min":
				markUsed(toks, i, i+2)
			}
		}
	}
}

// aboutDate reports whether a request asks about a date rather than about files or logs by age.
func aboutDate(toks []token) bool {
	date, asked := false, false
	for i, t := range toks {
		if t.lower == "date" && i > 0 && (toks[i-1].lower == "the" || toks[i-1].lower == "what" || toks[i-1].lower == "which") && !toks[i-1].quoted {
			asked = true // "what was the date thirty days ago? ... logs older than that can go": the date asked for
		}
	}
	for _, t := range toks {
		switch t.lower {
		case "date", "day", "days", "weekday", "dates", "datetime", "when", "timestamp", "epoch", "time", "until", "till":
			date = true
		case "file", "files", "modified", "changed", "created", "accessed", "log", "logs", "commits", "commit", "older", "newer", "journal":
			if !asked {
				return false
			}
		}
		if !t.quoted && !zoneName.MatchString(t.raw) && (strings.Contains(t.raw, "/") || path.Ext(t.raw) != "" && !isNumber(t.raw)) {
			return false // a file is named: its date is stat's or find's ("Europe/Berlin" is a time zone)
		}
	}
	return date
}

// zoneName is an IANA time zone's name: Europe/Berlin, America/New_York.
var zoneName = regexp.MustCompile(`^(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/[A-Za-z_+-]+(/[A-Za-z_]+)?$`)

// holidays are days people name instead of their date, as date -d reads them.
var holidays = map[string]string{"christmas": "dec 25", "xmas": "dec 25", "halloween": "oct 31", "valentine": "feb 14",
	"valentines": "feb 14"}

// relativeDate finds a date relative to today in toks, as date -d reads it, and the tokens it spans.
func relativeDate(toks []token) (string, int, int) {
	for i := 0; i < len(toks); i++ {
		w := strings.TrimSuffix(strings.TrimSuffix(toks[i].lower, "'s"), "’s") // "tomorrow's date"
		switch {
		case w == "yesterday" || w == "tomorrow":
			return w, i, i + 1
		case holidays[w] != "":
			return holidays[w], i, i + 1
		case w == "new" && i+1 < len(toks) && strings.HasPrefix(toks[i+1].lower, "year"):
			return "jan 1 next year", i, i + 2
		case isoDate(w) && i+1 < len(toks) && clockRe.MatchString(toks[i+1].lower):
			return w + " " + toks[i+1].lower, i, i + 2 // "2024-06-01 10:00"
		case isoDate(w):
			return w, i, i + 1 // "2024-02-29": a day of the calendar, which date -d reads as it is
		case spelledDate(toks, i) != "":
			return spelledDate(toks, i), i, i + 3 // "14 March 2021", "March 14, 2021"
		case (w == "next" || w == "last") && i+1 < len(toks) && (weekdays[toks[i+1].lower] || dateUnits[toks[i+1].lower] != ""):
			return w + " " + toks[i+1].lower, i, i + 2
		case w == "in" && i+2 < len(toks) && countWord(toks[i+1].lower) != "" && dateUnits[toks[i+2].lower] != "":
			return plural(countWord(toks[i+1].lower), dateUnits[toks[i+2].lower]), i, i + 3
		case countWord(w) != "" && i+1 < len(toks) && dateUnits[toks[i+1].lower] != "":
			n, unit := countWord(w), dateUnits[toks[i+1].lower]
			if i+3 < len(toks) {
				// "ninety days before 2024-03-15", "two weeks after March 14, 2021": counted from that day.
				day, end := "", i+4
				if isoDate(toks[i+3].lower) {
					day = toks[i+3].lower
				} else if d := spelledDate(toks, i+3); d != "" {
					day, end = d, i+6
				}
				switch toks[i+2].lower {
				case "before", "earlier":
					if day != "" {
						return day + " -" + plural(n, unit), i, end
					}
				case "after", "from", "later", "since":
					if day != "" {
						return day + " +" + plural(n, unit), i, end
					}
				}
			}
			if i+2 < len(toks) {
				switch toks[i+2].lower {
				case "ago", "before", "back", "earlier":
					return plural(n, unit) + " ago", i, i + 3
				case "from", "later", "after", "hence":
					end := i + 3
					if end < len(toks) && (toks[end].lower == "now" || toks[end].lower == "today") {
						end++
					}
					return plural(n, unit), i, end
				}
			}
		}
	}
	return "", 0, 0
}

// clipSpan is the length in seconds of a clip said as "a thirty-second clip" or "a 10-second clip"
// at toks[i]; "" when the word says none. A clip noun must follow: "the thirty-second line" is a place.
func clipSpan(toks []token, i int) string {
	n, unit, ok := strings.Cut(toks[i].lower, "-")
	if !ok || i+1 >= len(toks) || !clipNouns[toks[i+1].lower] {
		return ""
	}
	if tens, u, ok := strings.Cut(unit, "-"); ok { // "twenty-five-second"
		n, unit = n+"-"+tens, u
	}
	v := countWord(n)
	if v == "" {
		if w := spelledNumbers([]token{{raw: n, lower: n}}); len(w) == 1 && isInt(w[0].lower) {
			v = w[0].lower
		}
	}
	k, err := strconv.Atoi(v)
	if err != nil || k <= 0 {
		return ""
	}
	switch unit {
	case "second", "sec", "s":
		return strconv.Itoa(k)
	case "minute", "min":
		return strconv.Itoa(60 * k)
	}
	return ""
}

// clipNouns name a piece cut from a recording.
var clipNouns = setOf("clip clips segment excerpt snippet sample part piece cut preview")

func countWord(w string) string {
	if isInt(w) {
		return w
	}
	return numberWords[w]
}

func plural(n, unit string) string {
	if n == "1" {
		return n + " " + unit
	}
	return n + " " + unit + "s"
}

// timeZones map the cities and zone names people say to IANA time zones.
var timeZones = map[string]string{
	"tokyo": "Asia/Tokyo", "japan": "Asia/Tokyo", "london": "Europe/London", "paris": "Europe/Paris",
	"berlin": "Europe/Berlin", "madrid": "Europe/Madrid", "rome": "Europe/Rome", "amsterdam": "Europe/Amsterdam",
	"moscow": "Europe/Moscow", "dubai": "Asia/Dubai", "india": "Asia/Kolkata", "mumbai": "Asia/Kolkata",
	"delhi": "Asia/Kolkata", "bangalore": "Asia/Kolkata", "singapore": "Asia/Singapore", "shanghai": "Asia/Shanghai",
	"beijing": "Asia/Shanghai", "china": "Asia/Shanghai", "seoul": "Asia/Seoul", "sydney": "Australia/Sydney",
	"melbourne": "Australia/Melbourne", "auckland": "Pacific/Auckland", "chicago": "America/Chicago",
	"denver": "America/Denver", "toronto": "America/Toronto", "vancouver": "America/Vancouver",
	"seattle": "America/Los_Angeles", "new york": "America/New_York", "los angeles": "America/Los_Angeles",
	"san francisco": "America/Los_Angeles", "sao paulo": "America/Sao_Paulo", "mexico city": "America/Mexico_City",
	"hong kong": "Asia/Hong_Kong", "cet": "CET", "est": "America/New_York", "pst": "America/Los_Angeles",
}

// mediaExts and imageExts are the extensions of the files ffmpeg and ImageMagick requests are about.
var (
	videoExts = setOf("mp4 mkv mov avi webm flv wmv m4v mpg mpeg ts 3gp")
	audioExts = setOf("mp3 wav flac ogg m4a aac opus wma aiff")
	imageExts = setOf("png jpg jpeg gif webp bmp tiff tif svg ico heic avif")
)

// zipMember is the file a request wants out of a zip: a path named beside the archive that is no
// folder to extract into ("I only need config/settings.yml out of dump.zip"); "" when there is none.
func (s *slots) zipMember() string {
	for _, p := range s.paths {
		if extOf(p) != "zip" && !strings.HasSuffix(p, "/") && p != "." && p != s.dst && !slices.Contains(s.dirs, p) {
			return p
		}
	}
	return ""
}

// pathOf is the first path named with extension ext ("json", "pdf"); "" when none is.
func (s *slots) pathOf(ext string) string {
	for _, p := range s.paths {
		if extOf(p) == ext {
			return p
		}
	}
	return ""
}

func extOf(p string) string { return strings.ToLower(strings.TrimPrefix(path.Ext(p), ".")) }

// mediaFeatures are the synthetic tokens of the kinds of files a request names.
func (s *slots) mediaFeatures() []string {
	var f []string
	for _, p := range s.paths {
		switch x := extOf(p); {
		case videoExts[x]:
			f = append(f, "#video", "#media")
		case audioExts[x]:
			f = append(f, "#audio", "#media")
		case imageExts[x]:
			f = append(f, "#image")
			if x == "gif" {
				f = append(f, "#gif") // "turn the first 5 seconds of cat.mp4 into cat.gif"
			}
		case x == "json" || x == "jsonl" || x == "ndjson":
			f = append(f, "#json")
		case x == "fasta" || x == "fa" || x == "fna" || x == "faa":
			f = append(f, "#fasta")
		case x == "pdf":
			f = append(f, "#pdf")
		case x == "patch" || x == "diff":
			f = append(f, "#patch")
		case x == "yaml" || x == "yml":
			f = append(f, "#yaml")
		case x == "xml":
			f = append(f, "#xml")
		case x == "jar" || x == "war":
			f = append(f, "#jar")
		case x == "py" || x == "iso" || x == "deb":
			f = append(f, "#"+x)
		case x == "md" || x == "markdown" || x == "rst" || x == "docx" || x == "odt" || x == "html" || x == "tex":
			f = append(f, "#doc")
		}
	}
	videos := 0
	for _, p := range s.paths {
		if videoExts[extOf(p)] {
			videos++
		}
	}
	if videos >= 2 {
		f = append(f, "#video2")
	}
	if slices.ContainsFunc(s.paths, func(p string) bool { return extOf(p) == "zip" }) && s.zipMember() != "" {
		f = append(f, "#zipmember")
	}
	m := s.media
	for _, kv := range [][2]string{{m.reldate, "#reldate"}, {m.reldate2, "#reldate2"}, {m.geometry, "#geometry"}, {m.percent, "#percent"},
		{m.height, "#height"}, {m.width, "#width"}, {m.degrees, "#degrees"}, {m.seconds, "#seconds"}, {m.until, "#until"}, {m.span, "#span"}, {m.tz, "#tz"}, {m.mins, "#mins"},
		{m.datefmt, "#datefmt"}, {m.month, "#month"}} {
		if kv[0] != "" {
			f = append(f, kv[1])
		}
	}
	return f
}

// delayMinutes reads a delay said with "in" or "after" ("in 10 minutes", "after 2 hours", "in an
// hour") as whole minutes, or "".
func delayMinutes(toks []token) string {
	for i := 0; i+2 < len(toks); i++ {
		if w := toks[i].lower; w != "in" && w != "after" {
			continue
		}
		n := countWord(toks[i+1].lower)
		if n == "" {
			continue
		}
		switch toks[i+2].lower {
		case "minute", "minutes", "min", "mins":
			return n
		case "hour", "hours", "hr", "hrs":
			return strconv.Itoa(60 * atoiOr(n, 1))
		}
	}
	return ""
}

// monthNumbers are the months by name and short name.
var monthNumbers = func() map[string]string {
	m := map[string]string{}
	for i, name := range strings.Fields("january february march april may june july august september october november december") {
		n := strconv.Itoa(i + 1)
		m[name] = n
		if name != "may" {
			m[name[:3]] = n
		}
	}
	delete(m, "mar") // a word too
	return m
}()

// isoDate reports whether w is a day written as YYYY-MM-DD.
func isoDate(w string) bool {
	if len(w) != 10 || w[4] != '-' || w[7] != '-' {
		return false
	}
	return isInt(w[:4]) && isInt(w[5:7]) && isInt(w[8:])
}

// isYear reports whether w is a year of this century or the last: 1999, 2027.
func isYear(w string) bool {
	return len(w) == 4 && isInt(w) && (w[:2] == "19" || w[:2] == "20")
}

// dateLayoutLetters reports whether w is a layout said in letters: y, m, d, h and s in runs joined by
// / . : or -.
func dateLayoutLetters(w string) bool {
	seps := 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case strings.IndexByte("ymdhs", c) >= 0:
		case strings.IndexByte("/.:-", c) >= 0 && i > 0 && i < len(w)-1 && strings.IndexByte("/.:-", w[i-1]) < 0:
			seps++
		default:
			return false
		}
	}
	return seps > 0
}

// dateLayout turns a layout said in letters (dd/mm/yyyy, yyyy-mm-dd, hh:mm:ss) into date's format
// (%d/%m/%Y, %Y-%m-%d, %H:%M:%S), or "" when w is none. mm after hh is minutes.
func dateLayout(w string) string {
	if !dateLayoutLetters(w) {
		return ""
	}
	var b strings.Builder
	prev := byte(0)
	for i := 0; i < len(w); {
		c := w[i]
		j := i
		for j < len(w) && w[j] == c {
			j++
		}
		n := j - i
		switch {
		case c == 'y' && n == 4:
			b.WriteString("%Y")
		case c == 'y' && n == 2:
			b.WriteString("%y")
		case c == 'm' && n == 2 && prev == 'h':
			b.WriteString("%M")
		case c == 'm' && n == 2:
			b.WriteString("%m")
		case c == 'd' && n == 2:
			b.WriteString("%d")
		case c == 'h' && n == 2:
			b.WriteString("%H")
		case c == 's' && n == 2:
			b.WriteString("%S")
		case n == 1 && strings.IndexByte("/.:-", c) >= 0:
			b.WriteByte(c)
			i = j
			continue
		default:
			return ""
		}
		prev = c
		i = j
	}
	return b.String()
}

// spelledDate reads a day written with its month's name at toks[i] ("14 March 2021", "March 14, 2021",
// "14th of March 2021" is not read) as YYYY-MM-DD, or "".
func spelledDate(toks []token, i int) string {
	if i+2 >= len(toks) {
		return ""
	}
	day, month, year := toks[i].lower, toks[i+1].lower, toks[i+2].lower
	if m := monthNumbers[toks[i].lower]; m != "" {
		day, month = toks[i+1].lower, toks[i].lower // "March 14, 2021"
	}
	day = strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(day, "st"), "nd"), "rd"), "th"), ",")
	m, err2 := strconv.Atoi(monthNumbers[month])
	d, err := strconv.Atoi(day)
	if err2 != nil || err != nil || d < 1 || d > 31 || len(year) != 4 || !isInt(year) {
		return ""
	}
	return fmt.Sprintf("%s-%02d-%02d", year, m, d)
}
