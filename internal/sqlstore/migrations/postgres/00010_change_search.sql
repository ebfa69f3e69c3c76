-- Searches find the leads whose value the searcher's own pending changesets
-- fill (sqlstore.where). Without these indexes each search read every
-- changeset of the searcher: during a Merge of 50,000 rows, some 18,000
-- of them, twice a search (the count and the page).
--
-- Each index is partial: a changeset holds only what its import filled, so
-- few rows have an entry (a phone, an email), and a name only where the
-- import filled the first or the last name (otherwise the lead's own name,
-- which the leads' indexes hold, is the name the overlay shows).

-- +goose Up
CREATE INDEX lead_changes_phone_home ON lead_changes (phone_home) WHERE phone_home <> '';
CREATE INDEX lead_changes_phone_mobile ON lead_changes (phone_mobile) WHERE phone_mobile <> '';
CREATE INDEX lead_changes_phone_work ON lead_changes (phone_work) WHERE phone_work <> '';
CREATE INDEX lead_changes_email_home ON lead_changes (email_home) WHERE email_home <> '';
CREATE INDEX lead_changes_email_work ON lead_changes (email_work) WHERE email_work <> '';
CREATE INDEX lead_changes_name_1 ON lead_changes (split_part(name_key, '|', 1)) WHERE first_name <> '' OR last_name <> '';
CREATE INDEX lead_changes_name_2 ON lead_changes (split_part(name_key, '|', 2)) WHERE first_name <> '' OR last_name <> '';

-- +goose Down
DROP INDEX lead_changes_phone_home;
DROP INDEX lead_changes_phone_mobile;
DROP INDEX lead_changes_phone_work;
DROP INDEX lead_changes_email_home;
DROP INDEX lead_changes_email_work;
DROP INDEX lead_changes_name_1;
DROP INDEX lead_changes_name_2;
