package api_test

import (
	"net/http"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
)

// in returns a copy of a that reports to t, so that a subtest's failure is its own and the table goes on.
func (a *testAPI) in(t *testing.T) *testAPI {
	c := *a
	c.t = t
	return &c
}

// userID returns the account id behind a token.
func (a *testAPI) userID(token string) string {
	a.t.Helper()
	r := a.do("GET", "/api/v1/auth/me", token, nil)
	a.want(r, http.StatusOK, "")
	return r.Body["id"].(string)
}

// createTeam makes a team owned by token's user and returns its id.
func (a *testAPI) createTeam(token, name string) string {
	a.t.Helper()
	r := a.do("POST", "/api/v1/teams", token, map[string]string{"name": name})
	a.want(r, http.StatusCreated, "")
	return r.Body["id"].(string)
}

// invite invites email to the team with role, as token's user, wants status, and returns the answer.
func (a *testAPI) invite(token, team, email, role string, status int, code string) response {
	a.t.Helper()
	r := a.do("POST", "/api/v1/teams/"+team+"/invitations", token, map[string]string{"email": email, "role": role})
	a.want(r, status, code)
	return r
}

// join brings the account of inviteeToken (whose address is email) into the team with role: token's user
// invites it, and the invitee accepts.
func (a *testAPI) join(token, team, inviteeToken, email, role string) {
	a.t.Helper()
	id := a.invite(token, team, email, role, http.StatusAccepted, "").Body["id"].(string)
	a.want(a.do("POST", "/api/v1/invitations/"+id+"/accept", inviteeToken, nil), http.StatusOK, "")
}

// roles maps user ids to roles from a team's details.
func roles(r response) map[string]string {
	out := map[string]string{}
	for _, m := range r.Body["members"].([]any) {
		m := m.(map[string]any)
		out[m["user_id"].(string)] = m["role"].(string)
	}
	return out
}

