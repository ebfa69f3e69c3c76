-- The sheet of an Excel workbook that an import reads, so that a resumed
-- import reads the same one. '' for a CSV file.

-- +goose Up
ALTER TABLE imports ADD COLUMN sheet TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE imports DROP COLUMN sheet;
