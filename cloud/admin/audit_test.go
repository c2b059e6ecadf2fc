package admin_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/admin"
	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/audit/tlog"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

func runAudit(t *testing.T, pool *pgxpool.Pool, env map[string]string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	connected := false
	code := admin.RunAudit(context.Background(), args, admin.Env{Stdout: &stdout, Stderr: &stderr,
		Getenv: func(k string) string { return env[k] },
		Connect: func(context.Context) (orgs.DB, error) {
			connected = true
			return pool, nil
		}})
	if code == 2 && connected {
		t.Errorf("audit %s: a usage error reached the database", strings.Join(args, " "))
	}
	return result{code, stdout.String(), stderr.String()}
}

type verifyJSON struct {
	Intact      bool           `json:"intact"`
	FirstBadSeq int64          `json:"first_bad_seq"`
	OrgID       string         `json:"org_id"`
	Problem     string         `json:"problem"`
	Chains      []audit.Report `json:"chains"`
}

func verifyOut(t *testing.T, r result) verifyJSON {
	t.Helper()
	var v verifyJSON
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatalf("audit verify --json printed %q (stderr %q): %v", r.stdout, r.stderr, err)
	}
	return v
}

// auditLog is an installation with two organisations' chains and the global one, each event
// written as the server writes them, and the organisations' checkpoints published with the server's
// stored key.
func auditLog(t *testing.T, pool *pgxpool.Pool, events int) (acme, beta string) {
	t.Helper()
	ctx := context.Background()
	newUser(t, pool, "owner@acme.example")
	svc := &orgs.Service{DB: pool}
	a, err := svc.Create(ctx, "Acme", "owner@acme.example", nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := svc.Create(ctx, "Beta", "owner@acme.example", nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= events; i++ {
		for _, org := range []string{a.ID, b.ID, ""} {
			err := audit.Record(ctx, pool, audit.Event{OrgID: org, Action: "test.event", Status: audit.StatusSuccess,
				ResourceID: fmt.Sprint(i), Details: map[string]any{"i": i}})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	log := &audit.Log{DB: pool, Key: svc.SigningKey}
	for _, org := range []string{a.ID, b.ID} {
		if _, err := log.Publish(ctx, org, 0, 0); err != nil {
			t.Fatal(err)
		}
	}
	return a.ID, b.ID
}

// sqlAsAttacker runs statements with the audit tables' rules and triggers off, as a superuser would.
func sqlAsAttacker(t *testing.T, pool *pgxpool.Pool, statements ...string) {
	t.Helper()
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var all []string
		for _, table := range []string{"audit_logs", "audit_checkpoints"} {
			all = append(all, `ALTER TABLE `+table+` DISABLE TRIGGER USER`, `ALTER TABLE `+table+` DISABLE RULE `+table+`_no_update`,
				`ALTER TABLE `+table+` DISABLE RULE `+table+`_no_delete`)
		}
		all = append(all, statements...)
		for _, table := range []string{"audit_logs", "audit_checkpoints"} {
			all = append(all, `ALTER TABLE `+table+` ENABLE TRIGGER USER`, `ALTER TABLE `+table+` ENABLE RULE `+table+`_no_update`,
				`ALTER TABLE `+table+` ENABLE RULE `+table+`_no_delete`)
		}
		for _, s := range all {
			if _, err := tx.Exec(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAuditUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"frob"}, {"verify", "extra"}, {"verify", "--org"}, {"verify", "--colour", "red"},
		{"verify", "--public-key", "not base64!"}, {"verify", "--public-key", base64.StdEncoding.EncodeToString([]byte("short"))},
		{"verify", "--public-key", "cmdai-server+00000000+" + base64.StdEncoding.EncodeToString(append([]byte{1}, make([]byte, 32)...))}} {
		r := runAudit(t, nil, nil, args...)
		if r.code != 2 || !strings.Contains(r.stderr, "cmdai-server audit: ") || !strings.Contains(r.stderr, "Usage:") {
			t.Errorf("audit %q: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	for _, args := range [][]string{{"--help"}, {"help"}, {"verify", "--help"}} {
		r := runAudit(t, nil, nil, args...)
		if r.code != 0 || !strings.Contains(r.stdout, "audit verify [--org ORG]") {
			t.Errorf("audit %q: exit %d, stdout %q", args, r.code, r.stdout)
		}
	}
}

// An intact log exits 0, in text and JSON, for every chain or one organisation's (by name or id) or
// the global chain.
func TestAuditVerifyIntact(t *testing.T) {
	pool := testdb.New(t)
	acme, _ := auditLog(t, pool, 5)
	r := runAudit(t, pool, nil, "verify", "--json")
	v := verifyOut(t, r)
	if r.code != 0 || !v.Intact || len(v.Chains) != 3 || v.FirstBadSeq != 0 {
		t.Fatalf("verify --json: %+v, %+v", r, v)
	}
	for _, c := range v.Chains {
		if !c.Intact || c.Events != 5 {
			t.Fatalf("chain %+v", c)
		}
	}
	r = runAudit(t, pool, nil, "verify")
	if r.code != 0 || !strings.Contains(r.stdout, "organisation Acme ("+acme+"): 5 events, 1 checkpoints (the largest of 5 events): intact") ||
		!strings.Contains(r.stdout, "outside any organisation: 5 events, 0 checkpoints") || !strings.Contains(r.stdout, "the audit log is intact (3 chains)") {
		t.Fatalf("verify: %+v", r)
	}
	for _, org := range []string{"acme", acme} {
		r := runAudit(t, pool, nil, "verify", "--org", org, "--json")
		if v := verifyOut(t, r); r.code != 0 || len(v.Chains) != 1 || v.Chains[0].OrgID != acme {
			t.Fatalf("verify --org %s: %+v", org, r)
		}
	}
	r = runAudit(t, pool, nil, "verify", "--org", "global", "--json")
	if v := verifyOut(t, r); r.code != 0 || len(v.Chains) != 1 || v.Chains[0].ChainID != pgstore.NilChain {
		t.Fatalf("verify --org global: %+v", r)
	}
	if r := runAudit(t, pool, nil, "verify", "--org", "Nowhere"); r.code != 1 || !strings.Contains(r.stderr, "no organisation") {
		t.Fatalf("verify --org Nowhere: %+v", r)
	}
}

// The bar: as the superuser, change a row, delete a row, swap two rows, cut the tail: audit verify
// exits 1 and names the first bad sequence number each time, in the organisation it is in.
func TestAuditVerifyNamesTheFirstBadSequence(t *testing.T) {
	for _, tc := range []struct {
		name   string
		attack func(chain string) []string
		bad    int64
	}{
		{"a row changed", func(c string) []string {
			return []string{`UPDATE audit_logs SET resource_id = 'other' WHERE chain_id = '` + c + `' AND seq = 4`}
		}, 4},
		{"a row deleted", func(c string) []string {
			return []string{`DELETE FROM audit_logs WHERE chain_id = '` + c + `' AND seq = 3`}
		}, 3},
		{"two rows swapped", func(c string) []string {
			w := ` WHERE chain_id = '` + c + `' AND seq = `
			return []string{`UPDATE audit_logs SET seq = 100` + w + `5`, `UPDATE audit_logs SET seq = 5` + w + `6`, `UPDATE audit_logs SET seq = 6` + w + `100`}
		}, 5},
		{"the tail cut", func(c string) []string {
			return []string{`DELETE FROM audit_logs WHERE chain_id = '` + c + `' AND seq >= 7`}
		}, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pool := testdb.New(t)
			_, beta := auditLog(t, pool, 8)
			sqlAsAttacker(t, pool, tc.attack(beta)...)
			r := runAudit(t, pool, nil, "verify", "--json")
			v := verifyOut(t, r)
			if r.code != 1 || v.Intact || v.FirstBadSeq != tc.bad || v.OrgID != beta || v.Problem == "" {
				t.Fatalf("verify --json after the attack: exit %d, %+v", r.code, v)
			}
			bad := 0
			for _, c := range v.Chains {
				if !c.Intact {
					bad++
				}
			}
			if bad != 1 {
				t.Fatalf("%d chains are not intact, want 1: %+v", bad, v.Chains)
			}
			r = runAudit(t, pool, nil, "verify", "--org", "Beta")
			if r.code != 1 || !strings.Contains(r.stdout, fmt.Sprintf("NOT INTACT from event %d", tc.bad)) ||
				!strings.Contains(r.stdout, fmt.Sprintf("first bad sequence number %d", tc.bad)) {
				t.Fatalf("verify --org Beta: %+v", r)
			}
		})
	}
}

// A checkpoint kept outside the database catches what the database alone no longer can: an attacker
// who cuts the tail and deletes the checkpoints that covered it. Checkpoints are checked with the key
// given, or POLICY_SIGNING_KEY's, and one signed by another key is refused.
func TestAuditVerifyWithCheckpointsKeptElsewhere(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, ed25519.SeedSize))
	seed := base64.StdEncoding.EncodeToString(key.Seed())
	env := map[string]string{"POLICY_SIGNING_KEY": seed}
	newUser(t, pool, "owner@acme.example")
	o, err := (&orgs.Service{DB: pool}).Create(ctx, "Acme", "owner@acme.example", nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		if err := audit.Record(ctx, pool, audit.Event{OrgID: o.ID, Action: "test.event", Status: audit.StatusSuccess, DurationMS: i}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := (&audit.Log{DB: pool, Key: func(context.Context) (ed25519.PrivateKey, error) { return key, nil }}).Publish(ctx, o.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	kept := filepath.Join(t.TempDir(), "acme.checkpoint")
	if err := os.WriteFile(kept, []byte(p.Note), 0o600); err != nil {
		t.Fatal(err)
	}
	// The server's key is not in the database: it comes from the environment or the flag.
	if r := runAudit(t, pool, nil, "verify"); r.code != 1 || !strings.Contains(r.stderr, "no public key") {
		t.Fatalf("verify with no key: %+v", r)
	}
	if r := runAudit(t, pool, env, "verify", "--checkpoint", kept); r.code != 0 {
		t.Fatalf("verify with POLICY_SIGNING_KEY: %+v", r)
	}
	vkey, _ := tlog.VerifierKey(key.Public().(ed25519.PublicKey))
	for _, k := range []string{vkey, base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey))} {
		if r := runAudit(t, pool, nil, "verify", "--public-key", k); r.code != 0 {
			t.Fatalf("verify --public-key %s: %+v", k, r)
		}
	}
	other := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, 32))
	if r := runAudit(t, pool, map[string]string{"POLICY_SIGNING_KEY": other}, "verify", "--json"); r.code != 1 || !strings.Contains(verifyOut(t, r).Problem, "does not verify") {
		t.Fatalf("verify with another key: %+v", r)
	}

	sqlAsAttacker(t, pool, `DELETE FROM audit_logs WHERE seq > 4`, `DELETE FROM audit_checkpoints`)
	if r := runAudit(t, pool, env, "verify"); r.code != 0 {
		t.Fatalf("with its checkpoints gone too, the database alone looks intact: %+v", r)
	}
	r := runAudit(t, pool, env, "verify", "--json", "--checkpoint", kept)
	if v := verifyOut(t, r); r.code != 1 || v.FirstBadSeq != 5 || !strings.Contains(v.Problem, "events 5 to 6 were removed") {
		t.Fatalf("verify --checkpoint after the cut: %+v", r)
	}
	// The whole chain gone, checkpoints and all: the kept checkpoint still names it.
	sqlAsAttacker(t, pool, `DELETE FROM audit_logs`)
	r = runAudit(t, pool, env, "verify", "--json", "--checkpoint", kept)
	if v := verifyOut(t, r); r.code != 1 || v.FirstBadSeq != 1 || v.OrgID != o.ID {
		t.Fatalf("verify --checkpoint after removing the chain: %+v", r)
	}
	bogus := filepath.Join(t.TempDir(), "bogus")
	if err := os.WriteFile(bogus, []byte("example.com/log\n1\nAAAA\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runAudit(t, pool, env, "verify", "--checkpoint", bogus); r.code != 1 || !strings.Contains(r.stderr, "not a checkpoint of a cmdai audit log") {
		t.Fatalf("a checkpoint of another log: %+v", r)
	}
}

// Each administration change is an event in the organisation's chain, naming the command and the
// user who ran it; the organisation's text setting is one of them.
func TestAdminChangesAreAudited(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	newUser(t, pool, "owner@acme.example")
	newUser(t, pool, "eng@acme.example")
	var stdout, stderr bytes.Buffer
	adminRun := func(args ...string) {
		t.Helper()
		code := admin.Run(ctx, args, admin.Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string {
			return map[string]string{"USER": "ops"}[k]
		}, Connect: func(context.Context) (orgs.DB, error) { return pool, nil }})
		if code != 0 {
			t.Fatalf("admin %q: exit %d: %s", args, code, &stderr)
		}
	}
	adminRun("org", "create", "Acme", "--owner", "owner@acme.example")
	adminRun("org", "add-member", "Acme", "eng@acme.example", "--role", "engineer")
	adminRun("policy", "set", "Acme", "juniors", "../../policy/testdata/juniors.yaml")
	adminRun("org", "audit-text", "Acme", "REDACTED", "--json")
	o, err := (&orgs.Service{DB: pool}).Find(ctx, "Acme")
	if err != nil {
		t.Fatal(err)
	}
	if modes, err := pgstore.OrgAuditCommandText(ctx, pool, []string{o.ID}); err != nil || modes[o.ID] != "redacted" {
		t.Fatalf("the setting: %v, %v", modes, err)
	}
	rows, err := pgstore.AuditEvents(ctx, pool, o.ID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range rows {
		actions = append(actions, r.Action)
		if !strings.Contains(string(r.Details), `"via": "cmdai-server admin"`) || !strings.Contains(string(r.Details), `"os_user": "ops"`) || r.UserAgent != "cmdai-server admin" {
			t.Errorf("event %s: %s", r.Action, r.Details)
		}
	}
	if strings.Join(actions, " ") != "org.create org.member.set policy.set org.audit_text.set" {
		t.Fatalf("the organisation's chain: %v", actions)
	}
	if r := run(t, nil, "org", "audit-text", "Acme", "some"); r.code != 2 || !strings.Contains(r.stderr, "full, redacted or hash") {
		t.Fatalf("a bad setting: %+v", r)
	}
	if r := runAudit(t, pool, nil, "verify", "--org", "Acme"); r.code != 0 {
		t.Fatalf("verify: %+v", r)
	}
}

// audit export prints every event, or an organisation's, since a time, a line each: JSON lines that
// each check against their own hash, CEF with its escapes, RFC 5424 syslog.
func TestAuditExport(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	acme, _ := auditLog(t, pool, 3)
	err := audit.Record(ctx, pool, audit.Event{OrgID: acme, Action: "odd|action", Status: audit.StatusDenied, IP: "2001:db8::1",
		UserAgent: "ua=1\nline", Details: map[string]any{"k": `a=b \ c`}})
	if err != nil {
		t.Fatal(err)
	}
	lines := func(r result) []string {
		t.Helper()
		if r.code != 0 {
			t.Fatalf("export: %+v", r)
		}
		return strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	}
	all := lines(runAudit(t, pool, nil, "export", "--format", "jsonl"))
	if len(all) != 10 {
		t.Fatalf("%d lines, want 10: %q", len(all), all)
	}
	for _, l := range all {
		v, err := audit.ParseJSON([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		obj := v.(map[string]any)
		want := obj["event_hash"].(string)
		delete(obj, "event_hash")
		canon, err := audit.Canonical(obj)
		if err != nil {
			t.Fatal(err)
		}
		if string(canon) != strings.Replace(l, `,"event_hash":"`+want+`"`, "", 1) {
			t.Fatalf("the line is not canonical JSON: %s", l)
		}
		sum := sha256.Sum256(append([]byte("cmdai audit event v1\n"), canon...))
		if hex.EncodeToString(sum[:]) != want {
			t.Fatalf("the line does not hash to its event_hash: %s", l)
		}
	}
	if got := lines(runAudit(t, pool, nil, "export", "--format", "jsonl", "--org", "Acme", "--since", "1h")); len(got) != 4 {
		t.Fatalf("Acme's events in the last hour: %d", len(got))
	}
	if r := runAudit(t, pool, nil, "export", "--format", "jsonl", "--since", time.Now().Add(time.Hour).Format(time.RFC3339)); r.code != 0 || r.stdout != "" {
		t.Fatalf("events from the future: %+v", r)
	}
	cef := lines(runAudit(t, pool, nil, "export", "--format", "cef", "--org", acme))
	odd := cef[len(cef)-1]
	for _, want := range []string{`CEF:0|cmdai|cmdai-server|1|odd\|action|odd\|action|7|`, `requestClientApplication=ua\=1\nline`,
		`src=2001:db8::1`, `outcome=denied`, `cs1=` + acme, `cn1=4`, `cs4={"k":"a\=b \\\\ c"}`} {
		if !strings.Contains(odd, want) {
			t.Errorf("CEF line lacks %s: %s", want, odd)
		}
	}
	syslog := regexp.MustCompile(`^<(108|109)>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z \S+ cmdai-server - \S{1,32} \[cmdai@32473 [^\]]*\] \x{FEFF}\{.*\}$`)
	for _, l := range lines(runAudit(t, pool, nil, "export", "--format", "syslog")) {
		if !syslog.MatchString(l) {
			t.Errorf("not an RFC 5424 message: %q", l)
		}
	}
	for _, args := range [][]string{{"export"}, {"export", "--format", "xml"}, {"export", "--format", "cef", "--since", "yesterday"}} {
		if r := runAudit(t, nil, nil, args...); r.code != 2 {
			t.Errorf("audit %q: %+v", args, r)
		}
	}
}
