package sso

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// ErrSCIMToken is a SCIM request without the organisation's bearer token.
var ErrSCIMToken = errors.New("missing or wrong SCIM bearer token")

// SCIMOrg returns the organisation whose SCIM bearer token this is.
func (s *Service) SCIMOrg(ctx context.Context, token string) (string, error) {
	if !strings.HasPrefix(token, "cmdais_") {
		return "", ErrSCIMToken
	}
	sum := sha256.Sum256([]byte(token))
	org, err := pgstore.OrgBySCIMToken(ctx, s.DB, sum[:])
	if errors.Is(err, pgstore.ErrNotFound) {
		return "", ErrSCIMToken
	}
	return org, err
}

// SCIMUser is a person as SCIM provisions them.
type SCIMUser struct {
	Email       string
	DisplayName string
	ExternalID  string
	Active      bool
}

// Provision creates (or links) the person's account, makes it a member of the organisation and links it
// to the organisation's provider; inactive, it deprovisions them.
func (s *Service) Provision(ctx context.Context, orgID string, in SCIMUser) (pgstore.SSOIdentity, error) {
	email, err := auth.NormalizeEmail(in.Email)
	if err != nil {
		return pgstore.SSOIdentity{}, invalid("userName", "%q is not an email address", in.Email)
	}
	cfg, err := pgstore.OrgSSOByID(ctx, s.DB, orgID)
	if err != nil {
		return pgstore.SSOIdentity{}, fmt.Errorf("read single sign-on settings: %w", err)
	}
	if !domainAllowed(email, cfg.AllowedDomains) {
		return pgstore.SSOIdentity{}, invalid("userName", "%v", ErrDomainNotAllowed)
	}
	var userID string
	err = pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		u, _, err := pgstore.AnyUserByEmail(ctx, tx, email)
		if errors.Is(err, pgstore.ErrNotFound) {
			u, err = pgstore.CreateSSOUser(ctx, tx, email, strings.TrimSpace(in.DisplayName))
		}
		if err != nil {
			return fmt.Errorf("account: %w", err)
		}
		userID = u.ID
		if in.DisplayName != "" {
			if err := pgstore.SetUserDisplayName(ctx, tx, u.ID, strings.TrimSpace(in.DisplayName)); err != nil {
				return err
			}
		}
		if err := pgstore.UpsertSSOIdentity(ctx, tx, orgID, u.ID, "", in.ExternalID, true); err != nil {
			return err
		}
		if err := pgstore.SetUserDisabled(ctx, tx, u.ID, false); err != nil {
			return err
		}
		return s.syncRole(ctx, tx, cfg, u.ID)
	})
	if err != nil {
		return pgstore.SSOIdentity{}, err
	}
	if !in.Active {
		if err := s.Deprovision(ctx, orgID, userID); err != nil {
			return pgstore.SSOIdentity{}, err
		}
	}
	return pgstore.SSOIdentityByUser(ctx, s.DB, orgID, userID)
}

// syncRole sets the member's role from the groups they are in.
func (s *Service) syncRole(ctx context.Context, q pgstore.Querier, cfg pgstore.OrgSSO, userID string) error {
	groups, err := pgstore.UserGroupNames(ctx, q, cfg.OrgID, userID)
	if err != nil {
		return err
	}
	return pgstore.SetOrgMember(ctx, q, cfg.OrgID, userID, string(MapRole(groups, cfg.RoleMap, cfg.DefaultRole)))
}

// Update changes a provisioned person: their name, and active (false deprovisions, true restores).
func (s *Service) Update(ctx context.Context, orgID, userID string, name *string, active *bool) (pgstore.SSOIdentity, error) {
	id, err := pgstore.SSOIdentityByUser(ctx, s.DB, orgID, userID)
	if err != nil {
		return pgstore.SSOIdentity{}, err
	}
	if name != nil {
		if err := pgstore.SetUserDisplayName(ctx, s.DB, userID, strings.TrimSpace(*name)); err != nil {
			return pgstore.SSOIdentity{}, err
		}
	}
	if active != nil && *active != id.Active {
		if *active {
			if _, err := s.Provision(ctx, orgID, SCIMUser{Email: id.Email, ExternalID: id.ExternalID, Active: true}); err != nil {
				return pgstore.SSOIdentity{}, err
			}
		} else if err := s.Deprovision(ctx, orgID, userID); err != nil {
			return pgstore.SSOIdentity{}, err
		}
	}
	return pgstore.SSOIdentityByUser(ctx, s.DB, orgID, userID)
}

// Deprovision ends a person's access at once, in one transaction: every session (refresh-token family,
// and with it every access token, which is checked against its session on each request) and every API
// key is revoked, they leave the organisation, and an account that only ever signed in through single
// sign-on is disabled. Their next request is a 401.
func (s *Service) Deprovision(ctx context.Context, orgID, userID string) error {
	return pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		id, err := pgstore.SSOIdentityByUser(ctx, tx, orgID, userID)
		if err != nil {
			return err
		}
		if err := pgstore.UpsertSSOIdentity(ctx, tx, orgID, userID, "", "", false); err != nil {
			return err
		}
		if err := pgstore.RevokeUserCredentials(ctx, tx, userID); err != nil {
			return fmt.Errorf("revoke credentials: %w", err)
		}
		if err := pgstore.RemoveOrgMember(ctx, tx, orgID, userID); err != nil {
			return err
		}
		u, _, err := pgstore.AnyUserByEmail(ctx, tx, id.Email)
		if err != nil {
			return err
		}
		if u.PasswordHash == pgstore.NoPassword {
			return pgstore.SetUserDisabled(ctx, tx, userID, true)
		}
		return nil
	})
}

// SetGroupMember adds a provisioned person to a group, or removes them, and updates their role.
func (s *Service) SetGroupMember(ctx context.Context, orgID, groupID, userID string, in bool) error {
	cfg, err := pgstore.OrgSSOByID(ctx, s.DB, orgID)
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		if err := pgstore.SetSCIMGroupMember(ctx, tx, orgID, groupID, userID, in); err != nil {
			return err
		}
		id, err := pgstore.SSOIdentityByUser(ctx, tx, orgID, userID)
		if errors.Is(err, pgstore.ErrNotFound) || (err == nil && !id.Active) {
			return nil
		}
		if err != nil {
			return err
		}
		return s.syncRole(ctx, tx, cfg, userID)
	})
}
