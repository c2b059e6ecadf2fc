package admin

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/audit/tlog"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// AuditUsage is the help of the audit commands.
const AuditUsage = `Usage:
  cmdai-server audit verify [--org ORG] [--checkpoint FILE]... [--public-key KEY] [--json]
      Walk every audit chain, or only the organisation ORG's (its id or name; "global" for the events
      outside any organisation): each event's link to the one before and its hash, sequence numbers
      from 1 without a gap, and the chain's Merkle tree against every signed checkpoint, the stored
      ones and each FILE (a checkpoint kept outside the database, as GET
      /api/v1/orgs/{id}/audit/checkpoint returned it). Signatures are checked with KEY (an Ed25519
      public key in base64, or a signed-note verifier key), else the key POLICY_SIGNING_KEY holds,
      else the server's stored key. Exit 0: intact. Exit 1: not, naming the first bad sequence
      number and what is wrong ("first_bad_seq" and "problem" in JSON).
  cmdai-server audit export --format jsonl|cef|syslog [--since TIME] [--org ORG]
      Print the audit events written since TIME (RFC 3339, or a duration back from now such as 24h;
      default: all of them), of every chain or of ORG's, oldest first, one a line: jsonl, the event's
      canonical JSON (RFC 8785), which without its event_hash hashes to it (SHA-256 after the line
      "cmdai audit event v1"); cef, ArcSight's Common Event Format; syslog, RFC 5424 messages
      (facility log audit) whose message is the JSON line.

The commands read DATABASE_URL and apply pending migrations first. --json prints one JSON object.
Exit status: 0 done (intact), 1 failed (not intact), 2 usage error.
`

// errNotIntact is a verification that found a chain not as it was written: exit 1, the report said why.
var errNotIntact = errors.New("the audit log is not intact")

// AuditMain runs one audit command (args follow "audit") against the database at DATABASE_URL,
// migrated first, and returns the process's exit status.
func AuditMain(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	return withDatabase(RunAudit, args, getenv, stdout, stderr)
}

// RunAudit runs one audit command (args follow "audit") and returns the process's exit status.
func RunAudit(ctx context.Context, args []string, env Env) int {
	return exitStatus(runAudit(ctx, args, env), "audit", AuditUsage, env)
}

func runAudit(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 {
		return usagef("name a command: verify or export")
	}
	switch args[0] {
	case "help", "-h", "--help", "-help":
		return errHelp
	case "verify":
		var v verifyCmd
		c, err := parse("verify", args[1:], 0, func(fs *flag.FlagSet) {
			fs.StringVar(&v.org, "org", "", "the organisation (id or name) whose chain to verify; global: outside any")
			fs.Var(&v.files, "checkpoint", "a signed checkpoint kept outside the database (repeatable)")
			fs.StringVar(&v.key, "public-key", "", "the key that signs checkpoints: base64 Ed25519 or a verifier key")
		})
		if err != nil {
			return err
		}
		v.json = c.json
		return v.run(ctx, env)
	case "export":
		var format, since, org string
		if _, err := parse("export", args[1:], 0, func(fs *flag.FlagSet) {
			fs.StringVar(&format, "format", "", "jsonl, cef or syslog")
			fs.StringVar(&since, "since", "", "RFC 3339 time, or a duration back from now")
			fs.StringVar(&org, "org", "", "the organisation (id or name) whose chain to export; global: outside any")
		}); err != nil {
			return err
		}
		if !slices.Contains(audit.Formats, format) {
			return usagef("export needs --format jsonl, cef or syslog")
		}
		from, err := parseSince(since, time.Now())
		if err != nil {
			return usagef("--since: %v", err)
		}
		return export(ctx, env, format, from, org)
	}
	return usagef("unknown command %q", args[0])
}

type verifyCmd struct {
	org, key string
	files    stringList
	json     bool
}

// verifyResult is what audit verify --json prints: whether every chain verified and, when one did not,
// the first such chain's first bad sequence number and problem, then every chain's report.
type verifyResult struct {
	Intact      bool           `json:"intact"`
	FirstBadSeq int64          `json:"first_bad_seq,omitempty"`
	ChainID     string         `json:"chain_id,omitempty"`
	OrgID       string         `json:"org_id,omitempty"`
	Problem     string         `json:"problem,omitempty"`
	Chains      []audit.Report `json:"chains"`
}

