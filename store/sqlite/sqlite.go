// Package sqlite is the embedded store: one SQLite file through the pure-Go
// modernc.org/sqlite driver. Its rule: every write goes through one
// connection, so writers queue in Go instead of failing with SQLITE_BUSY,
// while reads use a pool of read-only connections that WAL lets run beside
// the writer. Documents are kept as JSON text next to the columns that
// lookups need; node config is stored as given and never interpreted.
// Times are kept in UTC at millisecond precision, as in the Mongo store.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/hookflow/hookflow/store"
)

// busyTimeout is how long a connection waits for a lock held by another
// process sharing the file before it gives up with SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// Store is the SQLite implementation of store.Store. It is safe for
// concurrent use.
type Store struct {
	path  string
	write *sql.DB // one connection: the only writer
	read  *sql.DB // read-only connections
	save  *saveStmts
	hot   preparedStmts // the queries of deliveries, prepared once
}

// Open opens, creating them if needed, the database file at path and its
// directory, and brings its schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || strings.Contains(path, "?") || strings.HasPrefix(path, "file:") || path == ":memory:" {
		return nil, fmt.Errorf("open sqlite store: path %q must be a plain file path", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("open sqlite store: %w", err)
	}
	write, err := openDB(ctx, path, url.Values{"_txlock": {"immediate"}, "_pragma": {"journal_mode(WAL)"}}, 1)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	save, err := prepareSave(ctx, write)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	read, err := openDB(ctx, path, url.Values{"_pragma": {"query_only(1)"}}, max(4, runtime.NumCPU()))
	if err != nil {
		save.close()
		write.Close()
		return nil, err
	}
	return &Store{path: path, write: write, read: read, save: save}, nil
}

// openDB opens a pool of at most conns connections to path, each set up
// with the common pragmas plus extra.
func openDB(ctx context.Context, path string, extra url.Values, conns int) (*sql.DB, error) {
	q := url.Values{"_pragma": {
		fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()),
		"foreign_keys(1)",
		"synchronous(NORMAL)",
	}}
	for k, vs := range extra {
		q[k] = append(q[k], vs...)
	}
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	return db, nil
}

// Ping checks that both pools answer.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.read.PingContext(ctx); err != nil {
		return fmt.Errorf("ping sqlite store: %w", err)
	}
	if err := s.write.PingContext(ctx); err != nil {
		return fmt.Errorf("ping sqlite store: %w", err)
	}
	return nil
}

// Close closes both pools; the last connection to close checkpoints the WAL.
func (s *Store) Close() error {
	return errors.Join(s.save.close(), s.hot.close(), s.read.Close(), s.write.Close())
}

// isUnique reports whether err is a violated UNIQUE or PRIMARY KEY
// constraint.
func isUnique(err error) bool {
	var e *msqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// writeErr wraps the error of a write, turning a unique violation into
// store.ErrConflict.
func writeErr(op string, err error) error {
	if isUnique(err) {
		return fmt.Errorf("%s: %w", op, store.ErrConflict)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// readErr wraps the error of a single-row read, turning no row into
// store.ErrNotFound.
func readErr(op string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", op, store.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// affected returns store.ErrNotFound, wrapped in op, when res touched no row.
func affected(op string, res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", op, store.ErrNotFound)
	}
	return nil
}

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryAll runs query on db and returns its rows, each read by scan; an
// empty list, not nil, when there are none.
func queryAll[T any](ctx context.Context, db querier, scan func(func(dest ...any) error) (T, error),
	query string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []T{}
	for rows.Next() {
		v, err := scan(rows.Scan)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return list, rows.Err()
}

// inTx runs fn in a write transaction, which it commits when fn returns
// nil and rolls back otherwise.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// millis is how a time is kept: Unix milliseconds, which also fixes its
// precision and zone on the way back.
func millis(t time.Time) int64 { return t.UnixMilli() }

// fromMillis is the inverse of millis.
func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// msUTC is t as the store gives it back.
func msUTC(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

var _ store.Store = (*Store)(nil)
