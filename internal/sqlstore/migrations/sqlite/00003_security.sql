-- SPEC §10: deactivated users, ending a user's sessions, login throttling.

-- +goose Up
-- A user is deactivated, never deleted, so that what they authored stays.
ALTER TABLE users ADD COLUMN deactivated_at INTEGER;
-- session_epoch is copied into a session at login; a session whose copy
-- differs from the user's current value is over. Bumping it (a new
-- password, a deactivation) ends every session of the user on every
-- instance at once, without knowing which sessions are the user's.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;

-- One row per login attempt that counts against a subject (an email or a
-- client address) for the throttling window. The lock row serialises the
-- conditional insert of attempts for one subject, on both databases, so that
-- concurrent attempts cannot exceed the limit.
CREATE TABLE login_keys (
    subject TEXT PRIMARY KEY
);
CREATE TABLE login_attempts (
    subject TEXT NOT NULL,
    at INTEGER NOT NULL,
    attempt TEXT NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (subject, at);
CREATE INDEX login_attempts_at ON login_attempts (at);
CREATE INDEX login_attempts_attempt ON login_attempts (attempt);

-- Drafts are cleaned up by age (SPEC §6 "Drafts").
CREATE INDEX imports_drafts ON imports (created_at) WHERE status = 'draft';

-- +goose Down
DROP INDEX imports_drafts;
DROP TABLE login_attempts;
DROP TABLE login_keys;
ALTER TABLE users DROP COLUMN session_epoch;
ALTER TABLE users DROP COLUMN deactivated_at;
