package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestTeamInvitationsFromTheCLI is 'cmdai team' end to end against the real server: an owner invites an
// address with an account and one without, the invitee lists and accepts, accepting again is refused,
// and the address that signs up later finds its invitation and declines it.
func TestTeamInvitationsFromTheCLI(t *testing.T) {
	bin := cmdaiBinary(t)
	srv := newCloudServer(t)
	const password = "correct horse battery"
	srv.signup("alice@example.com", password)
	srv.signup("bob@example.com", password)
	a := newMachine(t, "A", bin)
	b := newMachine(t, "B", bin)
	c := newMachine(t, "C", bin)

	step(t, "the commands need a login and say how to use them", func() {
		if _, stderr, code := b.cmdaiCode("", "team", "invitations"); code != 1 || !strings.Contains(stderr, "not logged in: run 'cmdai auth login'") {
			t.Fatalf("invitations before login: exit %d, %s", code, stderr)
		}
		out := a.cmdai("", "team", "--help")
		for _, want := range []string{"invite", "invitations", "accept", "decline", "expire after 14 days"} {
			if !strings.Contains(out, want) {
				t.Fatalf("'cmdai team --help' lacks %q:\n%s", want, out)
			}
		}
		if _, stderr, code := a.cmdaiCode("", "team", "accept"); code != 2 {
			t.Fatalf("accept without an id: exit %d, %s", code, stderr)
		}
	})

	a.cmdai(password+"\n", "auth", "login", "--server", srv.url(), "--email", "alice@example.com", "--password-stdin")
	b.cmdai(password+"\n", "auth", "login", "--server", srv.url(), "--email", "bob@example.com", "--password-stdin")
	aliceToken := a.credentials()["access_token"].(string)
	var ops struct {
		ID string `json:"id"`
	}
	srv.post(aliceToken, "/api/v1/teams", map[string]string{"name": "Ops", "slug": "ops"}, &ops)

	var carolInvitation string
	step(t, "the owner invites an address with an account and one without, alike", func() {
		out := a.cmdai("", "team", "invite", "ops", "bob@example.com")
		if !strings.Contains(out, "invited bob@example.com to Ops as member") {
			t.Fatalf("invite says %q", out)
		}
		var inv map[string]any
		if err := json.Unmarshal([]byte(a.cmdai("", "team", "invite", "Ops", "Carol@Example.com", "--json")), &inv); err != nil {
			t.Fatal(err)
		}
		if inv["status"] != "pending" || inv["email"] != "carol@example.com" || inv["team_name"] != "Ops" {
			t.Fatalf("invitation %v", inv)
		}
		carolInvitation = inv["id"].(string)
		if _, stderr, code := a.cmdaiCode("", "team", "invite", "ops", "dan@example.com", "--role", "owner"); code != 2 || !strings.Contains(stderr, "--role is member or admin") {
			t.Fatalf("invite as owner: exit %d, %s", code, stderr)
		}
		if _, stderr, code := b.cmdaiCode("", "team", "invite", "ops", "eve@example.com"); code != 1 || !strings.Contains(stderr, `team "ops" not found`) {
			t.Fatalf("an outsider invites: exit %d, %s", code, stderr)
		}
		out = a.cmdai("", "team", "invitations", "--team", "ops")
		if !strings.Contains(out, "bob@example.com") || !strings.Contains(out, "carol@example.com") || !strings.Contains(out, "pending") {
			t.Fatalf("the team's invitations:\n%s", out)
		}
	})

	step(t, "the invitee lists and accepts, once", func() {
		out := b.cmdai("", "team", "invitations")
		if !strings.Contains(out, "Ops") || !strings.Contains(out, "alice@example.com") {
			t.Fatalf("bob's invitations:\n%s", out)
		}
		var inv map[string]any
		if err := json.Unmarshal([]byte(b.cmdai("", "team", "invitations", "--json")), &inv); err != nil {
			t.Fatal(err)
		}
		if _, stderr, code := b.cmdaiCode("", "team", "accept", carolInvitation); code != 1 || !strings.Contains(stderr, "no invitation") {
			t.Fatalf("bob accepts carol's invitation: exit %d, %s", code, stderr)
		}
		if out := b.cmdai("", "team", "accept", "ops"); !strings.Contains(out, "joined team Ops as member") {
			t.Fatalf("accept says %q", out)
		}
		if _, stderr, code := b.cmdaiCode("", "team", "accept", inv["id"].(string)); code != 1 || !strings.Contains(stderr, "already accepted") {
			t.Fatalf("accept twice: exit %d, %s", code, stderr)
		}
		var team struct {
			Members []struct {
				Email string `json:"email"`
				Role  string `json:"role"`
			} `json:"members"`
		}
		srv.get(aliceToken, "/api/v1/teams/"+ops.ID, &team)
		if len(team.Members) != 2 || team.Members[1].Email != "bob@example.com" || team.Members[1].Role != "member" {
			t.Fatalf("members %+v", team.Members)
		}
	})

	step(t, "the address that signs up later finds its invitation and declines it", func() {
		srv.signup("carol@example.com", password)
		c.cmdai(password+"\n", "auth", "login", "--server", srv.url(), "--email", "carol@example.com", "--password-stdin")
		if out := c.cmdai("", "team", "invitations"); !strings.Contains(out, carolInvitation) {
			t.Fatalf("carol's invitations:\n%s", out)
		}
		if out := c.cmdai("", "team", "decline", carolInvitation); out != "declined the invitation to Ops\n" {
			t.Fatalf("decline says %q", out)
		}
		if stdout, stderr, code := c.cmdaiCode("", "team", "invitations"); code != 0 || stdout != "" || !strings.Contains(stderr, "no invitations are waiting for you") {
			t.Fatalf("after declining: exit %d, %q %q", code, stdout, stderr)
		}
	})
}
