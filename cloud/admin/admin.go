// Package admin is cmdai-server's administration commands, for bootstrapping an installation from a
// shell (organisations, their members and their policies, written straight to the database) and for
// checking its audit log ('cmdai-server audit verify').
package admin

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// Usage is the help of the admin commands.
const Usage = `Usage:
  cmdai-server admin org create NAME --owner EMAIL [--feature NAME]... [--json]
      Create an organisation. The owner (an existing account) becomes its admin.
  cmdai-server admin org add-member ORG EMAIL --role ROLE [--json]
      Make an account a member of the organisation ORG (its id or name), or change its role.
      ROLE is admin, engineer, junior or readonly.
  cmdai-server admin org audit-text ORG full|redacted|hash [--json]
      Set how much of a command's text the organisation's audit log keeps for each run its members
      report: all of it, redacted (credentials and email addresses masked), or only its hash (the
      default).
  cmdai-server admin policy set ORG NAME FILE [--json]
      Set the organisation's policy NAME from FILE: .rego is a Rego module; .yaml, .yml and .json are
      structured rules. The policy is validated first; setting it bumps the organisation's bundle
      version, which daemons fetch at their next sync.

The commands read DATABASE_URL and apply pending migrations first. Each change is an event in the
organisation's audit log. --json prints one JSON object.
Exit status: 0 done, 1 failed, 2 usage error.
`

// Env is what the commands need from the process.
type Env struct {
	Stdout, Stderr io.Writer
	// Connect opens the database, migrated; its opener closes it after Run returns.
	Connect func(ctx context.Context) (orgs.DB, error)
	// ReadFile reads a policy or checkpoint file; nil: os.ReadFile.
	ReadFile func(name string) ([]byte, error)
	// Getenv reads the environment (POLICY_SIGNING_KEY); nil: none.
	Getenv func(string) string
}

// usageError is a command line the commands cannot read: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// errHelp is a request for the help, which is printed and is no failure.
var errHelp = errors.New("help")

// Main runs one admin command (args follow "admin") against the database at DATABASE_URL, migrated
// first, and returns the process's exit status.
func Main(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	return withDatabase(Run, args, getenv, stdout, stderr)
}

// withDatabase runs one command with run, connecting to DATABASE_URL (migrated first) only when the
// command asks for the database, and closing it after; Ctrl-C or SIGTERM cancels the command.
func withDatabase(run func(context.Context, []string, Env) int, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var pool *pgxpool.Pool
	defer func() {
		if pool != nil {
			pool.Close()
		}
	}()
	return run(ctx, args, Env{Stdout: stdout, Stderr: stderr, Getenv: getenv, Connect: func(ctx context.Context) (orgs.DB, error) {
		var err error
		pool, err = connect(ctx, getenv("DATABASE_URL"))
		return pool, err
	}})
}

// connect opens the database and applies pending migrations.
func connect(ctx context.Context, url string) (*pgxpool.Pool, error) {
	if url == "" {
		return nil, errors.New("DATABASE_URL is not set (e.g. postgres://user:pass@localhost:5432/cmdai)")
	}
	cfg, err := pgstore.PoolConfig(url)
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = 2
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if _, err := pgstore.Migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database at DATABASE_URL: %w", err)
	}
	return pool, nil
}

// Run runs one admin command (args follow "admin") and returns the process's exit status.
func Run(ctx context.Context, args []string, env Env) int {
	return exitStatus(run(ctx, args, env), "admin", Usage, env)
}

// exitStatus reports how a cmdai-server command (admin, audit, secrets) ended and returns its exit
// status: 0 done or help, 2 a usage error (with the usage), 1 anything else; a chain found not intact is
// 1 with nothing more to say, its report already printed.
func exitStatus(err error, command, usage string, env Env) int {
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errHelp):
		fmt.Fprint(env.Stdout, usage)
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "cmdai-server %s: %v\n\n%s", command, err, usage)
		return 2
	case errors.Is(err, errNotIntact):
		return 1
	}
	fmt.Fprintf(env.Stderr, "cmdai-server %s: %v\n", command, err)
	return 1
}

// cmdline is one command's positional arguments and flags, which may come in any order.
type cmdline struct {
	fs   *flag.FlagSet
	args []string
	json bool
}

func parse(name string, args []string, want int, define func(fs *flag.FlagSet)) (*cmdline, error) {
	c := &cmdline{fs: flag.NewFlagSet(name, flag.ContinueOnError)}
	c.fs.SetOutput(io.Discard)
	c.fs.BoolVar(&c.json, "json", false, "print one JSON object")
	if define != nil {
		define(c.fs)
	}
	for {
		if err := c.fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, usagef("%s: %v", name, err)
		}
		if c.fs.NArg() == 0 {
			break
		}
		c.args = append(c.args, c.fs.Arg(0))
		args = c.fs.Args()[1:]
	}
	if len(c.args) != want {
		return nil, usagef("%s takes %d arguments, not %d", name, want, len(c.args))
	}
	return c, nil
}

