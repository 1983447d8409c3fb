package sqlite

import (
	"context"
	"fmt"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/store"
)

// credentialColumns are read by scanCredential, in its order. The secret
// column holds sealed bytes only; this store never opens them.
const credentialColumns = `id, name, type, created_at, updated_at, public, secret`

// CreateCredential stores c; an error wrapping credentials.ErrConflict if
// its id is taken.
func (s *Store) CreateCredential(ctx context.Context, c *credentials.Credential) error {
	public, err := encodeDoc(c.Public)
	if err != nil {
		return err
	}
	const q = `INSERT INTO credentials (` + credentialColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?)`
	_, err = s.write.ExecContext(ctx, q, c.ID, c.Name, c.Type, millis(c.CreatedAt), millis(c.UpdatedAt), public, c.Secret)
	if err != nil {
		return store.CredentialErr(writeErr(fmt.Sprintf("create credential %q", c.ID), err))
	}
	return nil
}

func scanCredential(scan func(dest ...any) error) (*credentials.Credential, error) {
	c := new(credentials.Credential)
	var created, updated int64
	var public string
	if err := scan(&c.ID, &c.Name, &c.Type, &created, &updated, &public, &c.Secret); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = fromMillis(created), fromMillis(updated)
	return c, decodeDoc(public, &c.Public)
}

// GetCredential returns the credential with id.
func (s *Store) GetCredential(ctx context.Context, id string) (*credentials.Credential, error) {
	const q = `SELECT ` + credentialColumns + ` FROM credentials WHERE id = ?`
	c, err := scanCredential(s.read.QueryRowContext(ctx, q, id).Scan)
	if err != nil {
		return nil, store.CredentialErr(readErr(fmt.Sprintf("get credential %q", id), err))
	}
	return c, nil
}

// ListCredentials returns every credential, by name.
func (s *Store) ListCredentials(ctx context.Context) ([]*credentials.Credential, error) {
	const q = `SELECT ` + credentialColumns + ` FROM credentials ORDER BY name, id`
	list, err := queryAll(ctx, s.read, scanCredential, q)
	if err != nil {
		return nil, fmt.Errorf("list credentials: %w", err)
	}
	return list, nil
}

// UpdateCredential replaces the stored credential with c.
func (s *Store) UpdateCredential(ctx context.Context, c *credentials.Credential) error {
	public, err := encodeDoc(c.Public)
	if err != nil {
		return err
	}
	op := fmt.Sprintf("update credential %q", c.ID)
	const q = `UPDATE credentials SET name = ?, type = ?, updated_at = ?, public = ?, secret = ? WHERE id = ?`
	res, err := s.write.ExecContext(ctx, q, c.Name, c.Type, millis(c.UpdatedAt), public, c.Secret, c.ID)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return store.CredentialErr(affected(op, res))
}

// DeleteCredential removes a credential.
func (s *Store) DeleteCredential(ctx context.Context, id string) error {
	op := fmt.Sprintf("delete credential %q", id)
	res, err := s.write.ExecContext(ctx, `DELETE FROM credentials WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return store.CredentialErr(affected(op, res))
}

var _ credentials.Store = (*Store)(nil)
