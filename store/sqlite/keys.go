package sqlite

import (
	"context"
	"fmt"

	"github.com/hookflow/hookflow/store"
)

// keyColumns are read by scanKey, in its order.
const keyColumns = `id, name, prefix, hash, admin, created_at`

// CreateKey stores k; store.ErrConflict if its id or hash exists.
func (s *Store) CreateKey(ctx context.Context, k *store.APIKey) error {
	const q = `INSERT INTO api_keys (` + keyColumns + `) VALUES (?, ?, ?, ?, ?, ?)`
	_, err := s.write.ExecContext(ctx, q, k.ID, k.Name, k.Prefix, k.Hash, k.Admin, millis(k.CreatedAt))
	if err != nil {
		return writeErr(fmt.Sprintf("create key %q", k.ID), err)
	}
	return nil
}

// scanKey reads a row of keyColumns.
func scanKey(scan func(dest ...any) error) (*store.APIKey, error) {
	k := new(store.APIKey)
	var created int64
	if err := scan(&k.ID, &k.Name, &k.Prefix, &k.Hash, &k.Admin, &created); err != nil {
		return nil, err
	}
	k.CreatedAt = fromMillis(created)
	return k, nil
}

// KeyByHash returns the key whose hash is hash, or store.ErrNotFound.
func (s *Store) KeyByHash(ctx context.Context, hash string) (*store.APIKey, error) {
	const q = `SELECT ` + keyColumns + ` FROM api_keys WHERE hash = ?`
	k, err := scanKey(s.read.QueryRowContext(ctx, q, hash).Scan)
	if err != nil {
		// The hash stays out of the message: it identifies a secret.
		return nil, readErr("get key by hash", err)
	}
	return k, nil
}

// ListKeys returns every key, oldest first.
func (s *Store) ListKeys(ctx context.Context) ([]*store.APIKey, error) {
	const q = `SELECT ` + keyColumns + ` FROM api_keys ORDER BY created_at, id`
	list, err := queryAll(ctx, s.read, scanKey, q)
	if err != nil {
		return nil, fmt.Errorf("list keys: %w", err)
	}
	return list, nil
}

// DeleteKey removes a key; store.ErrNotFound if absent.
func (s *Store) DeleteKey(ctx context.Context, id string) error {
	op := fmt.Sprintf("delete key %q", id)
	res, err := s.write.ExecContext(ctx, `DELETE FROM api_keys WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return affected(op, res)
}