func (v verifyCmd) run(ctx context.Context, env Env) error {
	read := env.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	// Files and the key first: a mistake there is the caller's, before the database is touched.
	given := map[string][]string{}
	var givenOrder []string
	for _, f := range v.files {
		b, err := read(f)
		if err != nil {
			return fmt.Errorf("read the checkpoint: %w", err)
		}
		origin, _, _ := strings.Cut(string(b), "\n")
		chain, ok := strings.CutPrefix(origin, tlog.Origin(""))
		if !ok || chain == "" {
			return fmt.Errorf("%s is not a checkpoint of a cmdai audit log (its origin is %q)", f, origin)
		}
		if given[chain] == nil {
			givenOrder = append(givenOrder, chain)
		}
		given[chain] = append(given[chain], string(b))
	}
	pub, err := v.flagKey(env)
	if err != nil {
		return err
	}

	db, err := env.Connect(ctx)
	if err != nil {
		return err
	}
	svc := &orgs.Service{DB: db}
	var chains []string
	switch {
	case strings.EqualFold(v.org, "global"):
		chains = []string{pgstore.NilChain}
	case v.org != "":
		o, err := svc.Find(ctx, v.org)
		if err != nil {
			return err
		}
		chains = []string{o.ID}
	default:
		if chains, err = pgstore.AuditChains(ctx, db); err != nil {
			return fmt.Errorf("list the audit chains: %w", err)
		}
	}
	for _, chain := range givenOrder {
		switch {
		case v.org != "" && chain != chains[0]:
			return fmt.Errorf("a checkpoint given is of the chain %s, not of %s", chain, chains[0])
		case !slices.Contains(chains, chain):
			chains = append(chains, chain) // a chain removed whole from the database
		}
	}
	if pub == nil {
		if pub, err = svc.PublicKey(ctx); err != nil && !errors.Is(err, pgstore.ErrNotFound) {
			return fmt.Errorf("the server's key: %w", err)
		}
	}

	res := verifyResult{Intact: true, Chains: []audit.Report{}}
	for _, chain := range chains {
		rep, err := audit.Verify(ctx, db, chain, pub, given[chain])
		if err != nil {
			return fmt.Errorf("audit chain %s: %w", chain, err)
		}
		res.Chains = append(res.Chains, rep)
		if !rep.Intact && res.Intact {
			res.Intact, res.FirstBadSeq, res.ChainID, res.OrgID, res.Problem = false, rep.FirstBadSeq, rep.ChainID, rep.OrgID, rep.Problem
		}
	}
	if v.json {
		if err := report(env, true, res, ""); err != nil {
			return err
		}
	} else {
		for _, rep := range res.Chains {
			name := "outside any organisation"
			if rep.OrgID != "" {
				name = "organisation " + rep.OrgID
				if o, err := pgstore.OrgByID(ctx, db, rep.OrgID); err == nil {
					name = fmt.Sprintf("organisation %s (%s)", o.Name, o.ID)
				}
			}
			state := "intact"
			if rep.Expired > 0 {
				state = fmt.Sprintf("intact from the signed anchor after event %d (events 1 to %d expired under the audit retention)", rep.Expired, rep.Expired)
			}
			if !rep.Intact {
				state = fmt.Sprintf("NOT INTACT from event %d: %s", rep.FirstBadSeq, rep.Problem)
			}
			fmt.Fprintf(env.Stdout, "%s: %d events, %d checkpoints (the largest of %d events): %s\n",
				name, rep.Events, rep.Checkpoints, rep.CheckpointSize, state)
		}
		if res.Intact {
			fmt.Fprintf(env.Stdout, "the audit log is intact (%d chains)\n", len(res.Chains))
		} else {
			fmt.Fprintf(env.Stdout, "the audit log is not intact: first bad sequence number %d\n", res.FirstBadSeq)
		}
	}
	if !res.Intact {
		return errNotIntact
	}
	return nil
}

