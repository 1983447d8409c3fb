package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hookflow/hookflow/store"
)

// deliveryLight are the columns of a delivery that listings read;
// deliveryColumns adds the heavy ones, and both are read by scanDelivery.
const (
	deliveryLight = `id, subscription_id, event_type, status, created_at, tries, next_attempt_at,
	owner, lease_until, finished_at, doc`
	deliveryColumns = deliveryLight + `, data, attempts`
	deliveryList    = deliveryLight + `, NULL, NULL`
)

// deliveryDoc is the doc column of a delivery: the record less what has a
// column of its own.
type deliveryDoc struct {
	EventID       string    `json:"eventId"`
	Channel       string    `json:"channel"`
	EventAt       time.Time `json:"eventAt"`
	AttemptCount  int       `json:"attemptCount"`
	LastAttemptAt time.Time `json:"lastAttemptAt,omitzero"`
	LastStatus    int       `json:"lastStatus,omitempty"`
	LastError     string    `json:"lastError,omitempty"`
}

// deliveryArgs returns the values of deliveryColumns for d.
func deliveryArgs(d *store.Delivery) ([]any, error) {
	doc, err := encodeDoc(&deliveryDoc{
		EventID: d.EventID, Channel: d.Channel, EventAt: msUTC(d.EventAt), AttemptCount: d.AttemptCount,
		LastAttemptAt: msUTC(d.LastAttemptAt), LastStatus: d.LastStatus, LastError: d.LastError,
	})
	if err != nil {
		return nil, fmt.Errorf("delivery %q: %w", d.ID, err)
	}
	var attempts any
	if len(d.Attempts) > 0 {
		list := slices.Clone(d.Attempts)
		for i := range list {
			list[i].At = msUTC(list[i].At)
		}
		if attempts, err = encodeDoc(list); err != nil {
			return nil, fmt.Errorf("delivery %q: %w", d.ID, err)
		}
	}
	return []any{d.ID, d.SubscriptionID, d.EventType, string(d.Status), millis(d.CreatedAt), d.Tries,
		millis(d.NextAttemptAt), d.Owner, millis(d.LeaseUntil), millis(d.FinishedAt), doc, rawText(d.Data), attempts}, nil
}

// scanDelivery reads a row of deliveryColumns or deliveryList.
func scanDelivery(scan func(dest ...any) error) (*store.Delivery, error) {
	d := new(store.Delivery)
	var (
		status, doc                    string
		created, next, lease, finished int64
		data, attempts                 []byte
	)
	err := scan(&d.ID, &d.SubscriptionID, &d.EventType, &status, &created, &d.Tries, &next,
		&d.Owner, &lease, &finished, &doc, &data, &attempts)
	if err != nil {
		return nil, err
	}
	var dd deliveryDoc
	if err := decodeDoc(doc, &dd); err != nil {
		return nil, fmt.Errorf("delivery %q: %w", d.ID, err)
	}
	if attempts != nil {
		if err := decodeDoc(string(attempts), &d.Attempts); err != nil {
			return nil, fmt.Errorf("delivery %q: attempts: %w", d.ID, err)
		}
	}
	d.Status, d.Data = store.DeliveryStatus(status), data
	d.CreatedAt, d.NextAttemptAt = fromMillis(created), timeOrZero(next)
	d.LeaseUntil, d.FinishedAt = timeOrZero(lease), timeOrZero(finished)
	d.EventID, d.Channel, d.EventAt, d.AttemptCount = dd.EventID, dd.Channel, dd.EventAt, dd.AttemptCount
	d.LastAttemptAt, d.LastStatus, d.LastError = dd.LastAttemptAt, dd.LastStatus, dd.LastError
	return d, nil
}

// timeOrZero is fromMillis, but gives back a zero time as zero.
func timeOrZero(ms int64) time.Time {
	if ms == millis(time.Time{}) {
		return time.Time{}
	}
	return fromMillis(ms)
}

