package offline

import (
	"cmp"
	"slices"
	"strings"
)

// dataValue renders the placeholders of tables, JSON, CSV and numbers: SQL tables, Redis keys, cut's
// fields, sort's keys, awk's conditions, jq's filters, arithmetic. known is false for a name that is not
// one of them.
func (c *composer) dataValue(name string) (v string, ok, known bool) {
	t := c.s.tail
	one := func(v string) (string, bool, bool) { return v, v != "", true }
	switch name {
	case "topcount":
		// "top 5 ips": the number said; "which ip shows up the most": the one; else ten.
		if v, ok := c.value("count"); ok {
			return v, true, true
		}
		for i, t := range c.toks {
			if singleField[t.lower] && i > 0 && (i+1 == len(c.toks) || c.toks[i+1].lower != "addresses") && (c.toks[i-1].lower == "which" || c.toks[i-1].lower == "what" || c.toks[i-1].lower == "the") {
				return "1", true, true
			}
		}
		return "10", true, true
	case "sortorder":
		// sort's key flags, glued to the key: "numerically, biggest first" is nr.
		return one(sortFlags(c.toks))
	case "umaskval":
		// "group-writable but not world-writable" is 002; "only me" 077; "nobody else can write" 022.
		group, private := false, false
		for _, t := range c.toks {
			switch t.lower {
			case "group-writable", "group", "teammates", "team", "shared":
				group = true
			case "private", "only", "me", "nobody", "secret":
				private = true
			}
		}
		switch {
		case group:
			return one("002")
		case private:
			return one("077")
		}
		return one("022")
	case "pastecols":
		// "three per row, separated by commas": paste's - once per line joined, and the separator said.
		if t.perRow < 2 {
			return "", false, true
		}
		v := strings.TrimSpace(strings.Repeat("- ", t.perRow))
		for i := 0; i+2 < len(c.toks); i++ {
			if w := c.toks[i].lower; w != "separated" && w != "delimited" && w != "split" {
				continue
			}
			if c.toks[i+1].lower != "by" && c.toks[i+1].lower != "with" {
				continue
			}
			k := i + 2
			if k+1 < len(c.toks) && (c.toks[k].lower == "a" || c.toks[k].lower == "the") {
				k++
			}
			switch strings.TrimSuffix(strings.TrimSuffix(c.toks[k].lower, "s"), "e") {
			case "comma":
				v = "-d, " + v
			case "spac":
				v = "-d' ' " + v
			case "semicolon":
				v = "-d';' " + v
			case "pip":
				v = "-d'|' " + v
			}
			break
		}
		return one(v)
	case "numrange":
		return one(t.numRange)
	case "redisdb", "redisdbsay":
		// "redis database 2", "db 2": -n N (the number alone for the explanation).
		for i := 0; i+1 < len(c.toks); i++ {
			if l := c.toks[i].lower; (l == "db" || l == "database") && isInt(c.toks[i+1].lower) {
				c.toks[i+1].used = true
				if name == "redisdbsay" {
					return one(c.toks[i+1].lower)
				}
				return one("-n " + c.toks[i+1].lower)
			}
		}
		return "", false, true
	case "dbfile":
		// The SQLite file: one named .db, .sqlite or .sqlite3, else the first file.
		for _, p := range c.s.paths {
			if x := extOf(p); x == "db" || x == "sqlite" || x == "sqlite3" {
				return one(quote(p))
			}
		}
		v, ok := c.value("file")
		return v, ok, true
	case "sqltable":
		// "the events table", "table events": the name beside the word.
		if v := c.nameBeside(tableNouns, false, nil); v != "" {
			return one(v)
		}
		return "", false, true
	case "sqlitewhat":
		// ".schema" when the request asks for the tables' definitions, else their names.
		if slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "schema" || t.lower == "columns" || t.lower == "definitions" }) {
			return one(".schema")
		}
		return one(".tables")
	case "fieldlist":
		// "fields 1 and 6", "columns 2, 3 and 5": cut's list; one field is the number the request gives.
		if l := fieldList(c.toks); l != "" {
			return one(l)
		}
		if v, ok := c.value("num"); ok {
			return v, true, true
		}
		for i, t := range c.toks {
			// "column four", "the fourth column", "field 3": one column by its number.
			if t.quoted || t.lower != "column" && t.lower != "field" && t.lower != "col" {
				continue
			}
			if n, ok := c.e.numberAt(c.toks, i+1); ok && isInt(n) {
				markUsed(c.toks, i, i+2)
				return one(n)
			}
			if i > 0 {
				if n := cmp.Or(ordinal(c.toks[i-1].lower), ordinals[c.toks[i-1].lower]); n != "" && n != "last" {
					markUsed(c.toks, i-1, i+1)
					return one(n)
				}
			}
		}
		return "", false, true
	case "sortkey":
		return one(t.sortkey)
	case "rediskey":
		for i, tok := range c.toks {
			if tok.raw == t.rediskey {
				c.toks[i].used = true
			}
		}
		return one(t.rediskey)
	case "redishost", "redishostsay":
		// "Redis on cache-01": a host other than this one.
		for _, h := range c.s.hosts {
			if h != "localhost" && h != "127.0.0.1" {
				if name == "redishostsay" {
					return one(" on " + h)
				}
				return one("-h " + h)
			}
		}
		return "", false, true
	case "awksep":
		switch {
		case slices.ContainsFunc(c.s.paths, func(p string) bool { return extOf(p) == "csv" }) ||
			slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "comma" || t.lower == "comma-separated" }):
			return one("-F,")
		case slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "colon" || t.lower == "colon-separated" }):
			return one("-F:")
		case slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "tab" || t.lower == "tab-separated" || t.lower == "tsv" }) ||
			slices.ContainsFunc(c.s.paths, func(p string) bool { return extOf(p) == "tsv" }):
			return one(`-F'\t'`)
		}
		return "", false, true
	case "awkcond":
		cond := awkCondition(c.toks)
		if cond != "" && slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "header" || t.lower == "headers" }) {
			// "it has a header row": the header is never a row to compare (awk would compare "latency"
			// with 200 as text, and keep it).
			cond = "'NR > 1 && " + strings.TrimPrefix(cond, "'")
		}
		return one(cond)
	case "sortsep":
		// sort splits fields at blanks; a CSV's at commas, a TSV's at tabs.
		for _, p := range c.s.paths {
			switch extOf(p) {
			case "csv":
				return one("-t,")
			case "tsv":
				return one("-t " + c.tab()) // fish reads no $'\t'

			}
		}
		return "", false, true
	case "jqset":
		return one(c.jqAssignment())
	case "arith":
		return one(t.arith)
	case "hexnum":
		return one(t.hexnum)
	case "kv":
		return one(t.kv)
	case "logfield":
		return one(logField(c.toks))
	case "headertext":
		return one(quoteOr(headerText(c.toks)))
	case "pct":
		// "more than 90 percent used", "over 85%": the share said.
		for i, t := range c.toks {
			if n, ok := strings.CutSuffix(t.lower, "%"); ok && isInt(n) {
				c.toks[i].used = true
				return one(n)
			}
			if isInt(t.lower) && i+1 < len(c.toks) && (c.toks[i+1].lower == "percent" || c.toks[i+1].lower == "%" || c.toks[i+1].lower == "pct") {
				markUsed(c.toks, i, i+2)
				return one(t.lower)
			}
		}
		return "", false, true
	case "jqlit":
		return one(t.jqlit)
	case "jqsel":
		return one(t.jqsel)
	case "jqselect":
		if t.jqsel == "" {
			return "", false, false
		}
		if f := jqProjection(c.toks); f != "" {
			return one("-r '.[] | select(" + t.jqsel + ") | ." + f + "'")
		}
		return one("'.[] | select(" + t.jqsel + ")'")
	case "jqagg":
		// "the smallest val_loss", "the highest score": the field's least or greatest value.
		for i := 0; i+1 < len(c.toks); i++ {
			agg := jqAggregates[c.toks[i].lower]
			f := c.toks[i+1]
			if agg == "" || f.quoted || !jqIdent.MatchString(f.raw) || c.e.cat.has("stop", f.lower) || jqItems[f.lower] {
				continue
			}
			markUsed(c.toks, i, i+2)
			if c.saying {
				return one(map[string]string{"min": "the least ", "max": "the greatest "}[agg] + f.raw + " of the elements")
			}
			return one("'map(." + f.raw + ") | " + agg + "'")
		}
		return "", false, true
	case "jqcount":
		if t.jqsel == "" {
			return "", false, false
		}
		return one("'[.[] | select(" + t.jqsel + ")] | length'")
	case "jsonfiles":
		var q []string
		for _, p := range c.s.paths {
			if extOf(p) == "json" {
				q = append(q, quote(p))
			}
		}
		return one(strings.Join(q, " "))
	}
	return "", false, false
}

