package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

// The statements of SaveRuns, which Open prepares once: parsing them
// costs more than writing a batch of one run. The search rows of a whole
// batch go in one statement each way, as JSON arrays of [term, created_at,
// run_id] that json_each unfolds: a statement per row would cost more than
// the index writes themselves.
const (
	readTerms = `SELECT id, created_at, terms FROM runs WHERE id IN (SELECT value FROM json_each(?))`
	upsertRun = `INSERT INTO runs (id, flow_id, status, created_at, owner, lease_until, wake_at,
		doc, trigger, steps, response, terms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET flow_id = excluded.flow_id, status = excluded.status,
		created_at = excluded.created_at, owner = excluded.owner, lease_until = excluded.lease_until,
		wake_at = excluded.wake_at, doc = excluded.doc, trigger = excluded.trigger,
		steps = excluded.steps, response = excluded.response, terms = excluded.terms`
	deleteTerms = `DELETE FROM run_search WHERE (term, created_at, run_id) IN
		(SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))`
	insertTerms = `INSERT INTO run_search (term, created_at, run_id)
		SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)`
)

// saveStmts are the statements of SaveRuns, prepared on the writer.
type saveStmts struct {
	read, upsert, remove, add *sql.Stmt
}

// all lists the statements with their queries.
func (st *saveStmts) all() []struct {
	stmt  **sql.Stmt
	query string
} {
	return []struct {
		stmt  **sql.Stmt
		query string
	}{{&st.read, readTerms}, {&st.upsert, upsertRun}, {&st.remove, deleteTerms}, {&st.add, insertTerms}}
}

// prepareSave prepares the statements of SaveRuns on db.
func prepareSave(ctx context.Context, db *sql.DB) (*saveStmts, error) {
	st := new(saveStmts)
	for _, p := range st.all() {
		var err error
		if *p.stmt, err = db.PrepareContext(ctx, p.query); err != nil {
			st.close()
			return nil, fmt.Errorf("prepare statements: %w", err)
		}
	}
	return st, nil
}

// close closes the statements prepared so far.
func (st *saveStmts) close() error {
	var errs []error
	for _, p := range st.all() {
		if *p.stmt != nil {
			errs = append(errs, (*p.stmt).Close())
		}
	}
	return errors.Join(errs...)
}

// SaveRuns inserts or replaces each run, and its search rows, in one
// transaction. The runs are encoded before the write lock is taken, so
// that the lock is held for SQLite's work alone.
func (s *Store) SaveRuns(ctx context.Context, rs []*runs.Run) error {
	if len(rs) == 0 {
		return nil
	}
	rs = store.LastOfEach(rs)
	rows := make([]*runRow, len(rs))
	for i, r := range rs {
		row, err := newRunRow(r)
		if err != nil {
			return fmt.Errorf("save run %q: %w", r.ID, err)
		}
		rows[i] = row
	}
	if err := s.inTx(ctx, func(tx *sql.Tx) error { return writeRows(ctx, tx, s.save, rows) }); err != nil {
		return fmt.Errorf("save %d runs: %w", len(rs), err)
	}
	return nil
}

// writeRows upserts rows in tx with the statements of st, and changes
// only the search rows that differ from those the runs had: a run saved
// again with the same fields, as when it finishes, writes none.
func writeRows(ctx context.Context, tx *sql.Tx, st *saveStmts, rows []*runRow) error {
	old, err := storedTerms(ctx, tx.StmtContext(ctx, st.read), rows)
	if err != nil {
		return fmt.Errorf("read search terms: %w", err)
	}
	stale, fresh := termChanges(rows, old)
	if stale != "" {
		if _, err := tx.StmtContext(ctx, st.remove).ExecContext(ctx, stale); err != nil {
			return fmt.Errorf("delete search terms: %w", err)
		}
	}
	upsert := tx.StmtContext(ctx, st.upsert)
	for _, r := range rows {
		_, err := upsert.ExecContext(ctx, r.id, r.flowID, r.status, r.created, r.owner, r.lease, r.wake,
			r.doc, r.trigger, r.steps, r.response, r.termList)
		if err != nil {
			return fmt.Errorf("run %q: %w", r.id, err)
		}
	}
	if fresh != "" {
		if _, err := tx.StmtContext(ctx, st.add).ExecContext(ctx, fresh); err != nil {
			return fmt.Errorf("insert search terms: %w", err)
		}
	}
	return nil
}

// searchRows are the rows of run_search of one run.
type searchRows struct {
	created int64
	terms   []string
}

// storedTerms returns, by id, the search rows of the runs among rows that
// are stored already, with the readTerms statement.
func storedTerms(ctx context.Context, read *sql.Stmt, rows []*runRow) (map[string]searchRows, error) {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.id
	}
	list, err := encodeDoc(ids)
	if err != nil {
		return nil, err
	}
	res, err := read.QueryContext(ctx, list)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	old := map[string]searchRows{}
	for res.Next() {
		var id, terms string
		var sr searchRows
		if err := res.Scan(&id, &sr.created, &terms); err != nil {
			return nil, err
		}
		if err := decodeDoc(terms, &sr.terms); err != nil {
			return nil, fmt.Errorf("run %q: %w", id, err)
		}
		old[id] = sr
	}
	return old, res.Err()
}

// termChanges returns the search rows to delete and to insert so that
// rows replace old, each as the JSON array of deleteTerms and insertTerms;
// "" when there are none.
func termChanges(rows []*runRow, old map[string]searchRows) (stale, fresh string) {
	var del, add [][3]any
	for _, r := range rows {
		prev := old[r.id]
		for _, t := range prev.terms {
			if prev.created != r.created || !slices.Contains(r.terms, t) {
				del = append(del, [3]any{t, prev.created, r.id})
			}
		}
		for _, t := range r.terms {
			if _, ok := old[r.id]; !ok || prev.created != r.created || !slices.Contains(prev.terms, t) {
				add = append(add, [3]any{t, r.created, r.id})
			}
		}
	}
	return jsonRows(del), jsonRows(add)
}

// jsonRows encodes search rows for json_each; "" when there are none.
func jsonRows(rows [][3]any) string {
	if len(rows) == 0 {
		return ""
	}
	s, err := encodeDoc(rows)
	if err != nil {
		panic("sqlite: encode search rows: " + err.Error()) // strings and integers always encode
	}
	return s
}
