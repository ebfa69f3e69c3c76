package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/leadport/leadport"
)

// headerKey identifies a header exactly: its names in order.
func headerKey(header []string) string {
	sum := sha256.Sum256([]byte(strings.Join(header, "\x00")))
	return hex.EncodeToString(sum[:])
}

// SaveMapping remembers m for its account and header.
func (s *Store) SaveMapping(ctx context.Context, m *leadport.SavedMapping) error {
	header, err := json.Marshal(nonNil(m.Header))
	if err != nil {
		return err
	}
	mapping, err := json.Marshal(nonNil(m.Mapping))
	if err != nil {
		return err
	}
	m.SavedAt = now()
	_, err = s.db.ExecContext(ctx, `INSERT INTO saved_mappings (account_id, header_key, header, mapping, import_id, saved_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (account_id, header_key) DO UPDATE SET header = excluded.header, mapping = excluded.mapping,
			import_id = excluded.import_id, saved_at = excluded.saved_at`,
		m.AccountID, headerKey(m.Header), string(header), string(mapping), m.ImportID, m.SavedAt.UnixMicro())
	if err != nil {
		return fmt.Errorf("save mapping: %w", err)
	}
	return nil
}

// SavedMapping returns the mapping saved for the account and header.
func (s *Store) SavedMapping(ctx context.Context, accountID int64, header []string) (*leadport.SavedMapping, error) {
	m := &leadport.SavedMapping{AccountID: accountID}
	var h, mapping string
	var saved int64
	err := s.read.QueryRowContext(ctx, `SELECT header, mapping, import_id, saved_at FROM saved_mappings
		WHERE account_id = $1 AND header_key = $2`, accountID, headerKey(header)).Scan(&h, &mapping, &m.ImportID, &saved)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "No mapping was saved for these columns.")
	} else if err != nil {
		return nil, fmt.Errorf("select saved mapping: %w", err)
	}
	if err := json.Unmarshal([]byte(h), &m.Header); err != nil {
		return nil, fmt.Errorf("saved mapping header: %w", err)
	}
	if err := json.Unmarshal([]byte(mapping), &m.Mapping); err != nil {
		return nil, fmt.Errorf("saved mapping: %w", err)
	}
	if !slices.Equal(m.Header, header) {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "No mapping was saved for these columns.")
	}
	m.SavedAt = fromMicros(saved)
	return m, nil
}
