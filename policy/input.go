package policy

import (
	"encoding/json"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cmdai/cmdai/safety"
	"github.com/open-policy-agent/opa/v1/ast"
)

// User is the person asking to run a command.
type User struct {
	ID    string
	Email string
}

// Input is what a policy decides from. A Rego policy reads it as:
//
//	input.user.id, input.user.email
//	input.roles            set of role names, lower case: input.roles["junior"]
//	input.org              the organisation's id
//	input.command          the command as written
//	input.facts.risk       "safe" | "moderate" | "high" | "critical"; risk_level is 0 … 3;
//	                       risk_at_least is the set of levels at or below it: risk_at_least["high"]
//	input.facts.findings   [{"rule", "risk", "message"}]
//	input.facts.commands   [{"program", "path", "dynamic", "wrappers", "names" (a set of the program
//	                         and wrappers), "flags" (a set), "args", "operands", "paths",
//	                         "dynamic_args"}] (see safety.CommandFacts)
//	input.facts.programs   set of every command's program and wrappers
//	input.facts.flags      set of every command's flags
//	input.facts.paths      set of every path the command names, absolute where the directory is known
//	input.facts.by_program {program: [commands running it]}
//	input.facts.dirs       set of every path named and each directory above it, with ~/… forms for
//	                       those under the home directory: input.facts.dirs["/etc"] says the command
//	                       names something under /etc
//	input.facts.path_dirs  {path: set of the path and the directories above it}
//	input.facts.unresolved, input.facts.dynamic_args   something is only known at run time
//	input.cwd, input.host, input.home
//	input.host_prefixes    set of every prefix of the host name (for "prod-*")
//	input.time             RFC 3339; time_ns is nanoseconds since the epoch, for Rego's time functions
//	input.pattern_id, input.approved_pattern
//
// Relative paths in facts are made absolute against Cwd when it is absolute.
type Input struct {
	User    User
	Roles   []string
	OrgID   string
	Command string
	// Facts are safety.FactsOf(Command, …).
	Facts safety.Facts
	Cwd   string
	Host  string
	// Home is the person's home directory, for path_under entries written ~/….
	Home string
	// Time is when the command would run; zero means now.
	Time time.Time
	// PatternID names the team pattern the command comes from, if any; ApprovedPattern says that pattern
	// is approved for the person's team.
	PatternID       string
	ApprovedPattern bool
}

// Keys of the input document, built once: building the input is a good part of an evaluation's cost.
var (
	kUser, kID, kEmail, kRoles, kOrg, kCommand, kFacts = key("user"), key("id"), key("email"), key("roles"), key("org"), key("command"), key("facts")
	kCwd, kHost, kHome, kTime, kTimeNS, kPatternID     = key("cwd"), key("host"), key("home"), key("time"), key("time_ns"), key("pattern_id")
	kApproved, kRisk, kRiskLevel, kFindings            = key("approved_pattern"), key("risk"), key("risk_level"), key("findings")
	kRule, kMessage, kCommands, kPrograms, kFlags      = key("rule"), key("message"), key("commands"), key("programs"), key("flags")
	kPaths, kByProgram, kDirs, kPathDirs, kUnresolved  = key("paths"), key("by_program"), key("dirs"), key("path_dirs"), key("unresolved")
	kDynamicArgs, kProgram, kPath, kDynamic, kWrappers = key("dynamic_args"), key("program"), key("path"), key("dynamic"), key("wrappers")
	kArgs, kOperands, kRiskAtLeast, kNames             = key("args"), key("operands"), key("risk_at_least"), key("names")
	kHostPrefixes                                      = key("host_prefixes")
	riskTerms                                          = [...]*ast.Term{ast.StringTerm("safe"), ast.StringTerm("moderate"), ast.StringTerm("high"), ast.StringTerm("critical")}
)

func key(s string) *ast.Term { return ast.StringTerm(s) }

func str(s string) *ast.Term { return ast.StringTerm(s) }

