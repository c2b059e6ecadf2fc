-- End-to-end encrypted history sync. The server keeps each record sealed on the device: it never sees
-- a prompt or a command, only what it needs to order, page and count records (ids, times, risk).

-- +goose Up
CREATE SEQUENCE sync_records_seq;

CREATE TABLE sync_records (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The device's ULID for the record: re-uploading it updates the row, never adds one.
    id          text NOT NULL CHECK (length(id) = 26),
    -- Position in the user's change feed: download cursors compare it. A write takes the next value.
    seq         bigint NOT NULL DEFAULT nextval('sync_records_seq'),
    device      text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    risk        text NOT NULL DEFAULT '',
    deleted     boolean NOT NULL DEFAULT false,
    key_id      text NOT NULL DEFAULT '',
    wrapped_key bytea,
    ciphertext  bytea,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, id)
);
CREATE UNIQUE INDEX sync_records_user_seq_key ON sync_records (user_id, seq);

-- The fingerprint of each user's current sync key (never the key), so a device can tell whether the key
-- it holds is current, and a rotation can refuse to overwrite one it did not start from.
CREATE TABLE sync_keys (
    user_id    uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    key_id     text NOT NULL,
    scheme     text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE sync_keys;
DROP TABLE sync_records;
DROP SEQUENCE sync_records_seq;
