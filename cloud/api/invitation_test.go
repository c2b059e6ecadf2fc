package api_test

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// keys are the top-level fields of an answer, sorted.
func keys(r response) []string {
	var out []string
	for k := range r.Body {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// The invitation routes through a real server, every answer validated against the document: inviting
// answers the same for an address with or without an account; only the invitee sees, accepts or declines
// an invitation, once; admins list and revoke; an expired invitation cannot be accepted; each step is
// audited.
func TestInvitationsTour(t *testing.T) {
	a := newLimitedAPI(t, testdb.Redis(t), nil, slog.New(slog.DiscardHandler))
	vt := validated(t, a.srv.Client())
	doc := loadOpenAPI(t)
	owner, _ := a.signup("owner@example.com")
	admin, _ := a.signup("admin@example.com")
	bob, _ := a.signup("bob@example.com")
	eve, _ := a.signup("eve@example.com")
	team := a.createTeam(owner, "Ops")
	a.join(owner, team, admin, "admin@example.com", "admin")
	base := "/api/v1/teams/" + team + "/invitations"

	// An address with an account and one without get the same status and the same shape of answer.
	known := a.invite(owner, team, "bob@example.com", "member", http.StatusAccepted, "")
	unknown := a.invite(owner, team, "Late@Example.com", "member", http.StatusAccepted, "")
	if !slices.Equal(keys(known), keys(unknown)) || known.Body["status"] != "pending" || unknown.Body["status"] != "pending" ||
		unknown.Body["email"] != "late@example.com" || known.Body["team_name"] != unknown.Body["team_name"] {
		t.Fatalf("the answers differ:\n%s\n%s", known.Raw, unknown.Raw)
	}
	bobInv, lateInv := known.Body["id"].(string), unknown.Body["id"].(string)
	// The older path invites too, and inviting again renews the pending invitation rather than adding one.
	r := a.do("POST", "/api/v1/teams/"+team+"/members", admin, map[string]string{"email": "BOB@example.com"})
	a.want(r, http.StatusAccepted, "")
	if r.Body["id"] != bobInv {
		t.Fatalf("inviting again made a second invitation: %s", r.Raw)
	}
	a.invite(owner, team, "admin@example.com", "member", http.StatusConflict, api.CodeConflict)
	a.invite(bob, team, "x@example.com", "member", http.StatusNotFound, api.CodeNotFound)

	list := a.do("GET", base, admin, nil)
	a.want(list, http.StatusOK, "")
	if n := len(list.Body["items"].([]any)); n != 2 {
		t.Fatalf("the team lists %d pending invitations: %s", n, list.Raw)
	}
	a.want(a.do("GET", base, bob, nil), http.StatusNotFound, api.CodeNotFound)
	if _, in := roles(a.do("GET", "/api/v1/teams/"+team, owner, nil))[a.userID(bob)]; in {
		t.Fatal("bob is a member before accepting")
	}

	// Only the invitee sees and answers an invitation; anyone else's is not found.
	mine := a.do("GET", "/api/v1/invitations", bob, nil)
	a.want(mine, http.StatusOK, "")
	if items := mine.Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != bobInv {
		t.Fatalf("bob's invitations: %s", mine.Raw)
	}
	if items := a.do("GET", "/api/v1/invitations", eve, nil).Body["items"].([]any); len(items) != 0 {
		t.Fatalf("eve sees %v", items)
	}
	a.want(a.do("POST", "/api/v1/invitations/"+bobInv+"/accept", eve, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("POST", "/api/v1/invitations/"+bobInv+"/decline", eve, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("POST", "/api/v1/invitations/00000000-0000-0000-0000-000000000000/accept", bob, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("POST", "/api/v1/invitations/not-an-id/accept", bob, nil), http.StatusNotFound, api.CodeNotFound)
	r = a.do("POST", "/api/v1/invitations/"+bobInv+"/accept", bob, nil)
	a.want(r, http.StatusOK, "")
	if r.Body["id"] != team || r.Body["role"] != "member" {
		t.Fatalf("accepted: %s", r.Raw)
	}
	if roles(a.do("GET", "/api/v1/teams/"+team, owner, nil))[a.userID(bob)] != "member" {
		t.Fatal("bob is not a member after accepting")
	}
	a.want(a.do("POST", "/api/v1/invitations/"+bobInv+"/accept", bob, nil), http.StatusConflict, api.CodeConflict)

	// The address invited before its account existed: the account that signs up with it sees it.
	late, _ := a.signup("late@example.com")
	if items := a.do("GET", "/api/v1/invitations", late, nil).Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != lateInv {
		t.Fatalf("late's invitations: %v", items)
	}
	if _, err := a.pool.Exec(context.Background(), `UPDATE team_invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, lateInv); err != nil {
		t.Fatal(err)
	}
	r = a.do("POST", "/api/v1/invitations/"+lateInv+"/accept", late, nil)
	a.want(r, http.StatusConflict, api.CodeConflict)
	if !strings.Contains(r.Raw, "expired") {
		t.Fatalf("an expired invitation: %s", r.Raw)
	}
	if got := a.do("GET", base, owner, nil).Body["items"].([]any)[0].(map[string]any)["status"]; got != "expired" {
		t.Fatalf("the team lists the expired invitation as %v", got)
	}
	a.want(a.do("DELETE", base+"/"+lateInv, bob, nil), http.StatusForbidden, api.CodeForbidden)
	a.want(a.do("DELETE", base+"/"+lateInv, admin, nil), http.StatusNoContent, "")
	if e := lastEvent(t, a.pool, pgstore.NilChain, "team.invitation.revoke"); e.ResourceID != lateInv || e.Status != audit.StatusSuccess {
		t.Fatalf("revoke event: %+v", e.AuditEvent)
	}
	a.want(a.do("DELETE", base+"/"+lateInv, admin, nil), http.StatusNotFound, api.CodeNotFound)

	carol, _ := a.signup("carol@example.com")
	carolInv := a.invite(admin, team, "carol@example.com", "member", http.StatusAccepted, "").Body["id"].(string)
	a.want(a.do("POST", "/api/v1/invitations/"+carolInv+"/decline", carol, nil), http.StatusNoContent, "")
	if e := lastEvent(t, a.pool, pgstore.NilChain, "team.invitation.decline"); e.ResourceID != carolInv || userOf(e) != a.userID(carol) || e.Status != audit.StatusSuccess {
		t.Fatalf("decline event: %+v", e.AuditEvent)
	}
	a.want(a.do("POST", "/api/v1/invitations/"+carolInv+"/decline", carol, nil), http.StatusConflict, api.CodeConflict)
	if items := a.do("GET", base, owner, nil).Body["items"].([]any); len(items) != 0 {
		t.Fatalf("pending after every answer: %v", items)
	}

	for path, item := range doc.Paths.Map() {
		if !strings.Contains(path, "invitations") {
			continue
		}
		for method := range item.Operations() {
			if !slices.ContainsFunc(mapKeys(vt.seen), func(s string) bool { return strings.HasPrefix(s, method+" "+path+" ") }) {
				t.Errorf("%s %s is documented but this tour never called it", method, path)
			}
		}
	}
}

func mapKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
