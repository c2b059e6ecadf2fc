package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/secrets"
	"github.com/cmdai/cmdai/cloud/sso"
)

// Error codes of single sign-on.
const (
	CodeSSORequired      = "sso_required"
	CodeSSOFailed        = "sso_failed"
	CodeSSONotConfigured = "sso_not_configured"
	CodeInvalidCode      = "invalid_code"
)

// setupAuth gives the auth service its login throttle and builds single sign-on.
func (h *handler) setupAuth(d Deps) {
	h.guardLogins(d)
	kr := d.Keyring
	if kr == nil {
		if k, err := secrets.KeyringFromEnv(); err == nil {
			kr = k
		} else if !errors.Is(err, secrets.ErrNoKey) && d.Logger != nil {
			d.Logger.Warn("single sign-on: secrets keyring unusable; SSO client secrets cannot be stored", slog.String("error", err.Error()))
		}
	}
	if d.Auth != nil {
		if d.Auth.Redis == nil {
			d.Auth.Redis = d.Redis
		}
		if d.Auth.Keyring == nil {
			d.Auth.Keyring = kr
		}
	}
	h.sso = &sso.Service{DB: d.DB, Redis: d.Redis, Auth: d.Auth, Keyring: kr}
	h.publicURL = strings.TrimSuffix(d.PublicURL, "/")
}

// ssoRoutes are single sign-on's routes: an organisation's settings, the browser's way through the
// provider and back, SAML metadata, the code exchange and the device grant.
func (h *handler) ssoRoutes() []route {
	r, audited := newRoute, auditedRoute
	const org = "/api/v1/orgs/{id}/sso"
	return []route{
		r("GET", org, AccessSession, h.getSSO),
		audited("sso.configure", "org", r("PUT", org, AccessSession, h.putSSO)),
		audited("scim.token.create", "org", r("POST", org+"/scim-token", AccessSession, h.createSCIMToken)),
		r("GET", org+"/login", AccessPublic, h.ssoLogin),
		audited("auth.sso", "user", r("GET", sso.CallbackPath, AccessPublic, h.oidcCallback)),
		r("GET", org+"/saml/metadata", AccessPublic, h.samlMetadata),
		audited("auth.sso", "user", r("POST", org+"/saml/acs", AccessPublic, h.samlACS)),
		audited("auth.sso.token", "session", r("POST", "/api/v1/auth/sso/token", AccessPublic, h.ssoToken)),
		audited("auth.device.start", "session", r("POST", "/api/v1/auth/device/code", AccessPublic, h.deviceCode)),
		r("GET", sso.DevicePath, AccessPublic, h.deviceVerify),
		audited("auth.device.token", "session", r("POST", "/api/v1/auth/device/token", AccessPublic, h.deviceToken)),
	}
}

