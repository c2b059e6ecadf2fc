-- Organisations above teams: members with the seed's roles, per-organisation feature flags, policies
-- distributed as signed, versioned bundles, approvals of single commands, and the key that signs bundles.

-- +goose Up
CREATE TABLE organizations (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- Enterprise features switched on for this organisation.
    features       text[] NOT NULL DEFAULT '{}',
    -- The version of the organisation's policy bundle: one more on every policy change.
    policy_version bigint NOT NULL DEFAULT 1 CHECK (policy_version >= 1),
    policies_changed_at timestamptz NOT NULL DEFAULT now(),
    -- How long a daemon may enforce a bundle after it was issued (zero: forever), and what it does past it.
    policy_max_age interval NOT NULL DEFAULT '168 hours' CHECK (policy_max_age >= interval '0'),
    stale_action   text NOT NULL DEFAULT 'warn' CHECK (stale_action IN ('deny', 'warn')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organizations_name_key ON organizations (lower(name));

CREATE TABLE organization_members (
    org_id     uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       text NOT NULL CHECK (role IN ('admin', 'engineer', 'junior', 'readonly')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX organization_members_user_id_idx ON organization_members (user_id);

ALTER TABLE teams ADD COLUMN organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL;
CREATE INDEX teams_organization_id_idx ON teams (organization_id) WHERE organization_id IS NOT NULL;

CREATE TABLE org_policies (
    org_id     uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    format     text NOT NULL CHECK (format IN ('structured', 'rego')),
    source     text NOT NULL,
    -- The policy as the engine reads it (package policy's Policy), parsed and validated when it was set.
    definition jsonb NOT NULL,
    -- The bundle version this policy last changed at.
    version    bigint NOT NULL,
    updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, name)
);

CREATE TABLE approvals (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id       uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    requester_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    command      text NOT NULL,
    -- Hex SHA-256 of command: an approval lets exactly this command run.
    command_hash text NOT NULL,
    cwd          text NOT NULL DEFAULT '',
    host         text NOT NULL DEFAULT '',
    reason       text NOT NULL DEFAULT '',
    status       text NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'approved', 'denied', 'used', 'expired')),
    decided_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    decided_at   timestamptz,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX approvals_org_created_idx ON approvals (org_id, created_at DESC, id DESC);
CREATE INDEX approvals_requester_idx ON approvals (requester_id, created_at DESC);

-- Keys the server signs with, one per purpose, so that every replica signs with the same key.
CREATE TABLE server_keys (
    purpose    text PRIMARY KEY,
    key_id     text NOT NULL,
    -- The Ed25519 seed (32 bytes) and its public key.
    seed       bytea NOT NULL CHECK (length(seed) = 32),
    public_key bytea NOT NULL CHECK (length(public_key) = 32),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE server_keys;
DROP TABLE approvals;
DROP TABLE org_policies;
DROP INDEX teams_organization_id_idx;
ALTER TABLE teams DROP COLUMN organization_id;
DROP TABLE organization_members;
DROP TABLE organizations;