// CreateDeliveries inserts new deliveries in one transaction; a delivery
// whose id exists is left alone.
func (s *Store) CreateDeliveries(ctx context.Context, ds []*store.Delivery) ([]bool, error) {
	const q = `INSERT INTO deliveries (` + deliveryColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`
	created := make([]bool, len(ds))
	err := s.writeDeliveries(ctx, q, ds, func(i int, res sql.Result) error {
		n, err := res.RowsAffected()
		created[i] = n > 0
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create %d deliveries: %w", len(ds), err)
	}
	return created, nil
}

// SaveDeliveries upserts each delivery in one transaction.
func (s *Store) SaveDeliveries(ctx context.Context, ds []*store.Delivery) error {
	const q = `INSERT INTO deliveries (` + deliveryColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET subscription_id = excluded.subscription_id,
		event_type = excluded.event_type, status = excluded.status, created_at = excluded.created_at,
		tries = excluded.tries, next_attempt_at = excluded.next_attempt_at, owner = excluded.owner,
		lease_until = excluded.lease_until, finished_at = excluded.finished_at, doc = excluded.doc,
		data = excluded.data, attempts = excluded.attempts`
	if err := s.writeDeliveries(ctx, q, ds, nil); err != nil {
		return fmt.Errorf("save %d deliveries: %w", len(ds), err)
	}
	return nil
}

// writeDeliveries runs the statement q once per delivery, in one
// transaction, and passes each result to check if it is not nil. The
// deliveries are encoded before the write lock is taken.
func (s *Store) writeDeliveries(ctx context.Context, q string, ds []*store.Delivery, check func(int, sql.Result) error) error {
	if len(ds) == 0 {
		return nil
	}
	rows := make([][]any, len(ds))
	for i, d := range ds {
		args, err := deliveryArgs(d)
		if err != nil {
			return err
		}
		rows[i] = args
	}
	prepared, err := s.hot.stmt(ctx, s.write, q)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		stmt := tx.StmtContext(ctx, prepared)
		for i, args := range rows {
			res, err := stmt.ExecContext(ctx, args...)
			if err != nil {
				return fmt.Errorf("delivery %q: %w", ds[i].ID, err)
			}
			if check != nil {
				if err := check(i, res); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// GetDelivery returns a delivery with its data and attempts.
func (s *Store) GetDelivery(ctx context.Context, id string) (*store.Delivery, error) {
	const q = `SELECT ` + deliveryColumns + ` FROM deliveries WHERE id = ?`
	d, err := scanDelivery(s.hotRead().queryRow(ctx, q, id).Scan)
	if err != nil {
		return nil, readErr(fmt.Sprintf("get delivery %q", id), err)
	}
	return d, nil
}

// ListDeliveries returns one page of deliveries, newest first, without
// their data and attempts.
func (s *Store) ListDeliveries(ctx context.Context, f store.DeliveryFilter) ([]*store.Delivery, string, error) {
	c, err := store.DecodeCursor(f.Cursor)
	if err != nil {
		return nil, "", fmt.Errorf("list deliveries: %w", err)
	}
	size := store.PageSize(f.Limit)
	var where []string
	var args []any
	add := func(cond string, v ...any) {
		where = append(where, cond)
		args = append(args, v...)
	}
	if f.SubscriptionID != "" {
		add("subscription_id = ?", f.SubscriptionID)
	}
	if f.Status != "" {
		add("status = ?", string(f.Status))
	}
	if f.EventType != "" {
		add("event_type = ?", f.EventType)
	}
	if c.ID != "" {
		add("(created_at, id) < (?, ?)", millis(c.CreatedAt), c.ID)
	}
	q := `SELECT ` + deliveryList + ` FROM deliveries`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY created_at DESC, id DESC LIMIT ?"
	list, err := queryAll(ctx, s.read, scanDelivery, q, append(args, size+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("list deliveries: %w", err)
	}
	list, next := store.NextDeliveryPage(list, size)
	return list, next, nil
}

// dueDeliveries selects up to :limit deliveries that ClaimDeliveries may
// take at :now. Its WHERE clause starts with the one of the partial index
// deliveries_due, word for word, so that SQLite uses it.
const dueDeliveries = `SELECT id FROM deliveries WHERE status = 'pending'
	AND next_attempt_at <= :now AND lease_until < :now LIMIT :limit`

// ClaimDeliveries takes over up to limit due deliveries that no process
// holds. As ClaimRuns does, a read answers the usual case, nothing due,
// without the write lock; one UPDATE ... RETURNING then takes them, which
// SQLite's single writer makes atomic.
func (s *Store) ClaimDeliveries(ctx context.Context, owner string, now, until time.Time, limit int) ([]*store.Delivery, error) {
	if limit <= 0 {
		return []*store.Delivery{}, nil
	}
	args := []any{sql.Named("now", millis(now)), sql.Named("limit", limit)}
	var id string
	err := s.hotRead().queryRow(ctx, dueDeliveries, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return []*store.Delivery{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	q := `UPDATE deliveries SET owner = :owner, lease_until = :until WHERE id IN (` + dueDeliveries + `)
		RETURNING ` + deliveryColumns
	args = append(args, sql.Named("owner", owner), sql.Named("until", millis(until)))
	var list []*store.Delivery
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		list, err = queryAll(ctx, tx, scanDelivery, q, args...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	return list, nil
}

// RenewDeliveryLeases extends the lease of the deliveries among ids that
// owner still holds.
func (s *Store) RenewDeliveryLeases(ctx context.Context, owner string, ids []string, until time.Time) error {
	if owner == "" || len(ids) == 0 {
		return nil
	}
	list, err := encodeDoc(ids)
	if err != nil {
		return fmt.Errorf("renew delivery leases: %w", err)
	}
	const q = `UPDATE deliveries SET lease_until = ? WHERE owner = ? AND id IN (SELECT value FROM json_each(?))`
	if _, err := s.write.ExecContext(ctx, q, millis(until), owner, list); err != nil {
		return fmt.Errorf("renew %d delivery leases: %w", len(ids), err)
	}
	return nil
}

// RequeueDeliveries makes the deliveries q selects pending again, in one
// UPDATE.
func (s *Store) RequeueDeliveries(ctx context.Context, q store.Requeue) (int, error) {
	key, keyArg := "subscription_id = :key", q.SubscriptionID
	if q.ID != "" {
		key, keyArg = "id = :key", q.ID
	}
	var taken []string
	args := []any{sql.Named("now", millis(q.Now)), sql.Named("zero", millis(time.Time{})), sql.Named("key", keyArg)}
	for i, st := range q.Statuses {
		if st == store.DeliveryPending {
			taken = append(taken, "(status = 'pending' AND lease_until < :now)")
			continue
		}
		name := fmt.Sprintf("s%d", i)
		taken = append(taken, "status = :"+name)
		args = append(args, sql.Named(name, string(st)))
	}
	if len(taken) == 0 {
		return 0, nil
	}
	stmt := `UPDATE deliveries SET status = 'pending', tries = 0, next_attempt_at = :now, owner = '',
		lease_until = :zero, finished_at = :zero WHERE ` + key + ` AND (` + strings.Join(taken, " OR ") + `)`
	res, err := s.write.ExecContext(ctx, stmt, args...)
	if err != nil {
		return 0, fmt.Errorf("requeue deliveries: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// HoldDeliveries turns a subscription's pending deliveries that no
// process holds into held ones.
func (s *Store) HoldDeliveries(ctx context.Context, subscriptionID string, now time.Time) (int, error) {
	const q = `UPDATE deliveries SET status = 'held', owner = ''
		WHERE subscription_id = ? AND status = 'pending' AND lease_until < ?`
	res, err := s.write.ExecContext(ctx, q, subscriptionID, millis(now))
	if err != nil {
		return 0, fmt.Errorf("hold deliveries of subscription %q: %w", subscriptionID, err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// DeleteDeliveries removes up to limit succeeded, failed or held
// deliveries created before before, oldest first.
func (s *Store) DeleteDeliveries(ctx context.Context, before time.Time, limit int) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	const q = `DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries
		WHERE status IN ('succeeded', 'failed', 'held') AND created_at < ? ORDER BY created_at, id LIMIT ?)`
	res, err := s.write.ExecContext(ctx, q, millis(before), limit)
	if err != nil {
		return 0, fmt.Errorf("delete deliveries: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
