//go:build !noweb

package web

import (
	"encoding/json"
	"net/http"
	"strings"
)

// mfaForm is the second step of a login that needs a second factor: the challenge's token, and for an
// account that must enrol first, the secret to add to an authenticator app.
type mfaForm struct {
	Token      string
	Enroll     bool
	Secret     string
	OTPAuthURL string
	Recovery   []string
}

// challenge answers a login the API met with a second-factor challenge: the code form, after starting
// the enrolment when the organisation requires a factor the account does not have yet. It reports false
// when the answer was no challenge.
func (h *Handler) challenge(w http.ResponseWriter, r *http.Request, ae *apiError) bool {
	token, _ := ae.Details["mfa_token"].(string)
	if ae.Status != http.StatusUnauthorized || token == "" || (ae.Code != "mfa_required" && ae.Code != "mfa_enrollment_required") {
		return false
	}
	f := mfaForm{Token: token, Enroll: ae.Code == "mfa_enrollment_required"}
	v := view{Title: "Second factor", CSRF: csrfToken(w, r)}
	if f.Enroll {
		status, raw, err := h.callAPI(r, "POST", "/api/v1/auth/mfa/enroll", "", map[string]string{"mfa_token": token})
		var e struct {
			Secret     string `json:"secret"`
			OTPAuthURL string `json:"otpauth_url"`
		}
		if err != nil || status != http.StatusCreated && status != http.StatusOK || json.Unmarshal(raw, &e) != nil {
			v.Problem = "Your organisation requires a second factor, and setting one up failed: sign in again."
			h.render(w, r, http.StatusBadGateway, "login", v)
			return true
		}
		f.Secret, f.OTPAuthURL = e.Secret, e.OTPAuthURL
	}
	v.Data = f
	h.render(w, r, http.StatusOK, "mfa", v)
	return true
}

// loginMFA takes the code that answers the challenge: from the app (or a recovery code), or the first
// one of a new enrolment, which also shows the recovery codes, once.
func (h *Handler) loginMFA(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	v := view{Title: "Second factor", CSRF: csrfToken(w, r)}
	f := mfaForm{Token: r.PostFormValue("mfa_token"), Enroll: r.PostFormValue("enroll") == "1",
		Secret: r.PostFormValue("secret")}
	v.Data = &f
	if !csrfOK(r) {
		v.Problem = "This form has expired: sign in again."
		h.render(w, r, http.StatusForbidden, "login", v)
		return
	}
	body := map[string]string{"mfa_token": f.Token, "code": strings.TrimSpace(r.PostFormValue("code"))}
	path := "/api/v1/auth/mfa/verify"
	if f.Enroll {
		path = "/api/v1/auth/mfa/enroll/confirm"
	}
	status, raw, err := h.callAPI(r, "POST", path, "", body)
	if err != nil || status != http.StatusOK {
		v.Problem = "That code is wrong, used or expired: try the current one."
		if err == nil {
			if ae := decodeAPIError(status, raw).(*apiError); ae.Code != "mfa_invalid" {
				v.Problem = ae.Message + " Sign in again."
			}
		}
		h.render(w, r, http.StatusUnauthorized, "mfa", v)
		return
	}
	if !f.Enroll {
		var t tokens
		if json.Unmarshal(raw, &t) != nil || t.AccessToken == "" {
			h.fail(w, r, http.StatusBadGateway, "Signing in failed on the server; try again in a moment.")
			return
		}
		t.setCookies(w)
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	var done struct {
		RecoveryCodes []string `json:"recovery_codes"`
		Session       *tokens  `json:"session"`
	}
	if json.Unmarshal(raw, &done) != nil || done.Session == nil || done.Session.AccessToken == "" {
		h.fail(w, r, http.StatusBadGateway, "Signing in failed on the server; try again in a moment.")
		return
	}
	done.Session.setCookies(w)
	f.Recovery, f.Token, f.Secret = done.RecoveryCodes, "", ""
	v.Email = done.Session.User.Email
	h.render(w, r, http.StatusOK, "mfa", v)
}
