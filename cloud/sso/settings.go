// Package sso is single sign-on for organisations: an OIDC relying party (authorisation code with PKCE,
// state and nonce) and a SAML 2.0 service provider (signed assertions, audience, recipient, time window,
// InResponseTo and replay checked), just-in-time accounts, group-to-role mapping, one-time login codes
// that a browser or the CLI's loopback listener trades for a session, the device authorisation grant
// (RFC 8628) for machines without a browser, and SCIM 2.0 provisioning.
package sso

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/cmdai/cmdai/cloud/orgs"
)

// Protocols.
const (
	ProtocolOIDC = "oidc"
	ProtocolSAML = "saml"
)

// Preset is what differs between identity providers: the scopes to ask for, the claim that carries
// groups or roles, and how the issuer looks.
type Preset struct {
	Name      string
	Scopes    []string
	RoleClaim string
	// IssuerHint is shown when the issuer does not look like the provider's.
	IssuerHint string
	issuerOK   func(u *url.URL) bool
}

// Presets are the providers cmdai knows by name; "generic" is any OpenID Connect provider.
var Presets = map[string]Preset{
	"generic": {Name: "generic", Scopes: []string{"openid", "email", "profile"}, RoleClaim: "groups",
		IssuerHint: "the provider's issuer URL, where /.well-known/openid-configuration is served"},
	"okta": {Name: "okta", Scopes: []string{"openid", "email", "profile", "groups"}, RoleClaim: "groups",
		IssuerHint: "https://YOUR-ORG.okta.com or https://YOUR-ORG.okta.com/oauth2/default",
		issuerOK: func(u *url.URL) bool {
			return strings.HasSuffix(u.Host, ".okta.com") || strings.HasSuffix(u.Host, ".oktapreview.com")
		}},
	"azure": {Name: "azure", Scopes: []string{"openid", "email", "profile"}, RoleClaim: "roles",
		IssuerHint: "https://login.microsoftonline.com/TENANT-ID/v2.0",
		issuerOK: func(u *url.URL) bool {
			return u.Host == "login.microsoftonline.com" && strings.HasSuffix(u.Path, "/v2.0")
		}},
	"google": {Name: "google", Scopes: []string{"openid", "email", "profile"}, RoleClaim: "hd",
		IssuerHint: "https://accounts.google.com",
		issuerOK:   func(u *url.URL) bool { return u.String() == "https://accounts.google.com" }},
}

// Settings are an organisation's single sign-on settings as an administrator writes them.
type Settings struct {
	Protocol     string
	Preset       string
	Issuer       string
	ClientID     string
	ClientSecret string // write only; empty keeps the stored one
	Scopes       []string
	IDPMetadata  string
	// AllowedDomains limits who may sign in to these email domains; empty allows any the provider vouches for.
	AllowedDomains []string
	// RoleClaim is the claim (OIDC) or attribute (SAML) whose values RoleMap maps to roles.
	RoleClaim   string
	RoleMap     map[string]string
	DefaultRole string
	// Enforce refuses members' password logins.
	Enforce bool
	// RequireMFA requires a second factor of members who log in with a password.
	RequireMFA bool
}

// ValidationError is a setting that cannot be used; Field names it.
type ValidationError struct {
	Field, Message string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// Normalize fills the preset's defaults in and checks the settings, naming the first field that is wrong.
func (s *Settings) Normalize() error {
	if s.Preset == "" {
		s.Preset = "generic"
	}
	p, ok := Presets[s.Preset]
	if !ok {
		return invalid("preset", "unknown preset %q: use generic, okta, azure or google", s.Preset)
	}
	if s.RoleClaim == "" {
		s.RoleClaim = p.RoleClaim
	}
	if s.DefaultRole == "" {
		s.DefaultRole = string(orgs.RoleReadOnly)
	}
	if _, err := orgs.ParseRole(s.DefaultRole); err != nil {
		return invalid("default_role", "%v", err)
	}
	for k, v := range s.RoleMap {
		if _, err := orgs.ParseRole(v); err != nil {
			return invalid("role_map", "%q: %v", k, err)
		}
	}
	for i, d := range s.AllowedDomains {
		d = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@"))
		if d == "" || strings.ContainsAny(d, "@/ ") || !strings.Contains(d, ".") {
			return invalid("allowed_domains", "%q is not a domain such as example.com", s.AllowedDomains[i])
		}
		s.AllowedDomains[i] = d
	}
	switch s.Protocol {
	case ProtocolOIDC:
		u, err := url.Parse(s.Issuer)
		if err != nil || u.Host == "" || (u.Scheme != "https" && !isLoopback(u.Hostname())) {
			return invalid("issuer", "use an https URL: %s", p.IssuerHint)
		}
		if p.issuerOK != nil && !p.issuerOK(u) {
			return invalid("issuer", "a %s issuer looks like %s", p.Name, p.IssuerHint)
		}
		if s.ClientID == "" {
			return invalid("client_id", "the client id that the provider issued for cmdai is required")
		}
		if len(s.Scopes) == 0 {
			s.Scopes = slices.Clone(p.Scopes)
		}
		if !slices.Contains(s.Scopes, "openid") {
			s.Scopes = append([]string{"openid"}, s.Scopes...)
		}
	case ProtocolSAML:
		if _, err := parseIDPMetadata(s.IDPMetadata); err != nil {
			return invalid("idp_metadata", "%v", err)
		}
		if s.RoleClaim == "hd" || s.RoleClaim == "roles" && s.Preset == "generic" {
			s.RoleClaim = "groups"
		}
	default:
		return invalid("protocol", "use oidc or saml")
	}
	return nil
}

func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// ErrDomainNotAllowed is an identity whose email domain the organisation does not allow.
var ErrDomainNotAllowed = errors.New("this email domain may not sign in to the organisation")

// domainAllowed reports whether email's domain is one of allowed (any, when allowed is empty).
func domainAllowed(email string, allowed []string) bool {
	if len(allowed) == 0 {
		return true
	}
	_, domain, ok := strings.Cut(email, "@")
	return ok && slices.Contains(allowed, strings.ToLower(domain))
}

// MapRole is the most powerful role that one of values maps to, or def when none does.
func MapRole(values []string, roleMap map[string]string, def string) orgs.Role {
	best := -1
	for _, v := range values {
		r, ok := roleMap[v]
		if !ok {
			continue
		}
		if i := slices.Index(orgs.Roles, orgs.Role(r)); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	if best < 0 {
		return orgs.Role(def)
	}
	return orgs.Roles[best]
}
