package safety

// Options tune a check. The zero value checks bash syntax in moderate mode with no user rules.
type Options struct {
	// Shell picks the parser dialect: "bash" (default), "sh" (POSIX), "zsh" (parsed as bash, the
	// closest dialect the parser knows) or "fish" (translated into the bash it means: fish.go).
	Shell string
	// Mode is recorded for callers; it does not change the risk, only what a client does with it.
	Mode Mode
	// Allow lowers matching commands to Safe; Deny raises them to the rule's risk (Critical by default).
	// Deny wins over Allow.
	Allow []Rule
	Deny  []Rule
	// Home is the value of ~ and $HOME when resolving paths; empty means the current user's.
	Home string
}

// Rule matches a simple command on its parsed name and arguments, never on the raw text.
// Command is compared against the command's base name ("rm" matches "/bin/rm"); Args, when set, must all
// appear among the arguments (each may be a shell glob such as "-*f*").
type Rule struct {
	Command string   `toml:"command" json:"command"`
	Args    []string `toml:"args,omitempty" json:"args,omitempty"`
	Risk    Risk     `toml:"risk,omitempty" json:"risk,omitempty"`
	Reason  string   `toml:"reason,omitempty" json:"reason,omitempty"`
}
