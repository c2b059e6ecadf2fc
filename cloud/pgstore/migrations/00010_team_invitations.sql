-- Team invitations: an owner or admin invites an email address, and the person with that address
-- accepts or declines. Nothing in the table says whether an account has the address, so an invitation
-- answers the same for any address; one made before the account exists is found by the address once it
-- signs up. At most one invitation per team and address is pending at a time.

-- +goose Up
CREATE TABLE team_invitations (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id     uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    email       text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
    role        text NOT NULL CHECK (role IN ('admin', 'member')),
    status      text NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'accepted', 'declined', 'revoked')),
    invited_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    -- Who answered: the invitee for accepted and declined, the admin for revoked.
    answered_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    answered_at timestamptz
);
CREATE UNIQUE INDEX team_invitations_pending_key ON team_invitations (team_id, email) WHERE status = 'pending';
CREATE INDEX team_invitations_email_idx ON team_invitations (email) WHERE status = 'pending';

-- +goose Down
DROP TABLE team_invitations;
