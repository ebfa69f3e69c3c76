package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/leadport/leadport"
)

// chunkSize is the largest piece of an import's file stored in one row.
const chunkSize = 1 << 20

// statusUploading marks an import whose file is still being stored: the
// store shows it to no one (Import, ListImports and OpenImportFile do not
// find it) until CreateImport turns it into a draft.
const statusUploading = "uploading"

// CreateImport stores imp as a draft with its file, read from file in
// chunks of at most 1 MiB.
//
// The file is all or nothing, as if stored in one transaction, but each
// chunk is written in its own: an upload from a slow browser would
// otherwise hold SQLite's only write lock, and stall every import and every
// page that writes, for as long as the upload lasts. The import stays
// invisible while it is uploading; if storing fails, what was stored is
// deleted, and an upload cut short by a crash is deleted by a later Open.
func (s *Store) CreateImport(ctx context.Context, imp *leadport.Import, file io.Reader) error {
	header, mapping, err := marshalMapping(imp)
	if err != nil {
		return err
	}
	created := now()
	// On SQLite the number comes from import_ids, so that a draft deleted
	// last does not give its number to the next upload; PostgreSQL's
	// identity column never reuses one.
	var id int64
	newID := "DEFAULT"
	if s.d.name == "sqlite" {
		if err := s.db.QueryRowContext(ctx, "UPDATE import_ids SET next = next + 1 RETURNING next - 1").Scan(&id); err != nil {
			return fmt.Errorf("number the import: %w", err)
		}
		newID = strconv.FormatInt(id, 10)
	}
	err = s.db.QueryRowContext(ctx, `INSERT INTO imports (id, account_id, owner_id, file_name, type, rule, delimiter, encoding,
		date_format, header, mapping, status, total, created_at)
		VALUES (`+newID+`, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		imp.AccountID, imp.OwnerID, imp.FileName, string(imp.Type), string(imp.Rule), int64(imp.Delimiter), imp.Encoding,
		imp.DateFormat, header, mapping, statusUploading, imp.Total, created.UnixMicro()).Scan(&id)
	if err != nil {
		return fmt.Errorf("insert import: %w", err)
	}
	size, err := s.storeFile(ctx, id, file)
	if err == nil {
		_, err = s.db.ExecContext(ctx, "UPDATE imports SET status = 'draft', file_size = $1 WHERE id = $2", size, id)
	}
	if err != nil {
		// Not ctx: it may be what ended the upload.
		if _, derr := s.db.ExecContext(context.WithoutCancel(ctx), "DELETE FROM imports WHERE id = $1", id); derr != nil {
			s.logger.Error("delete the import of a failed upload", "import", id, "err", derr)
		}
		return err
	}
	imp.ID, imp.Status, imp.CreatedAt, imp.FileSize = id, leadport.StatusDraft, created, size
	return nil
}

// storeFile writes the file of import id, one chunk per transaction.
func (s *Store) storeFile(ctx context.Context, id int64, file io.Reader) (int64, error) {
	buf := make([]byte, chunkSize)
	var size int64
	for seq := 0; ; seq++ {
		n, rerr := io.ReadFull(file, buf)
		if n > 0 {
			if _, err := s.db.ExecContext(ctx, "INSERT INTO import_chunks (import_id, seq, data) VALUES ($1, $2, $3)", id, seq, buf[:n]); err != nil {
				return 0, fmt.Errorf("store chunk %d of import %d: %w", seq, id, err)
			}
			size += int64(n)
		}
		switch rerr {
		case nil:
		case io.EOF, io.ErrUnexpectedEOF:
			return size, nil
		default:
			return 0, fmt.Errorf("read import file: %w", rerr)
		}
	}
}

// deleteAbandonedUploads removes the uploads that a crash cut short. An
// upload in progress in another process is younger than a day.
func (s *Store) deleteAbandonedUploads(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM imports WHERE status = $1 AND created_at < $2",
		statusUploading, now().Add(-24*time.Hour).UnixMicro())
	if err != nil {
		return fmt.Errorf("delete abandoned uploads: %w", err)
	}
	return nil
}

func marshalMapping(imp *leadport.Import) (header, mapping string, err error) {
	h, err := json.Marshal(nonNil(imp.Header))
	if err != nil {
		return "", "", err
	}
	m, err := json.Marshal(nonNil(imp.Mapping))
	if err != nil {
		return "", "", err
	}
	return string(h), string(m), nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// QueueImport saves a draft's settings and queues it.
func (s *Store) QueueImport(ctx context.Context, imp *leadport.Import) error {
	header, mapping, err := marshalMapping(imp)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE imports SET type = $1, rule = $2, delimiter = $3, encoding = $4, date_format = $5,
			header = $6, mapping = $7, total = $8, sheet = $9, status = 'queued' WHERE id = $10 AND status = 'draft'`,
			string(imp.Type), string(imp.Rule), int64(imp.Delimiter), imp.Encoding, imp.DateFormat, header, mapping, imp.Total, imp.Sheet, imp.ID)
		if err != nil {
			return fmt.Errorf("queue import %d: %w", imp.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notDraft(ctx, tx, imp.ID)
		}
		imp.Status = leadport.StatusQueued
		return nil
	})
}

