package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// migrations are applied in order, each once; migration i+1 is
// migrations[i]. Append new ones, never edit an applied one: a database
// records only the number it has reached.
var migrations = []string{
	// 1: flows, their versions and API keys.
	`CREATE TABLE flows (
		id         TEXT PRIMARY KEY,
		hook_token TEXT UNIQUE, -- NULL when the flow has no webhook
		created_at INTEGER NOT NULL,
		doc        TEXT NOT NULL
	) STRICT;
	CREATE INDEX flows_created_at ON flows (created_at, id);

	CREATE TABLE flow_versions (
		flow_id      TEXT NOT NULL,
		version      INTEGER NOT NULL,
		name         TEXT NOT NULL,
		node_count   INTEGER NOT NULL,
		published_at INTEGER NOT NULL,
		doc          TEXT NOT NULL,
		PRIMARY KEY (flow_id, version)
	) STRICT;

	CREATE TABLE api_keys (
		id         TEXT PRIMARY KEY,
		name       TEXT NOT NULL,
		prefix     TEXT NOT NULL,
		hash       TEXT NOT NULL UNIQUE,
		admin      INTEGER NOT NULL,
		created_at INTEGER NOT NULL
	) STRICT;`,

	// 2: runs, their search terms and dedup keys. The columns of runs
	// hold what lookups need; doc holds the rest of the record but the
	// heavy parts, which have columns of their own so that listings do not
	// read them. Times are Unix ms; a zero time is far below any real one,
	// so a zero lease counts as expired. The partial indexes keep only
	// unfinished runs, which is what the claim query looks for. terms
	// lists the run's rows of run_search, so that they are found by key
	// and run_search needs no index on run_id.
	`CREATE TABLE runs (
		id          TEXT PRIMARY KEY,
		flow_id     TEXT NOT NULL,
		status      TEXT NOT NULL,
		created_at  INTEGER NOT NULL,
		owner       TEXT NOT NULL, -- '' when no process holds the run
		lease_until INTEGER NOT NULL,
		wake_at     INTEGER NOT NULL,
		doc         TEXT NOT NULL,
		trigger     TEXT, -- raw JSON as saved; NULL when absent
		steps       TEXT,
		response    TEXT,
		terms       TEXT NOT NULL -- JSON array of the run's search terms
	) STRICT;
	CREATE INDEX runs_created_at ON runs (created_at, id);
	CREATE INDEX runs_flow_created_at ON runs (flow_id, created_at, id);
	CREATE INDEX runs_lease ON runs (status, lease_until) WHERE status IN ('queued', 'running');
	CREATE INDEX runs_wake ON runs (wake_at) WHERE status = 'waiting';

	CREATE TABLE run_search (
		term       TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		run_id     TEXT NOT NULL,
		PRIMARY KEY (term, created_at, run_id)
	) STRICT, WITHOUT ROWID;

	CREATE TABLE run_dedup (
		flow_id    TEXT NOT NULL,
		key        TEXT NOT NULL,
		run_id     TEXT NOT NULL,
		expires_at INTEGER NOT NULL,
		PRIMARY KEY (flow_id, key)
	) STRICT, WITHOUT ROWID;
	CREATE INDEX run_dedup_expires_at ON run_dedup (flow_id, expires_at);`,

	// 3: the inbox of each webhook trigger, samples, channels, platform
	// events and the customers seen per channel. Arrival times of inbox
	// entries and events are Unix microseconds: a capture tells the
	// requests after its start from those before by them.
	`CREATE TABLE inbox (
		id          TEXT PRIMARY KEY,
		flow_id     TEXT NOT NULL,
		node_id     TEXT NOT NULL,
		received_at INTEGER NOT NULL,
		data        TEXT NOT NULL,
		raw_body    TEXT NOT NULL,
		truncated   INTEGER NOT NULL,
		run_id      TEXT NOT NULL
	) STRICT;
	CREATE INDEX inbox_trigger ON inbox (flow_id, node_id, received_at, id);

	CREATE TABLE samples (
		flow_id    TEXT NOT NULL,
		node_id    TEXT NOT NULL,
		data       TEXT NOT NULL,
		source     TEXT NOT NULL,
		updated_at INTEGER NOT NULL,
		PRIMARY KEY (flow_id, node_id)
	) STRICT;

	CREATE TABLE channels (
		number     TEXT PRIMARY KEY,
		name       TEXT NOT NULL,
		kind       TEXT NOT NULL,
		created_at INTEGER NOT NULL
	) STRICT;

	CREATE TABLE events (
		id          TEXT PRIMARY KEY,
		type        TEXT NOT NULL,
		channel     TEXT NOT NULL,
		received_at INTEGER NOT NULL,
		data        TEXT NOT NULL,
		runs        TEXT NOT NULL, -- JSON array of run ids
		deliveries  INTEGER NOT NULL
	) STRICT;
	CREATE INDEX events_type_received_at ON events (type, received_at);
	CREATE INDEX events_received_at ON events (received_at);

	CREATE TABLE seen_customers (
		channel  TEXT NOT NULL,
		customer TEXT NOT NULL,
		first_at INTEGER NOT NULL,
		PRIMARY KEY (channel, customer)
	) STRICT, WITHOUT ROWID;`,

	// 4: credentials; secret holds AES-GCM sealed bytes only.
	`CREATE TABLE credentials (
		id         TEXT PRIMARY KEY,
		name       TEXT NOT NULL,
		type       TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL,
		public     TEXT NOT NULL,
		secret     BLOB
	) STRICT;`,

	// 5: outbound webhook subscriptions and deliveries (deliveries_schema.go).
	deliveriesSchema,
}

// migrate brings the schema of db up to date. Each migration runs in its
// own immediate transaction together with the record of it, so processes
// opening the same file at once apply it once.
func migrate(ctx context.Context, db *sql.DB) error {
	const create = `CREATE TABLE IF NOT EXISTS schema_version (
		version    INTEGER PRIMARY KEY,
		applied_at INTEGER NOT NULL
	) STRICT`
	if _, err := db.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	for {
		done, err := migrateOne(ctx, db)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next migration, if any; done reports that there
// was none.
func migrateOne(ctx context.Context, db *sql.DB) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback()
	current, err := schemaVersion(ctx, tx)
	if err != nil {
		return false, err
	}
	switch {
	case current > len(migrations):
		return false, fmt.Errorf("schema version %d is newer than this hookflow knows (%d); upgrade hookflow", current, len(migrations))
	case current == len(migrations):
		return true, nil
	}
	next := current + 1
	if _, err := tx.ExecContext(ctx, migrations[current]); err != nil {
		return false, fmt.Errorf("apply migration %d: %w", next, err)
	}
	const record = `INSERT INTO schema_version (version, applied_at) VALUES (?, ?)`
	if _, err := tx.ExecContext(ctx, record, next, millis(time.Now())); err != nil {
		return false, fmt.Errorf("record migration %d: %w", next, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("commit migration %d: %w", next, err)
	}
	return false, nil
}

// rowQuerier is a *sql.DB or a *sql.Tx.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// schemaVersion returns the number of the last applied migration.
func schemaVersion(ctx context.Context, q rowQuerier) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}