func run(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 {
		return usagef("name a command")
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		return errHelp
	}
	if len(args) < 2 {
		return usagef("unknown command %q", strings.Join(args, " "))
	}
	switch cmd, rest := args[0]+" "+args[1], args[2:]; cmd {
	case "org create":
		var owner string
		var features stringList
		c, err := parse(cmd, rest, 1, func(fs *flag.FlagSet) {
			fs.StringVar(&owner, "owner", "", "the email of the account that becomes the admin")
			fs.Var(&features, "feature", "an enterprise feature to switch on (repeatable)")
		})
		if err != nil {
			return err
		}
		if owner == "" {
			return usagef("org create needs --owner EMAIL")
		}
		return withService(ctx, env, func(s *orgs.Service) error {
			o, err := s.Create(ctx, c.args[0], owner, features)
			if errors.Is(err, pgstore.ErrConflict) {
				return fmt.Errorf("an organisation named %q exists", c.args[0])
			}
			if err != nil {
				return err
			}
			if err := recordAdmin(ctx, env, s.DB, o.ID, "org.create", "organization", o.ID, map[string]any{"name": o.Name, "owner": owner, "features": o.Features}); err != nil {
				return err
			}
			return report(env, c.json, map[string]any{"id": o.ID, "name": o.Name, "owner": owner, "role": orgs.RoleAdmin,
				"features": o.Features}, "created organisation %s (%s); %s is its admin\n", o.Name, o.ID, owner)
		})
	case "org add-member":
		var role string
		c, err := parse(cmd, rest, 2, func(fs *flag.FlagSet) {
			fs.StringVar(&role, "role", "", "admin, engineer, junior or readonly")
		})
		if err != nil {
			return err
		}
		if role == "" {
			return usagef("org add-member needs --role ROLE (admin, engineer, junior or readonly)")
		}
		r, err := orgs.ParseRole(strings.ToLower(role))
		if err != nil {
			return usagef("%v", err)
		}
		return withService(ctx, env, func(s *orgs.Service) error {
			o, err := s.Find(ctx, c.args[0])
			if err != nil {
				return err
			}
			u, err := s.SetMember(ctx, o.ID, c.args[1], r)
			if err != nil {
				return err
			}
			if err := recordAdmin(ctx, env, s.DB, o.ID, "org.member.set", "org_member", u.ID, map[string]any{"email": u.Email, "role": string(r)}); err != nil {
				return err
			}
			return report(env, c.json, map[string]any{"org_id": o.ID, "org": o.Name, "user_id": u.ID, "email": u.Email, "role": r},
				"%s is %s in %s\n", u.Email, r, o.Name)
		})
	case "org audit-text":
		c, err := parse(cmd, rest, 2, nil)
		if err != nil {
			return err
		}
		mode := strings.ToLower(c.args[1])
		if mode != pgstore.AuditTextFull && mode != pgstore.AuditTextRedacted && mode != pgstore.AuditTextHash {
			return usagef("org audit-text takes full, redacted or hash, not %q", c.args[1])
		}
		return withService(ctx, env, func(s *orgs.Service) error {
			o, err := s.Find(ctx, c.args[0])
			if err != nil {
				return err
			}
			if err := pgstore.SetOrgAuditCommandText(ctx, s.DB, o.ID, mode); err != nil {
				return fmt.Errorf("set the organisation's audit text: %w", err)
			}
			if err := recordAdmin(ctx, env, s.DB, o.ID, "org.audit_text.set", "organization", o.ID, map[string]any{"audit_command_text": mode}); err != nil {
				return err
			}
			return report(env, c.json, map[string]any{"org_id": o.ID, "org": o.Name, "audit_command_text": mode},
				"the audit log of %s keeps commands' text: %s\n", o.Name, mode)
		})
	case "policy set":
		c, err := parse(cmd, rest, 3, nil)
		if err != nil {
			return err
		}
		file := c.args[2]
		format, err := orgs.FormatOf(filepath.Base(file))
		if err != nil {
			return usagef("%v", err)
		}
		read := env.ReadFile
		if read == nil {
			read = os.ReadFile
		}
		src, err := read(file)
		if err != nil {
			return fmt.Errorf("read the policy: %w", err)
		}
		if _, err := orgs.ParsePolicy(c.args[1], format, string(src)); err != nil {
			return policyError(file, err)
		}
		return withService(ctx, env, func(s *orgs.Service) error {
			o, err := s.Find(ctx, c.args[0])
			if err != nil {
				return err
			}
			p, err := s.SetPolicy(ctx, o.ID, nil, c.args[1], format, string(src))
			if err != nil {
				return policyError(file, err)
			}
			if err := recordAdmin(ctx, env, s.DB, o.ID, "policy.set", "policy", p.Name, map[string]any{"format": p.Format, "version": p.Version}); err != nil {
				return err
			}
			return report(env, c.json, map[string]any{"org_id": o.ID, "org": o.Name, "name": p.Name, "format": p.Format, "version": p.Version},
				"set policy %q of %s from %s; the organisation's policies are now version %d\n", p.Name, o.Name, file, p.Version)
		})
	}
	return usagef("unknown command %q", args[0]+" "+args[1])
}

// policyError says what is wrong with a policy file, one problem a line.
func policyError(file string, err error) error {
	var ve *orgs.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	if len(ve.Problems) == 0 {
		return fmt.Errorf("%s: %s", file, ve.Message)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s is not a valid policy:", file)
	for _, p := range ve.Problems {
		b.WriteString("\n  " + p.String())
	}
	return errors.New(b.String())
}

func withService(ctx context.Context, env Env, f func(*orgs.Service) error) error {
	db, err := env.Connect(ctx)
	if err != nil {
		return err
	}
	return f(&orgs.Service{DB: db})
}

// report prints v as JSON, or the text.
func report(env Env, asJSON bool, v any, format string, args ...any) error {
	if asJSON {
		e := json.NewEncoder(env.Stdout)
		e.SetEscapeHTML(false)
		return e.Encode(v)
	}
	_, err := fmt.Fprintf(env.Stdout, format, args...)
	return err
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}
