package audit

import (
	"regexp"
	"strings"
)

// redactions are what RedactCommand masks, in order: each pattern's first group (when it has one)
// is kept and the rest of the match becomes [REDACTED].
var redactions = []*regexp.Regexp{
	// Credentials in a URL: scheme://user:password@host.
	regexp.MustCompile(`(://)[^/\s:@]+:[^/\s@]+@`),
	// An Authorization header's value, or a bearer or basic credential.
	regexp.MustCompile(`(?i)(authorization:\s*(?:bearer|basic|token)?\s*)[^\s'"]+`),
	regexp.MustCompile(`(?i)(\bbearer\s+)[^\s'"]+`),
	// NAME=value where the name says it holds a secret: PASSWORD=, AWS_SECRET_ACCESS_KEY=, GITHUB_TOKEN=...
	regexp.MustCompile(`(?i)(\b[a-z0-9_.-]*(?:passw(?:or)?d|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth)[a-z0-9_.-]*\s*[=:]\s*)(?:'[^']*'|"[^"]*"|[^\s'"]+)`),
	// --password value, --token=value, -p'secret' and kin.
	regexp.MustCompile(`(?i)((?:^|\s)--?(?:passw(?:or)?d|pass|pwd|token|secret|api-?key|access-?key|auth(?:-token)?|key)(?:=|\s+))(?:'[^']*'|"[^"]*"|[^\s'"]+)`),
	regexp.MustCompile(`((?:^|\s)-p)(?:'[^']*'|"[^"]*"|[^\s'"]+)`),
	// Credentials by their shape: AWS access keys, GitHub, GitLab, Slack and OpenAI-style tokens, JWTs,
	// cmdai's own API keys and refresh tokens, PEM private key bodies.
	regexp.MustCompile(`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`),
	regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,})`),
	regexp.MustCompile(`\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`),
	regexp.MustCompile(`\bcmdair?_[A-Za-z0-9_-]+`),
	regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)`),
	// Long runs of hex or base64 (keys, hashes of secrets): 32 characters and more.
	regexp.MustCompile(`\b[A-Fa-f0-9]{32,}\b|[A-Za-z0-9+/_-]{40,}={0,2}`),
	// Email addresses keep their domain.
	regexp.MustCompile(`[A-Za-z0-9._%+-]+(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})`),
}

// RedactCommand masks what in a command looks like a credential (passwords in flags, variables and
// URLs, tokens and keys by their shape, long random strings) and the local part of email addresses,
// for organisations that keep commands redacted in their audit log. It errs towards masking: a long
// path segment or a port given as -p8080 is masked too.
func RedactCommand(cmd string) string {
	for i, re := range redactions {
		email := i == len(redactions)-1
		cmd = re.ReplaceAllStringFunc(cmd, func(m string) string {
			sub := re.FindStringSubmatch(m)
			if len(sub) < 2 {
				return "[REDACTED]"
			}
			if email {
				return "***" + sub[1]
			}
			return sub[1] + "[REDACTED]"
		})
	}
	return strings.ToValidUTF8(cmd, "\uFFFD")
}
