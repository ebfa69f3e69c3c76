package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create and drop databases
	_ "modernc.org/sqlite"             // the "sqlite" driver: the one the store uses

	"github.com/leadport/leadport/internal/csvread"
)

// sqliteTarget runs on SQLite files in the bench directory.
type sqliteTarget struct {
	b    *bench
	path string // "sqlite", or the path of the database to create
}

func (t *sqliteTarget) name() string { return "sqlite" }

func (t *sqliteTarget) newDSN(_ context.Context, stage string) (string, func(), error) {
	path := t.path
	if path == "sqlite" {
		path = t.b.dir + "/leadport-" + stage + ".db"
		removeSQLite(path)
	} else if _, err := os.Stat(path); err == nil {
		return "", nil, fmt.Errorf("%s exists: the bench needs a new database, give the path of a file it can create", path)
	}
	t.b.printf("database: %s\n", path)
	return path, func() {
		if !t.b.cfg.keep {
			removeSQLite(path)
		}
	}, nil
}

func removeSQLite(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

func (t *sqliteTarget) floors(ctx context.Context) ([]result, error) {
	var rs []result
	if tool, err := exec.LookPath("sqlite3"); err == nil {
		r, err := t.importTool(ctx, tool)
		if err != nil {
			return nil, err
		}
		rs = append(rs, r)
	} else {
		t.b.printf("note: no sqlite3 tool on PATH: the floor is the bare INSERT\n")
	}
	r, err := t.bareInsert(ctx)
	if err != nil {
		return nil, err
	}
	return append(rs, r), nil
}

// importTool loads the file with `sqlite3 .import` into a new, unindexed
// table, one TEXT column per header cell.
func (t *sqliteTarget) importTool(ctx context.Context, tool string) (result, error) {
	db := t.b.dir + "/floor-import.db"
	removeSQLite(db)
	defer func() {
		if !t.b.cfg.keep {
			removeSQLite(db)
		}
	}()
	t.b.printf("floor: sqlite3 .import…\n")
	script := fmt.Sprintf(".mode csv\n.import %s bare\n", sqlQuote(t.b.baseFile))
	cmd := exec.CommandContext(ctx, tool, db)
	cmd.Stdin = strings.NewReader(script)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // one warning per blank line and ragged row
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("sqlite3 .import: %v: %s", err, firstLine(stderr.String()))
	}
	wall := time.Since(start)
	var rss int64
	var cpu time.Duration
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss << 10
		cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	out, err := exec.CommandContext(ctx, tool, db, "SELECT count(*) FROM bare").Output()
	if err != nil {
		return result{}, fmt.Errorf("count the imported rows: %v", err)
	}
	t.b.printf("floor: sqlite3 .import took %s\n", round(wall))
	return result{stage: "floor: sqlite3 .import", wall: wall, cpu: cpu, rows: t.b.cfg.rows, peakRSS: rss,
		note: fmt.Sprintf("%s table rows (blank lines included)", strings.TrimSpace(string(out)))}, nil
}

func sqlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// bareInsert reads the file with Leadport's reader and inserts every cell
// as TEXT into an unindexed table with the store's driver (modernc),
// multi-row INSERTs in 100,000-row transactions: the least any import
// through that driver can cost.
func (t *sqliteTarget) bareInsert(ctx context.Context) (result, error) {
	path := t.b.dir + "/floor-insert.db"
	removeSQLite(path)
	defer func() {
		if !t.b.cfg.keep {
			removeSQLite(path)
		}
	}()
	t.b.printf("floor: bare INSERT…\n")
	releaseMemory()
	resetPeakRSS()
	cpu0 := cpuNow()
	start := time.Now()
	db, err := sql.Open("sqlite", path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return result{}, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	n, err := loadBare(ctx, t.b.baseFile, func(header []string) (rowSink, error) {
		return newSQLInsert(ctx, db, header, 100, 100000)
	})
	if err != nil {
		return result{}, fmt.Errorf("bare INSERT: %w", err)
	}
	t.b.printf("floor: bare INSERT took %s\n", round(time.Since(start)))
	return result{stage: "floor: INSERT (modernc)", wall: time.Since(start), cpu: cpuNow() - cpu0, rows: n, peakRSS: peakRSS(),
		note: "multi-row INSERT, 100 rows per statement, 100k rows per transaction"}, nil
}

// rowSink receives the rows of a file.
type rowSink interface {
	add(cells []string) error
	close() error
}

// loadBare reads path with csvread and hands every row (as many cells as
// the header) to the sink open returns.
func loadBare(ctx context.Context, path string, open func(header []string) (rowSink, error)) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sniff, err := csvread.Detect(f, csvread.Options{})
	if err != nil {
		return 0, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	rd, err := csvread.NewReader(f, csvread.Options{Encoding: sniff.Encoding, Delimiter: sniff.Delimiter})
	if err != nil {
		return 0, err
	}
	sink, err := open(rd.Header())
	if err != nil {
		return 0, err
	}
	n := 0
	for {
		row, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			sink.close()
			return n, err
		}
		if err := sink.add(row.Cells); err != nil {
			sink.close()
			return n, err
		}
		n++
		if n%100000 == 0 && ctx.Err() != nil {
			sink.close()
			return n, ctx.Err()
		}
	}
	return n, sink.close()
}

// sqlInsert inserts rows with a prepared multi-row INSERT, committing every
// txRows rows.
type sqlInsert struct {
	ctx          context.Context
	db           *sql.DB
	tx           *sql.Tx
	stmt         *sql.Stmt
	cols, per    int
	txRows, inTx int
	args         []any
	query        func(n int) string
}

