-- A server key's seed may be stored sealed under the server's secrets keyring (cloud/secrets): the value
-- then begins with the sealed format's prefix and is longer than the 32 bytes of a plaintext seed, which
-- servers without a keyring, and rows written before sealing, keep.

-- +goose Up
ALTER TABLE server_keys DROP CONSTRAINT server_keys_seed_check;
ALTER TABLE server_keys ADD CONSTRAINT server_keys_seed_check
    CHECK (length(seed) = 32 OR substring(seed from 1 for 16) = 'cmdai-sealed-v1:'::bytea);

-- +goose Down
-- Fails while a sealed seed is stored: open it first (a server of this version without a keyring
-- cannot read it either).
ALTER TABLE server_keys DROP CONSTRAINT server_keys_seed_check;
ALTER TABLE server_keys ADD CONSTRAINT server_keys_seed_check CHECK (length(seed) = 32);