// baseURL is this server's external URL: PUBLIC_URL when set, else what the request was sent to.
func (h *handler) baseURL(r *http.Request) string {
	if h.publicURL != "" {
		return h.publicURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// orgForAdmin resolves the path's organisation for a caller who must be its admin.
func (h *handler) orgForAdmin(r *http.Request) (string, error) {
	orgID := r.PathValue("id")
	if !pgstore.IsUUID(orgID) {
		return "", errorf(http.StatusNotFound, CodeNotFound, "no such organisation", nil)
	}
	_, err := orgs.Authorize(r.Context(), h.db, orgID, principal(r.Context()).UserID, orgs.ManageTeam, orgs.ConfigurePolicy)
	switch {
	case errors.Is(err, pgstore.ErrNotFound):
		return "", errorf(http.StatusNotFound, CodeNotFound, "no such organisation", nil)
	case errors.Is(err, orgs.ErrForbidden):
		return "", errorf(http.StatusForbidden, CodeForbidden, "only an organisation admin may change single sign-on", nil)
	case err != nil:
		return "", err
	}
	auditOrg(r, orgID)
	return orgID, nil
}

// orgByRef resolves an organisation named by id or name, for the routes a person not yet signed in calls.
func (h *handler) orgByRef(ctx context.Context, ref string) (string, error) {
	o, err := h.orgs.Find(ctx, ref)
	if errors.Is(err, pgstore.ErrNotFound) || errors.Is(err, orgs.ErrNoSuchOrg) {
		return "", errorf(http.StatusNotFound, CodeNotFound, "no such organisation", nil)
	}
	if err != nil {
		return "", err
	}
	return o.ID, nil
}

func (h *handler) toSSOJSON(r *http.Request, s pgstore.OrgSSO) apitype.SSOSettings {
	base := h.baseURL(r)
	out := apitype.SSOSettings{Protocol: s.Protocol, Preset: s.Preset, Issuer: s.Issuer, ClientID: s.ClientID,
		Scopes: s.Scopes, IDPMetadata: s.IDPMetadata, AllowedDomains: s.AllowedDomains, RoleClaim: s.RoleClaim,
		RoleMap: s.RoleMap, DefaultRole: s.DefaultRole, Enforce: s.Enforce, RequireMFA: s.RequireMFA,
		HasClientSecret: len(s.ClientSecret) > 0, SCIMEnabled: s.SCIMEnabled, UpdatedAt: s.UpdatedAt}
	if s.Protocol == sso.ProtocolOIDC {
		out.RedirectURI = base + sso.CallbackPath
	} else {
		out.MetadataURL = base + "/api/v1/orgs/" + s.OrgID + "/sso/saml/metadata"
		out.ACSURL = base + "/api/v1/orgs/" + s.OrgID + "/sso/saml/acs"
	}
	return out
}

func (h *handler) getSSO(w http.ResponseWriter, r *http.Request) {
	orgID, err := h.orgForAdmin(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	s, err := pgstore.OrgSSOByID(r.Context(), h.db, orgID)
	if errors.Is(err, pgstore.ErrNotFound) {
		writeError(w, r, errorf(http.StatusNotFound, CodeSSONotConfigured, "single sign-on is not configured; PUT its settings", nil))
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, h.toSSOJSON(r, s))
}

func (h *handler) putSSO(w http.ResponseWriter, r *http.Request) {
	var req apitype.SSOSettings
	if err := decodeLimit(w, r, max(h.maxBytes, sso.MaxIDPMetadataBytes+64<<10), &req); err != nil {
		writeError(w, r, err)
		return
	}
	orgID, err := h.orgForAdmin(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	saved, err := h.sso.Configure(r.Context(), orgID, sso.Settings{Protocol: req.Protocol, Preset: req.Preset,
		Issuer: req.Issuer, ClientID: req.ClientID, ClientSecret: req.ClientSecret, Scopes: req.Scopes,
		IDPMetadata: req.IDPMetadata, AllowedDomains: req.AllowedDomains, RoleClaim: req.RoleClaim,
		RoleMap: req.RoleMap, DefaultRole: req.DefaultRole, Enforce: req.Enforce, RequireMFA: req.RequireMFA})
	var ve *sso.ValidationError
	switch {
	case errors.As(err, &ve):
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, ve.Error(), map[string]string{"field": ve.Field}))
	case errors.Is(err, sso.ErrNoKeyring):
		writeError(w, r, errorf(http.StatusConflict, CodeConflict, err.Error(), map[string]string{"field": "client_secret"}))
	case err != nil:
		writeError(w, r, err)
	default:
		writeJSON(w, http.StatusOK, h.toSSOJSON(r, saved))
	}
}

// decodeNoFields reads the body of a route that takes no fields: none at all, or an empty JSON object.
func (h *handler) decodeNoFields(w http.ResponseWriter, r *http.Request) error {
	if r.ContentLength == 0 {
		return nil
	}
	var none struct{}
	return h.decode(w, r, &none)
}

func (h *handler) createSCIMToken(w http.ResponseWriter, r *http.Request) {
	if err := h.decodeNoFields(w, r); err != nil {
		writeError(w, r, err)
		return
	}
	orgID, err := h.orgForAdmin(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	token := "cmdais_" + base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(token))
	err = pgstore.SetSCIMToken(r.Context(), h.db, orgID, sum[:])
	if errors.Is(err, pgstore.ErrNotFound) {
		writeError(w, r, errorf(http.StatusConflict, CodeSSONotConfigured, "configure single sign-on before SCIM", nil))
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, apitype.SCIMToken{Token: token, BaseURL: h.baseURL(r) + "/scim/v2"})
}

// writeSSOError answers a failed single sign-on step.
func writeSSOError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, sso.ErrNotConfigured):
		writeError(w, r, errorf(http.StatusNotFound, CodeSSONotConfigured, err.Error(), nil))
	case errors.Is(err, sso.ErrInvalidReturn):
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, err.Error(), map[string]string{"field": "return_to"}))
	case errors.Is(err, sso.ErrInvalidCode):
		writeError(w, r, errorf(http.StatusBadRequest, CodeInvalidCode, err.Error(), nil))
	case errors.Is(err, sso.ErrDeprovisioned):
		writeError(w, r, errorf(http.StatusUnauthorized, CodeSSOFailed, err.Error(), nil))
	case errors.Is(err, sso.ErrLoginFailed):
		logger(r.Context()).InfoContext(r.Context(), "single sign-on refused", slog.String("reason", err.Error()))
		writeError(w, r, errorf(http.StatusUnauthorized, CodeSSOFailed, err.Error(), nil))
	default:
		writeError(w, r, err)
	}
}

