// Package sqlstore implements leadport.Store on SQLite (modernc.org/sqlite,
// pure Go) and on PostgreSQL (pgx), with one set of hand-written SQL.
//
// Both databases number parameters $1..$n, so almost every statement is
// shared text: the two stores behave the same because they run the same SQL.
// What differs is kept in a few places: the schema migrations
// (migrations/sqlite, migrations/postgres), the dialect type below (locking
// and a few expressions), and the bulk path of ApplyBatch (multi-row INSERT
// on SQLite, COPY on PostgreSQL; see batch.go).
//
// The package does not check permissions (internal/app does) and does not
// match leads (internal/importer does, in memory, from ScanMatchKeys).
package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/leadport/leadport"
)

//go:embed migrations
var migrations embed.FS

// Store is a leadport.Store on SQLite or PostgreSQL.
type Store struct {
	d    dialect
	db   *sql.DB // writes; on PostgreSQL also reads
	rdb  *sql.DB // reads: on SQLite a separate pool, so that reads never queue behind a write transaction
	read *reader // the reads' queries on rdb
	// imp runs an import's own reads (its match keys, the leads it merges,
	// its file): on SQLite the read pool, on PostgreSQL the write pool, so
	// that the readers of pages, however many, never hold up an import.
	imp    *reader
	logger *slog.Logger
	stmts  stmtCache // SQLite: ApplyBatch's statements on the write connection

	// PostgreSQL: rows written by batches since the planner statistics were
	// last refreshed (see analyzeIfStale).
	unanalyzed atomic.Int64
	analyzed   atomic.Bool
}

var _ leadport.Store = (*Store)(nil)

