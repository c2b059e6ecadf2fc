-- The audit log: the seed's audit_logs, kept as one hash chain per organisation (and one for events
-- outside any organisation), append-only three ways (rules, a trigger, and no UPDATE, DELETE or TRUNCATE
-- privilege), and the signed checkpoints of each chain's Merkle tree. How much of a command's text an
-- organisation's execution events keep is the organisation's setting.

-- +goose Up
ALTER TABLE organizations ADD COLUMN audit_command_text text NOT NULL DEFAULT 'hash'
    CHECK (audit_command_text IN ('full', 'redacted', 'hash'));

-- No foreign keys: an event outlives the account, team or organisation it names, and a cascade or a SET
-- NULL would be an UPDATE or a DELETE, which the table refuses.
CREATE TABLE audit_logs (
    -- The chain the event is in: its organisation, or the nil uuid for events outside any organisation.
    chain_id        uuid GENERATED ALWAYS AS
                    (coalesce(organization_id, '00000000-0000-0000-0000-000000000000'::uuid)) STORED,
    -- The event's place in its chain: 1, 2, 3... with no gap.
    seq             bigint NOT NULL CHECK (seq >= 1),
    organization_id uuid,
    user_id         uuid,
    action          text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
    resource_type   text NOT NULL DEFAULT '',
    resource_id     text NOT NULL DEFAULT '',
    status          text NOT NULL CHECK (status IN ('success', 'failure', 'denied')),
    duration_ms     integer NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
    ip_address      inet,
    user_agent      text NOT NULL DEFAULT '',
    details         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object'),
    created_at      timestamptz NOT NULL,
    -- Hex SHA-256: the event_hash of the event before this one in its chain (zeros for the first), and
    -- this event's hash over its fields and previous_hash (package audit says how).
    previous_hash   text NOT NULL CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
    event_hash      text NOT NULL CHECK (event_hash ~ '^[0-9a-f]{64}$'),
    PRIMARY KEY (chain_id, seq)
);
CREATE INDEX audit_logs_created_at_idx ON audit_logs (created_at, chain_id, seq);

-- A chain's Merkle tree head at a size, signed by the server (a C2SP signed note): what a later
-- truncation or rewrite of the chain is detected against.
CREATE TABLE audit_checkpoints (
    chain_id   uuid NOT NULL,
    tree_size  bigint NOT NULL CHECK (tree_size >= 1),
    root_hash  bytea NOT NULL CHECK (length(root_hash) = 32),
    note       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, tree_size)
);

-- Append-only, first way: the seed's rules turn an UPDATE or DELETE into nothing.
CREATE RULE audit_logs_no_update AS ON UPDATE TO audit_logs DO INSTEAD NOTHING;
CREATE RULE audit_logs_no_delete AS ON DELETE TO audit_logs DO INSTEAD NOTHING;
CREATE RULE audit_checkpoints_no_update AS ON UPDATE TO audit_checkpoints DO INSTEAD NOTHING;
CREATE RULE audit_checkpoints_no_delete AS ON DELETE TO audit_checkpoints DO INSTEAD NOTHING;

-- Second way: a trigger refuses UPDATE, DELETE and TRUNCATE, whoever asks (a superuser too), should the
-- rules be dropped or disabled; rules do not cover TRUNCATE at all.
-- +goose StatementBegin
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Third way: no role holds UPDATE, DELETE or TRUNCATE on them, the role that ran the migrations included.
-- An owner can grant them back and a superuser needs none, so run the server as a role that owns no
-- table (docs/compliance.md shows how); the trigger holds either way.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs, audit_checkpoints FROM PUBLIC, CURRENT_USER;

-- +goose Down
DROP TABLE audit_checkpoints;
DROP TABLE audit_logs;
DROP FUNCTION audit_refuse_change();
ALTER TABLE organizations DROP COLUMN audit_command_text;