// notDraft explains why an import that should be a draft is not.
func notDraft(ctx context.Context, tx *sql.Tx, id int64) error {
	var status string
	err := tx.QueryRowContext(ctx, "SELECT status FROM imports WHERE id = $1 AND status <> 'uploading'", id).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return importNotFound(id)
	} else if err != nil {
		return fmt.Errorf("select import %d: %w", id, err)
	}
	return leadport.Errorf(leadport.ECONFLICT, "Import %d has already been started (it is %s).", id, status)
}

func importNotFound(id int64) error {
	return leadport.Errorf(leadport.ENOTFOUND, "Import %d does not exist.", id)
}

// DeleteDraft removes a draft import and its file.
func (s *Store) DeleteDraft(ctx context.Context, importID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM import_chunks WHERE import_id = $1 AND EXISTS (SELECT 1 FROM imports WHERE id = $1 AND status = 'draft')", importID); err != nil {
			return fmt.Errorf("delete import %d file: %w", importID, err)
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM imports WHERE id = $1 AND status = 'draft'", importID)
		if err != nil {
			return fmt.Errorf("delete import %d: %w", importID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notDraft(ctx, tx, importID)
		}
		return nil
	})
}

const importColumns = `i.id, i.account_id, i.owner_id, COALESCE(u.name, ''), i.file_name, i.file_size, i.type, i.rule, i.delimiter,
	i.encoding, i.date_format, i.header, i.mapping, i.status, i.error, i.total, i.processed, i.created, i.merged,
	i.associated, i.failed, i.notes, i.leads_changed, i.created_at, i.started_at, i.finished_at, i.finalized, i.finalized_at, i.worker, i.lease_until,
	i.sheet
	FROM imports i LEFT JOIN users u ON u.id = i.owner_id`

func scanImport(sc interface{ Scan(...any) error }) (*leadport.Import, error) {
	var imp leadport.Import
	var delim, created int64
	var header, mapping string
	var started, finished, finalized, lease sql.NullInt64
	c := &imp.Counters
	err := sc.Scan(&imp.ID, &imp.AccountID, &imp.OwnerID, &imp.OwnerName, &imp.FileName, &imp.FileSize, &imp.Type, &imp.Rule, &delim,
		&imp.Encoding, &imp.DateFormat, &header, &mapping, &imp.Status, &imp.Error, &imp.Total, &c.Processed, &c.Created, &c.Merged,
		&c.Associated, &c.Failed, &c.Notes, &imp.LeadsChanged, &created, &started, &finished, &imp.Finalized, &finalized, &imp.Worker, &lease,
		&imp.Sheet)
	if err != nil {
		return nil, err
	}
	imp.Delimiter = rune(delim)
	imp.CreatedAt = fromMicros(created)
	imp.StartedAt, imp.FinishedAt, imp.FinalizedAt, imp.LeaseUntil = timePtr(started), timePtr(finished), timePtr(finalized), timePtr(lease)
	if err := json.Unmarshal([]byte(header), &imp.Header); err != nil {
		return nil, fmt.Errorf("import %d header: %w", imp.ID, err)
	}
	if err := json.Unmarshal([]byte(mapping), &imp.Mapping); err != nil {
		return nil, fmt.Errorf("import %d mapping: %w", imp.ID, err)
	}
	return &imp, nil
}

