package api

import (
	"errors"
	"net/http"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/auth"
)

// Error codes of second factors.
const (
	CodeMFARequired = "mfa_required"
	CodeMFAEnroll   = "mfa_enrollment_required"
	CodeMFAInvalid  = "mfa_invalid"
)

// mfaRoutes are TOTP second factors: enrolment and removal with a session, and the answers to a login's
// challenge (verify, or enrol first when the organisation requires a factor).
func (h *handler) mfaRoutes() []route {
	r, audited := newRoute, auditedRoute
	const mfa = "/api/v1/auth/mfa"
	return []route{
		audited("mfa.enroll", "user", r("POST", mfa+"/totp", AccessSession, h.mfaEnroll)),
		audited("mfa.confirm", "user", r("POST", mfa+"/totp/confirm", AccessSession, h.mfaConfirm)),
		audited("mfa.disable", "user", r("POST", mfa+"/totp/disable", AccessSession, h.mfaDisable)),
		audited("auth.mfa", "session", r("POST", mfa+"/verify", AccessPublic, h.mfaVerify)),
		audited("mfa.enroll", "user", r("POST", mfa+"/enroll", AccessPublic, h.mfaEnrollChallenge)),
		audited("mfa.confirm", "session", r("POST", mfa+"/enroll/confirm", AccessPublic, h.mfaConfirmChallenge)),
	}
}

// writeMFAError answers a failed second-factor step; it reports whether err was one.
func writeMFAError(w http.ResponseWriter, r *http.Request, err error) bool {
	var req *auth.MFARequiredError
	switch {
	case writeGuardError(w, r, err):
	case errors.As(err, &req) && req.Enroll:
		writeError(w, r, errorf(http.StatusUnauthorized, CodeMFAEnroll, req.Error()+": POST /api/v1/auth/mfa/enroll with the mfa_token",
			map[string]any{"mfa_token": req.Token, "enroll": true}))
	case errors.As(err, &req):
		writeError(w, r, errorf(http.StatusUnauthorized, CodeMFARequired, req.Error()+": POST /api/v1/auth/mfa/verify with the mfa_token and a code",
			map[string]any{"mfa_token": req.Token, "enroll": false}))
	case errors.Is(err, auth.ErrMFAInvalid):
		writeError(w, r, errorf(http.StatusUnauthorized, CodeMFAInvalid, "wrong, used or expired code", nil))
	case errors.Is(err, auth.ErrMFANotSetUp):
		writeError(w, r, errorf(http.StatusConflict, CodeConflict, err.Error(), nil))
	case errors.Is(err, auth.ErrMFAExists), errors.Is(err, auth.ErrNoKeyring):
		writeError(w, r, errorf(http.StatusConflict, CodeConflict, err.Error(), nil))
	default:
		return false
	}
	return true
}

func (h *handler) mfaEnroll(w http.ResponseWriter, r *http.Request) {
	if err := h.decodeNoFields(w, r); err != nil {
		writeError(w, r, err)
		return
	}
	e, err := h.auth.EnrollTOTP(r.Context(), principal(r.Context()).UserID)
	if err != nil {
		if !writeMFAError(w, r, err) {
			writeError(w, r, err)
		}
		return
	}
	writeJSON(w, http.StatusCreated, apitype.MFAEnrollment{Secret: e.Secret, OTPAuthURL: e.URL})
}

func (h *handler) mfaConfirm(w http.ResponseWriter, r *http.Request) {
	var req apitype.MFACodeRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	codes, err := h.auth.ConfirmTOTP(withClientIP(r).Context(), principal(r.Context()).UserID, req.Code)
	if err != nil {
		if !writeMFAError(w, r, err) {
			writeError(w, r, err)
		}
		return
	}
	writeJSON(w, http.StatusOK, apitype.MFARecoveryCodes{RecoveryCodes: codes})
}

func (h *handler) mfaDisable(w http.ResponseWriter, r *http.Request) {
	var req apitype.MFACodeRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if err := h.auth.DisableTOTP(r.Context(), principal(r.Context()).UserID, req.Code); err != nil {
		if !writeMFAError(w, r, err) {
			writeError(w, r, err)
		}
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *handler) mfaVerify(w http.ResponseWriter, r *http.Request) {
	var req apitype.MFACodeRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	sess, err := h.auth.VerifyMFA(r.Context(), req.MFAToken, req.Code)
	if err != nil {
		if !writeMFAError(w, r, err) {
			writeError(w, r, err)
		}
		return
	}
	auditUser(r, sess.User.ID)
	writeJSON(w, http.StatusOK, toSessionJSON(sess))
}

func (h *handler) mfaEnrollChallenge(w http.ResponseWriter, r *http.Request) {
	var req apitype.MFATokenRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	e, err := h.auth.EnrollWithChallenge(r.Context(), req.MFAToken)
	if err != nil {
		if !writeMFAError(w, r, err) {
			writeError(w, r, err)
		}
		return
	}
	writeJSON(w, http.StatusCreated, apitype.MFAEnrollment{Secret: e.Secret, OTPAuthURL: e.URL})
}

func (h *handler) mfaConfirmChallenge(w http.ResponseWriter, r *http.Request) {
	var req apitype.MFACodeRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	sess, codes, err := h.auth.ConfirmWithChallenge(r.Context(), req.MFAToken, req.Code)
	if err != nil {
		if !writeMFAError(w, r, err) {
			writeError(w, r, err)
		}
		return
	}
	auditUser(r, sess.User.ID)
	s := toSessionJSON(sess)
	writeJSON(w, http.StatusOK, apitype.MFARecoveryCodes{RecoveryCodes: codes, Session: &s})
}
