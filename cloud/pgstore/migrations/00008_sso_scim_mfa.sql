-- Single sign-on per organisation (OIDC or SAML 2.0), the identities it links to accounts, SCIM
-- provisioning tokens, and second factors (TOTP) with their recovery codes.

-- +goose Up
CREATE TABLE org_sso (
    org_id          uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    protocol        text NOT NULL CHECK (protocol IN ('oidc', 'saml')),
    preset          text NOT NULL DEFAULT 'generic' CHECK (preset IN ('generic', 'okta', 'azure', 'google')),
    -- OIDC: the issuer, the client registered there, and its secret sealed with the server's keyring.
    issuer          text NOT NULL DEFAULT '',
    client_id       text NOT NULL DEFAULT '',
    client_secret   bytea,
    scopes          text[] NOT NULL DEFAULT '{}',
    -- SAML: the identity provider's metadata XML.
    idp_metadata    text NOT NULL DEFAULT '',
    -- Who may sign in: email domains (empty: any), and how a group or claim value maps to a role.
    allowed_domains text[] NOT NULL DEFAULT '{}',
    role_claim      text NOT NULL DEFAULT 'groups',
    role_map        jsonb NOT NULL DEFAULT '{}',
    default_role    text NOT NULL DEFAULT 'readonly' CHECK (default_role IN ('admin', 'engineer', 'junior', 'readonly')),
    -- Members may not log in with a password (nor keep using sessions opened with one).
    enforce         boolean NOT NULL DEFAULT false,
    -- MFA required of members who log in with a password.
    require_mfa     boolean NOT NULL DEFAULT false,
    -- The sha256 of the SCIM bearer token, when SCIM is switched on.
    scim_token_hash bytea,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX org_sso_scim_token_hash_key ON org_sso (scim_token_hash) WHERE scim_token_hash IS NOT NULL;

-- An account's identity at an organisation's identity provider: the subject (OIDC sub, SAML NameID)
-- and the SCIM id and externalId the provider provisions it under.
CREATE TABLE sso_identities (
    org_id      uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subject     text NOT NULL DEFAULT '',
    external_id text NOT NULL DEFAULT '',
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, user_id)
);
CREATE UNIQUE INDEX sso_identities_subject_key ON sso_identities (org_id, subject) WHERE subject <> '';
CREATE INDEX sso_identities_user_id_idx ON sso_identities (user_id);

-- SCIM groups of an organisation, each mapped to a role through org_sso.role_map by display name.
CREATE TABLE scim_groups (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id       uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    display_name text NOT NULL,
    external_id  text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX scim_groups_org_name_key ON scim_groups (org_id, lower(display_name));

CREATE TABLE scim_group_members (
    group_id uuid NOT NULL REFERENCES scim_groups (id) ON DELETE CASCADE,
    user_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);

-- TOTP (RFC 6238): the secret sealed with the server's keyring; enabled once a code confirmed it.
CREATE TABLE user_mfa (
    user_id      uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    totp_secret  bytea NOT NULL,
    enabled_at   timestamptz,
    last_step    bigint NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mfa_recovery_codes (
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash bytea NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- +goose Down
DROP TABLE mfa_recovery_codes;
DROP TABLE user_mfa;
DROP TABLE scim_group_members;
DROP TABLE scim_groups;
DROP TABLE sso_identities;
DROP TABLE org_sso;
