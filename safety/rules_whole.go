package safety

// whole runs the rules that look at the command as a whole rather than one call at a time.
func (c *checker) whole() {
	for _, r := range wholeRules {
		r(c)
	}
}

var wholeRules []func(c *checker)
