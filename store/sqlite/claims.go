package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/runs"
)

// claimable selects up to :limit runs that ClaimRuns may take at :now.
// Each half walks one of the partial indexes runs_lease and runs_wake,
// whose WHERE clauses these repeat word for word so that SQLite uses them.
const claimable = `SELECT id FROM runs WHERE status IN ('queued', 'running') AND lease_until < :now
	UNION ALL
	SELECT id FROM runs WHERE status = 'waiting' AND wake_at <= :now AND lease_until < :now
	LIMIT :limit`

// oldestFinished selects up to :limit finished runs of :flow created
// before :before, oldest first.
const oldestFinished = `SELECT id FROM runs WHERE flow_id = :flow
	AND status IN ('succeeded', 'failed', 'canceled') AND created_at < :before
	ORDER BY created_at, id LIMIT :limit`

// ClaimRuns takes over up to limit runs that need a process. A read on
// the read pool answers the usual case, nothing due, without the write
// lock; then one UPDATE ... RETURNING selects the due runs again and
// takes them, which is atomic because SQLite has one writer at a time, so
// a run another process took in between is not due any more.
func (s *Store) ClaimRuns(ctx context.Context, owner string, now, until time.Time, limit int) ([]*runs.Run, error) {
	if limit <= 0 {
		return []*runs.Run{}, nil
	}
	args := []any{sql.Named("now", millis(now)), sql.Named("limit", limit)}
	var id string
	err := s.read.QueryRowContext(ctx, claimable, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return []*runs.Run{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("claim runs: %w", err)
	}
	// The CASE reads the row as it was: a run a process held may have
	// been started by it, or gone on past its delay, before it died.
	q := `UPDATE runs SET owner = :owner, lease_until = :until,
		doc = CASE WHEN owner != ''
			THEN json_set(doc, '$.attempt', coalesce(json_extract(doc, '$.attempt'), 0) + 1) ELSE doc END
		WHERE id IN (` + claimable + `)
		RETURNING ` + runColumns
	args = append(args, sql.Named("owner", owner), sql.Named("until", millis(until)))
	var list []*runs.Run
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		list, err = queryAll(ctx, tx, scanRun, q, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim runs: %w", err)
	}
	return list, nil
}

// RenewLeases extends the lease of the runs among ids that owner still
// holds. The ids go as one JSON array, however many there are.
func (s *Store) RenewLeases(ctx context.Context, owner string, ids []string, until time.Time) error {
	if owner == "" || len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("renew leases: %w", err)
	}
	const q = `UPDATE runs SET lease_until = ? WHERE owner = ? AND id IN (SELECT value FROM json_each(?))`
	if _, err := s.write.ExecContext(ctx, q, millis(until), owner, string(list)); err != nil {
		return fmt.Errorf("renew %d leases: %w", len(ids), err)
	}
	return nil
}

// DeleteRuns removes up to limit finished runs of flowID created before
// before, oldest first, with their search terms, and up to limit dedup
// records of flowID that expired before before, in one transaction.
func (s *Store) DeleteRuns(ctx context.Context, flowID string, before time.Time, limit int) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	args := []any{sql.Named("flow", flowID), sql.Named("before", millis(before)), sql.Named("limit", limit)}
	const (
		terms = `DELETE FROM run_search WHERE (term, created_at, run_id) IN (
			SELECT t.value, runs.created_at, runs.id FROM runs, json_each(runs.terms) AS t
			WHERE runs.id IN (` + oldestFinished + `))`
		rows   = `DELETE FROM runs WHERE id IN (` + oldestFinished + `)`
		dedups = `DELETE FROM run_dedup WHERE flow_id = :flow AND key IN (
			SELECT key FROM run_dedup WHERE flow_id = :flow AND expires_at < :before LIMIT :limit)`
	)
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// The terms go first: the same subquery finds the same runs
		// while they are still there.
		if _, err := tx.ExecContext(ctx, terms, args...); err != nil {
			return fmt.Errorf("search terms: %w", err)
		}
		res, err := tx.ExecContext(ctx, rows, args...)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, dedups, args...); err != nil {
			return fmt.Errorf("dedup records: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("delete runs of flow %q: %w", flowID, err)
	}
	return int(n), nil
}

// PutDedup records that key of flowID started runID unless an unexpired
// record exists, in which case it returns that record's run id. A record
// whose expiry is not after now is expired and replaced. One upsert
// whose update applies only to an expired record does it: SQLite's single
// writer makes it a compare-and-set.
func (s *Store) PutDedup(ctx context.Context, flowID, key, runID string, now, expires time.Time) (string, error) {
	const (
		put = `INSERT INTO run_dedup (flow_id, key, run_id, expires_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (flow_id, key) DO UPDATE SET run_id = excluded.run_id, expires_at = excluded.expires_at
			WHERE run_dedup.expires_at <= ?`
		get = `SELECT run_id FROM run_dedup WHERE flow_id = ? AND key = ?`
	)
	var existing string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, put, flowID, key, runID, millis(expires), millis(now))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		return tx.QueryRowContext(ctx, get, flowID, key).Scan(&existing)
	})
	if err != nil {
		// The key stays out of the message: it comes from the request.
		return "", fmt.Errorf("put dedup record of flow %q: %w", flowID, err)
	}
	return existing, nil
}
