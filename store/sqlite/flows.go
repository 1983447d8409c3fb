package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/store"
)

// encodeDoc renders v as the JSON kept in a doc column. HTML escaping is
// off so that node config comes back as given, only compacted.
func encodeDoc(v any) (string, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("encode: %w", err)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// decodeDoc is the inverse of encodeDoc.
func decodeDoc(doc string, v any) error {
	if err := json.Unmarshal([]byte(doc), v); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}

// nullable maps the empty string to NULL, which UNIQUE lets repeat.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// flowRow returns the column values of f, its times as stored.
func flowRow(f *flows.Flow) (token any, created int64, doc string, err error) {
	c := *f
	c.CreatedAt, c.UpdatedAt = msUTC(f.CreatedAt), msUTC(f.UpdatedAt)
	doc, err = encodeDoc(&c)
	return nullable(c.HookToken), millis(c.CreatedAt), doc, err
}

// CreateFlow stores a new flow; store.ErrConflict if its id or hook token
// is taken. An empty hook token conflicts with nothing.
func (s *Store) CreateFlow(ctx context.Context, f *flows.Flow) error {
	op := fmt.Sprintf("create flow %q", f.ID)
	token, created, doc, err := flowRow(f)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	const q = `INSERT INTO flows (id, hook_token, created_at, doc) VALUES (?, ?, ?, ?)`
	if _, err := s.write.ExecContext(ctx, q, f.ID, token, created, doc); err != nil {
		return writeErr(op, err)
	}
	return nil
}

// GetFlow returns the flow with id, or store.ErrNotFound.
func (s *Store) GetFlow(ctx context.Context, id string) (*flows.Flow, error) {
	return s.getFlow(ctx, fmt.Sprintf("get flow %q", id), "id", id)
}

// GetFlowByToken returns the flow whose hook token is token, or
// store.ErrNotFound.
func (s *Store) GetFlowByToken(ctx context.Context, token string) (*flows.Flow, error) {
	const op = "get flow by token"
	if token == "" {
		return nil, fmt.Errorf("%s: %w", op, store.ErrNotFound)
	}
	return s.getFlow(ctx, op, "hook_token", token)
}

// getFlow reads the one flow whose column equals value.
func (s *Store) getFlow(ctx context.Context, op, column, value string) (*flows.Flow, error) {
	q := `SELECT doc FROM flows WHERE ` + column + ` = ?`
	f, err := scanFlow(s.read.QueryRowContext(ctx, q, value).Scan)
	if err != nil {
		return nil, readErr(op, err)
	}
	return f, nil
}

// scanFlow reads a row holding a flow's doc.
func scanFlow(scan func(dest ...any) error) (*flows.Flow, error) {
	var doc string
	if err := scan(&doc); err != nil {
		return nil, err
	}
	f := new(flows.Flow)
	return f, decodeDoc(doc, f)
}

// ListFlows returns every flow, newest first; flows created in the same
// millisecond come in descending id order.
func (s *Store) ListFlows(ctx context.Context) ([]*flows.Flow, error) {
	const q = `SELECT doc FROM flows ORDER BY created_at DESC, id DESC`
	list, err := queryAll(ctx, s.read, scanFlow, q)
	if err != nil {
		return nil, fmt.Errorf("list flows: %w", err)
	}
	return list, nil
}

// UpdateFlow replaces the stored flow with f; store.ErrNotFound if there is
// none, store.ErrConflict if its new hook token is taken.
func (s *Store) UpdateFlow(ctx context.Context, f *flows.Flow) error {
	op := fmt.Sprintf("update flow %q", f.ID)
	token, created, doc, err := flowRow(f)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	const q = `UPDATE flows SET hook_token = ?, created_at = ?, doc = ? WHERE id = ?`
	res, err := s.write.ExecContext(ctx, q, token, created, doc, f.ID)
	if err != nil {
		return writeErr(op, err)
	}
	return affected(op, res)
}

// DeleteFlow removes the flow and its versions in one transaction;
// store.ErrNotFound if the flow is absent.
func (s *Store) DeleteFlow(ctx context.Context, id string) error {
	op := fmt.Sprintf("delete flow %q", id)
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM flows WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := affected(op, res); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM flow_versions WHERE flow_id = ?`, id); err != nil {
		return fmt.Errorf("%s: versions: %w", op, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}
