-- The audit log's export and lifetime: SIEM sinks per organisation (their credentials sealed by the
-- server's keyring, a cursor of the last event delivered), the organisation's compliance retention of
-- its audit log and its opt-in to the anonymised training export, and the signed anchors from which a
-- chain whose oldest events expired still verifies.

-- +goose Up
-- audit_retention_days: how long the organisation's audit events are kept (NULL: for ever). It is a
-- compliance setting of its own: history retention never removes audit events.
ALTER TABLE organizations ADD COLUMN audit_retention_days integer
    CHECK (audit_retention_days BETWEEN 365 AND 2557);
ALTER TABLE organizations ADD COLUMN training_export boolean NOT NULL DEFAULT false;

CREATE TABLE audit_sinks (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id   uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- https: JSON lines (or CEF lines) POSTed over HTTPS; syslog_tcp and syslog_tls: RFC 5424 messages
    -- with octet-counting framing (RFC 6587); splunk_hec: Splunk's HTTP Event Collector, with acks.
    kind              text NOT NULL CHECK (kind IN ('https', 'syslog_tcp', 'syslog_tls', 'splunk_hec')),
    format            text NOT NULL DEFAULT 'jsonl' CHECK (format IN ('jsonl', 'cef')),
    -- An https:// URL, or host:port for syslog.
    endpoint          text NOT NULL CHECK (length(endpoint) BETWEEN 1 AND 2000),
    -- The credential (a bearer or HEC token), sealed with the server's keyring bound to the sink's id.
    token_sealed      bytea,
    -- PEM certificates that the sink's TLS certificate must chain to; empty: the system's roots.
    ca_pem            text NOT NULL DEFAULT '',
    enabled           boolean NOT NULL DEFAULT true,
    -- The sequence number of the last event of the organisation's chain delivered (and acknowledged,
    -- where the protocol acknowledges): delivery resumes after it, at least once.
    cursor_seq        bigint NOT NULL DEFAULT 0 CHECK (cursor_seq >= 0),
    delivered         bigint NOT NULL DEFAULT 0,
    failures          integer NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    last_error        text NOT NULL DEFAULT '',
    last_error_at     timestamptz,
    last_delivered_at timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX audit_sinks_org_name_key ON audit_sinks (organization_id, lower(name));
CREATE INDEX audit_sinks_due_idx ON audit_sinks (next_attempt_at) WHERE enabled;

-- A chain's anchor at sequence number seq: the events up to it may be removed (they expired), and the
-- chain still verifies from here. The anchor holds what verifying the rest needs: the hash of event
-- seq (the next event's previous_hash), the compact range of the Merkle tree of events 1 to seq (its
-- root is the signed checkpoint of that size's, which stays), and the inclusion proof of event seq in
-- that tree.
CREATE TABLE audit_anchors (
    chain_id     uuid NOT NULL,
    seq          bigint NOT NULL CHECK (seq >= 1),
    event_hash   text NOT NULL CHECK (event_hash ~ '^[0-9a-f]{64}$'),
    compact      bytea[] NOT NULL,
    inclusion    bytea[] NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, seq)
);
CREATE RULE audit_anchors_no_update AS ON UPDATE TO audit_anchors DO INSTEAD NOTHING;
CREATE RULE audit_anchors_no_delete AS ON DELETE TO audit_anchors DO INSTEAD NOTHING;
CREATE TRIGGER audit_anchors_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_anchors
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_anchors FROM PUBLIC, CURRENT_USER;

-- Expiry is the one way events leave audit_logs: audit_expire, run as the tables' owner, removes a
-- chain's events up to an anchor, and only those older than the organisation's retention. For the one
-- statement it runs it switches the delete rule off and grants itself DELETE (both undone before it
-- returns, in its transaction), and the trigger steps aside (a setting local to the transaction). The
-- server's role holds no DELETE and owns no table, so it can do none of that itself.

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_logs' AND current_setting('cmdai.audit_expiring', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION audit_expire(p_chain uuid, p_upto bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    days    integer;
    removed bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_anchors WHERE chain_id = p_chain AND seq = p_upto) THEN
        RAISE EXCEPTION 'no anchor of chain % at event %', p_chain, p_upto USING ERRCODE = 'check_violation';
    END IF;
    SELECT audit_retention_days INTO days FROM organizations WHERE id = p_chain;
    IF days IS NULL THEN
        RAISE EXCEPTION 'chain % keeps its audit events for ever', p_chain USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM audit_logs WHERE chain_id = p_chain AND seq <= p_upto
               AND created_at >= now() - make_interval(days => days)) THEN
        RAISE EXCEPTION 'events of chain % up to % are not all older than % days', p_chain, p_upto, days
            USING ERRCODE = 'check_violation';
    END IF;
    EXECUTE format('GRANT DELETE ON audit_logs TO %I', current_user);
    ALTER TABLE audit_logs DISABLE RULE audit_logs_no_delete;
    PERFORM set_config('cmdai.audit_expiring', 'on', true);
    DELETE FROM audit_logs WHERE chain_id = p_chain AND seq <= p_upto;
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('cmdai.audit_expiring', 'off', true);
    ALTER TABLE audit_logs ENABLE RULE audit_logs_no_delete;
    EXECUTE format('REVOKE DELETE ON audit_logs FROM %I', current_user);
    RETURN removed;
END;
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION audit_expire(uuid, bigint);
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
DROP TABLE audit_anchors;
DROP TABLE audit_sinks;
ALTER TABLE organizations DROP COLUMN training_export;
ALTER TABLE organizations DROP COLUMN audit_retention_days;