func array(list []string) *ast.Term {
	terms := make([]*ast.Term, len(list))
	for i, s := range list {
		terms[i] = ast.StringTerm(s)
	}
	return ast.ArrayTerm(terms...)
}

func set(list []string) *ast.Term {
	s := ast.NewSetWithCapacity(len(list))
	for _, v := range list {
		s.Add(ast.StringTerm(v))
	}
	return ast.NewTerm(s)
}

func riskTerm(r safety.Risk) *ast.Term {
	if r >= safety.Safe && r <= safety.Critical {
		return riskTerms[r]
	}
	return str(r.String())
}

// value builds the input document directly as OPA's AST, which costs a fraction of converting a Go value,
// and of input.facts only what the policies read.
func (in Input) value(roles []string, now time.Time, needs inputNeeds) ast.Value {
	f := in.Facts
	home := strings.TrimRight(in.Home, "/")
	abs := func(p string) string {
		if strings.HasPrefix(p, "/") || !strings.HasPrefix(in.Cwd, "/") {
			return p
		}
		return path.Join(in.Cwd, p)
	}
	facts := make([][2]*ast.Term, 0, 16)
	add := func(k *ast.Term, v func() *ast.Term) {
		if needs.has(string(k.Value.(ast.String))) {
			facts = append(facts, ast.Item(k, v()))
		}
	}
	add(kRisk, func() *ast.Term { return riskTerm(f.Risk) })
	add(kRiskLevel, func() *ast.Term { return ast.InternedTerm(int(f.Risk)) })
	add(kRiskAtLeast, func() *ast.Term { return riskAtLeast(f.Risk) })
	add(kFindings, func() *ast.Term {
		findings := make([]*ast.Term, len(f.Findings))
		for i, fd := range f.Findings {
			findings[i] = ast.ObjectTerm(ast.Item(kRule, str(fd.Rule)), ast.Item(kRisk, riskTerm(fd.Risk)),
				ast.Item(kMessage, str(fd.Message)))
		}
		return ast.ArrayTerm(findings...)
	})
	add(kPrograms, func() *ast.Term { return set(f.Programs) })
	add(kFlags, func() *ast.Term { return set(f.Flags) })
	add(kUnresolved, func() *ast.Term { return ast.InternedTerm(f.Unresolved) })
	add(kDynamicArgs, func() *ast.Term {
		for _, c := range f.Commands {
			if c.DynamicArgs {
				return ast.InternedTerm(true)
			}
		}
		return ast.InternedTerm(false)
	})

	if needs.has("commands") || needs.has("by_program") {
		commands := make([]*ast.Term, len(f.Commands))
		byProgram := ast.NewObject()
		for i, c := range f.Commands {
			if needs.commandDetail {
				cpaths := make([]string, len(c.Paths))
				for j, p := range c.Paths {
					cpaths[j] = abs(p)
				}
				commands[i] = ast.ObjectTerm(
					ast.Item(kProgram, str(c.Program)),
					ast.Item(kPath, str(c.Path)),
					ast.Item(kDynamic, ast.InternedTerm(c.Dynamic)),
					ast.Item(kWrappers, array(c.Wrappers)),
					ast.Item(kNames, names(c)),
					ast.Item(kFlags, set(c.Flags)),
					ast.Item(kArgs, array(c.Args)),
					ast.Item(kOperands, array(c.Operands)),
					ast.Item(kPaths, array(cpaths)),
					ast.Item(kDynamicArgs, ast.InternedTerm(c.DynamicArgs)),
				)
			} else {
				commands[i] = ast.ObjectTerm(
					ast.Item(kProgram, str(c.Program)),
					ast.Item(kNames, names(c)),
					ast.Item(kFlags, set(c.Flags)),
					ast.Item(kArgs, array(c.Args)),
				)
			}
			if c.Program == "" {
				continue
			}
			k := str(c.Program)
			if prev := byProgram.Get(k); prev != nil {
				byProgram.Insert(k, ast.NewTerm(prev.Value.(*ast.Array).Append(commands[i])))
			} else {
				byProgram.Insert(k, ast.ArrayTerm(commands[i]))
			}
		}
		add(kCommands, func() *ast.Term { return ast.ArrayTerm(commands...) })
		add(kByProgram, func() *ast.Term { return ast.NewTerm(byProgram) })
	}

	if needs.has("paths") || needs.has("dirs") || needs.has("path_dirs") {
		// Paths of statements that are only redirections belong to no command, so f.Paths is the list.
		paths := make([]string, 0, len(f.Paths))
		for _, p := range f.Paths {
			paths = append(paths, abs(p))
		}
		slices.Sort(paths)
		paths = slices.Compact(paths)
		add(kPaths, func() *ast.Term { return set(paths) })
		add(kDirs, func() *ast.Term {
			dirs := ast.NewSet()
			for _, p := range paths {
				for _, d := range ancestors(p, home) {
					dirs.Add(str(d))
				}
			}
			return ast.NewTerm(dirs)
		})
		add(kPathDirs, func() *ast.Term {
			pathDirs := ast.NewObject()
			for _, p := range paths {
				pathDirs.Insert(str(p), set(ancestors(p, home)))
			}
			return ast.NewTerm(pathDirs)
		})
	}

	items := make([][2]*ast.Term, 0, 13)
	if needs.hostPrefixes {
		prefixes := ast.NewSetWithCapacity(len(in.Host) + 1)
		for i := range len(in.Host) + 1 {
			prefixes.Add(str(in.Host[:i]))
		}
		items = append(items, ast.Item(kHostPrefixes, ast.NewTerm(prefixes)))
	}
	return ast.NewObject(append(items,
		ast.Item(kUser, ast.ObjectTerm(ast.Item(kID, str(in.User.ID)), ast.Item(kEmail, str(in.User.Email)))),
		ast.Item(kRoles, set(roles)),
		ast.Item(kOrg, str(in.OrgID)),
		ast.Item(kCommand, str(in.Command)),
		ast.Item(kFacts, ast.ObjectTerm(facts...)),
		ast.Item(kCwd, str(in.Cwd)),
		ast.Item(kHost, str(in.Host)),
		ast.Item(kHome, str(home)),
		ast.Item(kTime, str(now.UTC().Format(time.RFC3339Nano))),
		ast.Item(kTimeNS, ast.NumberTerm(json.Number(strconv.FormatInt(now.UnixNano(), 10)))),
		ast.Item(kPatternID, str(in.PatternID)),
		ast.Item(kApproved, ast.InternedTerm(in.ApprovedPattern)),
	)...)
}

