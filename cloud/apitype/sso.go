package apitype

import "time"

// SSOSettings is GET and PUT /api/v1/orgs/{id}/sso: an organisation's single sign-on. ClientSecret is
// write-only (never answered; empty in a PUT keeps the stored one).
type SSOSettings struct {
	Protocol       string            `json:"protocol"`
	Preset         string            `json:"preset,omitempty"`
	Issuer         string            `json:"issuer,omitempty"`
	ClientID       string            `json:"client_id,omitempty"`
	ClientSecret   string            `json:"client_secret,omitempty"`
	Scopes         []string          `json:"scopes,omitempty"`
	IDPMetadata    string            `json:"idp_metadata,omitempty"`
	AllowedDomains []string          `json:"allowed_domains,omitempty"`
	RoleClaim      string            `json:"role_claim,omitempty"`
	RoleMap        map[string]string `json:"role_map,omitempty"`
	DefaultRole    string            `json:"default_role,omitempty"`
	Enforce        bool              `json:"enforce"`
	RequireMFA     bool              `json:"require_mfa"`
	// Read-only: whether a client secret and a SCIM token are stored, and where the provider must send
	// people back (OIDC redirect URI, SAML ACS and metadata).
	HasClientSecret bool      `json:"has_client_secret,omitempty"`
	SCIMEnabled     bool      `json:"scim_enabled,omitempty"`
	RedirectURI     string    `json:"redirect_uri,omitempty"`
	ACSURL          string    `json:"acs_url,omitempty"`
	MetadataURL     string    `json:"metadata_url,omitempty"`
	UpdatedAt       time.Time `json:"updated_at,omitzero"`
}

// SCIMToken answers POST /api/v1/orgs/{id}/sso/scim-token: the only copy of the organisation's SCIM
// bearer token, and the base URL to give the identity provider.
type SCIMToken struct {
	Token   string `json:"token"`
	BaseURL string `json:"base_url"`
}

// SSOTokenRequest is POST /api/v1/auth/sso/token: a one-time login code, and the PKCE verifier when the
// login was begun with a code_challenge.
type SSOTokenRequest struct {
	Code         string `json:"code"`
	CodeVerifier string `json:"code_verifier,omitempty"`
}

// DeviceCodeRequest is POST /api/v1/auth/device/code: the organisation (id or name) to sign in with.
type DeviceCodeRequest struct {
	Org string `json:"org"`
}

// DeviceCode answers POST /api/v1/auth/device/code (RFC 8628 §3.2).
type DeviceCode struct {
	DeviceCode              string `json:"device_code"`
	UserCode                string `json:"user_code"`
	VerificationURI         string `json:"verification_uri"`
	VerificationURIComplete string `json:"verification_uri_complete"`
	ExpiresIn               int    `json:"expires_in"`
	Interval                int    `json:"interval"`
}

// DeviceTokenRequest is POST /api/v1/auth/device/token.
type DeviceTokenRequest struct {
	DeviceCode string `json:"device_code"`
}
