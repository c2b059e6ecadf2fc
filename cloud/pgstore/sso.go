package pgstore

import (
	"context"
	"encoding/json"
	"time"
)

// OrgSSO is an organisation's single sign-on settings. ClientSecret is sealed by the server's keyring.
type OrgSSO struct {
	OrgID          string
	Protocol       string // oidc or saml
	Preset         string // generic, okta, azure or google
	Issuer         string
	ClientID       string
	ClientSecret   []byte
	Scopes         []string
	IDPMetadata    string
	AllowedDomains []string
	RoleClaim      string
	RoleMap        map[string]string // a group or claim value -> a role
	DefaultRole    string
	Enforce        bool
	RequireMFA     bool
	SCIMEnabled    bool
	UpdatedAt      time.Time
}

const orgSSOColumns = `org_id, protocol, preset, issuer, client_id, client_secret, scopes, idp_metadata,
	allowed_domains, role_claim, role_map, default_role, enforce, require_mfa, scim_token_hash IS NOT NULL, updated_at`

func scanOrgSSO(row interface{ Scan(...any) error }) (OrgSSO, error) {
	var (
		s       OrgSSO
		roleMap []byte
	)
	err := row.Scan(&s.OrgID, &s.Protocol, &s.Preset, &s.Issuer, &s.ClientID, &s.ClientSecret, &s.Scopes,
		&s.IDPMetadata, &s.AllowedDomains, &s.RoleClaim, &roleMap, &s.DefaultRole, &s.Enforce, &s.RequireMFA,
		&s.SCIMEnabled, &s.UpdatedAt)
	if err != nil {
		return OrgSSO{}, mapErr(err)
	}
	if err := json.Unmarshal(roleMap, &s.RoleMap); err != nil {
		return OrgSSO{}, err
	}
	return s, nil
}

// OrgSSOByID returns an organisation's single sign-on settings, ErrNotFound when it has none.
func OrgSSOByID(ctx context.Context, q Querier, orgID string) (OrgSSO, error) {
	return scanOrgSSO(q.QueryRow(ctx, `SELECT `+orgSSOColumns+` FROM org_sso WHERE org_id = $1`, orgID))
}

// PutOrgSSO creates or replaces an organisation's settings (its SCIM token is kept). A nil ClientSecret
// keeps the stored one.
func PutOrgSSO(ctx context.Context, q Querier, s OrgSSO) (OrgSSO, error) {
	roleMap, err := json.Marshal(s.RoleMap)
	if err != nil {
		return OrgSSO{}, err
	}
	if s.Scopes == nil {
		s.Scopes = []string{}
	}
	if s.AllowedDomains == nil {
		s.AllowedDomains = []string{}
	}
	return scanOrgSSO(q.QueryRow(ctx,
		`INSERT INTO org_sso (org_id, protocol, preset, issuer, client_id, client_secret, scopes, idp_metadata,
		     allowed_domains, role_claim, role_map, default_role, enforce, require_mfa)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
		 ON CONFLICT (org_id) DO UPDATE SET protocol = $2, preset = $3, issuer = $4, client_id = $5,
		     client_secret = COALESCE($6, org_sso.client_secret), scopes = $7, idp_metadata = $8,
		     allowed_domains = $9, role_claim = $10, role_map = $11, default_role = $12, enforce = $13,
		     require_mfa = $14, updated_at = now()
		 RETURNING `+orgSSOColumns,
		s.OrgID, s.Protocol, s.Preset, s.Issuer, s.ClientID, s.ClientSecret, s.Scopes, s.IDPMetadata,
		s.AllowedDomains, s.RoleClaim, roleMap, s.DefaultRole, s.Enforce, s.RequireMFA))
}

