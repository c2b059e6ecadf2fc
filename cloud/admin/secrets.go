package admin

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/secrets"
)

// SecretsUsage is the help of the secrets commands.
const SecretsUsage = `Usage:
  cmdai-server secrets new-key
      Print a new key-encryption key: the base64 of 32 random bytes, for CMDAI_SECRETS_KEY.
  cmdai-server secrets status [--json]
      Count the sealed values in the database (integration credentials, SSO client secrets, SIEM
      tokens, TOTP secrets, webhook keys, the server's signing key seeds) by the key their data keys
      are wrapped under, and the signing key seeds still stored in plaintext.
  cmdai-server secrets rotate [--dry-run] [--json]
      Re-wrap every sealed value's data key under the current key (CMDAI_SECRETS_KEY, named by
      CMDAI_SECRETS_KEY_ID), opening the others with the keys in CMDAI_SECRETS_OLD_KEYS, and seal
      under it the server's signing key seeds stored in plaintext. The values themselves are not
      re-encrypted, and each is rewritten on its own: servers that hold both keys keep reading and
      writing throughout. --dry-run only counts what would change.

Rotating with no downtime: (1) set CMDAI_SECRETS_KEY to a new key with a new CMDAI_SECRETS_KEY_ID
and put the old one into CMDAI_SECRETS_OLD_KEYS as ID:KEY, on every replica; (2) run
'cmdai-server secrets rotate'; (3) once it reports nothing left under the old key, remove it from
CMDAI_SECRETS_OLD_KEYS. Each variable can come from NAME_FILE or NAME_VAULT as well.
The database commands read DATABASE_URL and apply pending migrations first. --json prints one JSON
object. Exit status: 0 done, 1 failed (a value under a key the keyring does not hold), 2 usage error.
`

// SecretsMain runs one secrets command (args follow "secrets") and returns the process's exit status.
func SecretsMain(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	return withDatabase(RunSecrets, args, getenv, stdout, stderr)
}

// RunSecrets runs one secrets command and returns the process's exit status.
func RunSecrets(ctx context.Context, args []string, env Env) int {
	return exitStatus(runSecrets(ctx, args, env), "secrets", SecretsUsage, env)
}

func runSecrets(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 {
		return usagef("name a command: new-key, status or rotate")
	}
	switch args[0] {
	case "help", "-h", "--help", "-help":
		return errHelp
	case "new-key":
		if _, err := parse("new-key", args[1:], 0, nil); err != nil {
			return err
		}
		_, err := fmt.Fprintln(env.Stdout, secrets.NewKey())
		return err
	case "status", "rotate":
	default:
		return usagef("unknown command %q: use new-key, status or rotate", args[0])
	}
	var dryRun bool
	c, err := parse(args[0], args[1:], 0, func(fs *flag.FlagSet) {
		if args[0] == "rotate" {
			fs.BoolVar(&dryRun, "dry-run", false, "only count what would change")
		}
	})
	if err != nil {
		return err
	}
	kr, err := secrets.KeyringFromEnv()
	if err != nil {
		return err
	}
	db, err := env.Connect(ctx)
	if err != nil {
		return err
	}
	write := args[0] == "rotate" && !dryRun
	// Seeds are sealed first, under the current key, so that the re-wrap below counts them there.
	sealedSeeds, err := orgs.SealServerKeys(ctx, db, kr, write)
	if err != nil {
		return err
	}
	rep, err := rewrap(ctx, db, kr, write)
	if err != nil {
		return err
	}
	rep.SealedSeeds = sealedSeeds
	rep.DryRun = dryRun
	if err := printRewrap(env, c.json, args[0], rep); err != nil {
		return err
	}
	if len(rep.UnknownKeys) > 0 {
		return fmt.Errorf("%d sealed values are under keys this keyring does not hold (%s): add them to %s",
			sum(rep.UnknownKeys), strings.Join(sortedKeys(rep.UnknownKeys), ", "), secrets.EnvOldKeys)
	}
	return nil
}

// rewrapReport is what status and rotate found.
type rewrapReport struct {
	CurrentKey string `json:"current_key"`
	DryRun     bool   `json:"dry_run,omitempty"`
	// ByKey counts sealed values by the key they were under when read.
	ByKey map[string]int `json:"by_key"`
	// Rewrapped is how many values were (or, on a dry run or status, would be) re-wrapped.
	Rewrapped   int            `json:"rewrapped"`
	UnknownKeys map[string]int `json:"unknown_keys,omitempty"`
	// SealedSeeds is how many of the server's signing key seeds stored in plaintext were (or would be)
	// sealed under the current key.
	SealedSeeds int              `json:"sealed_server_key_seeds"`
	Columns     []sealedColumnNo `json:"columns"`
}

