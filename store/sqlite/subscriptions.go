package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/store"
)

// subscriptionColumns are read by scanSubscription, in its order. The
// status, its reason and updated_at have columns of their own, so that
// SetSubscriptionStatus changes them without rewriting the document; they
// win over the document's copies.
const subscriptionColumns = `subscriptions.id, subscriptions.status, subscriptions.reason,
	subscriptions.created_at, subscriptions.updated_at, subscriptions.doc`

// scanSubscription reads a row of subscriptionColumns.
func scanSubscription(scan func(dest ...any) error) (*store.Subscription, error) {
	var (
		id, status, reason, doc string
		created, updated        int64
	)
	if err := scan(&id, &status, &reason, &created, &updated, &doc); err != nil {
		return nil, err
	}
	sub := new(store.Subscription)
	if err := decodeDoc(doc, sub); err != nil {
		return nil, fmt.Errorf("subscription %q: %w", id, err)
	}
	sub.ID, sub.Status, sub.StatusReason = id, status, reason
	sub.CreatedAt, sub.UpdatedAt = fromMillis(created), fromMillis(updated)
	return sub, nil
}

// subscriptionDoc encodes s as the doc column, with its times as the store
// gives them back.
func subscriptionDoc(s *store.Subscription) (string, error) {
	c := *s
	c.CreatedAt, c.UpdatedAt, c.PrevSecretUntil = msUTC(s.CreatedAt), msUTC(s.UpdatedAt), msUTC(s.PrevSecretUntil)
	return encodeDoc(&c)
}

// CreateSubscription stores s and its routes in one transaction;
// store.ErrConflict if its id is taken.
func (s *Store) CreateSubscription(ctx context.Context, sub *store.Subscription) error {
	op := fmt.Sprintf("create subscription %q", sub.ID)
	doc, err := subscriptionDoc(sub)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	const q = `INSERT INTO subscriptions (id, status, reason, created_at, updated_at, doc) VALUES (?, ?, ?, ?, ?, ?)`
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, q, sub.ID, sub.Status, sub.StatusReason, millis(sub.CreatedAt), millis(sub.UpdatedAt), doc); err != nil {
			return err
		}
		return writeRoutes(ctx, tx, sub)
	})
	if err != nil {
		return writeErr(op, err)
	}
	return nil
}

