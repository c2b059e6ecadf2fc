package offline

import "strings"

// squeeze collapses each run of blanks outside quotes into one space, as a person would type the
// command; inside quotes they are text ("with 4 spaces" is s/\t/    /g).
func squeeze(cmd string) string {
	var b strings.Builder
	var quote rune
	blank := false
	for i, r := range cmd {
		switch {
		case quote != 0:
			if r == quote && (quote == '\'' || i == 0 || cmd[i-1] != '\\') {
				quote = 0
			}
		case r == ' ' || r == '\t' || r == '\n':
			blank = true
			continue
		case r == '\'' || r == '"':
			quote = r
		}
		if blank && b.Len() > 0 {
			b.WriteByte(' ')
		}
		blank = false
		b.WriteRune(r)
	}
	return b.String()
}

// sedQuote makes text safe inside a single-quoted s/old/new/ expression.
func sedQuote(v string) string { return sedEscape(v, false) }

// sedRegex is v as the text s/// looks for: sedQuote's escapes, and the characters a basic regular
// expression reads specially taken literally ("1.2" is no "1x2").
func sedRegex(v string) string { return sedEscape(v, true) }

func sedEscape(v string, pattern bool) string {
	var b strings.Builder
	for _, r := range v {
		switch {
		case r == '\\' || r == '/' || r == '&' || pattern && strings.ContainsRune(".*[]^$", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t': // GNU sed reads \t and \n in both halves of s///
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\'':
			b.WriteString(`'\''`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// tab is a tab character as the shell passes it to a program (cut -d, sort -t): fish reads \t
// unquoted, bash and zsh $'\t'.
func (c *composer) tab() string {
	if c.shell == "fish" {
		return `\t`
	}
	return `$'\t'`
}

// sedBars rewrites a single-quoted s/old/new/ expression in cmd whose halves hold slashes with bars
// as the delimiter, as people write it: `s/http:\/\//https:\/\//g` is `s|http://|https://|g`. cmd is
// unchanged when it has no such expression or a half holds a bar.
func sedBars(cmd string) string {
	start := strings.Index(cmd, "'s/")
	if start < 0 {
		return cmd
	}
	end := strings.IndexByte(cmd[start+1:], '\'')
	if end < 0 {
		return cmd
	}
	expr := cmd[start+3 : start+1+end] // old/new/flags
	var parts []string
	var cur strings.Builder
	for i := 0; i < len(expr); i++ {
		switch {
		case expr[i] == '\\' && i+1 < len(expr):
			cur.WriteString(expr[i : i+2])
			i++
		case expr[i] == '/':
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(expr[i])
		}
	}
	parts = append(parts, cur.String())
	if len(parts) != 3 || !strings.Contains(parts[0]+parts[1], `\/`) || strings.Contains(expr, "|") {
		return cmd
	}
	old, new := strings.ReplaceAll(parts[0], `\/`, "/"), strings.ReplaceAll(parts[1], `\/`, "/")
	return cmd[:start] + "'s|" + old + "|" + new + "|" + parts[2] + cmd[start+1+end:]
}
