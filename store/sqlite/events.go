package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hookflow/hookflow/store"
)

// eventColumns are read by scanEvent, in its order.
const eventColumns = `id, type, channel, received_at, data, runs, deliveries`

// CreateEvent stores ev; store.ErrConflict if an event has its id.
func (s *Store) CreateEvent(ctx context.Context, ev *store.Event) error {
	op := fmt.Sprintf("create event %q", ev.ID)
	runs, err := encodeDoc(nonNil(ev.Runs))
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	const q = `INSERT INTO events (` + eventColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?)`
	_, err = s.write.ExecContext(ctx, q, ev.ID, ev.Type, ev.Channel, micros(ev.ReceivedAt), string(ev.Data), runs, ev.Deliveries)
	if err != nil {
		return writeErr(op, err)
	}
	return nil
}

// GetEvent returns the event with id, or store.ErrNotFound.
func (s *Store) GetEvent(ctx context.Context, id string) (*store.Event, error) {
	const q = `SELECT ` + eventColumns + ` FROM events WHERE id = ?`
	ev, err := scanEvent(s.read.QueryRowContext(ctx, q, id).Scan)
	if err != nil {
		return nil, readErr(fmt.Sprintf("get event %q", id), err)
	}
	return ev, nil
}

// SetEventDeliveries records the deliveries of an event.
func (s *Store) SetEventDeliveries(ctx context.Context, id string, n int) error {
	op := fmt.Sprintf("set deliveries of event %q", id)
	res, err := s.write.ExecContext(ctx, `UPDATE events SET deliveries = ? WHERE id = ?`, n, id)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return affected(op, res)
}

// DeleteEvent removes an event; store.ErrNotFound if absent.
func (s *Store) DeleteEvent(ctx context.Context, id string) error {
	op := fmt.Sprintf("delete event %q", id)
	res, err := s.write.ExecContext(ctx, `DELETE FROM events WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return affected(op, res)
}

// DeleteEventsBefore removes up to limit of the oldest events received
// before before, through events_received_at.
func (s *Store) DeleteEventsBefore(ctx context.Context, before time.Time, limit int) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	const q = `DELETE FROM events WHERE id IN (
		SELECT id FROM events WHERE received_at < ? ORDER BY received_at LIMIT ?)`
	res, err := s.write.ExecContext(ctx, q, micros(before), limit)
	if err != nil {
		return 0, fmt.Errorf("delete events before %s: %w", before.Format(time.RFC3339), err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// ListEvents returns the events f selects, newest first. A filter by type
// walks events_type_received_at once per type.
func (s *Store) ListEvents(ctx context.Context, f store.EventFilter) ([]*store.Event, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q := `SELECT ` + eventColumns + ` FROM events WHERE received_at >= ?`
	args := []any{int64(0)}
	if !f.Since.IsZero() {
		args[0] = micros(f.Since)
	}
	if len(f.Types) > 0 {
		q += ` AND type IN (?` + strings.Repeat(", ?", len(f.Types)-1) + `)`
		for _, t := range f.Types {
			args = append(args, t)
		}
	}
	q += ` ORDER BY received_at DESC, id DESC LIMIT ?`
	list, err := queryAll(ctx, s.read, scanEvent, q, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	return list, nil
}

// scanEvent reads a row of eventColumns.
func scanEvent(scan func(dest ...any) error) (*store.Event, error) {
	ev := new(store.Event)
	var at int64
	var data, runs string
	if err := scan(&ev.ID, &ev.Type, &ev.Channel, &at, &data, &runs, &ev.Deliveries); err != nil {
		return nil, err
	}
	if err := decodeDoc(runs, &ev.Runs); err != nil {
		return nil, fmt.Errorf("event %q: runs: %w", ev.ID, err)
	}
	ev.ReceivedAt, ev.Data = fromMicros(at), []byte(data)
	return ev, nil
}

// nonNil returns list, or an empty list for nil, so that it is kept as [].
func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// CreateChannel stores c; store.ErrConflict if its number exists.
func (s *Store) CreateChannel(ctx context.Context, c *store.Channel) error {
	const q = `INSERT INTO channels (number, name, kind, created_at) VALUES (?, ?, ?, ?)`
	if _, err := s.write.ExecContext(ctx, q, c.Number, c.Name, c.Kind, millis(c.CreatedAt)); err != nil {
		return writeErr(fmt.Sprintf("create channel %q", c.Number), err)
	}
	return nil
}

// ListChannels returns every channel, oldest first.
func (s *Store) ListChannels(ctx context.Context) ([]*store.Channel, error) {
	const q = `SELECT number, name, kind, created_at FROM channels ORDER BY created_at, number`
	list, err := queryAll(ctx, s.read, func(scan func(dest ...any) error) (*store.Channel, error) {
		c := new(store.Channel)
		var at int64
		if err := scan(&c.Number, &c.Name, &c.Kind, &at); err != nil {
			return nil, err
		}
		c.CreatedAt = fromMillis(at)
		return c, nil
	}, q)
	if err != nil {
		return nil, fmt.Errorf("list channels: %w", err)
	}
	return list, nil
}

// DeleteChannel removes a channel; store.ErrNotFound if absent.
func (s *Store) DeleteChannel(ctx context.Context, number string) error {
	op := fmt.Sprintf("delete channel %q", number)
	res, err := s.write.ExecContext(ctx, `DELETE FROM channels WHERE number = ?`, number)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return affected(op, res)
}

// MarkSeen records that customer wrote on channel; the primary key lets
// the first insert of a pair in and ignores the others.
func (s *Store) MarkSeen(ctx context.Context, channel, customer string, at time.Time) (bool, error) {
	const q = `INSERT INTO seen_customers (channel, customer, first_at) VALUES (?, ?, ?)
		ON CONFLICT (channel, customer) DO NOTHING`
	res, err := s.write.ExecContext(ctx, q, channel, customer, millis(at))
	if err != nil {
		// The customer's number stays out of the message.
		return false, fmt.Errorf("mark customer seen on channel %q: %w", channel, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("mark customer seen on channel %q: %w", channel, err)
	}
	return n == 1, nil
}
