package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/store"
)

// micros is how arrival times are kept: Unix microseconds.
func micros(t time.Time) int64 { return t.UnixMicro() }

// fromMicros is the inverse of micros.
func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// inboxColumns are read by scanInbox, in its order.
const inboxColumns = `id, flow_id, node_id, received_at, data, raw_body, truncated, run_id`

// AddInbox stores the entries and trims the inbox of each trigger they
// belong to, in one transaction. An entry whose id is stored already is
// left as it is, so a batch may be written again.
func (s *Store) AddInbox(ctx context.Context, es []*store.InboxEntry) error {
	if len(es) == 0 {
		return nil
	}
	const (
		insert = `INSERT INTO inbox (` + inboxColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO NOTHING`
		trim = `DELETE FROM inbox WHERE id IN (SELECT id FROM inbox WHERE flow_id = ? AND node_id = ?
			ORDER BY received_at DESC, id DESC LIMIT -1 OFFSET ?)`
	)
	triggers := map[[2]string]bool{}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, e := range es {
			_, err := tx.ExecContext(ctx, insert, e.ID, e.FlowID, e.NodeID, micros(e.ReceivedAt),
				string(e.Data), e.RawBody, e.Truncated, e.RunID)
			if err != nil {
				return fmt.Errorf("entry %q: %w", e.ID, err)
			}
			triggers[[2]string{e.FlowID, e.NodeID}] = true
		}
		for t := range triggers {
			if _, err := tx.ExecContext(ctx, trim, t[0], t[1], store.InboxSize); err != nil {
				return fmt.Errorf("trim inbox of %s/%s: %w", t[0], t[1], err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("add %d inbox entries: %w", len(es), err)
	}
	return nil
}

// ListInbox returns the entries of a trigger received at or after since,
// newest first.
func (s *Store) ListInbox(ctx context.Context, flowID, nodeID string, since time.Time) ([]*store.InboxEntry, error) {
	const q = `SELECT ` + inboxColumns + ` FROM inbox WHERE flow_id = ? AND node_id = ? AND received_at >= ?
		ORDER BY received_at DESC, id DESC`
	from := int64(0)
	if !since.IsZero() {
		from = micros(since)
	}
	list, err := queryAll(ctx, s.read, scanInbox, q, flowID, nodeID, from)
	if err != nil {
		return nil, fmt.Errorf("list inbox of %s/%s: %w", flowID, nodeID, err)
	}
	return list, nil
}

// GetInboxEntry returns one entry of a trigger, or store.ErrNotFound.
func (s *Store) GetInboxEntry(ctx context.Context, flowID, nodeID, id string) (*store.InboxEntry, error) {
	const q = `SELECT ` + inboxColumns + ` FROM inbox WHERE id = ? AND flow_id = ? AND node_id = ?`
	e, err := scanInbox(s.read.QueryRowContext(ctx, q, id, flowID, nodeID).Scan)
	if err != nil {
		return nil, readErr(fmt.Sprintf("get inbox entry %q", id), err)
	}
	return e, nil
}

// scanInbox reads a row of inboxColumns.
func scanInbox(scan func(dest ...any) error) (*store.InboxEntry, error) {
	e := new(store.InboxEntry)
	var at int64
	var data string
	if err := scan(&e.ID, &e.FlowID, &e.NodeID, &at, &data, &e.RawBody, &e.Truncated, &e.RunID); err != nil {
		return nil, err
	}
	e.ReceivedAt, e.Data = fromMicros(at), []byte(data)
	return e, nil
}

// PutSample stores s, replacing the node's sample.
func (s *Store) PutSample(ctx context.Context, sm *store.Sample) error {
	const q = `INSERT INTO samples (flow_id, node_id, data, source, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (flow_id, node_id) DO UPDATE SET data = excluded.data, source = excluded.source,
		updated_at = excluded.updated_at`
	_, err := s.write.ExecContext(ctx, q, sm.FlowID, sm.NodeID, string(sm.Data), sm.Source, millis(sm.UpdatedAt))
	if err != nil {
		return fmt.Errorf("put sample of %s/%s: %w", sm.FlowID, sm.NodeID, err)
	}
	return nil
}

// sampleColumns are read by scanSample, in its order.
const sampleColumns = `flow_id, node_id, data, source, updated_at`

// GetSample returns the sample of a node, or store.ErrNotFound.
func (s *Store) GetSample(ctx context.Context, flowID, nodeID string) (*store.Sample, error) {
	const q = `SELECT ` + sampleColumns + ` FROM samples WHERE flow_id = ? AND node_id = ?`
	sm, err := scanSample(s.read.QueryRowContext(ctx, q, flowID, nodeID).Scan)
	if err != nil {
		return nil, readErr(fmt.Sprintf("get sample of %s/%s", flowID, nodeID), err)
	}
	return sm, nil
}

// ListSamples returns the samples of a flow, by node id.
func (s *Store) ListSamples(ctx context.Context, flowID string) ([]*store.Sample, error) {
	const q = `SELECT ` + sampleColumns + ` FROM samples WHERE flow_id = ? ORDER BY node_id`
	list, err := queryAll(ctx, s.read, scanSample, q, flowID)
	if err != nil {
		return nil, fmt.Errorf("list samples of flow %q: %w", flowID, err)
	}
	return list, nil
}

// scanSample reads a row of sampleColumns.
func scanSample(scan func(dest ...any) error) (*store.Sample, error) {
	sm := new(store.Sample)
	var data string
	var at int64
	if err := scan(&sm.FlowID, &sm.NodeID, &data, &sm.Source, &at); err != nil {
		return nil, err
	}
	sm.Data, sm.UpdatedAt = []byte(data), fromMillis(at)
	return sm, nil
}