// names is the set of a command's program and the wrappers it runs under.
func names(c safety.CommandFacts) *ast.Term {
	s := ast.NewSetWithCapacity(len(c.Wrappers) + 1)
	if c.Program != "" {
		s.Add(str(c.Program))
	}
	for _, w := range c.Wrappers {
		s.Add(str(w))
	}
	return ast.NewTerm(s)
}

// riskAtLeast is the set of the levels at or below r, built once per level.
func riskAtLeast(r safety.Risk) *ast.Term {
	if r < safety.Safe || r > safety.Critical {
		return ast.SetTerm()
	}
	return riskSets[r]
}

var riskSets = func() (out [4]*ast.Term) {
	for r := safety.Safe; r <= safety.Critical; r++ {
		out[r] = ast.SetTerm(riskTerms[:r+1]...)
	}
	return out
}()

// ancestors lists an absolute path and every directory above it ("/a/b": "/a/b", "/a", "/"), and for
// one under home the same as ~/… ("~/x", "~"). A relative path has none.
func ancestors(p, home string) []string {
	if !strings.HasPrefix(p, "/") {
		return nil
	}
	out := []string{p}
	for q := p; q != "/"; {
		q = path.Dir(q)
		out = append(out, q)
	}
	if home != "" && home != "/" && (p == home || strings.HasPrefix(p, home+"/")) {
		for q := "~" + p[len(home):]; ; q = path.Dir(q) {
			out = append(out, q)
			if q == "~" || q == "." {
				break
			}
		}
	}
	return out
}
