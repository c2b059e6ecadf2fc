package admin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/admin"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, pool *pgxpool.Pool, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	connected := false
	code := admin.Run(context.Background(), args, admin.Env{Stdout: &stdout, Stderr: &stderr,
		Connect: func(context.Context) (orgs.DB, error) {
			connected = true
			return pool, nil
		}})
	if code == 2 && connected {
		t.Errorf("admin %s: a usage error reached the database", strings.Join(args, " "))
	}
	return result{code, stdout.String(), stderr.String()}
}

func newUser(t *testing.T, pool *pgxpool.Pool, email string) string {
	t.Helper()
	u, err := pgstore.CreateUser(context.Background(), pool, email, "not-a-hash", "")
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// Usage errors exit 2 and say what is wrong, before touching the database; --help explains and exits 0.
func TestAdminUsage(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"org"},
		{"org", "delete", "x"},
		{"org", "create"},
		{"org", "create", "Acme"},
		{"org", "create", "Acme", "Extra", "--owner", "a@b.example"},
		{"org", "create", "Acme", "--owner"},
		{"org", "create", "Acme", "--owner", "a@b.example", "--colour", "red"},
		{"org", "add-member", "Acme", "a@b.example"},
		{"org", "add-member", "Acme", "a@b.example", "--role", "owner"},
		{"policy", "set", "Acme", "p"},
		{"policy", "set", "Acme", "p", "policy.txt"},
	} {
		r := run(t, nil, args...)
		if r.code != 2 || !strings.Contains(r.stderr, "cmdai-server admin: ") || !strings.Contains(r.stderr, "Usage:") {
			t.Errorf("admin %q: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	for _, args := range [][]string{{"--help"}, {"help"}, {"org", "create", "--help"}, {"policy", "set", "-h"}} {
		r := run(t, nil, args...)
		if r.code != 0 || !strings.Contains(r.stdout, "admin org create NAME --owner EMAIL") || !strings.Contains(r.stdout, "admin policy set ORG NAME FILE") {
			t.Errorf("admin %q: exit %d, stdout %q", args, r.code, r.stdout)
		}
	}
	r := run(t, nil, "org", "add-member", "Acme", "a@b.example", "--role", "owner")
	if !strings.Contains(r.stderr, "admin, engineer, junior or readonly") {
		t.Errorf("a bad role does not list the roles: %q", r.stderr)
	}
}

// The bootstrap of an organisation from a shell, as text and as JSON, and its failures (exit 1).
func TestAdminOrgAndPolicy(t *testing.T) {
	pool := testdb.New(t)
	ownerID := newUser(t, pool, "owner@acme.example")
	juniorID := newUser(t, pool, "junior@acme.example")
	ctx := context.Background()

	r := run(t, pool, "org", "create", "Acme", "--json", "--owner", "Owner@Acme.example", "--feature", "policies", "--feature", "sso")
	var created struct {
		ID       string   `json:"id"`
		Name     string   `json:"name"`
		Role     string   `json:"role"`
		Features []string `json:"features"`
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &created) != nil || created.ID == "" || created.Role != "admin" || len(created.Features) != 2 {
		t.Fatalf("org create --json: %+v", r)
	}
	if role, err := pgstore.OrgMemberRole(ctx, pool, created.ID, ownerID); err != nil || role != "admin" {
		t.Fatalf("the owner's role: %q, %v", role, err)
	}
	if r := run(t, pool, "org", "create", "ACME", "--owner", "owner@acme.example"); r.code != 1 || !strings.Contains(r.stderr, `an organisation named "ACME" exists`) {
		t.Fatalf("a second Acme: %+v", r)
	}
	if r := run(t, pool, "org", "create", "Beta", "--owner", "ghost@acme.example"); r.code != 1 || !strings.Contains(r.stderr, "no account has this email") {
		t.Fatalf("an owner with no account: %+v", r)
	}

	r = run(t, pool, "org", "add-member", "acme", "junior@acme.example", "--role", "junior")
	if r.code != 0 || !strings.Contains(r.stdout, "junior@acme.example is junior in Acme") {
		t.Fatalf("add-member: %+v", r)
	}
	r = run(t, pool, "org", "add-member", created.ID, "junior@acme.example", "--role", "engineer", "--json")
	var member map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &member) != nil || member["user_id"] != juniorID || member["role"] != "engineer" || member["org_id"] != created.ID {
		t.Fatalf("add-member by id --json: %+v", r)
	}
	if r := run(t, pool, "org", "add-member", "Nowhere", "junior@acme.example", "--role", "junior"); r.code != 1 || !strings.Contains(r.stderr, "no organisation has this id or name") {
		t.Fatalf("an unknown organisation: %+v", r)
	}
	if r := run(t, pool, "org", "add-member", "Acme", "ghost@acme.example", "--role", "junior"); r.code != 1 || !strings.Contains(r.stderr, "no account") {
		t.Fatalf("an unknown member: %+v", r)
	}

	before, err := pgstore.OrgByID(ctx, pool, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	r = run(t, pool, "policy", "set", "Acme", "Restrict Dangerous Commands for Juniors", "../../policy/testdata/juniors.yaml", "--json")
	var set map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &set) != nil || set["format"] != "structured" || set["version"] != float64(before.PolicyVersion+1) {
		t.Fatalf("policy set --json: %+v", r)
	}
	p, err := pgstore.OrgPolicyByName(ctx, pool, created.ID, "Restrict Dangerous Commands for Juniors")
	if err != nil || !strings.Contains(p.Source, "no-rm-rf-for-juniors") {
		t.Fatalf("stored policy: %+v, %v", p, err)
	}

	dir := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	r = run(t, pool, "policy", "set", "Acme", "dd", write("dd.rego", "package dd\n\ndeny contains \"no dd\" if { input.facts.programs[\"dd\"] }\n"))
	if r.code != 0 || !strings.Contains(r.stdout, "now version "+strconv.FormatInt(before.PolicyVersion+2, 10)) {
		t.Fatalf("policy set rego: %+v", r)
	}
	r = run(t, pool, "policy", "set", "Acme", "bad", write("bad.yaml", "rules:\n  - name: r1\n    if: {command_matches: rm -rf}\n    then: deny\n"))
	if r.code != 1 || !strings.Contains(r.stderr, "rule 1 (r1): reason:") {
		t.Fatalf("an invalid policy: %+v", r)
	}
	r = run(t, pool, "policy", "set", "Acme", "mixed", write("mixed.rego", "rules: []\n"))
	if r.code != 1 || !strings.Contains(r.stderr, "not a Rego module") {
		t.Fatalf("YAML in a .rego file: %+v", r)
	}
	if r := run(t, pool, "policy", "set", "Acme", "gone", filepath.Join(dir, "missing.json")); r.code != 1 || !strings.Contains(r.stderr, "read the policy") {
		t.Fatalf("a missing file: %+v", r)
	}
	after, err := pgstore.OrgByID(ctx, pool, created.ID)
	if err != nil || after.PolicyVersion != before.PolicyVersion+2 {
		t.Fatalf("version %d after two good and three refused policies, from %d: %v", after.PolicyVersion, before.PolicyVersion, err)
	}
}