// ssoLogin sends the browser to the organisation's provider. {id} may be the organisation's name.
func (h *handler) ssoLogin(w http.ResponseWriter, r *http.Request) {
	orgID, err := h.orgByRef(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	target, err := h.sso.Begin(r.Context(), sso.BeginRequest{OrgID: orgID, BaseURL: h.baseURL(r),
		ReturnTo: q.Get("return_to"), CodeChallenge: q.Get("code_challenge")})
	if err != nil {
		writeSSOError(w, r, err)
		return
	}
	http.Redirect(w, r, target, http.StatusFound)
}

// finishSSO answers a finished login: the redirect with the one-time code, the page that tells a person
// their device is signed in, or the session itself.
func (h *handler) finishSSO(w http.ResponseWriter, r *http.Request, res sso.Result, err error) {
	if err != nil {
		writeSSOError(w, r, err)
		return
	}
	switch {
	case res.Device:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_ = devicePage.Execute(w, map[string]string{"Message": "Your device is signed in. You can close this window."})
	case res.Session != nil:
		auditUser(r, res.Session.User.ID)
		writeJSON(w, http.StatusOK, toSessionJSON(*res.Session))
	default:
		http.Redirect(w, r, res.Redirect, http.StatusFound)
	}
}

func (h *handler) oidcCallback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	res, err := h.sso.FinishOIDC(r.Context(), h.baseURL(r), q.Get("state"), q.Get("code"), q.Get("error"))
	h.finishSSO(w, r, res, err)
}

