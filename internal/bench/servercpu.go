package bench

import (
	"context"
	"database/sql"
	"os"
	"strconv"
	"strings"
	"time"
)

// serverCPU measures the CPU time of the PostgreSQL backends serving one
// database (the server runs on this machine in the bench), which the
// bench's own CPU time leaves out.
type serverCPU struct {
	db *sql.DB // nil: not PostgreSQL, or not measurable
}

func newServerCPU(dsn string) serverCPU {
	if !isPostgres(dsn) {
		return serverCPU{}
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return serverCPU{}
	}
	db.SetMaxOpenConns(1)
	return serverCPU{db: db}
}

func (s serverCPU) close() {
	if s.db != nil {
		s.db.Close()
	}
}

// snapshot returns the CPU time so far of each backend of the database.
func (s serverCPU) snapshot(ctx context.Context) map[int]time.Duration {
	if s.db == nil {
		return nil
	}
	rows, err := s.db.QueryContext(ctx, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
	if err != nil {
		return nil
	}
	defer rows.Close()
	out := make(map[int]time.Duration)
	for rows.Next() {
		var pid int
		if rows.Scan(&pid) == nil {
			if d, ok := procCPU(pid); ok {
				out[pid] = d
			}
		}
	}
	return out
}

// since returns the CPU time the backends used since the snapshot before
// (a backend that started since counts from zero; one that ended is lost).
func (s serverCPU) since(ctx context.Context, before map[int]time.Duration) time.Duration {
	var d time.Duration
	for pid, now := range s.snapshot(ctx) {
		d += now - before[pid]
	}
	return d
}

// procCPU reads a process's user and system time from /proc (clock ticks
// of 1/100 s, as on every Linux this runs on).
func procCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// The command name, in parentheses, may hold spaces: fields count
	// from after it.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, true
}
