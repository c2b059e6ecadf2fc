package local_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/policy"
	"github.com/cmdai/cmdai/policy/local"
	"github.com/cmdai/cmdai/safety"
)

func signedState(t *testing.T, priv ed25519.PrivateKey, version int64) local.State {
	t.Helper()
	src, err := os.ReadFile("../testdata/juniors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := policy.Parse("juniors", src)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := policy.Sign(policy.Bundle{OrgID: "org-1", Version: version, Policies: []policy.Policy{p}, IssuedAt: time.Now()}, priv)
	if err != nil {
		t.Fatal(err)
	}
	return local.State{KeyID: "k1", Key: priv.Public().(ed25519.PublicKey), Bundle: sb, OrgID: "org-1",
		UserID: "u1", Email: "junior@example.com", Roles: []string{"junior"}}
}

func TestEnforcer(t *testing.T) {
	ctx := context.Background()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	path := local.Path(t.TempDir())
	e, err := local.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	opts := safety.Options{Mode: safety.ModeModerate}
	if d := e.Decide(ctx, "rm -rf ./build", "/tmp", opts); d != nil {
		t.Fatalf("no policy installed, yet a decision: %+v", d)
	}
	if err := e.Install(ctx, signedState(t, priv, 2)); err != nil {
		t.Fatal(err)
	}
	d := e.Decide(ctx, "sudo rm -fr ./build", "/tmp", opts)
	if d == nil || d.Decision != "deny" || d.Policy == "" {
		t.Fatalf("a junior's rm -rf: %+v", d)
	}
	if got := e.Restrictions(); len(got) == 0 {
		t.Fatal("no restrictions for the model")
	}

	// A tampered bundle is refused and the last good one stays; so is an older version.
	bad := signedState(t, priv, 3)
	bad.Bundle.Payload = append([]byte(nil), bad.Bundle.Payload...)
	bad.Bundle.Payload[len(bad.Bundle.Payload)/2] ^= 1
	if err := e.Install(ctx, bad); err == nil {
		t.Fatal("a tampered bundle was installed")
	}
	_, other, _ := ed25519.GenerateKey(rand.Reader)
	wrongKey := signedState(t, other, 4)
	wrongKey.Key = priv.Public().(ed25519.PublicKey)
	if err := e.Install(ctx, wrongKey); err == nil {
		t.Fatal("a bundle signed by another key was installed")
	}
	if err := e.Install(ctx, signedState(t, priv, 1)); err == nil {
		t.Fatal("an older bundle was installed")
	}
	if org, v := e.Version(); org != "org-1" || v != 2 {
		t.Fatalf("enforced %s %d, want org-1 2", org, v)
	}

	// The file is what --no-daemon reads: the same decision without the daemon.
	again, err := local.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if d := again.Decide(ctx, "rm -rf ./build", "/tmp", opts); d == nil || d.Decision != "deny" {
		t.Fatalf("reopened: %+v", d)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("policy file: %v, %v", fi.Mode(), err)
	}

	// A file changed on disk does not verify: Open says why, and every command is denied with that
	// reason until a good bundle replaces it.
	raw, _ := os.ReadFile(path)
	raw = slices.Clone(raw)
	i := len(raw) / 3
	raw[i] = 'x'
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	broken, err := local.Open(ctx, path)
	if err == nil {
		t.Fatal("a changed policy file opened without an error")
	}
	if d := broken.Decide(ctx, "ls", "/tmp", opts); d == nil || d.Decision != "deny" || !strings.Contains(d.Reason, "the daemon's next sync replaces it") {
		t.Fatalf("a harmless command under a changed policy file: %+v, want a deny that says why", d)
	}
	// The enforcer that verified the bundle writes it back, once.
	if restored, err := e.Restore(); err != nil || !restored {
		t.Fatalf("Restore of a changed file: %v, %v", restored, err)
	}
	if restored, err := e.Restore(); err != nil || restored {
		t.Fatalf("Restore of an intact file: %v, %v", restored, err)
	}
	if _, err := local.Open(ctx, path); err != nil {
		t.Fatalf("the restored file: %v", err)
	}
	if err := broken.Install(ctx, signedState(t, priv, 2)); err != nil {
		t.Fatal(err)
	}
	if d := broken.Decide(ctx, "ls", "/tmp", opts); d == nil || d.Decision != "approval_required" {
		t.Fatalf("a junior's ls once a good bundle is installed: %+v, want the role's approval_required", d)
	}

	if err := e.Clear(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) || e.Decide(ctx, "rm -rf x", "", opts) != nil {
		t.Fatalf("after Clear: file %v", err)
	}
}
