package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
)

// A token signed with the server's own secret whose claims are not what the server issues (a session or
// subject that is not a UUID, a claim of the wrong JSON type) is refused as 401, never answered 500.
func TestMalformedClaimsAre401(t *testing.T) {
	a := newAPI(t)
	access, _ := a.signup("claims@example.com")
	good, err := auth.Tokens{Secret: testSecret}.ParseAccess(access)
	if err != nil {
		t.Fatal(err)
	}
	claims := func(edit func(jwt.MapClaims)) jwt.MapClaims {
		now := time.Now()
		c := jwt.MapClaims{"iss": auth.Issuer, "aud": auth.Audience, "sub": good.Subject, "sid": good.SessionID,
			"typ": "access", "iat": now.Unix(), "exp": now.Add(time.Minute).Unix()}
		edit(c)
		return c
	}
	cases := map[string]func(jwt.MapClaims){
		"control":             func(jwt.MapClaims) {},
		"sid not a uuid":      func(c jwt.MapClaims) { c["sid"] = "not-a-uuid" },
		"sid with NUL":        func(c jwt.MapClaims) { c["sid"] = "\x00" },
		"sid a number":        func(c jwt.MapClaims) { c["sid"] = 42 },
		"sid an object":       func(c jwt.MapClaims) { c["sid"] = map[string]any{"a": 1} },
		"sub not a uuid":      func(c jwt.MapClaims) { c["sub"] = "'; drop table users; --" },
		"sub a number":        func(c jwt.MapClaims) { c["sub"] = 7 },
		"sid uuid with junk":  func(c jwt.MapClaims) { c["sid"] = good.SessionID + "x" },
		"typ a list":          func(c jwt.MapClaims) { c["typ"] = []string{"access"} },
		"exp a string":        func(c jwt.MapClaims) { c["exp"] = "tomorrow" },
		"unknown user, uuids": func(c jwt.MapClaims) { c["sub"] = "00000000-0000-0000-0000-000000000001" },
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			token := sign(t, jwt.SigningMethodHS256, testSecret, claims(edit))
			for _, path := range []string{"/api/v1/auth/me", "/api/v1/commands/history", "/api/v1/teams"} {
				r := a.do("GET", path, token, nil)
				if name == "control" {
					a.want(r, http.StatusOK, "")
					continue
				}
				if r.Status >= 500 {
					t.Fatalf("%s: %d %s", path, r.Status, r.Raw)
				}
				if name != "unknown user, uuids" {
					a.want(r, http.StatusUnauthorized, api.CodeUnauthorized)
				}
			}
		})
	}
}
