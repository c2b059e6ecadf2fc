package tldr

import (
	"bufio"
	"fmt"
	"regexp"
	"strings"
)

// Platforms a page can belong to; common pages apply everywhere.
const (
	Common = "common"
	Linux  = "linux"
	OSX    = "osx"
)

// Page is one program's page: what it is and its examples.
type Page struct {
	// Name is the page's file name without .md: "git-cherry-pick" for `git cherry-pick`.
	Name     string
	Platform string
	// Description is the page's one-line summary ("Remove files or directories.").
	Description string
	// SeeAlso names related programs the page points to, for alternatives.
	SeeAlso  []string
	Examples []Example
}

// Example is one example of a page: what it does, in words, and its command template.
type Example struct {
	Description string
	Command     string
}

// ParsePage reads a page in the tldr markdown format.
func ParsePage(name, platform, md string) (Page, error) {
	p := Page{Name: name, Platform: platform}
	sc := bufio.NewScanner(strings.NewReader(md))
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var desc string
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "> "):
			text := strings.TrimPrefix(line, "> ")
			switch {
			case strings.HasPrefix(text, "More information"), strings.HasPrefix(text, "This command is an alias"),
				strings.HasPrefix(text, "Note:"):
			case strings.HasPrefix(text, "See also"):
				for _, f := range strings.Split(text, "`") {
					if f = strings.TrimSpace(f); f != "" && !strings.ContainsAny(f, ",.:") {
						p.SeeAlso = append(p.SeeAlso, strings.ReplaceAll(f, " ", "-"))
					}
				}
			case p.Description == "":
				p.Description = text
			}
		case strings.HasPrefix(line, "- "):
			desc = strings.TrimSuffix(strings.TrimPrefix(line, "- "), ":")
		case strings.HasPrefix(line, "`") && strings.HasSuffix(line, "`") && len(line) > 1:
			if desc == "" {
				return Page{}, fmt.Errorf("page %s/%s: a command without a description: %s", platform, name, line)
			}
			p.Examples = append(p.Examples, Example{Description: stripMarkup(desc), Command: line[1 : len(line)-1]})
			desc = ""
		}
	}
	if err := sc.Err(); err != nil {
		return Page{}, fmt.Errorf("read page %s/%s: %w", platform, name, err)
	}
	return p, nil
}

// mnemonicRE finds the letters a description brackets to show where an option's name comes from:
// "[l]ist" for -l, "e[x]tract" for x, "[inf]o".
var mnemonicRE = regexp.MustCompile(`([A-Za-z]?)\[([A-Za-z]{1,4})\]([A-Za-z]?)`)

// stripMarkup drops the backticks, links and mnemonic brackets of a description line: "[l]ist existing
// cron jobs" is read and shown as "list existing cron jobs".
func stripMarkup(s string) string {
	s = strings.ReplaceAll(s, "`", "")
	s = mnemonicRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := mnemonicRE.FindStringSubmatch(m)
		if sub[1] == "" && sub[3] == "" {
			return m // a bracketed word of its own ("[FILE]") is no mnemonic
		}
		return sub[1] + sub[2] + sub[3]
	})
	for {
		i := strings.Index(s, "<http")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], ">")
		if j < 0 {
			return s
		}
		s = s[:i] + s[i+j+1:]
	}
}
