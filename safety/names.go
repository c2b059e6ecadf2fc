package safety

// Knows reports whether the engine has rules for a command of this name (or unwraps it, as sudo and sh),
// so a caller can tell a command line from words in plain English even when the program is not
// installed here: a CI machine checking `terraform destroy`.
func Knows(name string) bool {
	n := commandName(name)
	_, rules := rulesByName[n]
	_, wrapper := wrappers[n]
	_, interp := inlineOpts[n]
	return rules || wrapper || interp || shells[n]
}