// jqAggregates are the words that ask for a field's least or greatest value, as jq names them.
var jqAggregates = map[string]string{"smallest": "min", "lowest": "min", "minimum": "min", "min": "min", "least": "min",
	"largest": "max", "biggest": "max", "highest": "max", "maximum": "max", "max": "max", "greatest": "max"}

// logField is the field of a web server's access log that a request counts by: the client's
// address (1), the path (7) or the status code (9).
func logField(toks []token) string {
	for _, t := range toks {
		switch t.lower {
		case "status", "statuses", "code", "codes":
			return "9"
		case "url", "urls", "path", "paths", "page", "pages", "endpoint", "endpoints":
			return "7"
		}
	}
	return "1"
}

// headerText is the header a request sends: the words after "header" up to the last "to" before the
// URL ("with the header Authorization: Bearer abc to https://...").
func headerText(toks []token) string {
	start := -1
	for i, t := range toks {
		if t.lower == "header" || t.lower == "headers" {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return ""
	}
	var words []string
	for _, t := range toks[start:] {
		if t.lower == "to" || t.lower == "for" || t.lower == "on" || strings.Contains(t.raw, "://") {
			break
		}
		words = append(words, t.raw)
	}
	h := strings.Join(words, " ")
	switch {
	case strings.Contains(h, ":"):
		return h
	case len(words) >= 2:
		// A header is a name, a colon and a value; the colon may have been lost with the punctuation.
		return words[0] + ": " + strings.Join(words[1:], " ")
	}
	return ""
}

// awkCondition is the test on a column a request states: "the amount is in column 4 ... greater than
// 10000" is $4 > 10000, "the third column is EU" $3 == "EU"; "" when it states none.
func awkCondition(toks []token) string {
	col, at := "", 0
	for i := 0; i+1 < len(toks); i++ {
		if w := toks[i].lower; (w == "column" || w == "field" || w == "col") && isInt(toks[i+1].lower) {
			col, at = toks[i+1].lower, i+2
			break
		}
		if toks[i].lower == "last" && (toks[i+1].lower == "column" || toks[i+1].lower == "field") {
			col, at = "NF", i+2 // "the response time ... as the last field on each line"
			break
		}
		if n := cmp.Or(ordinalWordAt(toks, i), ordinal(toks[i].lower)); n != "" && (toks[i+1].lower == "column" || toks[i+1].lower == "field") {
			col, at = n, i+2 // "the third column is EU"
			break
		}
	}
	if col == "" {
		return ""
	}
	for i := range toks {
		for _, said := range jqComparisons {
			// "above 10000", "greater than 10000": the operators jq conditions read, here for awk.
			n := len(said.words)
			if i+n >= len(toks) || !wordsAt(toks, i, said.words) {
				continue
			}
			if v := strings.TrimSuffix(toks[i+n].lower, "."); isNumber(v) {
				return "'$" + col + " " + said.op + " " + v + "'"
			}
			break
		}
	}
	if v, ok := equalsAt(toks, at); ok {
		if isNumber(v) {
			return "'$" + col + " == " + v + "'"
		}
		return "'$" + col + " == \"" + v + "\"'"
	}
	return ""
}

// equalsAt reads the value of "is EU", "equals 200", "is equal to done" at toks[i]: a word or a
// quoted text, not a comparison ("is greater than 10").
func equalsAt(toks []token, i int) (string, bool) {
	switch {
	case i+1 < len(toks) && (toks[i].lower == "equals" || toks[i].lower == "=" || toks[i].lower == "=="):
		i++
	case i+3 < len(toks) && toks[i].lower == "is" && toks[i+1].lower == "equal" && toks[i+2].lower == "to":
		i += 3
	case i+1 < len(toks) && toks[i].lower == "is" && !toks[i].comma:
		i++
	default:
		return "", false
	}
	v := toks[i]
	if v.quoted && v.raw != "" && !strings.ContainsAny(v.raw, "\"\\") {
		return v.raw, true
	}
	if !isIdentifier(v.raw) || strings.ContainsAny(v.raw, "${}") || awkNotValues[v.lower] {
		return "", false
	}
	return v.raw, true
}

// awkNotValues are the words after "is" that start a comparison or a description, not a value.
var awkNotValues = setOf("greater more less smaller bigger larger higher lower above below over under at not the a an empty blank missing set equal exactly")

// fieldList reads two or more field numbers after "fields" or "columns" ("fields 1 and 6", "columns 2,
// 3 and 5") as cut's list (1,6), and marks them used; "" when fewer are said.
func fieldList(toks []token) string {
	for i, t := range toks {
		if t.lower != "fields" && t.lower != "columns" || t.quoted {
			continue
		}
		var nums []string
		end := i
		for j := i + 1; j < len(toks); j++ {
			w := strings.TrimSuffix(toks[j].lower, ",")
			if isInt(w) {
				nums = append(nums, w)
				end = j
				if toks[j].comma && !(j+1 < len(toks) && isInt(toks[j+1].lower)) {
					break
				}
				continue
			}
			if w != "and" || len(nums) == 0 {
				break
			}
		}
		if len(nums) >= 2 {
			markUsed(toks, i, end+1)
			return strings.Join(nums, ",")
		}
		// "the second and fourth fields", "the 1st, 3rd and 5th columns": ordinals before the noun.
		nums, start := nil, i
		for j := i - 1; j >= 0; j-- {
			if n := cmp.Or(ordinalWordAt(toks, j), ordinal(toks[j].lower), ordinals[toks[j].lower]); n != "" && !toks[j].quoted && n != "last" {
				nums, start = append([]string{n}, nums...), j
				continue
			}
			if toks[j].lower != "and" || len(nums) == 0 {
				break
			}
		}
		if len(nums) >= 2 {
			markUsed(toks, start, i+1)
			return strings.Join(nums, ",")
		}
	}
	return ""
}

// singleField are the values a log's field holds, said as one: "which ip", "the url".
var singleField = setOf("ip url path page client visitor address")