// SetSCIMToken stores the sha256 of an organisation's SCIM bearer token (nil switches SCIM off).
func SetSCIMToken(ctx context.Context, q Querier, orgID string, hash []byte) error {
	tag, err := q.Exec(ctx, `UPDATE org_sso SET scim_token_hash = $2, updated_at = now() WHERE org_id = $1`, orgID, hash)
	if err != nil {
		return mapErr(err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

// OrgBySCIMToken returns the organisation whose SCIM token has this sha256.
func OrgBySCIMToken(ctx context.Context, q Querier, hash []byte) (string, error) {
	var id string
	err := q.QueryRow(ctx, `SELECT org_id FROM org_sso WHERE scim_token_hash = $1`, hash).Scan(&id)
	return id, mapErr(err)
}

// NoPassword is the password_hash of an account made by single sign-on or SCIM: it matches no password.
const NoPassword = "!sso"

// CreateSSOUser inserts an account that logs in only through its organisation's identity provider.
func CreateSSOUser(ctx context.Context, q Querier, email, displayName string) (User, error) {
	return CreateUser(ctx, q, email, NoPassword, displayName)
}

// AnyUserByEmail returns the account with this (lowercase) email, disabled or not, and whether it is
// disabled.
func AnyUserByEmail(ctx context.Context, q Querier, email string) (User, bool, error) {
	var (
		u        User
		disabled bool
	)
	err := q.QueryRow(ctx, `SELECT `+userColumns+`, disabled_at IS NOT NULL FROM users WHERE email = $1`, email).
		Scan(&u.ID, &u.Email, &u.PasswordHash, &u.DisplayName, &u.Plan, &u.CreatedAt, &disabled)
	return u, disabled, mapErr(err)
}

// SetUserDisabled disables an account (it can no longer log in or authenticate) or enables it again.
func SetUserDisabled(ctx context.Context, q Querier, userID string, disabled bool) error {
	_, err := q.Exec(ctx,
		`UPDATE users SET disabled_at = CASE WHEN $2 THEN COALESCE(disabled_at, now()) END, updated_at = now()
		 WHERE id = $1`, userID, disabled)
	return mapErr(err)
}

// SetUserDisplayName changes an account's display name.
func SetUserDisplayName(ctx context.Context, q Querier, userID, name string) error {
	_, err := q.Exec(ctx, `UPDATE users SET display_name = $2, updated_at = now() WHERE id = $1`, userID, name)
	return mapErr(err)
}

// RevokeUserCredentials revokes every session (refresh-token family) and API key of an account at once.
func RevokeUserCredentials(ctx context.Context, q Querier, userID string) error {
	if _, err := q.Exec(ctx,
		`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, userID); err != nil {
		return mapErr(err)
	}
	_, err := q.Exec(ctx, `UPDATE api_keys SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, userID)
	return mapErr(err)
}

// UserSSOEnforced reports whether the account belongs to an organisation that allows only single
// sign-on, and whether one of its organisations requires a second factor.
func UserSSOEnforced(ctx context.Context, q Querier, userID string) (enforced, mfa bool, err error) {
	err = q.QueryRow(ctx,
		`SELECT COALESCE(bool_or(s.enforce), false), COALESCE(bool_or(s.require_mfa), false)
		 FROM organization_members m JOIN org_sso s ON s.org_id = m.org_id WHERE m.user_id = $1`, userID).
		Scan(&enforced, &mfa)
	return enforced, mfa, mapErr(err)
}

// SSOIdentity links an account to an organisation's identity provider.
type SSOIdentity struct {
	OrgID       string
	UserID      string
	Subject     string
	ExternalID  string
	Active      bool
	Email       string
	DisplayName string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

const ssoIdentityColumns = `i.org_id, i.user_id, i.subject, i.external_id, i.active, u.email, u.display_name,
	i.created_at, i.updated_at`

func scanSSOIdentity(row interface{ Scan(...any) error }) (SSOIdentity, error) {
	var i SSOIdentity
	err := row.Scan(&i.OrgID, &i.UserID, &i.Subject, &i.ExternalID, &i.Active, &i.Email, &i.DisplayName,
		&i.CreatedAt, &i.UpdatedAt)
	return i, mapErr(err)
}

// UpsertSSOIdentity links the account to the organisation's provider; an empty subject or externalID
// keeps the stored one.
func UpsertSSOIdentity(ctx context.Context, q Querier, orgID, userID, subject, externalID string, active bool) error {
	_, err := q.Exec(ctx,
		`INSERT INTO sso_identities (org_id, user_id, subject, external_id, active) VALUES ($1, $2, $3, $4, $5)
		 ON CONFLICT (org_id, user_id) DO UPDATE SET
		     subject = COALESCE(NULLIF($3, ''), sso_identities.subject),
		     external_id = COALESCE(NULLIF($4, ''), sso_identities.external_id),
		     active = $5, updated_at = now()`, orgID, userID, subject, externalID, active)
	return mapErr(err)
}

// SSOIdentityBySubject returns the identity with this subject at the organisation's provider.
func SSOIdentityBySubject(ctx context.Context, q Querier, orgID, subject string) (SSOIdentity, error) {
	return scanSSOIdentity(q.QueryRow(ctx, `SELECT `+ssoIdentityColumns+`
		FROM sso_identities i JOIN users u ON u.id = i.user_id WHERE i.org_id = $1 AND i.subject = $2`, orgID, subject))
}

// SSOIdentityByUser returns the account's identity at the organisation's provider.
func SSOIdentityByUser(ctx context.Context, q Querier, orgID, userID string) (SSOIdentity, error) {
	return scanSSOIdentity(q.QueryRow(ctx, `SELECT `+ssoIdentityColumns+`
		FROM sso_identities i JOIN users u ON u.id = i.user_id WHERE i.org_id = $1 AND i.user_id = $2`, orgID, userID))
}

// SSOIdentities lists an organisation's provisioned identities, filtered by email when email is set.
func SSOIdentities(ctx context.Context, q Querier, orgID, email string) ([]SSOIdentity, error) {
	rows, err := q.Query(ctx, `SELECT `+ssoIdentityColumns+`
		FROM sso_identities i JOIN users u ON u.id = i.user_id
		WHERE i.org_id = $1 AND ($2 = '' OR u.email = $2) ORDER BY i.created_at, i.user_id`, orgID, email)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []SSOIdentity{}
	for rows.Next() {
		i, err := scanSSOIdentity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, mapErr(rows.Err())
}

// RemoveOrgMember takes the account out of the organisation.
func RemoveOrgMember(ctx context.Context, q Querier, orgID, userID string) error {
	_, err := q.Exec(ctx, `DELETE FROM organization_members WHERE org_id = $1 AND user_id = $2`, orgID, userID)
	return mapErr(err)
}