func newSQLInsert(ctx context.Context, db *sql.DB, header []string, per, txRows int) (*sqlInsert, error) {
	cols := make([]string, len(header))
	for i := range header {
		cols[i] = fmt.Sprintf("c%d TEXT", i+1)
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE bare ("+strings.Join(cols, ", ")+")"); err != nil {
		return nil, err
	}
	s := &sqlInsert{ctx: ctx, db: db, cols: len(header), per: per, txRows: txRows}
	s.query = func(n int) string {
		var b strings.Builder
		b.WriteString("INSERT INTO bare VALUES ")
		one := "(" + strings.TrimSuffix(strings.Repeat("?,", s.cols), ",") + ")"
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(one)
		}
		return b.String()
	}
	return s, nil
}

func (s *sqlInsert) add(cells []string) error {
	for _, c := range cells {
		s.args = append(s.args, c)
	}
	if len(s.args) == s.per*s.cols {
		return s.exec()
	}
	return nil
}

func (s *sqlInsert) exec() error {
	n := len(s.args) / s.cols
	if n == 0 {
		return nil
	}
	if s.tx == nil {
		tx, err := s.db.BeginTx(s.ctx, nil)
		if err != nil {
			return err
		}
		s.tx, s.stmt = tx, nil
	}
	var err error
	if n == s.per {
		if s.stmt == nil {
			if s.stmt, err = s.tx.PrepareContext(s.ctx, s.query(n)); err != nil {
				return err
			}
		}
		_, err = s.stmt.ExecContext(s.ctx, s.args...)
	} else {
		_, err = s.tx.ExecContext(s.ctx, s.query(n), s.args...)
	}
	if err != nil {
		return err
	}
	s.args = s.args[:0]
	s.inTx += n
	if s.inTx >= s.txRows {
		return s.commit()
	}
	return nil
}

func (s *sqlInsert) commit() error {
	if s.tx == nil {
		return nil
	}
	if s.stmt != nil {
		s.stmt.Close()
	}
	err := s.tx.Commit()
	s.tx, s.stmt, s.inTx = nil, nil, 0
	return err
}

func (s *sqlInsert) close() error {
	if err := s.exec(); err != nil {
		if s.tx != nil {
			s.tx.Rollback()
		}
		return err
	}
	return s.commit()
}

// postgresTarget runs on new databases of a PostgreSQL server.
type postgresTarget struct {
	b   *bench
	url string
}

func (t *postgresTarget) name() string { return "postgres" }

// newDSN creates a database on the server and returns its URL.
func (t *postgresTarget) newDSN(ctx context.Context, stage string) (string, func(), error) {
	admin, err := sql.Open("pgx", t.url)
	if err != nil {
		return "", nil, err
	}
	var rnd [4]byte
	rand.Read(rnd[:])
	name := "leadport_bench_" + stage + "_" + hex.EncodeToString(rnd[:])
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create database %s: %w", name, err)
	}
	u, err := url.Parse(t.url)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	u.Path = "/" + name
	t.b.printf("database: %s\n", name)
	return u.String(), func() {
		defer admin.Close()
		if t.b.cfg.keep {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			fmt.Fprintf(t.b.log, "drop database %s: %v\n", name, err)
		}
	}, nil
}

// floors measures COPY of every cell as TEXT into an unindexed table.
func (t *postgresTarget) floors(ctx context.Context) ([]result, error) {
	dsn, drop, err := t.newDSN(ctx, "floor")
	if err != nil {
		return nil, err
	}
	defer drop()
	t.b.printf("floor: COPY…\n")
	releaseMemory()
	resetPeakRSS()
	cpu0 := cpuNow()
	start := time.Now()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.Background())
	n, err := loadBare(ctx, t.b.baseFile, func(header []string) (rowSink, error) {
		return newCopySink(ctx, conn, len(header))
	})
	if err != nil {
		return nil, fmt.Errorf("COPY: %w", err)
	}
	return []result{{stage: "floor: COPY (pgx)", wall: time.Since(start), cpu: cpuNow() - cpu0, rows: n, peakRSS: peakRSS(),
		note: "client-side RSS; one COPY of every cell as TEXT"}}, nil
}

// copySink streams rows into one COPY running on another goroutine.
type copySink struct {
	rows chan []any
	done chan error
	cols int
}

func newCopySink(ctx context.Context, conn *pgx.Conn, ncols int) (*copySink, error) {
	cols := make([]string, ncols)
	defs := make([]string, ncols)
	for i := range cols {
		cols[i] = fmt.Sprintf("c%d", i+1)
		defs[i] = cols[i] + " TEXT"
	}
	if _, err := conn.Exec(ctx, "CREATE TABLE bare ("+strings.Join(defs, ", ")+")"); err != nil {
		return nil, err
	}
	s := &copySink{rows: make(chan []any, 1024), done: make(chan error, 1), cols: ncols}
	go func() {
		_, err := conn.CopyFrom(ctx, pgx.Identifier{"bare"}, cols, pgx.CopyFromFunc(func() ([]any, error) {
			r, ok := <-s.rows
			if !ok {
				return nil, nil
			}
			return r, nil
		}))
		for range s.rows { // unblock add after a failure
		}
		s.done <- err
	}()
	return s, nil
}

func (s *copySink) add(cells []string) error {
	r := make([]any, s.cols)
	for i, c := range cells {
		r[i] = c
	}
	s.rows <- r
	return nil
}

func (s *copySink) close() error {
	close(s.rows)
	return <-s.done
}
