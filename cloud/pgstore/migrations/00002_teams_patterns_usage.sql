-- Teams' shared patterns become templates with typed parameters, tags, a server-side risk and a use
-- count; commands record how long a run took; usage events carry what analytics groups by.

-- +goose Up
ALTER TABLE shared_patterns
    ADD COLUMN parameters        jsonb NOT NULL DEFAULT '[]',
    ADD COLUMN tags              text[] NOT NULL DEFAULT '{}',
    ADD COLUMN risk              text NOT NULL DEFAULT '',
    ADD COLUMN use_count         bigint NOT NULL DEFAULT 0,
    ADD COLUMN last_used_at      timestamptz,
    ADD COLUMN source_command_id uuid REFERENCES commands (id) ON DELETE SET NULL;
CREATE INDEX shared_patterns_team_created_idx ON shared_patterns (team_id, created_at DESC, id DESC);
CREATE INDEX shared_patterns_team_use_idx ON shared_patterns (team_id, use_count DESC);
CREATE INDEX shared_patterns_tags_idx ON shared_patterns USING gin (tags);

ALTER TABLE commands ADD COLUMN duration_ms integer;

ALTER TABLE usage_events
    ADD COLUMN risk       text NOT NULL DEFAULT '',
    ADD COLUMN pattern_id uuid REFERENCES shared_patterns (id) ON DELETE SET NULL,
    ADD COLUMN command_id uuid REFERENCES commands (id) ON DELETE SET NULL;
CREATE INDEX usage_events_pattern_created_idx ON usage_events (pattern_id, created_at) WHERE pattern_id IS NOT NULL;

-- +goose Down
DROP INDEX usage_events_pattern_created_idx;
ALTER TABLE usage_events DROP COLUMN command_id, DROP COLUMN pattern_id, DROP COLUMN risk;
ALTER TABLE commands DROP COLUMN duration_ms;
DROP INDEX shared_patterns_tags_idx;
DROP INDEX shared_patterns_team_use_idx;
DROP INDEX shared_patterns_team_created_idx;
ALTER TABLE shared_patterns
    DROP COLUMN source_command_id, DROP COLUMN last_used_at, DROP COLUMN use_count,
    DROP COLUMN risk, DROP COLUMN tags, DROP COLUMN parameters;