type sealedColumnNo struct {
	Table  string `json:"table"`
	Column string `json:"column"`
	Sealed int    `json:"sealed"`
}

// rewrap finds every sealed value in the database's bytea columns and, when write is set, re-wraps
// the ones under other keys. Each value is replaced by one UPDATE that matches it exactly, so a value
// that a server changed meanwhile is left as the server wrote it (under the current key already).
func rewrap(ctx context.Context, db orgs.DB, kr *secrets.Keyring, write bool) (rewrapReport, error) {
	rep := rewrapReport{CurrentKey: kr.CurrentID(), ByKey: map[string]int{}, UnknownKeys: map[string]int{}}
	held := map[string]bool{}
	for _, id := range kr.IDs() {
		held[id] = true
	}
	cols, err := byteaColumns(ctx, db)
	if err != nil {
		return rep, err
	}
	prefix := secrets.SealedPrefix()
	for _, col := range cols {
		table, column := pgx.Identifier{col[0]}.Sanitize(), pgx.Identifier{col[1]}.Sanitize()
		rows, err := db.Query(ctx, fmt.Sprintf(`SELECT %s FROM %s WHERE substring(%s from 1 for %d) = $1`,
			column, table, column, len(prefix)), prefix)
		if err != nil {
			return rep, fmt.Errorf("read %s.%s: %w", col[0], col[1], err)
		}
		values, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
		if err != nil {
			return rep, fmt.Errorf("read %s.%s: %w", col[0], col[1], err)
		}
		if len(values) == 0 {
			continue
		}
		rep.Columns = append(rep.Columns, sealedColumnNo{Table: col[0], Column: col[1], Sealed: len(values)})
		for _, v := range values {
			id, err := secrets.KeyID(v)
			if err != nil {
				continue // begins like a sealed value but is not one
			}
			rep.ByKey[id]++
			switch {
			case id == kr.CurrentID():
				continue
			case !held[id]:
				rep.UnknownKeys[id]++
				continue
			}
			rep.Rewrapped++
			if !write {
				continue
			}
			nv, err := kr.Rewrap(v)
			if err != nil {
				return rep, fmt.Errorf("re-wrap a value of %s.%s: %w", col[0], col[1], err)
			}
			if _, err := db.Exec(ctx, fmt.Sprintf(`UPDATE %s SET %s = $2 WHERE %s = $1`, table, column, column), v, nv); err != nil {
				return rep, fmt.Errorf("write %s.%s: %w", col[0], col[1], err)
			}
		}
	}
	return rep, nil
}

// byteaColumns lists the bytea columns of the schema the server's tables are in, as table, column.
func byteaColumns(ctx context.Context, db orgs.DB) ([][2]string, error) {
	rows, err := db.Query(ctx, `SELECT table_name::text, column_name::text FROM information_schema.columns
		WHERE table_schema = current_schema() AND data_type = 'bytea' ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("list columns: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]string, error) {
		var c [2]string
		err := r.Scan(&c[0], &c[1])
		return c, err
	})
}

func printRewrap(env Env, asJSON bool, cmd string, rep rewrapReport) error {
	if asJSON {
		return report(env, true, rep, "")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "current key: %s\n", rep.CurrentKey)
	for _, id := range sortedKeys(rep.ByKey) {
		fmt.Fprintf(&b, "  %d sealed values under %s\n", rep.ByKey[id], id)
	}
	for _, c := range rep.Columns {
		fmt.Fprintf(&b, "  %s.%s: %d\n", c.Table, c.Column, c.Sealed)
	}
	switch {
	case cmd == "status" || rep.DryRun:
		fmt.Fprintf(&b, "%d server key seeds are stored in plaintext and would be sealed under %s\n", rep.SealedSeeds, rep.CurrentKey)
		fmt.Fprintf(&b, "%d values would be re-wrapped under %s\n", rep.Rewrapped, rep.CurrentKey)
	default:
		fmt.Fprintf(&b, "sealed %d server key seeds stored in plaintext under %s\n", rep.SealedSeeds, rep.CurrentKey)
		fmt.Fprintf(&b, "re-wrapped %d values under %s\n", rep.Rewrapped, rep.CurrentKey)
	}
	_, err := io.WriteString(env.Stdout, b.String())
	return err
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