// flagKey is the key --public-key names, or else POLICY_SIGNING_KEY's public key; nil when neither is set.
func (v verifyCmd) flagKey(env Env) (ed25519.PublicKey, error) {
	if v.key != "" {
		s := v.key
		if strings.HasPrefix(s, tlog.KeyName+"+") { // a verifier key: name+hash+base64(0x01 || key)
			_, b64, _ := strings.Cut(s[len(tlog.KeyName)+1:], "+")
			raw, err := base64.StdEncoding.DecodeString(b64)
			if err != nil || len(raw) != 1+ed25519.PublicKeySize || raw[0] != 1 {
				return nil, usagef("--public-key: not an Ed25519 verifier key")
			}
			pub := ed25519.PublicKey(raw[1:])
			if vk, _ := tlog.VerifierKey(pub); vk != s {
				return nil, usagef("--public-key: the verifier key is not of %s or its hash is wrong", tlog.KeyName)
			}
			return pub, nil
		}
		raw, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(raw) != ed25519.PublicKeySize {
			return nil, usagef("--public-key: not the base64 of a 32-byte Ed25519 public key")
		}
		return ed25519.PublicKey(raw), nil
	}
	if env.Getenv != nil {
		if s := env.Getenv("POLICY_SIGNING_KEY"); s != "" {
			k, err := orgs.ParseSigningKey(s)
			if err != nil {
				return nil, fmt.Errorf("POLICY_SIGNING_KEY: %w", err)
			}
			return k.Public().(ed25519.PublicKey), nil
		}
	}
	return nil, nil
}

// recordAdmin writes the audit event of an administration command that has made its change, in the
// organisation's chain: the account that ran it is unknown, so the event names the process's user.
func recordAdmin(ctx context.Context, env Env, db orgs.DB, orgID, action, resource, resourceID string, details map[string]any) error {
	details["via"] = "cmdai-server admin"
	if env.Getenv != nil {
		if u := env.Getenv("USER"); u != "" {
			details["os_user"] = u
		}
	}
	err := audit.Record(ctx, db, audit.Event{OrgID: orgID, Action: action, ResourceType: resource, ResourceID: resourceID,
		Status: audit.StatusSuccess, UserAgent: "cmdai-server admin", Details: details})
	if err != nil {
		return fmt.Errorf("the change is made but its audit event could not be written: %w", err)
	}
	return nil
}

// parseSince reads --since: an RFC 3339 time, or a duration back from now; "" is the beginning.
func parseSince(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q is neither an RFC 3339 time (2006-01-02T15:04:05Z) nor a duration (24h)", s)
}

// exportPage is how many events export reads at a time.
const exportPage = 1000

// export prints the events since from, of every chain or of org's, a line each in format.
func export(ctx context.Context, env Env, format string, from time.Time, org string) error {
	db, err := env.Connect(ctx)
	if err != nil {
		return err
	}
	var chain string
	switch {
	case strings.EqualFold(org, "global"):
		chain = pgstore.NilChain
	case org != "":
		o, err := (&orgs.Service{DB: db}).Find(ctx, org)
		if err != nil {
			return err
		}
		chain = o.ID
	}
	host, _ := os.Hostname()
	out := bufio.NewWriter(env.Stdout)
	var after *pgstore.AuditCursor
	for {
		page, err := pgstore.AuditEventsSince(ctx, db, chain, from, after, exportPage)
		if err != nil {
			return fmt.Errorf("read the audit log: %w", err)
		}
		for _, row := range page {
			line, err := audit.ExportLine(format, row, host)
			if err != nil {
				return fmt.Errorf("event %d of chain %s: %w", row.Seq, row.ChainID, err)
			}
			if _, err := out.WriteString(line + "\n"); err != nil {
				return err
			}
		}
		if len(page) < exportPage {
			break
		}
		last := page[len(page)-1]
		after = &pgstore.AuditCursor{CreatedAt: last.CreatedAt, ChainID: last.ChainID, Seq: last.Seq}
	}
	return out.Flush()
}
