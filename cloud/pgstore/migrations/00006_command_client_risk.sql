-- +goose Up
-- The risk of a stored command is the server's own rating (its safety engine on the command); the rating
-- the client sent, if any, is kept apart in client_risk and never feeds analytics. Rows stored before this
-- migration hold the client's rating in risk, so it is copied to client_risk too.
ALTER TABLE commands ADD COLUMN client_risk text NOT NULL DEFAULT '';
UPDATE commands SET client_risk = risk;

-- +goose Down
ALTER TABLE commands DROP COLUMN client_risk;
