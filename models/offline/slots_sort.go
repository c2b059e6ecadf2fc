package offline

import (
	"slices"
	"strconv"
	"strings"
)

// sortKey reads how a request sorts the lines of a table by one of its columns: "scores.csv with lines
// like name,score, sorted by score, highest first" is -t, -k2,2 -nr; "by the 3rd column" is -k3,3. It
// returns sort's options and marks the words it read; "" when no column is named.
func sortKey(toks []token, paths []string) string {
	col, names, sep := 0, []string(nil), ""
	for _, t := range toks {
		// "lines like name,score": a sample line names the columns, and its separator is theirs.
		if strings.Count(t.raw, ",") >= 1 && !strings.ContainsAny(t.raw, " /.") && !t.quoted {
			names, sep = strings.Split(strings.ToLower(t.raw), ","), ","
		}
	}
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].lower != "by" {
			continue
		}
		j := i + 1
		if toks[j].lower == "the" && j+1 < len(toks) {
			j++
		}
		switch w := toks[j].lower; {
		case (w == "column" || w == "field" || w == "col") && j+1 < len(toks) && isInt(toks[j+1].lower):
			col, _ = strconv.Atoi(toks[j+1].lower) // "by column 3"
			markUsed(toks, i, j+2)
		case ordinal(w) != "" && j+1 < len(toks) && (toks[j+1].lower == "column" || toks[j+1].lower == "field"):
			col, _ = strconv.Atoi(ordinal(w)) // "by the 3rd column"
			markUsed(toks, i, j+2)
		case slices.Contains(names, w):
			col = slices.Index(names, w) + 1 // "sorted by score"
			markUsed(toks, i, j+1)
		}
		if col > 0 {
			break
		}
	}
	if col == 0 {
		return ""
	}
	for _, p := range paths {
		switch extOf(p) {
		case "csv":
			sep = ","
		case "tsv":
			sep = "\t"
		}
	}
	opts := ""
	switch sep {
	case ",":
		opts = "-t, "
	case "\t":
		opts = "-t $'\\t' "
	}
	k := strconv.Itoa(col)
	opts += "-k" + k + "," + k
	if f := sortFlags(toks); f != "" {
		opts += " -" + f
	}
	return opts
}

// sortFlags are sort's key flags the words ask for: n to compare numbers, r for the largest first.
func sortFlags(toks []token) string {
	numeric, reverse := false, false
	for i, t := range toks {
		numeric = numeric || numericWords[t.lower]
		// "highest first", "descending"; "most" only as "most first"
		reverse = reverse || descendingWords[t.lower] || t.lower == "most" && i+1 < len(toks) && toks[i+1].lower == "first"
	}
	f := ""
	if numeric {
		f += "n"
	}
	if reverse {
		f += "r"
	}
	return f
}

// numericWords make sort compare numbers; descendingWords put the largest first.
var (
	numericWords    = setOf("numerically numeric numbers highest lowest largest smallest biggest")
	descendingWords = setOf("highest largest biggest descending reverse reversed")
)
