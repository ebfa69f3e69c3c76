-- The editable customer card: its edit history, the name words that
-- search finds, and import numbers that are never handed out twice.

-- +goose Up
-- Every change made to a card by a person (an edit, or "use this value" on
-- an "[import]" note line): who, when, which field, the value before and
-- after, as stored. Field is a field key of the card (first_name, phone_home,
-- wanted_vin…). Newest last.
CREATE TABLE lead_history (
    id INTEGER PRIMARY KEY,
    lead_id INTEGER NOT NULL,
    user_id INTEGER,
    at INTEGER NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    note_id INTEGER
);
CREATE INDEX lead_history_lead ON lead_history (lead_id);

-- The words of a lead's name that the name-part indexes of leads cannot find
-- by prefix: the second and later words of a first or last name
-- ("francois" of "Jean-François", "brien" of "O'Brien"), the name written
-- without its separators ("jeanfrancois", "obrien"), and every word of a
-- name that lacks its first or last part. Most names add no row, so an
-- import pays for compound names only.
CREATE TABLE lead_words (
    account_id INTEGER NOT NULL,
    word TEXT NOT NULL,
    lead_id INTEGER NOT NULL,
    PRIMARY KEY (account_id, word, lead_id)
) WITHOUT ROWID;
CREATE INDEX lead_words_lead ON lead_words (lead_id);

-- The next import number. SQLite hands out max(id) + 1, so the number of a
-- draft deleted last would come back; an import number once shown is never
-- reused.
CREATE TABLE import_ids (
    next INTEGER NOT NULL
);
INSERT INTO import_ids (next) SELECT COALESCE(MAX(id), 0) + 1 FROM imports;

-- +goose Down
DROP TABLE import_ids;
DROP TABLE lead_words;
DROP TABLE lead_history;
