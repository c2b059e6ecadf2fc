package teams_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/teams"
)

// Two owners who leave at the same moment: the team lock lets exactly one go, so the team keeps an owner.
func TestConcurrentOwnersCannotBothLeave(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	s := &teams.Service{DB: pool}
	var ids []string
	for i := range 2 {
		u, err := pgstore.CreateUser(ctx, pool, fmt.Sprintf("o%d@example.com", i), "h", "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	for round := range 5 {
		team, err := s.Create(ctx, ids[0], fmt.Sprintf("t%d", round), "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pgstore.AddMember(ctx, pool, team.ID, ids[1], string(teams.RoleOwner), nil); err != nil {
			t.Fatal(err)
		}
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i, id := range ids {
			wg.Go(func() { errs[i] = s.Remove(ctx, team.ID, id, id) })
		}
		wg.Wait()
		left := 0
		for _, err := range errs {
			switch {
			case err == nil:
				left++
			case !errors.Is(err, teams.ErrLastOwner):
				t.Fatalf("round %d: %v", round, err)
			}
		}
		n, err := pgstore.CountOwners(ctx, pool, team.ID)
		if left != 1 || n != 1 {
			t.Fatalf("round %d: %d left, %d owners remain (%v)", round, left, n, err)
		}
	}
}

func TestAuthorize(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	owner, _ := pgstore.CreateUser(ctx, pool, "owner@example.com", "h", "")
	member, _ := pgstore.CreateUser(ctx, pool, "member@example.com", "h", "")
	stranger, _ := pgstore.CreateUser(ctx, pool, "stranger@example.com", "h", "")
	team, err := (&teams.Service{DB: pool}).Create(ctx, owner.ID, "T", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pgstore.AddMember(ctx, pool, team.ID, member.ID, string(teams.RoleMember), &owner.ID); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		user    string
		allowed []teams.Role
		want    error
	}{
		{owner.ID, nil, nil},
		{owner.ID, []teams.Role{teams.RoleOwner}, nil},
		{member.ID, nil, nil},
		{member.ID, []teams.Role{teams.RoleOwner, teams.RoleAdmin}, teams.ErrForbidden},
		{stranger.ID, nil, pgstore.ErrNotFound},
		{stranger.ID, []teams.Role{teams.RoleMember}, pgstore.ErrNotFound},
	}
	for i, c := range cases {
		_, err := teams.Authorize(ctx, pool, team.ID, c.user, c.allowed...)
		if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("case %d: %v, want %v", i, err, c.want)
		}
	}
	if _, err := teams.Authorize(ctx, pool, "00000000-0000-0000-0000-000000000000", owner.ID); !errors.Is(err, pgstore.ErrNotFound) {
		t.Errorf("missing team: %v", err)
	}
}