func (h *handler) samlMetadata(w http.ResponseWriter, r *http.Request) {
	orgID := r.PathValue("id")
	if !pgstore.IsUUID(orgID) {
		writeError(w, r, errorf(http.StatusNotFound, CodeNotFound, "no such organisation", nil))
		return
	}
	b, err := h.sso.Metadata(r.Context(), orgID, h.baseURL(r))
	if err != nil {
		writeSSOError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/samlmetadata+xml")
	_, _ = w.Write(b)
}

func (h *handler) samlACS(w http.ResponseWriter, r *http.Request) {
	orgID := r.PathValue("id")
	if !pgstore.IsUUID(orgID) {
		writeError(w, r, errorf(http.StatusNotFound, CodeNotFound, "no such organisation", nil))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	res, err := h.sso.FinishSAML(r.Context(), orgID, h.baseURL(r), r)
	h.finishSSO(w, r, res, err)
}

func (h *handler) ssoToken(w http.ResponseWriter, r *http.Request) {
	var req apitype.SSOTokenRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	sess, err := h.sso.Exchange(r.Context(), req.Code, req.CodeVerifier)
	if err != nil {
		writeSSOError(w, r, err)
		return
	}
	auditUser(r, sess.User.ID)
	writeJSON(w, http.StatusOK, toSessionJSON(sess))
}

func (h *handler) deviceCode(w http.ResponseWriter, r *http.Request) {
	var req apitype.DeviceCodeRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	r = withClientIP(r)
	if err := h.auth.Throttle.Reserve(r.Context(), auth.RuleSignupIP, "device:"+auth.ClientIP(r.Context())); err != nil {
		writeGuardError(w, r, err)
		return
	}
	orgID, err := h.orgByRef(r.Context(), req.Org)
	if err != nil {
		writeError(w, r, err)
		return
	}
	d, err := h.sso.StartDevice(r.Context(), orgID, h.baseURL(r))
	if err != nil {
		writeSSOError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apitype.DeviceCode{DeviceCode: d.DeviceCode, UserCode: d.UserCode,
		VerificationURI: d.VerificationURI, VerificationURIComplete: d.VerificationURIComplete,
		ExpiresIn: int(d.ExpiresIn / time.Second), Interval: int(d.Interval / time.Second)})
}

var devicePage = template.Must(template.New("device").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>cmdai: sign in a device</title></head>
<body style="font-family:sans-serif;max-width:32em;margin:4em auto">
<h1>cmdai</h1>
{{if .Message}}<p>{{.Message}}</p>{{else if .Code}}
<p>A device asks to sign in to cmdai as you with the code <b>{{.Code}}</b>.</p>
<p>Continue only if you started this sign-in yourself, on a device you are using now: whoever shows
you this code gets your session.</p>
<form method="get"><input type="hidden" name="user_code" value="{{.Code}}"><input type="hidden" name="confirm" value="1">
<button type="submit">Sign the device in</button></form>{{else}}
<form method="get"><label>Enter the code your device shows:
<input name="user_code" autocomplete="off" autofocus style="font-size:1.5em;letter-spacing:.1em"></label>
<button type="submit">Continue</button></form>{{end}}
</body></html>
`))

// deviceVerify is where a person enters a device's user code. A code (typed, or in the link the device
// shows) is confirmed on a page that warns against signing in a device someone else started (device-code
// phishing, RFC 8628 §5.4); the confirmation sends the person to the organisation's provider.
func (h *handler) deviceVerify(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	code := sso.NormalizeUserCode(q.Get("user_code"))
	if code == "" || q.Get("confirm") != "1" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("X-Frame-Options", "DENY")
		_ = devicePage.Execute(w, map[string]string{"Code": code})
		return
	}
	target, err := h.sso.BeginDevice(r.Context(), code, h.baseURL(r))
	if err != nil {
		writeSSOError(w, r, err)
		return
	}
	http.Redirect(w, r, target, http.StatusFound)
}

func (h *handler) deviceToken(w http.ResponseWriter, r *http.Request) {
	var req apitype.DeviceTokenRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	sess, err := h.sso.PollDevice(r.Context(), req.DeviceCode)
	switch {
	case errors.Is(err, sso.ErrAuthorizationPending), errors.Is(err, sso.ErrSlowDown), errors.Is(err, sso.ErrExpiredToken):
		// RFC 8628 §3.5's error codes, in this API's error shape.
		writeError(w, r, errorf(http.StatusBadRequest, err.Error(), deviceMessages[err.Error()], nil))
	case err != nil:
		writeSSOError(w, r, err)
	default:
		writeJSON(w, http.StatusOK, toSessionJSON(sess))
	}
}

var deviceMessages = map[string]string{
	"authorization_pending": "waiting for the person to sign in",
	"slow_down":             fmt.Sprintf("polling too fast: wait %d s between polls", int(sso.DeviceInterval/time.Second)),
	"expired_token":         "the device code expired or was used; start again",
}
