package orgs

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"os"
	"testing"

	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/policy"
)

// The seed's roles and actions: Admin has full access, Engineer runs and approves, Junior runs (as
// policy allows), ReadOnly views history.
func TestRoleActionTable(t *testing.T) {
	want := map[Role]map[Action]bool{
		RoleAdmin:    {ExecuteCommand: true, ApproveCommand: true, ViewHistory: true, ManageTeam: true, ConfigurePolicy: true},
		RoleEngineer: {ExecuteCommand: true, ApproveCommand: true, ViewHistory: true},
		RoleJunior:   {ExecuteCommand: true, ViewHistory: true},
		RoleReadOnly: {ViewHistory: true},
	}
	for _, r := range append(Roles, "owner", "") {
		for _, a := range []Action{ExecuteCommand, ApproveCommand, ViewHistory, ManageTeam, ConfigurePolicy, "Other"} {
			if got := Can(r, a); got != want[r][a] {
				t.Errorf("Can(%q, %s) = %v, want %v", r, a, got, want[r][a])
			}
		}
	}
	for _, r := range Roles {
		if got, err := ParseRole(string(r)); err != nil || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, err)
		}
	}
	if _, err := ParseRole("owner"); err == nil {
		t.Error("ParseRole accepts owner, a team's role")
	}
}

func newUser(t *testing.T, q pgstore.Querier, email string) pgstore.User {
	t.Helper()
	u, err := pgstore.CreateUser(context.Background(), q, email, "not-a-hash", "")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestAuthorize(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t)
	s := &Service{DB: db}
	admin, ro, out := newUser(t, db, "a@x.example"), newUser(t, db, "r@x.example"), newUser(t, db, "o@x.example")
	o, err := s.Create(ctx, "X", "A@x.example", []string{"policies"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, "x", "a@x.example", nil); !errors.Is(err, pgstore.ErrConflict) {
		t.Fatalf("a second organisation named x (case aside): %v", err)
	}
	if _, err := s.Create(ctx, "Y", "nobody@x.example", nil); !errors.Is(err, ErrNoSuchUser) {
		t.Fatalf("an owner without an account: %v", err)
	}
	if _, err := s.SetMember(ctx, o.ID, "r@x.example", RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	if role, err := Authorize(ctx, db, o.ID, admin.ID, ConfigurePolicy, ApproveCommand); err != nil || role != RoleAdmin {
		t.Fatalf("the owner: %q, %v", role, err)
	}
	if role, err := Authorize(ctx, db, o.ID, ro.ID, ViewHistory); err != nil || role != RoleReadOnly {
		t.Fatalf("readonly viewing: %q, %v", role, err)
	}
	if _, err := Authorize(ctx, db, o.ID, ro.ID, ViewHistory, ExecuteCommand); !errors.Is(err, ErrForbidden) {
		t.Fatalf("readonly executing: %v", err)
	}
	if _, err := Authorize(ctx, db, o.ID, out.ID); !errors.Is(err, pgstore.ErrNotFound) {
		t.Fatalf("an outsider: %v", err)
	}
	// A role changes in place.
	if _, err := s.SetMember(ctx, o.ID, "r@x.example", RoleEngineer); err != nil {
		t.Fatal(err)
	}
	if _, err := Authorize(ctx, db, o.ID, ro.ID, ApproveCommand); err != nil {
		t.Fatalf("after promotion: %v", err)
	}
	for _, ref := range []string{o.ID, "X", "x"} {
		if got, err := s.Find(ctx, ref); err != nil || got.ID != o.ID || len(got.Features) != 1 {
			t.Errorf("Find(%q) = %+v, %v", ref, got, err)
		}
	}
	if _, err := s.Find(ctx, "nope"); !errors.Is(err, ErrNoSuchOrg) {
		t.Errorf("Find(nope): %v", err)
	}
}

// Replicas that start at once sign with one key: the first stores it, the others read it.
func TestSigningKeySharedByReplicas(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t)
	keys := make(chan ed25519.PrivateKey, 4)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			k, err := (&Service{DB: db}).SigningKey(ctx)
			keys <- k
			errs <- err
		}()
	}
	var first ed25519.PrivateKey
	for range 4 {
		k := <-keys
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = k
		} else if !first.Equal(k) {
			t.Fatal("two replicas sign with different keys")
		}
	}
	set := ed25519.NewKeyFromSeed(make([]byte, 32))
	if k, err := (&Service{DB: db, Key: set}).SigningKey(ctx); err != nil || !k.Equal(set) {
		t.Fatalf("a configured key is not the one used: %v", err)
	}
}

