package sso_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/cmdai/cmdai/cloud/sso"
)

// scim sends a SCIM request with the organisation's bearer token.
func (s *cmdaiServer) scim(method, path, token string, body any) (int, map[string]any) {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.srv.URL+"/scim/v2"+path, rd)
	req.Header.Set("Content-Type", "application/scim+json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// SCIM deprovisioning ends every session and API key of the person at once: the next request made
// with any of them is a 401, the refresh tokens are dead, and single sign-on refuses them.
func TestSCIMDeprovisioningRevokesEverything(t *testing.T) {
	s := newCmdai(t)
	op, st := startOP(t, "cmdai", "op-secret", []string{s.srv.URL + sso.CallbackPath},
		opUser{Subject: "u-sam", Email: "sam@acme.example", Name: "Sam", Verified: true})
	s.configureOIDC(op.URL, "acme.example")
	tok := s.call("POST", "/api/v1/orgs/"+s.orgID+"/sso/scim-token", s.admin, nil, http.StatusCreated)["token"].(string)

	if status, _ := s.scim("GET", "/Users", "cmdais_wrong", nil); status != http.StatusUnauthorized {
		t.Fatalf("wrong SCIM token: %d", status)
	}
	if status, _ := s.scim("GET", "/Users", s.admin, nil); status != http.StatusUnauthorized {
		t.Fatalf("a user's access token as SCIM token: %d", status)
	}

	// Okta provisions Sam, then pushes the group that makes Sam an engineer.
	status, u := s.scim("POST", "/Users", tok, map[string]any{"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:User"},
		"userName": "sam@acme.example", "name": map[string]string{"givenName": "Sam", "familyName": "Lee"},
		"emails": []map[string]any{{"value": "sam@acme.example", "primary": true}}, "active": true, "externalId": "okta-1"})
	if status != http.StatusCreated || u["id"] == nil || u["active"] != true {
		t.Fatalf("create user: %d %v", status, u)
	}
	samID := u["id"].(string)
	s.call("PUT", "/api/v1/orgs/"+s.orgID+"/sso", s.admin, map[string]any{"protocol": "oidc", "issuer": op.URL, "client_id": "cmdai",
		"allowed_domains": []string{"acme.example"}, "role_map": map[string]string{"Engineers": "engineer"}}, http.StatusOK)
	if status, g := s.scim("POST", "/Groups", tok, map[string]any{"displayName": "Engineers",
		"members": []map[string]string{{"value": samID}}}); status != http.StatusCreated || len(g["members"].([]any)) != 1 {
		t.Fatalf("create group: %d %v", status, g)
	}
	if status, l := s.scim("GET", `/Users?filter=userName+eq+"sam@acme.example"`, tok, nil); status != http.StatusOK || l["totalResults"].(float64) != 1 {
		t.Fatalf("filter: %d %v", status, l)
	}

	// Sam signs in through the provider twice (browser and CLI) and makes an API key.
	st.LoginAs = "u-sam"
	var sessions []map[string]any
	for range 2 {
		u, status, body := newBrowser(t).open(s.srv.URL + "/api/v1/orgs/Acme/sso/login?return_to=/done")
		sessions = append(sessions, s.call("POST", "/api/v1/auth/sso/token", "", map[string]string{"code": loginCode(t, u, status, body)}, http.StatusOK))
	}
	access := sessions[0]["access_token"].(string)
	key := s.call("POST", "/api/v1/auth/api-keys", access, map[string]any{"name": "laptop", "scopes": []string{"commands:read"}}, http.StatusCreated)["key"].(string)
	orgs := s.call("GET", "/api/v1/orgs", access, nil, http.StatusOK)
	if b, _ := json.Marshal(orgs); !bytes.Contains(b, []byte(`"engineer"`)) {
		t.Fatalf("Sam's role from the group: %s", b)
	}
	for _, cred := range []string{access, sessions[1]["access_token"].(string), key} {
		s.call("GET", "/api/v1/auth/me", cred, nil, http.StatusOK)
	}

	// Okta deactivates Sam (Azure AD sends the boolean as a string).
	status, u = s.scim("PATCH", "/Users/"+samID, tok, map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []map[string]any{{"op": "Replace", "path": "active", "value": "False"}}})
	if status != http.StatusOK || u["active"] != false {
		t.Fatalf("deactivate: %d %v", status, u)
	}
	for i, cred := range []string{access, sessions[1]["access_token"].(string), key} {
		if status, _, raw := s.try("GET", "/api/v1/commands/history", cred, nil); status != http.StatusUnauthorized {
			t.Fatalf("credential %d after deprovisioning: %d %s", i, status, raw)
		}
	}
	for _, sess := range sessions {
		s.call("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": sess["refresh_token"].(string)}, http.StatusUnauthorized)
	}
	u2, status2, _ := newBrowser(t).open(s.srv.URL + "/api/v1/orgs/Acme/sso/login?return_to=/done")
	if status2 != http.StatusUnauthorized || u2.Path == "/done" {
		t.Fatalf("single sign-on after deprovisioning: %d at %s", status2, u2)
	}

	// Reactivated, Sam may sign in again; DELETE deprovisions as well.
	if status, u = s.scim("PATCH", "/Users/"+samID, tok, map[string]any{"Operations": []map[string]any{{"op": "replace", "value": map[string]any{"active": true}}}}); status != http.StatusOK || u["active"] != true {
		t.Fatalf("reactivate: %d %v", status, u)
	}
	u2, status2, body := newBrowser(t).open(s.srv.URL + "/api/v1/orgs/Acme/sso/login?return_to=/done")
	again := s.call("POST", "/api/v1/auth/sso/token", "", map[string]string{"code": loginCode(t, u2, status2, body)}, http.StatusOK)
	if status, _ := s.scim("DELETE", "/Users/"+samID, tok, nil); status != http.StatusNoContent {
		t.Fatalf("delete: %d", status)
	}
	s.call("GET", "/api/v1/auth/me", again["access_token"].(string), nil, http.StatusUnauthorized)
}
