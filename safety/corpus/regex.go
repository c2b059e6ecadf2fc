package corpus

import (
	"regexp"

	"github.com/cmdai/cmdai/safety"
)

// regexRule is one pattern of the baseline and the risk it assigns.
type regexRule struct {
	risk safety.Risk
	re   *regexp.Regexp
}

func rx(r safety.Risk, pattern string) regexRule { return regexRule{r, regexp.MustCompile(pattern)} }

// regexRules is a deliberately conventional dangerous-command list, written in the style of the best-known
// regex command checkers: patterns over the raw text, word boundaries, a severity per pattern. It is what
// cmdai's parser-based engine is measured against, so it is kept honest rather than tuned to the corpus.
var regexRules = []regexRule{
	// Filesystem destruction.
	rx(safety.Critical, `\brm\s+(-\S+\s+)+(/|/\*|~/?|~/\*|"?\$\{?HOME\}?"?/?\*?)(\s|$)`),
	rx(safety.Critical, `\brm\b.*--no-preserve-root`),
	rx(safety.Critical, `\brm\s+-[a-zA-Z]*[rR][a-zA-Z]*\s+(-\S+\s+)*/(etc|usr|var|bin|sbin|lib|lib64|boot|home|root|opt|dev|sys|proc|System|Users)/?(\s|$)`),
	rx(safety.Critical, `\bfind\s+(/|~)\s.*(-delete|-exec\s+rm)`),
	rx(safety.High, `\brm\s+(-[a-zA-Z]*[rR][a-zA-Z]*|--recursive)\b`),
	rx(safety.Moderate, `\brm\s`),
	// Disks.
	rx(safety.Critical, `\bdd\s.*\bof=/dev/(sd|hd|vd|xvd|nvme|mmcblk|disk)`),
	rx(safety.Critical, `\bmkfs(\.[a-z0-9]+)?\s`),
	rx(safety.Critical, `\b(wipefs|blkdiscard)\b|\bsgdisk\s.*--zap`),
	rx(safety.Critical, `>\s*/dev/(sd[a-z]|hd[a-z]|nvme\d|mmcblk\d|disk\d)`),
	rx(safety.Critical, `\bshred\s.*/dev/`),
	// Permissions and ownership.
	rx(safety.Critical, `\b(chmod\s+(-R\s+)?[0-7]{3,4}|chown\s+-R\s+\S+)\s+(-R\s+)?/(\s|$)`),
	rx(safety.High, `\bchmod\s+([ugoa]*\+s|[2467][0-7]{3})\b`),
	rx(safety.Moderate, `\bchmod\s+(-R\s+)?0?777\b`),
	// Processes and power.
	rx(safety.Critical, `:\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:`),
	rx(safety.Critical, `\w+\(\)\s*\{[^}]*\|[^}]*&\s*\}`),
	rx(safety.Critical, `\bkill\s+-(9|KILL|s\s+KILL)\s+-1\b`),
	rx(safety.Critical, `\b(shutdown|reboot|halt|poweroff)\b|\binit\s+[06]\b`),
	rx(safety.Moderate, `\b(kill|pkill|killall)\s`),
	// Remote code.
	rx(safety.Critical, `\b(curl|wget)\b[^|]*\|\s*(sudo\s+)?(-\S+\s+)*((ba|z|k|da)?sh|python[0-9.]*|perl|ruby|node)\b`),
	rx(safety.Critical, `(<|\$)\(\s*(curl|wget)\b`),
	rx(safety.Critical, `\bbase64\s+(-d|--decode)\b.*\|\s*(ba|z)?sh\b`),
	rx(safety.High, `\beval\b`),
	// Reverse shells and exfiltration.
	rx(safety.Critical, `/dev/(tcp|udp)/`),
	rx(safety.Critical, `\bn(c|cat)\b.*\s-[ec]\s`),
	rx(safety.Critical, `(?i)\bsocat\b.*\bexec:`),
	rx(safety.Critical, `\bmkfifo\b.*\bnc\b`),
	rx(safety.Critical, `socket\.socket\(.*connect`),
	rx(safety.Critical, `\b(curl|wget|scp|rsync|nc)\b.*(\.ssh/id_|\.aws/credentials|/etc/shadow|\.netrc)`),
	// Git.
	rx(safety.High, `\bgit\s+push\b.*(\s-f\b|--force\b)`),
	rx(safety.High, `\bgit\s+reset\s+--hard\b`),
	rx(safety.High, `\bgit\s+clean\s+-[a-zA-Z]*f`),
	rx(safety.High, `\bgit\s+filter-branch\b`),
	// Containers, clusters and clouds.
	rx(safety.High, `\bdocker\s+(system|volume)\s+prune\b`),
	rx(safety.Moderate, `\bdocker\s+(rm|rmi)\b`),
	rx(safety.Critical, `\bkubectl\s+delete\s+(ns|namespace)\b`),
	rx(safety.Critical, `\bkubectl\s+delete\b.*--all\b`),
	rx(safety.High, `\bkubectl\s+delete\b`),
	rx(safety.High, `\bhelm\s+(uninstall|delete)\b`),
	rx(safety.Critical, `\bterraform\s+destroy\b`),
	rx(safety.Critical, `\baws\s+s3\s+(rm|rb)\b.*--(recursive|force)`),
	rx(safety.High, `\bgcloud\b.*\bdelete\b`),
	// Databases.
	rx(safety.Critical, `(?i)\bdrop\s+database\b`),
	rx(safety.Critical, `(?i)\bflushall\b`),
	rx(safety.High, `\bdropdb\b`),
	rx(safety.High, `(?i)\bdelete\s+from\s+\w+\s*;?\s*["']?\s*$`),
	// System configuration.
	rx(safety.Critical, `>\s*/etc/(passwd|shadow|sudoers)\b`),
	rx(safety.Critical, `/proc/sysrq-trigger`),
	rx(safety.High, `\biptables\s+(-F|--flush)\b`),
	rx(safety.High, `\bsetenforce\s+0\b`),
	rx(safety.High, `\bsystemctl\s+(stop|disable)\s+.*\b(sshd?|firewalld)\b`),
	rx(safety.High, `\bcrontab\s+-r\b`),
	rx(safety.High, `\btruncate\s+-s\s*0\s+/var/log`),
	rx(safety.Moderate, `\bsudo\s`),
	rx(safety.Moderate, `\b(apt|apt-get|yum|dnf|brew|pip3?|npm|gem|cargo)\s+install\s+\S`),
}

// RegexRules is how many patterns the baseline has.
func RegexRules() int { return len(regexRules) }

// RegexCheck rates a command the way a regex checker does: the highest risk of any pattern that matches the
// raw text, or Safe.
func RegexCheck(cmd string) safety.Risk {
	risk := safety.Safe
	for _, r := range regexRules {
		if r.risk > risk && r.re.MatchString(cmd) {
			risk = r.risk
		}
	}
	return risk
}
