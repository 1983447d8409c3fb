package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// preparedStmts keeps the statements of queries that run on every event
// or attempt, each prepared once per pool: parsing a query costs SQLite
// more than running these. The zero value is ready for use.
type preparedStmts struct {
	mu    sync.Mutex
	stmts map[*sql.DB]map[string]*sql.Stmt
}

// stmt returns query prepared on db, preparing it the first time. The
// lock is not held while preparing, which waits for a connection: on the
// writer, one that a transaction may hold. So a transaction on the writer
// must not prepare a statement of the writer this way: it would wait for
// itself.
func (p *preparedStmts) stmt(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	p.mu.Lock()
	st, ok := p.stmts[db][query]
	p.mu.Unlock()
	if ok {
		return st, nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if first, ok := p.stmts[db][query]; ok { // another caller was quicker
		st.Close()
		return first, nil
	}
	if p.stmts == nil {
		p.stmts = map[*sql.DB]map[string]*sql.Stmt{}
	}
	if p.stmts[db] == nil {
		p.stmts[db] = map[string]*sql.Stmt{}
	}
	p.stmts[db][query] = st
	return st, nil
}

// close closes every statement prepared so far.
func (p *preparedStmts) close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for _, byQuery := range p.stmts {
		for _, st := range byQuery {
			errs = append(errs, st.Close())
		}
	}
	p.stmts = nil
	return errors.Join(errs...)
}

// preparedQuerier runs queries on db through statements of p, so that
// queryAll and single-row reads use them.
type preparedQuerier struct {
	p  *preparedStmts
	db *sql.DB
}

// QueryContext runs query, prepared once.
func (q preparedQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := q.p.stmt(ctx, q.db, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// queryRow runs a single-row query, prepared once; its errors come out of
// Scan, as with QueryRowContext.
func (q preparedQuerier) queryRow(ctx context.Context, query string, args ...any) rowScanner {
	st, err := q.p.stmt(ctx, q.db, query)
	if err != nil {
		return errRow{err}
	}
	return st.QueryRowContext(ctx, args...)
}

// rowScanner is a *sql.Row, or the error of preparing one.
type rowScanner interface{ Scan(dest ...any) error }

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// hotRead runs queries through the store's prepared statements, on the
// read pool.
func (s *Store) hotRead() preparedQuerier { return preparedQuerier{&s.hot, s.read} }
