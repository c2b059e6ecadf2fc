package offline

import (
	"slices"
	"strings"
)

// decompressors are what prints a compressed file's contents, and the grep that searches it, by the
// file's extension.
var decompressors = []struct{ ext, cat, grep string }{
	{".gz", "zcat", "zgrep"},
	{".bz2", "bzcat", "bzgrep"},
	{".xz", "xzcat", "xzgrep"},
}

// readCompressed makes a command that reads one compressed file read its contents: "count the lines of
// reads.fastq.gz" is zcat reads.fastq.gz | wc -l, "search access.log.2.gz for 404" zgrep, "cat" zcat.
// wc, head or grep given the file itself would read its compressed bytes. Tarballs are left alone:
// their contents are files, not lines.
func readCompressed(cmd string) string {
	if strings.ContainsAny(cmd, "|;&<>$`") {
		return cmd
	}
	fields := strings.Fields(cmd)
	if len(fields) < 2 {
		return cmd
	}
	last := strings.Trim(fields[len(fields)-1], `'"`)
	var cat, grep string
	for _, d := range decompressors {
		if strings.HasSuffix(last, d.ext) && !strings.HasSuffix(last, ".tar"+d.ext) {
			cat, grep = d.cat, d.grep
		}
	}
	if cat == "" {
		return cmd
	}
	for _, f := range fields[1 : len(fields)-1] {
		recursive := f == "-R" || strings.HasPrefix(f, "-r")
		file := !strings.HasPrefix(f, "-") && !strings.HasPrefix(f, "'") && strings.ContainsAny(strings.Trim(f, `'"`), "./")
		if recursive || file {
			return cmd // a recursive search, or a second file: leave it
		}
	}
	rest := strings.Join(fields[:len(fields)-1], " ")
	switch fields[0] {
	case "grep":
		return grep + strings.TrimPrefix(cmd, "grep")
	case "cat":
		return cat + strings.TrimPrefix(cmd, "cat")
	case "wc", "head", "tail", "sort", "uniq", "cut", "awk", "nl", "less", "more":
		if fields[0] == "tail" && slices.Contains(fields, "-f") {
			return cmd
		}
		return cat + " " + fields[len(fields)-1] + " | " + rest
	}
	return cmd
}