// Open opens the store named by dsn and brings its schema up to date. A dsn
// starting with postgres:// or postgresql:// is a PostgreSQL connection URL;
// anything else is the path of a SQLite database file, created if missing.
func Open(ctx context.Context, dsn string, logger *slog.Logger) (*Store, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Store{logger: logger}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		err = s.openPostgres(ctx, dsn)
	} else {
		err = s.openSQLite(ctx, dsn)
	}
	if err == nil {
		err = s.convertJournal(ctx)
	}
	if err == nil {
		err = s.deleteAbandonedUploads(ctx)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// openSQLite opens two pools on the file: one connection for writes, several
// for reads.
//
// The settings, and why:
//   - WAL: readers never block the writer nor the writer them, so pages and
//     progress stay live while an import commits batch after batch.
//   - synchronous=NORMAL: in WAL mode a commit is appended to the WAL and
//     only checkpoints are fsynced. The database can never be corrupted, and
//     a crash of the process loses nothing committed (the WAL is in the
//     operating system's cache); a power cut may lose the last commits, which
//     is safe here because each batch and its resume cursor commit together,
//     so an import simply resumes from an earlier batch. FULL would fsync
//     every batch.
//   - busy_timeout: another process (leadport work next to leadport serve)
//     may hold the write lock for a batch; wait for it rather than fail.
//   - _txlock=immediate: a write transaction takes the write lock at BEGIN,
//     so two transactions never both read and then fail to upgrade
//     (SQLITE_BUSY that busy_timeout cannot resolve).
//   - one write connection: writers queue in database/sql rather than spin
//     on the file lock, and a write transaction sees its own writes.
//   - cache_size=-65536 (64 MiB) on the write connection keeps the hot index
//     pages of a million-lead table in memory. Readers get 8 MiB each: a
//     reader's cache is dropped whenever another connection commits, so a
//     large one only costs memory (and time to empty it) during an import.
//   - wal_autocheckpoint=16384 pages (64 MiB of WAL): an import's batches
//     dirty the same index pages again and again; checkpointing less often
//     writes each of them back fewer times.
//   - temp_store=memory on the read connections, for their sorts. Not on
//     the write connection: a statement that changes many rows inside a
//     larger transaction keeps the pages it changes in a statement journal,
//     which is a temporary file; held in memory, a Revert of 621,526 leads
//     peaked at 880 MiB of RSS (220 MiB with the file, as fast).
func (s *Store) openSQLite(ctx context.Context, path string) error {
	s.d = sqliteDialect
	const common = "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	var err error
	s.db, err = sql.Open("sqlite", path+common+"&_pragma=cache_size(-65536)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"+
		"&_pragma=wal_autocheckpoint(16384)&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	s.db.SetMaxOpenConns(1)
	s.db.SetMaxIdleConns(1)
	s.db.SetConnMaxLifetime(0)
	s.db.SetConnMaxIdleTime(0)
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if err := s.migrate(ctx, goose.DialectSQLite3, "migrations/sqlite"); err != nil {
		return err
	}
	s.rdb, err = sql.Open("sqlite", path+common+"&_pragma=temp_store(memory)&_pragma=cache_size(-8192)&_pragma=query_only(1)")
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	s.rdb.SetMaxOpenConns(n)
	s.rdb.SetMaxIdleConns(n)
	s.read = newReader(s.rdb, true)
	s.imp = s.read
	return nil
}

func (s *Store) openPostgres(ctx context.Context, dsn string) error {
	s.d = postgresDialect
	var err error
	s.db, err = sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("open PostgreSQL: %w", err)
	}
	s.db.SetMaxOpenConns(20)
	s.db.SetMaxIdleConns(10)
	s.db.SetConnMaxIdleTime(5 * time.Minute)
	s.imp = newReader(s.db, false)
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	if err := s.migrate(ctx, goose.DialectPostgres, "migrations/postgres"); err != nil {
		return err
	}
	// No parallel workers for reads: starting them took longer than the
	// pages' queries themselves (10 ms for a name search's IDs on a busy
	// machine), and many readers at once keep the cores busy anyway.
	rdsn, err := withRuntimeParams(dsn, map[string]string{
		"statement_timeout":               strconv.Itoa(int(readTimeout.Milliseconds())),
		"max_parallel_workers_per_gather": "0",
	})
	if err != nil {
		return fmt.Errorf("open PostgreSQL: %w", err)
	}
	if s.rdb, err = sql.Open("pgx", rdsn); err != nil {
		return fmt.Errorf("open PostgreSQL: %w", err)
	}
	n := readConns()
	s.rdb.SetMaxOpenConns(n)
	s.rdb.SetMaxIdleConns(n)
	s.rdb.SetConnMaxIdleTime(5 * time.Minute)
	s.read = newReader(s.rdb, false)
	return nil
}

// readTimeout bounds each statement of the reads' pool on PostgreSQL: a
// search that would run longer is stopped rather than hold a connection
// that pages need.
const readTimeout = 30 * time.Second

// readConns is the size of the reads' pool on PostgreSQL: enough to keep
// the machine's cores busy, few enough that readers queue in the pool
// rather than share the cores with the import's connections. (On SQLite
// the import's key scan holds two read connections for its whole length:
// the pool keeps at least four.)
func readConns() int { return max(2, runtime.GOMAXPROCS(0)) }

// withRuntimeParams adds server settings to a PostgreSQL URL, which pgx
// sends when it connects; a setting the URL gives is left as it is.
func withRuntimeParams(dsn string, params map[string]string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("the PostgreSQL URL cannot be read: %w", err)
	}
	q := u.Query()
	for name, value := range params {
		if q.Get(name) == "" {
			q.Set(name, value)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// migrate applies the embedded migrations of one dialect. On PostgreSQL it
// holds a session advisory lock, so that several processes starting together
// do not race.
func (s *Store) migrate(ctx context.Context, d goose.Dialect, dir string) error {
	fsys, err := fs.Sub(migrations, dir)
	if err != nil {
		return err
	}
	// Out of order: migrations are numbered when the work that needs them
	// starts, and land when it is done; a database made between two
	// landings (00005 before 00002) gets the one it lacks. Each migration
	// touches tables of its own topic, so their order does not matter.
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true), goose.WithAllowOutofOrder(true)}
	if d == goose.DialectPostgres {
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(d, s.db, fsys, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate schema: %w", err)
	}
	for _, r := range res {
		s.logger.Info("schema migrated", "dialect", s.d.name, "migration", r.Source.Path, "duration", r.Duration)
	}
	return nil
}

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name }

// Close closes the database pools.
func (s *Store) Close() error {
	var errs []error
	if s.read != nil {
		s.read.close()
	}
	if s.rdb != nil && s.rdb != s.db {
		errs = append(errs, s.rdb.Close())
	}
	if s.db != nil {
		if s.d.name == "sqlite" {
			s.closeSQLite()
		}
		errs = append(errs, s.db.Close())
	}
	return errors.Join(errs...)
}

// closeSQLite finalizes ApplyBatch's statements, without which SQLite
// could not really close the connection (it would linger, with its page
// cache), and refreshes the planner's statistics.
func (s *Store) closeSQLite() {
	conn, err := s.db.Conn(context.Background())
	if err != nil {
		return
	}
	defer conn.Close()
	_ = conn.Raw(func(dc any) error {
		s.stmts.mu.Lock()
		defer s.stmts.mu.Unlock()
		s.stmts.reset(dc.(driver.Conn))
		return nil
	})
	// Cheap when nothing changed.
	_, _ = conn.ExecContext(context.Background(), "PRAGMA optimize")
}

// dialect is what differs between SQLite and PostgreSQL beyond the schema.
type dialect struct {
	name string
	// skipLocked ends the claim's candidate query: on PostgreSQL, workers
	// skip the rows another worker is claiming. SQLite serialises writers.
	skipLocked string
	// lockAccount, inside a claim's transaction, tries to take the lock that
	// keeps two imports of one account from running at once.
	lockAccount func(ctx context.Context, tx *sql.Tx, accountID int64) (bool, error)
	// namePart1 and namePart2 are the indexed expressions for the two parts
	// of name_key ("part1|part2").
	namePart1, namePart2 string
	// idIn is the condition "id is among the IDs each of subs selects"
	// (every search term finds the lead). On PostgreSQL the IDs are
	// gathered first into one array, the terms' intersection, which the
	// planner can only look up in the primary key: with "id IN (sub)" it
	// may hash sub and scan the whole table (a name search on 50,000 leads
	// took 48 ms rather than 1) as soon as its statistics are a little
	// off, and a second "id = ANY (array)" is a filter that reads the
	// whole array for every row (800 ms for "D'Amours", whose "d" finds a
	// tenth of the leads).
	idIn func(subs []string) string
}

var sqliteDialect = dialect{
	name: "sqlite",
	// The claim runs in a BEGIN IMMEDIATE transaction: it already holds the
	// database's only write lock.
	lockAccount: func(context.Context, *sql.Tx, int64) (bool, error) { return true, nil },
	namePart1:   "substr(name_key, 1, instr(name_key, '|') - 1)",
	namePart2:   "substr(name_key, instr(name_key, '|') + 1)",
	idIn: func(subs []string) string {
		in := make([]string, len(subs))
		for i, sub := range subs {
			in[i] = "id IN (" + sub + ")"
		}
		return strings.Join(in, " AND ")
	},
}

// importLockBase keys the transaction-level advisory locks of
// ClaimImport: one key per account ("LEAD" in the high bytes, far from
// goose's migration lock).
const importLockBase int64 = 0x4c454144 << 32

var postgresDialect = dialect{
	name:       "postgres",
	skipLocked: " FOR UPDATE OF i SKIP LOCKED",
	lockAccount: func(ctx context.Context, tx *sql.Tx, accountID int64) (bool, error) {
		var ok bool
		err := tx.QueryRowContext(ctx, "SELECT pg_try_advisory_xact_lock($1)", importLockBase+accountID).Scan(&ok)
		return ok, err
	},
	namePart1: "split_part(name_key, '|', 1)",
	namePart2: "split_part(name_key, '|', 2)",
	idIn: func(subs []string) string {
		if len(subs) == 1 {
			return "id = ANY (ARRAY(" + subs[0] + "))"
		}
		return "id = ANY (ARRAY((" + strings.Join(subs, ") INTERSECT (") + ")))"
	},
}

// tx runs fn in a write transaction, committing if it returns nil.
func (s *Store) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// isUnique reports whether err is a unique-constraint violation.
func isUnique(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return false
}

// Times are stored as unix microseconds, UTC: exact in both databases.

func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

func timePtr(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromMicros(n.Int64)
	return &t
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMicro()
}

// nullID stores an optional reference: 0 means none.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// placeholders returns "$from, $from+1, …" for n parameters.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
}

func int64Args(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}
