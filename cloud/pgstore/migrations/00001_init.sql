-- The first schema of the cloud API. Append-only: change it with a new numbered file, never by editing.
-- Every table keys on a uuid and stamps created_at so that the audit chain, team RBAC and device sync that
-- come later can refer to any row without renumbering.

-- +goose Up
CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
    password_hash text NOT NULL,
    display_name  text NOT NULL DEFAULT '',
    plan          text NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro', 'enterprise')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    disabled_at   timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE api_keys (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text NOT NULL,
    prefix       text NOT NULL,
    key_hash     bytea NOT NULL,
    scopes       text[] NOT NULL DEFAULT '{}',
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX api_keys_key_hash_key ON api_keys (key_hash);
CREATE INDEX api_keys_user_id_idx ON api_keys (user_id, created_at DESC);

CREATE TABLE refresh_tokens (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id  uuid NOT NULL,
    parent_id  uuid REFERENCES refresh_tokens (id) ON DELETE SET NULL,
    token_hash bytea NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id);

CREATE TABLE teams (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL,
    slug       text NOT NULL,
    plan       text NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro', 'enterprise')),
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX teams_slug_key ON teams (slug);

CREATE TABLE team_members (
    team_id    uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user_id_idx ON team_members (user_id);

CREATE TABLE commands (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    team_id     uuid REFERENCES teams (id) ON DELETE SET NULL,
    client_id   text,
    prompt      text NOT NULL,
    command     text NOT NULL,
    shell       text NOT NULL DEFAULT '',
    risk        text NOT NULL DEFAULT '',
    backend     text NOT NULL DEFAULT '',
    executed_at timestamptz,
    exit_code   integer,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commands_user_created_idx ON commands (user_id, created_at DESC, id DESC);
CREATE INDEX commands_team_created_idx ON commands (team_id, created_at DESC) WHERE team_id IS NOT NULL;
-- A device's own id for a command makes sync retries idempotent.
CREATE UNIQUE INDEX commands_user_client_id_key ON commands (user_id, client_id) WHERE client_id IS NOT NULL;

CREATE TABLE shared_patterns (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id     uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    created_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    name        text NOT NULL,
    prompt      text NOT NULL DEFAULT '',
    command     text NOT NULL,
    description text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX shared_patterns_team_name_key ON shared_patterns (team_id, name);

CREATE TABLE usage_events (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    uuid REFERENCES users (id) ON DELETE SET NULL,
    team_id    uuid REFERENCES teams (id) ON DELETE SET NULL,
    api_key_id uuid REFERENCES api_keys (id) ON DELETE SET NULL,
    kind       text NOT NULL,
    backend    text NOT NULL DEFAULT '',
    latency_ms integer,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX usage_events_user_created_idx ON usage_events (user_id, created_at);
CREATE INDEX usage_events_team_created_idx ON usage_events (team_id, created_at) WHERE team_id IS NOT NULL;
CREATE INDEX usage_events_kind_created_idx ON usage_events (kind, created_at);

-- +goose Down
DROP TABLE usage_events;
DROP TABLE shared_patterns;
DROP TABLE commands;
DROP TABLE team_members;
DROP TABLE teams;
DROP TABLE refresh_tokens;
DROP TABLE api_keys;
DROP TABLE users;
