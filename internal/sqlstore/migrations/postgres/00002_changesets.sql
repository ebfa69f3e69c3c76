-- Changesets (SPEC §6, "nothing is shared before Finalize").
--
-- An import that is not finalized never changes a lead it did not create.
-- What it did to such a lead is its changeset: one lead_changes row per
-- (import, lead) holding the card values the import filled ('' where it
-- filled nothing; a row with nothing filled still says the import touched
-- the lead, with a note or a vehicle), and visible_to = the owner on the
-- notes, vehicles and links it added, as on the leads it created. The
-- owner's reads lay the changesets over the leads; FinalizeImport applies
-- them onto the leads as they are then, by the Merge rules, and deletes
-- them; RevertImport deletes them. Nothing shared is ever changed before
-- Finalize, so reverts commute.
--
-- lead_changes_owner serves the owner's reads (their changesets of a page
-- of leads, or all of them by lead for matching) and the checks between
-- dependent imports of one owner.
--
-- import_journal (the whole-row snapshots of the previous design) is no
-- longer written. A database that has journal rows is converted at Open
-- (sqlstore.convertJournal) and the rows deleted; the table is left for a
-- later migration to drop.

-- +goose Up
CREATE TABLE lead_changes (
    import_id BIGINT NOT NULL,
    lead_id BIGINT NOT NULL,
    account_id BIGINT NOT NULL,
    owner_id BIGINT NOT NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    business_name TEXT NOT NULL DEFAULT '',
    civility TEXT NOT NULL DEFAULT '',
    locale TEXT NOT NULL DEFAULT '',
    birth_date TEXT NOT NULL DEFAULT '',
    phone_home TEXT COLLATE "C" NOT NULL DEFAULT '',
    phone_home_ext TEXT NOT NULL DEFAULT '',
    phone_mobile TEXT COLLATE "C" NOT NULL DEFAULT '',
    phone_mobile_ext TEXT NOT NULL DEFAULT '',
    phone_work TEXT COLLATE "C" NOT NULL DEFAULT '',
    phone_work_ext TEXT NOT NULL DEFAULT '',
    email_home TEXT COLLATE "C" NOT NULL DEFAULT '',
    email_work TEXT COLLATE "C" NOT NULL DEFAULT '',
    address_line1 TEXT NOT NULL DEFAULT '',
    address_line2 TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    province TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    division TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    campaign TEXT NOT NULL DEFAULT '',
    advisor_id TEXT NOT NULL DEFAULT '',
    bdc_agent_id TEXT NOT NULL DEFAULT '',
    original_at TEXT NOT NULL DEFAULT '',
    appointment_at TEXT NOT NULL DEFAULT '',
    sale_at TEXT NOT NULL DEFAULT '',
    delivery_at TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    name_key TEXT COLLATE "C" NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (import_id, lead_id)
);
CREATE INDEX lead_changes_owner ON lead_changes (owner_id, lead_id);

ALTER TABLE vehicles ADD COLUMN visible_to BIGINT;
ALTER TABLE notes ADD COLUMN visible_to BIGINT;
ALTER TABLE links ADD COLUMN visible_to BIGINT;
ALTER TABLE imports ADD COLUMN leads_changed BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE imports DROP COLUMN leads_changed;
ALTER TABLE links DROP COLUMN visible_to;
ALTER TABLE notes DROP COLUMN visible_to;
ALTER TABLE vehicles DROP COLUMN visible_to;
DROP TABLE lead_changes;
