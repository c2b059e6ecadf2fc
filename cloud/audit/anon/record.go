package anon

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode"
)

// promptDomain prefixes what a prompt's hash covers, so that it matches no other SHA-256 of the text.
const promptDomain = "cmdai anonymised prompt v1\n"

// AnonymizedCommand is one command as the anonymised export for model training gives it.
type AnonymizedCommand struct {
	// PromptHash is the hex SHA-256 of the request, normalised (trimmed, spaces collapsed, lower case),
	// so that repeats of a request group together without the request being kept.
	PromptHash      string `json:"prompt_hash"`
	CommandTemplate string `json:"command_template"`
	RiskLevel       string `json:"risk_level"`
	// ExecutionSuccess is whether the command ran and exited 0; null when it was not run (or its exit
	// is unknown).
	ExecutionSuccess *bool     `json:"execution_success"`
	Backend          string    `json:"backend"`
	Timestamp        time.Time `json:"timestamp"`
}

// Command is what the export reads of a command in the history.
type Command struct {
	Prompt, Command, Risk, Backend string
	ExitCode                       *int
	CreatedAt                      time.Time
}

// Anonymize returns the command's anonymised record. The timestamp is kept to the hour.
func Anonymize(c Command) AnonymizedCommand {
	out := AnonymizedCommand{PromptHash: PromptHash(c.Prompt), CommandTemplate: Template(c.Command),
		RiskLevel: keep(c.Risk, "safe", "moderate", "high", "critical"), Backend: keep(c.Backend, "offline", "embedded", "ollama", "openai", "history", "pattern"),
		Timestamp: c.CreatedAt.UTC().Truncate(time.Hour)}
	if c.ExitCode != nil {
		ok := *c.ExitCode == 0
		out.ExecutionSuccess = &ok
	}
	return out
}

// keep is s when it is one of the known values, else "" (free text from a client is not exported).
func keep(s string, known ...string) string {
	s = strings.ToLower(s)
	for _, k := range known {
		if s == k {
			return s
		}
	}
	if s == "" {
		return ""
	}
	return "other"
}

// PromptHash is the hex SHA-256 of the normalised prompt.
func PromptHash(prompt string) string {
	norm := strings.ToLower(strings.Join(strings.FieldsFunc(prompt, unicode.IsSpace), " "))
	sum := sha256.Sum256([]byte(promptDomain + norm))
	return hex.EncodeToString(sum[:])
}
