package teams_test

import (
	"context"
	"errors"
	"testing"

	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/teams"
)

// An invitation waits for the invited person: the same answer whether an account has the address or
// not, one invitation however often an address is invited, found by an account that signs up later
// under any case, accepted once and by its invitee only, never after it expires.
func TestInvitations(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	s := &teams.Service{DB: pool}
	user := func(email string) string {
		t.Helper()
		u, err := pgstore.CreateUser(ctx, pool, email, "h", "")
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	owner, admin, bob, eve := user("owner@example.com"), user("admin@example.com"), user("bob@example.com"), user("eve@example.com")
	team, err := s.Create(ctx, owner, "Ops", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pgstore.AddMember(ctx, pool, team.ID, admin, string(teams.RoleAdmin), nil); err != nil {
		t.Fatal(err)
	}

	known, err := s.Invite(ctx, team.ID, owner, "Bob@Example.com", teams.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	unknown, err := s.Invite(ctx, team.ID, owner, "late@example.com", teams.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if known.Email != "bob@example.com" || known.Status != "pending" || unknown.Status != "pending" ||
		known.ExpiresAt.Sub(known.CreatedAt) != teams.InvitationTTL || known.Expired || known.TeamName != "Ops" {
		t.Fatalf("invitations %+v %+v", known, unknown)
	}
	if n, err := pgstore.MemberRole(ctx, pool, team.ID, bob); !errors.Is(err, pgstore.ErrNotFound) {
		t.Fatalf("bob is in the team before accepting: %q %v", n, err)
	}
	again, err := s.Invite(ctx, team.ID, admin, "bob@example.com", teams.RoleMember)
	if err != nil || again.ID != known.ID {
		t.Fatalf("invited twice: %+v %v, first %s", again, err, known.ID)
	}
	for _, c := range []struct {
		actor, email string
		role         teams.Role
		want         error
	}{
		{admin, "x@example.com", teams.RoleAdmin, teams.ErrForbidden},
		{bob, "x@example.com", teams.RoleMember, pgstore.ErrNotFound},
		{owner, "admin@example.com", teams.RoleMember, pgstore.ErrConflict},
	} {
		if _, err := s.Invite(ctx, team.ID, c.actor, c.email, c.role); !errors.Is(err, c.want) {
			t.Errorf("invite %s as %s: %v, want %v", c.email, c.actor, err, c.want)
		}
	}
	if list, err := s.Invitations(ctx, team.ID, admin); err != nil || len(list) != 2 {
		t.Fatalf("team invitations: %+v %v", list, err)
	}
	if _, err := s.Invitations(ctx, team.ID, bob); !errors.Is(err, pgstore.ErrNotFound) {
		t.Fatalf("an outsider lists invitations: %v", err)
	}

	// Only the invitee sees and answers it.
	if mine, err := s.MyInvitations(ctx, bob); err != nil || len(mine) != 1 || mine[0].ID != known.ID {
		t.Fatalf("bob's invitations: %+v %v", mine, err)
	}
	if mine, err := s.MyInvitations(ctx, eve); err != nil || len(mine) != 0 {
		t.Fatalf("eve's invitations: %+v %v", mine, err)
	}
	if _, _, err := s.Accept(ctx, eve, known.ID); !errors.Is(err, pgstore.ErrNotFound) {
		t.Fatalf("eve accepts bob's invitation: %v", err)
	}
	if _, err := s.Decline(ctx, eve, known.ID); !errors.Is(err, pgstore.ErrNotFound) {
		t.Fatalf("eve declines bob's invitation: %v", err)
	}
	joined, _, err := s.Accept(ctx, bob, known.ID)
	if err != nil || joined.ID != team.ID || joined.Role != "member" {
		t.Fatalf("bob accepts: %+v %v", joined, err)
	}
	if role, err := pgstore.MemberRole(ctx, pool, team.ID, bob); err != nil || role != "member" {
		t.Fatalf("bob's role %q %v", role, err)
	}
	if _, _, err := s.Accept(ctx, bob, known.ID); !errors.Is(err, teams.ErrInvitationClosed) {
		t.Fatalf("accepted twice: %v", err)
	}

	// The address invited before its account existed, signed up under another case.
	late := user("late@example.com")
	mine, err := s.MyInvitations(ctx, late)
	if err != nil || len(mine) != 1 || mine[0].ID != unknown.ID || mine[0].Role != "admin" {
		t.Fatalf("late's invitations: %+v %v", mine, err)
	}
	if _, err := pool.Exec(ctx, `UPDATE team_invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, unknown.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Accept(ctx, late, unknown.ID); !errors.Is(err, teams.ErrInvitationExpired) {
		t.Fatalf("accept an expired invitation: %v", err)
	}
	if mine, _ := s.MyInvitations(ctx, late); len(mine) != 0 {
		t.Fatalf("an expired invitation is listed: %+v", mine)
	}
	renewed, err := s.Invite(ctx, team.ID, owner, "late@example.com", teams.RoleMember)
	if err != nil || renewed.ID != unknown.ID || renewed.Role != "member" {
		t.Fatalf("invite again after expiry: %+v %v", renewed, err)
	}
	if _, err := s.Decline(ctx, late, unknown.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Accept(ctx, late, unknown.ID); !errors.Is(err, teams.ErrInvitationClosed) {
		t.Fatalf("accept after declining: %v", err)
	}

	// Revoked: an admin withdraws it, once; the invitee can no longer accept.
	carol, err := s.Invite(ctx, team.ID, admin, "carol@example.com", teams.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Revoke(ctx, team.ID, bob, carol.ID); !errors.Is(err, teams.ErrForbidden) {
		t.Fatalf("a member revokes: %v", err)
	}
	if err := s.Revoke(ctx, team.ID, admin, carol.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Revoke(ctx, team.ID, admin, carol.ID); !errors.Is(err, pgstore.ErrNotFound) {
		t.Fatalf("revoked twice: %v", err)
	}
	carolID := user("carol@example.com")
	if _, _, err := s.Accept(ctx, carolID, carol.ID); !errors.Is(err, teams.ErrInvitationClosed) {
		t.Fatalf("accept a revoked invitation: %v", err)
	}
	if list, _ := s.Invitations(ctx, team.ID, owner); len(list) != 0 {
		t.Fatalf("pending after all were answered: %+v", list)
	}
}
