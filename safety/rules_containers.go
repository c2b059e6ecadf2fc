package safety

import "slices"

// Rules about leaving a container's or a process's isolation: nsenter, and commands run in a container
// that reaches the host (containers.go maps their paths; rules_cloud rates the mounts and privileges).

func init() {
	genericRules = append(genericRules, ruleNsenter)
}

// ruleNsenter rates a command run in another process's namespaces: in pid 1's, it runs on the host
// whatever container it started in.
func ruleNsenter(c *checker, cl *call) {
	if !slices.Contains(cl.Wrappers, "nsenter") {
		return
	}
	c.flagCall(cl, "exec.nsenter", Moderate, cl.Name+" runs in another process's namespaces (nsenter): from a container, that is the host")
}
