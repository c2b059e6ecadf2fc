-- Workflows: an organisation's workflow files, their runs (each a River job that walks the DAG), each
-- run's steps as runners claim and report them, the steps' log lines, the registered runners, and the
-- integration settings, sealed at rest. River's own tables are created by rivermigrate at start.

-- +goose Up
CREATE TABLE workflows (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id         uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    source         text NOT NULL,
    -- The HMAC key of the webhook trigger, sealed with the server's secrets keyring when it has one.
    webhook_secret bytea NOT NULL,
    created_by     uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, name)
);

CREATE TABLE workflow_runs (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id   uuid NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    org_id        uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- The workflow as it was when the run started: a later edit does not change a run.
    source        text NOT NULL,
    params        jsonb NOT NULL DEFAULT '{}',
    trigger       text NOT NULL CHECK (trigger IN ('manual', 'webhook', 'schedule')),
    -- A schedule's firing time: one run per firing, however many replicas see it.
    scheduled_for timestamptz,
    status        text NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'running', 'success', 'failed', 'refused', 'cancelled')),
    error         text NOT NULL DEFAULT '',
    created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    ended_at      timestamptz
);
CREATE INDEX workflow_runs_workflow_idx ON workflow_runs (workflow_id, created_at DESC);
CREATE UNIQUE INDEX workflow_runs_schedule_key ON workflow_runs (workflow_id, scheduled_for)
    WHERE scheduled_for IS NOT NULL;

CREATE TABLE workflow_runners (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id       uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    labels       text[] NOT NULL DEFAULT '{}',
    -- SHA-256 of the runner's token; the token itself is shown once, at registration.
    token_hash   bytea NOT NULL UNIQUE,
    created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz
);

CREATE TABLE workflow_steps (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    run_id           uuid NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
    name             text NOT NULL,
    status           text NOT NULL
                     CHECK (status IN ('queued', 'running', 'success', 'failed', 'refused', 'skipped', 'cancelled')),
    labels           text[] NOT NULL DEFAULT '{}',
    retryable        boolean NOT NULL DEFAULT false,
    -- One more each time a runner claims the step: a runner that died leaves its attempt behind.
    attempt          int NOT NULL DEFAULT 0,
    handler_of       text NOT NULL DEFAULT '',
    runner_id        uuid REFERENCES workflow_runners (id) ON DELETE SET NULL,
    lease_expires_at timestamptz,
    exit_code        int,
    status_code      int,
    output           text NOT NULL DEFAULT '',
    outputs          jsonb NOT NULL DEFAULT '{}',
    error            text NOT NULL DEFAULT '',
    queued_at        timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    ended_at         timestamptz,
    UNIQUE (run_id, name)
);
CREATE INDEX workflow_steps_queued_idx ON workflow_steps (queued_at) WHERE status = 'queued';
CREATE INDEX workflow_steps_running_idx ON workflow_steps (lease_expires_at) WHERE status = 'running';

CREATE TABLE workflow_step_logs (
    id       bigserial PRIMARY KEY,
    run_id   uuid NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
    step     text NOT NULL,
    attempt  int NOT NULL,
    stream   text NOT NULL CHECK (stream IN ('stdout', 'stderr', 'system')),
    line     text NOT NULL,
    at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workflow_step_logs_run_idx ON workflow_step_logs (run_id, id);

CREATE TABLE workflow_integrations (
    org_id     uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name       text NOT NULL,
    -- The settings as JSON, sealed with the server's secrets keyring (AES-256-GCM).
    sealed     bytea NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, name)
);

-- +goose Down
DROP TABLE workflow_integrations;
DROP TABLE workflow_step_logs;
DROP TABLE workflow_steps;
DROP TABLE workflow_runners;
DROP TABLE workflow_runs;
DROP TABLE workflows;