// Import returns an import.
func (s *Store) Import(ctx context.Context, id int64) (*leadport.Import, error) {
	return s.importFrom(ctx, s.read, id)
}

type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) importFrom(ctx context.Context, q queryRower, id int64) (*leadport.Import, error) {
	imp, err := scanImport(q.QueryRowContext(ctx, "SELECT "+importColumns+" WHERE i.id = $1 AND i.status <> 'uploading'", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, importNotFound(id)
	} else if err != nil {
		return nil, fmt.Errorf("select import %d: %w", id, err)
	}
	return imp, nil
}

// ListImports returns the account's imports, oldest first, drafts left out.
func (s *Store) ListImports(ctx context.Context, accountID int64) ([]*leadport.Import, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+importColumns+" WHERE i.account_id = $1 AND i.status NOT IN ('draft', 'uploading') ORDER BY i.id", accountID)
	if err != nil {
		return nil, fmt.Errorf("list imports: %w", err)
	}
	defer rows.Close()
	var imps []*leadport.Import
	for rows.Next() {
		imp, err := scanImport(rows)
		if err != nil {
			return nil, fmt.Errorf("list imports: %w", err)
		}
		imps = append(imps, imp)
	}
	return imps, rows.Err()
}

// ListDrafts returns one user's drafts, oldest first.
func (s *Store) ListDrafts(ctx context.Context, ownerID int64) ([]*leadport.Import, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+importColumns+" WHERE i.owner_id = $1 AND i.status = 'draft' ORDER BY i.id", ownerID)
	if err != nil {
		return nil, fmt.Errorf("list drafts: %w", err)
	}
	defer rows.Close()
	var imps []*leadport.Import
	for rows.Next() {
		imp, err := scanImport(rows)
		if err != nil {
			return nil, fmt.Errorf("list drafts: %w", err)
		}
		imps = append(imps, imp)
	}
	return imps, rows.Err()
}

// OpenImportFile streams the stored file back, one chunk per query.
func (s *Store) OpenImportFile(ctx context.Context, id int64) (io.ReadCloser, error) {
	var n int
	err := s.read.QueryRowContext(ctx, "SELECT 1 FROM imports WHERE id = $1 AND status <> 'uploading'", id).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, importNotFound(id)
	} else if err != nil {
		return nil, fmt.Errorf("select import %d: %w", id, err)
	}
	return &chunkReader{ctx: ctx, s: s, id: id}, nil
}

// chunkReader reads an import's file one chunk at a time, so that a file is
// never held whole in memory.
type chunkReader struct {
	ctx  context.Context
	s    *Store
	id   int64
	seq  int
	buf  []byte
	done bool
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.done {
			return 0, io.EOF
		}
		var data []byte
		err := r.s.imp.QueryRowContext(r.ctx, "SELECT data FROM import_chunks WHERE import_id = $1 AND seq = $2", r.id, r.seq).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			r.done = true
			continue
		} else if err != nil {
			return 0, fmt.Errorf("read import %d chunk %d: %w", r.id, r.seq, err)
		}
		r.seq++
		r.buf = data
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

func (r *chunkReader) Close() error {
	r.done, r.buf = true, nil
	return nil
}