func TestTeamMembership(t *testing.T) {
	a := newAPI(t)
	owner, _ := a.signup("owner@example.com")
	admin, _ := a.signup("admin@example.com")
	member, _ := a.signup("member@example.com")
	late, _ := a.signup("late@example.com")
	ownerID, adminID, memberID, lateID := a.userID(owner), a.userID(admin), a.userID(member), a.userID(late)

	r := a.do("POST", "/api/v1/teams", owner, map[string]string{"name": "Ops Team"})
	a.want(r, http.StatusCreated, "")
	team := r.Body["id"].(string)
	if r.Body["role"] != "owner" || r.Body["plan"] != "free" || r.Body["slug"] == "" {
		t.Fatalf("created team %s", r.Raw)
	}
	a.want(a.do("POST", "/api/v1/teams", owner, map[string]string{"name": "A", "slug": "taken-slug"}), http.StatusCreated, "")
	a.want(a.do("POST", "/api/v1/teams", admin, map[string]string{"name": "B", "slug": "taken-slug"}), http.StatusConflict, api.CodeConflict)

	a.join(owner, team, admin, "ADMIN@example.com", "admin")
	a.join(owner, team, member, "member@example.com", "") // member by default
	a.invite(owner, team, "member@example.com", "member", http.StatusConflict, api.CodeConflict)
	a.invite(owner, team, "not an email", "member", http.StatusBadRequest, api.CodeValidation)
	a.invite(owner, team, "late@example.com", "owner", http.StatusBadRequest, api.CodeValidation)
	a.invite(owner, team, "late@example.com", "superuser", http.StatusBadRequest, api.CodeValidation)
	// An admin invites members but does not make admins; a member invites nobody.
	a.invite(admin, team, "late@example.com", "admin", http.StatusForbidden, api.CodeForbidden)
	a.invite(member, team, "late@example.com", "member", http.StatusForbidden, api.CodeForbidden)
	a.join(admin, team, late, "late@example.com", "member")

	d := a.do("GET", "/api/v1/teams/"+team, member, nil)
	a.want(d, http.StatusOK, "")
	want := map[string]string{ownerID: "owner", adminID: "admin", memberID: "member", lateID: "member"}
	if got := roles(d); len(got) != len(want) || got[ownerID] != "owner" || got[adminID] != "admin" || got[memberID] != "member" || got[lateID] != "member" {
		t.Fatalf("members %v, want %v", got, want)
	}
	if d.Body["role"] != "member" {
		t.Fatalf("details role for a member: %v", d.Body["role"])
	}
	if n := len(a.do("GET", "/api/v1/teams", member, nil).Body["items"].([]any)); n != 1 {
		t.Fatalf("member lists %d teams", n)
	}

	// Removal: an admin cannot remove an owner or another admin, a member cannot remove others.
	base := "/api/v1/teams/" + team + "/members/"
	a.want(a.do("DELETE", base+ownerID, admin, nil), http.StatusForbidden, api.CodeForbidden)
	a.want(a.do("DELETE", base+lateID, member, nil), http.StatusForbidden, api.CodeForbidden)
	a.want(a.do("DELETE", base+lateID, admin, nil), http.StatusNoContent, "")
	a.want(a.do("DELETE", base+lateID, admin, nil), http.StatusNotFound, api.CodeNotFound)
	// The last owner can neither leave nor step down.
	a.want(a.do("DELETE", base+ownerID, owner, nil), http.StatusConflict, api.CodeConflict)
	a.want(a.do("PATCH", base+ownerID, owner, map[string]string{"role": "member"}), http.StatusConflict, api.CodeConflict)
	// Only an owner changes roles.
	a.want(a.do("PATCH", base+memberID, admin, map[string]string{"role": "admin"}), http.StatusForbidden, api.CodeForbidden)
	a.want(a.do("PATCH", base+memberID, owner, map[string]string{"role": "king"}), http.StatusBadRequest, api.CodeValidation)
	r = a.do("PATCH", base+adminID, owner, map[string]string{"role": "owner"})
	a.want(r, http.StatusOK, "")
	if r.Body["role"] != "owner" {
		t.Fatalf("promoted %s", r.Raw)
	}
	// With two owners, the first may leave; a member may leave on their own.
	a.want(a.do("DELETE", base+ownerID, owner, nil), http.StatusNoContent, "")
	a.want(a.do("DELETE", base+memberID, member, nil), http.StatusNoContent, "")
	if got := roles(a.do("GET", "/api/v1/teams/"+team, admin, nil)); len(got) != 1 || got[adminID] != "owner" {
		t.Fatalf("after leaving, members %v", got)
	}
	// Those who left see nothing of the team.
	a.want(a.do("GET", "/api/v1/teams/"+team, owner, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("GET", "/api/v1/teams/"+team, member, nil), http.StatusNotFound, api.CodeNotFound)
}

func TestTeamValidation(t *testing.T) {
	a := newAPI(t)
	tok, _ := a.signup("tv@example.com")
	for name, body := range map[string]any{
		"no name":       map[string]string{},
		"blank name":    map[string]string{"name": "   "},
		"long name":     map[string]string{"name": string(make([]byte, 101))},
		"bad slug":      map[string]string{"name": "x", "slug": "Not A Slug"},
		"name not text": map[string]any{"name": 7},
	} {
		t.Run(name, func(t *testing.T) {
			r := a.in(t).do("POST", "/api/v1/teams", tok, body)
			if r.Status != http.StatusBadRequest {
				t.Fatalf("got %d: %s", r.Status, r.Raw)
			}
		})
	}
	a.want(a.do("GET", "/api/v1/teams/not-a-uuid", tok, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("GET", "/api/v1/teams/00000000-0000-0000-0000-000000000000", tok, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("GET", "/api/v1/teams", "", nil), http.StatusUnauthorized, api.CodeUnauthorized)
}
