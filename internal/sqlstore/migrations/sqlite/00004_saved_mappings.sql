-- Saved mappings (SPEC §3): the mapping a user saved for a file's header,
-- remembered for the account and proposed first when the same header comes
-- again. header_key is the hex SHA-256 of the header's names joined by NUL,
-- so that a lookup is one primary-key probe whatever the header's length.

-- +goose Up
CREATE TABLE saved_mappings (
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    header_key TEXT NOT NULL,
    header TEXT NOT NULL,
    mapping TEXT NOT NULL,
    import_id INTEGER NOT NULL,
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, header_key)
);

-- +goose Down
DROP TABLE saved_mappings;