func TestParseSigningKey(t *testing.T) {
	seed := make([]byte, 32)
	for i := range seed {
		seed[i] = byte(i)
	}
	want := ed25519.NewKeyFromSeed(seed)
	for _, s := range []string{base64.StdEncoding.EncodeToString(seed), base64.RawURLEncoding.EncodeToString(seed),
		" " + base64.StdEncoding.EncodeToString(want) + "\n"} {
		if k, err := ParseSigningKey(s); err != nil || !k.Equal(want) {
			t.Errorf("ParseSigningKey(%q): %v", s, err)
		}
	}
	bad := append([]byte(nil), want...)
	bad[63] ^= 1
	for _, s := range []string{"", "not base64!", base64.StdEncoding.EncodeToString(seed[:16]), base64.StdEncoding.EncodeToString(bad)} {
		if _, err := ParseSigningKey(s); err == nil {
			t.Errorf("ParseSigningKey(%q) accepted", s)
		}
	}
}

func TestParsePolicyAndFormat(t *testing.T) {
	seed, err := os.ReadFile("../../policy/testdata/juniors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const rego = "package p\n\ndeny contains \"no\" if { input.facts.programs[\"dd\"] }\n"
	for _, c := range []struct {
		name, format, source, field string
	}{
		{"juniors", FormatStructured, string(seed), ""},
		{"dd", FormatRego, rego, ""},
		{"dd", FormatStructured, rego, "format"},
		{"juniors", FormatRego, string(seed), "format"},
		{"a/b", FormatRego, rego, "name"},
		{"", FormatRego, rego, "name"},
		{"x", "yaml", rego, "format"},
		{"x", FormatStructured, " ", "source"},
		{"x", FormatStructured, "rules: [{name: r, then: deny}]", "source"},
		{"x", FormatRego, "package p\n\ndeny contains if {", "source"},
	} {
		p, err := ParsePolicy(c.name, c.format, c.source)
		var ve *ValidationError
		switch {
		case c.field == "" && (err != nil || p.Name != c.name):
			t.Errorf("ParsePolicy(%q, %s): %+v, %v", c.name, c.format, p, err)
		case c.field != "" && (!errors.As(err, &ve) || ve.Field != c.field):
			t.Errorf("ParsePolicy(%q, %s, %q): %v, want a problem with %s", c.name, c.format, c.source, err, c.field)
		}
	}
	_, err = ParsePolicy("x", FormatStructured, "rules: [{name: r, if: {risk_at_least: huge}, then: deny}]")
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 2 || ve.Problems[0].Rule != "rule 1 (r)" {
		t.Fatalf("problems of a bad rule: %#v", err)
	}
	for file, want := range map[string]string{"p.rego": FormatRego, "P.YAML": FormatStructured, "a.b.yml": FormatStructured,
		"x.json": FormatStructured, "x.txt": "", "rego": ""} {
		got, err := FormatOf(file)
		if got != want || (err != nil) != (want == "") {
			t.Errorf("FormatOf(%q) = %q, %v; want %q", file, got, err, want)
		}
	}
}

// Policies compile once per version: the server evaluates many commands on one compiled set, and a
// change reaches the next evaluation.
func TestEvaluateCompilesOncePerVersion(t *testing.T) {
	ctx := context.Background()
	db := testdb.New(t)
	s := &Service{DB: db}
	u := newUser(t, db, "j@x.example")
	newUser(t, db, "a@x.example")
	o, err := s.Create(ctx, "X", "a@x.example", nil)
	if err != nil {
		t.Fatal(err)
	}
	req := Request{User: policy.User{ID: u.ID}, Role: RoleEngineer, Command: "dd if=/dev/zero of=/dev/sda"}
	chk, err := s.Evaluate(ctx, o.ID, o.PolicyVersion, req)
	if err != nil || !chk.Decision.Allowed() {
		t.Fatalf("no policies: %+v, %v", chk.Decision, err)
	}
	p, err := s.SetPolicy(ctx, o.ID, nil, "no-dd", FormatRego, "package p\n\ndeny contains \"no dd\" if { input.facts.programs[\"dd\"] }\n")
	if err != nil {
		t.Fatal(err)
	}
	if p.Version != o.PolicyVersion+1 {
		t.Fatalf("version %d after one change from %d", p.Version, o.PolicyVersion)
	}
	var sets []*policy.Set
	for i := range 3 {
		chk, err := s.Evaluate(ctx, o.ID, p.Version, req)
		if err != nil || chk.Decision.Outcome != gate.Refuse || chk.Result.Policy.Name != "no-dd" || chk.Version != p.Version {
			t.Fatalf("evaluation %d: %+v, %v", i, chk, err)
		}
		s.setsMu.Lock()
		sets = append(sets, s.sets[o.ID])
		s.setsMu.Unlock()
	}
	if sets[0] != sets[1] || sets[1] != sets[2] {
		t.Fatal("one version compiled more than once")
	}
	if err := s.DeletePolicy(ctx, o.ID, "no-dd"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeletePolicy(ctx, o.ID, "no-dd"); !errors.Is(err, pgstore.ErrNotFound) {
		t.Fatalf("deleting twice: %v", err)
	}
	chk, err = s.Evaluate(ctx, o.ID, p.Version+1, req)
	if err != nil || !chk.Decision.Allowed() {
		t.Fatalf("after the delete: %+v, %v", chk.Decision, err)
	}
}