// writeRoutes replaces the (event type, channel) rows of sub in tx.
func writeRoutes(ctx context.Context, tx *sql.Tx, sub *store.Subscription) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM subscription_routes WHERE subscription_id = ?`, sub.ID); err != nil {
		return fmt.Errorf("delete routes: %w", err)
	}
	pairs := make([][2]string, 0, len(sub.Events)*len(sub.WabaNumbers))
	for _, ev := range sub.Events {
		for _, ch := range sub.WabaNumbers {
			pairs = append(pairs, [2]string{ev, ch})
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	list, err := encodeDoc(pairs)
	if err != nil {
		return err
	}
	const q = `INSERT OR IGNORE INTO subscription_routes (event_type, channel, subscription_id)
		SELECT value ->> 0, value ->> 1, ? FROM json_each(?)`
	if _, err := tx.ExecContext(ctx, q, sub.ID, list); err != nil {
		return fmt.Errorf("insert routes: %w", err)
	}
	return nil
}

// GetSubscription returns the subscription with id, or store.ErrNotFound.
func (s *Store) GetSubscription(ctx context.Context, id string) (*store.Subscription, error) {
	const q = `SELECT ` + subscriptionColumns + ` FROM subscriptions WHERE id = ?`
	sub, err := scanSubscription(s.hotRead().queryRow(ctx, q, id).Scan)
	if err != nil {
		return nil, readErr(fmt.Sprintf("get subscription %q", id), err)
	}
	return sub, nil
}

// ListSubscriptions returns every subscription, oldest first.
func (s *Store) ListSubscriptions(ctx context.Context) ([]*store.Subscription, error) {
	const q = `SELECT ` + subscriptionColumns + ` FROM subscriptions ORDER BY created_at, id`
	list, err := queryAll(ctx, s.read, scanSubscription, q)
	if err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", err)
	}
	return list, nil
}

// MatchSubscriptions returns the subscriptions with a route for eventType
// and channel, oldest first, through the routes' key.
func (s *Store) MatchSubscriptions(ctx context.Context, eventType, channel string) ([]*store.Subscription, error) {
	const q = `SELECT ` + subscriptionColumns + ` FROM subscription_routes
		JOIN subscriptions ON subscriptions.id = subscription_routes.subscription_id
		WHERE subscription_routes.event_type = ? AND subscription_routes.channel = ?
		ORDER BY subscriptions.created_at, subscriptions.id`
	list, err := queryAll(ctx, s.hotRead(), scanSubscription, q, eventType, channel)
	if err != nil {
		return nil, fmt.Errorf("match subscriptions of %s: %w", eventType, err)
	}
	return list, nil
}

// UpdateSubscription replaces a subscription and its routes in one
// transaction; store.ErrNotFound if there is none.
func (s *Store) UpdateSubscription(ctx context.Context, sub *store.Subscription) error {
	op := fmt.Sprintf("update subscription %q", sub.ID)
	doc, err := subscriptionDoc(sub)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	const q = `UPDATE subscriptions SET status = ?, reason = ?, created_at = ?, updated_at = ?, doc = ? WHERE id = ?`
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, q, sub.Status, sub.StatusReason, millis(sub.CreatedAt), millis(sub.UpdatedAt), doc, sub.ID)
		if err != nil {
			return err
		}
		if err := affected(op, res); err != nil {
			return err
		}
		return writeRoutes(ctx, tx, sub)
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%s: %w", op, err)
	}
	return err
}

// SetSubscriptionStatus changes the status columns of a subscription.
func (s *Store) SetSubscriptionStatus(ctx context.Context, id, status, reason string, at time.Time) error {
	op := fmt.Sprintf("set status of subscription %q", id)
	const q = `UPDATE subscriptions SET status = ?, reason = ?, updated_at = ? WHERE id = ?`
	res, err := s.write.ExecContext(ctx, q, status, reason, millis(at), id)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return affected(op, res)
}

// DeleteSubscription removes a subscription, its routes and its health in
// one transaction.
func (s *Store) DeleteSubscription(ctx context.Context, id string) error {
	op := fmt.Sprintf("delete subscription %q", id)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM subscriptions WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if err := affected(op, res); err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM subscription_routes WHERE subscription_id = ?`,
			`DELETE FROM subscription_health WHERE subscription_id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%s: %w", op, err)
	}
	return err
}

// SubscriptionHealth returns the recorded health of the subscriptions ids.
func (s *Store) SubscriptionHealth(ctx context.Context, ids ...string) (map[string]*store.SubscriptionHealth, error) {
	out := map[string]*store.SubscriptionHealth{}
	if len(ids) == 0 {
		return out, nil
	}
	list, err := encodeDoc(ids)
	if err != nil {
		return nil, fmt.Errorf("read subscription health: %w", err)
	}
	type row struct {
		id string
		h  *store.SubscriptionHealth
	}
	scan := func(scan func(dest ...any) error) (row, error) {
		var r row
		var doc string
		if err := scan(&r.id, &doc); err != nil {
			return r, err
		}
		r.h = new(store.SubscriptionHealth)
		return r, decodeDoc(doc, r.h)
	}
	const q = `SELECT subscription_id, doc FROM subscription_health WHERE subscription_id IN (SELECT value FROM json_each(?))`
	rows, err := queryAll(ctx, s.read, scan, q, list)
	if err != nil {
		return nil, fmt.Errorf("read subscription health: %w", err)
	}
	for _, r := range rows {
		out[r.id] = r.h
	}
	return out, nil
}

// UpdateSubscriptionHealth reads, changes and writes the health of a
// subscription in one write transaction, which no other write can enter.
func (s *Store) UpdateSubscriptionHealth(ctx context.Context, id string, update func(h *store.SubscriptionHealth)) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var doc string
		h := new(store.SubscriptionHealth)
		err := tx.QueryRowContext(ctx, `SELECT doc FROM subscription_health WHERE subscription_id = ?`, id).Scan(&doc)
		switch {
		case err == nil:
			if err := decodeDoc(doc, h); err != nil {
				return err
			}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		update(h)
		h.LastSuccessAt, h.LastFailureAt, h.FailingSince = msUTC(h.LastSuccessAt), msUTC(h.LastFailureAt), msUTC(h.FailingSince)
		if doc, err = encodeDoc(h); err != nil {
			return err
		}
		const put = `INSERT INTO subscription_health (subscription_id, doc) VALUES (?, ?)
			ON CONFLICT (subscription_id) DO UPDATE SET doc = excluded.doc`
		_, err = tx.ExecContext(ctx, put, id, doc)
		return err
	})
	if err != nil {
		return fmt.Errorf("update health of subscription %q: %w", id, err)
	}
	return nil
}
