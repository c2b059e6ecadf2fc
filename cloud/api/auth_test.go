package api_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
)

func TestSignupLoginMe(t *testing.T) {
	a := newAPI(t)
	r := a.do("POST", "/api/v1/auth/signup", "", map[string]string{
		"email": "  Ada@Example.COM ", "password": goodPassword, "display_name": "Ada"})
	a.want(r, http.StatusCreated, "")
	user := r.Body["user"].(map[string]any)
	if user["email"] != "ada@example.com" || user["plan"] != "free" || user["display_name"] != "Ada" {
		t.Fatalf("signup user %v", user)
	}
	if strings.Contains(r.Raw, "password") {
		t.Fatalf("signup answer mentions the password: %s", r.Raw)
	}

	r = a.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "ada@example.com", "password": goodPassword})
	a.want(r, http.StatusOK, "")
	access := r.Body["access_token"].(string)
	me := a.do("GET", "/api/v1/auth/me", access, nil)
	a.want(me, http.StatusOK, "")
	if me.Body["email"] != "ada@example.com" {
		t.Fatalf("me %s", me.Raw)
	}

	for name, body := range map[string]map[string]string{
		"wrong password": {"email": "ada@example.com", "password": "not the password"},
		"unknown email":  {"email": "nobody@example.com", "password": goodPassword},
		"malformed":      {"email": "nope", "password": goodPassword},
	} {
		t.Run(name, func(t *testing.T) {
			a.want(a.do("POST", "/api/v1/auth/login", "", body), http.StatusUnauthorized, api.CodeInvalidCredentials)
		})
	}
	a.want(a.do("GET", "/api/v1/auth/me", "", nil), http.StatusUnauthorized, api.CodeUnauthorized)
}

func TestSignupValidation(t *testing.T) {
	a := newAPI(t)
	a.signup("taken@example.com")
	cases := []struct {
		name, email, password string
		status                int
		code                  string
	}{
		{"duplicate email", "taken@example.com", goodPassword, http.StatusConflict, api.CodeConflict},
		{"duplicate email other case", "TAKEN@example.com", goodPassword, http.StatusConflict, api.CodeConflict},
		{"bad email", "not-an-email", goodPassword, http.StatusBadRequest, api.CodeValidation},
		{"display-name email", "Ada <ada@example.com>", goodPassword, http.StatusBadRequest, api.CodeValidation},
		{"short password", "b@example.com", "short", http.StatusBadRequest, api.CodeValidation},
		{"long password", "b@example.com", strings.Repeat("ab", 65), http.StatusBadRequest, api.CodeValidation},
		{"repeated password", "b@example.com", strings.Repeat("a", 12), http.StatusBadRequest, api.CodeValidation},
		{"password is email", "longer.name@example.com", "longer.name@example.com", http.StatusBadRequest, api.CodeValidation},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := a.do("POST", "/api/v1/auth/signup", "", map[string]string{"email": c.email, "password": c.password})
			a.want(r, c.status, c.code)
		})
	}
}

// Mass assignment: a signup that tries to set a plan, a role or an id is refused whole, and creates no
// account; the account made without them is on the free plan.
func TestSignupRefusesPlanAndRole(t *testing.T) {
	a := newAPI(t)
	for field, v := range map[string]any{"plan": "enterprise", "role": "owner", "id": "00000000-0000-0000-0000-000000000001",
		"user": map[string]string{"plan": "enterprise"}} {
		r := a.do("POST", "/api/v1/auth/signup", "", map[string]any{"email": "eve@example.com", "password": goodPassword, field: v})
		a.want(r, http.StatusBadRequest, api.CodeValidation)
		if d, _ := r.Body["error"].(map[string]any)["details"].(map[string]any); d["field"] != field {
			t.Errorf("signup with %s: the refusal does not name it: %s", field, r.Raw)
		}
	}
	access, _ := a.signup("eve@example.com")
	me := a.do("GET", "/api/v1/auth/me", access, nil)
	if me.Body["plan"] != "free" || me.Body["id"] == "00000000-0000-0000-0000-000000000001" || me.Body["role"] != nil {
		t.Fatalf("mass assignment took: %s", me.Raw)
	}
}