// ClaimImport gives worker the oldest claimable import.
func (s *Store) ClaimImport(ctx context.Context, worker string, lease time.Duration) (*leadport.Import, error) {
	return s.claim(ctx, 0, worker, lease)
}

// ClaimImportByID claims one given import if it is claimable now.
func (s *Store) ClaimImportByID(ctx context.Context, id int64, worker string, lease time.Duration) (*leadport.Import, error) {
	return s.claim(ctx, id, worker, lease)
}

// claim claims import id, or the oldest claimable import when id is 0.
//
// An import is claimable when it is queued or running under an expired
// lease, and no other import of its account runs under a live lease. A
// worker (id 0) also leaves a queued import alone while its account has an
// interrupted import (running, lease expired: it is resumed first) or an
// older queued one: an account's imports run one after the other, in the
// order they were queued, never interleaved. On SQLite the IMMEDIATE
// transaction serialises claims. On PostgreSQL, rows
// being claimed by another worker are skipped (SKIP LOCKED), and a
// transaction-level advisory lock on the account, held until commit, makes
// the "no other import of the account running" check race-free: a
// concurrent claim for the same account either fails to take the lock or,
// once it has it, sees this claim committed.
func (s *Store) claim(ctx context.Context, id int64, worker string, lease time.Duration) (*leadport.Import, error) {
	var imp *leadport.Import
	err := s.tx(ctx, func(tx *sql.Tx) error {
		t := now()
		nowUS := t.UnixMicro()
		q := `SELECT i.id, i.account_id, i.status FROM imports i
			WHERE (i.status = 'queued' OR (i.status = 'running' AND i.lease_until < $1)) AND ($2 = 0 OR i.id = $2)
			AND NOT EXISTS (SELECT 1 FROM imports o WHERE o.account_id = i.account_id AND o.id <> i.id
				AND o.status = 'running' AND o.lease_until >= $1)
			ORDER BY i.id LIMIT 20` + s.d.skipLocked
		rows, err := tx.QueryContext(ctx, q, nowUS, id)
		if err != nil {
			return fmt.Errorf("select claimable imports: %w", err)
		}
		type cand struct {
			id, account int64
			status      string
		}
		var cands []cand
		for rows.Next() {
			var c cand
			if err := rows.Scan(&c.id, &c.account, &c.status); err != nil {
				rows.Close()
				return fmt.Errorf("select claimable imports: %w", err)
			}
			cands = append(cands, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("select claimable imports: %w", err)
		}
		tried := map[int64]bool{}
		for _, c := range cands {
			if tried[c.account] {
				continue
			}
			tried[c.account] = true
			ok, err := s.d.lockAccount(ctx, tx, c.account)
			if err != nil {
				return fmt.Errorf("lock account %d imports: %w", c.account, err)
			}
			if !ok {
				continue
			}
			// The candidate query alone cannot tell: it skips the rows
			// that other transactions lock, such as an interrupted import
			// whose slow worker is still committing a batch.
			busyQ, args := `SELECT count(*) FROM imports WHERE account_id = $1 AND id <> $2
				AND status = 'running' AND lease_until >= $3`, []any{c.account, c.id, nowUS}
			if id == 0 && c.status == leadport.StatusQueued {
				busyQ, args = `SELECT count(*) FROM imports WHERE account_id = $1 AND id <> $2
					AND (status = 'running' OR (status = 'queued' AND id < $2))`, []any{c.account, c.id}
			}
			var busy int
			err = tx.QueryRowContext(ctx, busyQ, args...).Scan(&busy)
			if err != nil {
				return fmt.Errorf("check account %d imports: %w", c.account, err)
			}
			if busy > 0 {
				continue
			}
			_, err = tx.ExecContext(ctx, `UPDATE imports SET status = 'running', worker = $1, lease_until = $2,
				started_at = COALESCE(started_at, $3) WHERE id = $4`, worker, t.Add(lease).UnixMicro(), nowUS, c.id)
			if err != nil {
				return fmt.Errorf("claim import %d: %w", c.id, err)
			}
			imp, err = s.importFrom(ctx, tx, c.id)
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return imp, nil
}

// Heartbeat extends worker's lease; ErrLeaseLost if it no longer holds it.
func (s *Store) Heartbeat(ctx context.Context, importID int64, worker string, lease time.Duration) error {
	res, err := s.db.ExecContext(ctx, "UPDATE imports SET lease_until = $1 WHERE id = $2 AND worker = $3 AND status = 'running'",
		now().Add(lease).UnixMicro(), importID, worker)
	if err != nil {
		return fmt.Errorf("renew lease on import %d: %w", importID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return leadport.ErrLeaseLost
	}
	return nil
}

// AllocateLeadIDs reserves n consecutive lead IDs and returns the first.
func (s *Store) AllocateLeadIDs(ctx context.Context, n int) (int64, error) {
	if n < 1 {
		return 0, fmt.Errorf("allocate %d lead IDs", n)
	}
	var first int64
	err := s.db.QueryRowContext(ctx, "UPDATE lead_ids SET next = next + $1 RETURNING next - $1", int64(n)).Scan(&first)
	if err != nil {
		return 0, fmt.Errorf("allocate lead IDs: %w", err)
	}
	return first, nil
}

// FailImport marks the import failed with a message for people and
// releases its lease. An empty worker fails the import whoever holds it.
func (s *Store) FailImport(ctx context.Context, importID int64, worker, message string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE imports SET status = 'failed', error = $1, finished_at = $2, lease_until = NULL
			WHERE id = $3 AND status IN ('queued', 'running') AND ($4 = '' OR worker = $4)`, message, now().UnixMicro(), importID, worker)
		if err != nil {
			return fmt.Errorf("fail import %d: %w", importID, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		imp, err := s.importFrom(ctx, tx, importID)
		if err != nil {
			return err
		}
		if imp.Status == leadport.StatusRunning {
			return leadport.ErrLeaseLost
		}
		return leadport.Errorf(leadport.ECONFLICT, "Import %d is %s; it cannot be marked failed.", importID, imp.Status)
	})
}

// issuePlace packs where an issue is into the import_issues.line column: the
// spreadsheet row in the high 32 bits, the file line in the low 32 (both are
// below 2^31: a row takes at least one byte of a file of at most a few GiB).
// Both grow through the file, so ordering by the packed value is file order,
// and the column keeps working without a schema change; a value stored
// before rows were known has row 0.
func issuePlace(row, line int) int64 { return int64(row)<<32 | int64(uint32(line)) }

func issueRowLine(place int64) (row, line int) { return int(place >> 32), int(uint32(place)) }

// Issues streams the import's issue report in file order.
func (s *Store) Issues(ctx context.Context, importID int64, fn func(leadport.Issue) error) error {
	rows, err := s.read.QueryContext(ctx, "SELECT line, column_name, raw, reason FROM import_issues WHERE import_id = $1 ORDER BY line, id", importID)
	if err != nil {
		return fmt.Errorf("select import %d issues: %w", importID, err)
	}
	defer rows.Close()
	for rows.Next() {
		is := leadport.Issue{ImportID: importID}
		var place int64
		if err := rows.Scan(&place, &is.Column, &is.Raw, &is.Reason); err != nil {
			return fmt.Errorf("select import %d issues: %w", importID, err)
		}
		is.Row, is.Line = issueRowLine(place)
		if err := fn(is); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CountUnfinished counts the imports, of every account, that are queued or
// running (whether their lease is live or expired).
func (s *Store) CountUnfinished(ctx context.Context) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM imports WHERE status IN ('queued', 'running')").Scan(&n); err != nil {
		return 0, fmt.Errorf("count unfinished imports: %w", err)
	}
	return n, nil
}
