-- Visibility by import (SPEC §6, sqlstore/visibility.go).
--
-- A row of leads, vehicles, notes or links is hidden from a user while the
-- import that wrote it (import_id) is not finalized and belongs to someone
-- else. The imports table says so; the rows no longer carry their own copy
-- (visible_to), so Finalize publishes an import's rows without writing
-- them (on PostgreSQL, updating a created lead's visible_to wrote a new
-- version of the row and an entry in every index).
--
-- leads_account_type keeps module lists and their counts covering: it holds
-- import_id, which the visibility condition reads. leads_account does the
-- same for the list of all leads, newest first, which otherwise sorted the
-- whole account for every page. Both grow at their right end as leads are
-- created (IDs ascend), which costs an import little.

-- +goose Up
DROP INDEX leads_account_type;
ALTER TABLE leads DROP COLUMN visible_to;
ALTER TABLE vehicles DROP COLUMN visible_to;
ALTER TABLE notes DROP COLUMN visible_to;
ALTER TABLE links DROP COLUMN visible_to;
CREATE INDEX leads_account_type ON leads (account_id, type, id, import_id);
CREATE INDEX leads_account ON leads (account_id, id, import_id);

-- +goose Down
DROP INDEX leads_account;
DROP INDEX leads_account_type;
ALTER TABLE leads ADD COLUMN visible_to INTEGER;
ALTER TABLE vehicles ADD COLUMN visible_to INTEGER;
ALTER TABLE notes ADD COLUMN visible_to INTEGER;
ALTER TABLE links ADD COLUMN visible_to INTEGER;
UPDATE leads SET visible_to = (SELECT owner_id FROM imports i WHERE i.id = leads.import_id AND NOT i.finalized) WHERE import_id IS NOT NULL;
UPDATE vehicles SET visible_to = (SELECT owner_id FROM imports i WHERE i.id = vehicles.import_id AND NOT i.finalized) WHERE import_id IS NOT NULL;
UPDATE notes SET visible_to = (SELECT owner_id FROM imports i WHERE i.id = notes.import_id AND NOT i.finalized) WHERE import_id IS NOT NULL;
UPDATE links SET visible_to = (SELECT owner_id FROM imports i WHERE i.id = links.import_id AND NOT i.finalized) WHERE import_id IS NOT NULL;
CREATE INDEX leads_account_type ON leads (account_id, type, id, visible_to);