func sign(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Broken authentication: every forged or misused token is a 401, never a 500 or a success.
func TestAccessTokenAttacks(t *testing.T) {
	a := newAPI(t)
	access, refresh := a.signup("mallory@example.com")
	good, err := auth.Tokens{Secret: testSecret}.ParseAccess(access)
	if err != nil {
		t.Fatal(err)
	}
	claims := func(edit func(jwt.MapClaims)) jwt.MapClaims {
		now := time.Now()
		c := jwt.MapClaims{"iss": auth.Issuer, "aud": auth.Audience, "sub": good.Subject, "sid": good.SessionID,
			"typ": "access", "iat": now.Unix(), "exp": now.Add(time.Minute).Unix()}
		if edit != nil {
			edit(c)
		}
		return c
	}
	hs := jwt.SigningMethodHS256
	unsigned, _ := jwt.NewWithClaims(jwt.SigningMethodNone, claims(nil)).SignedString(jwt.UnsafeAllowNoneSignatureType)
	tamperedParts := strings.Split(access, ".")
	tamperedParts[1] = strings.TrimRight(tamperedParts[1], "=") + "x"

	cases := map[string]string{
		"control: a well-formed token passes": "",
		"expired":                             sign(t, hs, testSecret, claims(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Minute).Unix() })),
		"no expiry":                           sign(t, hs, testSecret, claims(func(c jwt.MapClaims) { delete(c, "exp") })),
		"forged signature":                    sign(t, hs, []byte("another-secret-another-secret-another"), claims(nil)),
		"tampered payload":                    strings.Join(tamperedParts, "."),
		"alg none":                            unsigned,
		"HS512":                               sign(t, jwt.SigningMethodHS512, testSecret, claims(nil)),
		"wrong audience":                      sign(t, hs, testSecret, claims(func(c jwt.MapClaims) { c["aud"] = "someone-else" })),
		"wrong issuer":                        sign(t, hs, testSecret, claims(func(c jwt.MapClaims) { c["iss"] = "evil" })),
		"typ refresh":                         sign(t, hs, testSecret, claims(func(c jwt.MapClaims) { c["typ"] = "refresh" })),
		"no typ":                              sign(t, hs, testSecret, claims(func(c jwt.MapClaims) { delete(c, "typ") })),
		"unknown session":                     sign(t, hs, testSecret, claims(func(c jwt.MapClaims) { c["sid"] = "00000000-0000-0000-0000-000000000000" })),
		"refresh token as access":             refresh,
		"garbage":                             "not.a.token",
		"unknown api key":                     auth.APIKeyPrefix + "nope",
	}
	for name, token := range cases {
		t.Run(name, func(t *testing.T) {
			if token == "" {
				a.want(a.do("GET", "/api/v1/auth/me", sign(t, hs, testSecret, claims(nil)), nil), http.StatusOK, "")
				return
			}
			a.want(a.do("GET", "/api/v1/auth/me", token, nil), http.StatusUnauthorized, api.CodeUnauthorized)
		})
	}
}

func TestRefreshRotationAndReuse(t *testing.T) {
	a := newAPI(t)
	access1, r1 := a.signup("rot@example.com")

	res := a.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": r1})
	a.want(res, http.StatusOK, "")
	access2, r2 := res.Body["access_token"].(string), res.Body["refresh_token"].(string)
	if r2 == r1 {
		t.Fatal("refresh token was not rotated")
	}
	a.want(a.do("GET", "/api/v1/auth/me", access2, nil), http.StatusOK, "")

	// r1 presented again: reuse. The whole family is revoked, r2 and the access tokens with it.
	a.want(a.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": r1}), http.StatusUnauthorized, api.CodeTokenReused)
	a.want(a.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": r2}), http.StatusUnauthorized, api.CodeTokenReused)
	a.want(a.do("GET", "/api/v1/auth/me", access1, nil), http.StatusUnauthorized, api.CodeUnauthorized)
	a.want(a.do("GET", "/api/v1/auth/me", access2, nil), http.StatusUnauthorized, api.CodeUnauthorized)

	// Other sessions of the same user are untouched.
	login := a.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "rot@example.com", "password": goodPassword})
	a.want(a.do("GET", "/api/v1/auth/me", login.Body["access_token"].(string), nil), http.StatusOK, "")

	a.want(a.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": "cmdair_unknown"}), http.StatusUnauthorized, api.CodeUnauthorized)
	a.want(a.do("POST", "/api/v1/auth/refresh", "", map[string]string{}), http.StatusBadRequest, api.CodeValidation)
}

// Two clients racing to rotate one token: exactly one wins, and the race counts as reuse.
func TestConcurrentRefreshIsReuse(t *testing.T) {
	a := newAPI(t)
	_, r1 := a.signup("race@example.com")
	var wg sync.WaitGroup
	statuses := make([]int, 5)
	for i := range statuses {
		wg.Go(func() {
			statuses[i] = a.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": r1}).Status
		})
	}
	wg.Wait()
	ok := 0
	for _, s := range statuses {
		if s == http.StatusOK {
			ok++
		}
	}
	if ok > 1 {
		t.Fatalf("%d concurrent rotations of one token succeeded: %v", ok, statuses)
	}
}

func TestLogoutEndsSession(t *testing.T) {
	a := newAPI(t)
	access, refresh := a.signup("bye@example.com")
	a.want(a.do("POST", "/api/v1/auth/logout", access, nil), http.StatusNoContent, "")
	a.want(a.do("GET", "/api/v1/auth/me", access, nil), http.StatusUnauthorized, api.CodeUnauthorized)
	r := a.do("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": refresh})
	if r.Status != http.StatusUnauthorized {
		t.Fatalf("refresh after logout: %s", r.Raw)
	}
	a.want(a.do("POST", "/api/v1/auth/logout", "", nil), http.StatusUnauthorized, api.CodeUnauthorized)
}
