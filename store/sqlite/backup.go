package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Backup writes a consistent snapshot of the database to a new file at
// path, while hookflow keeps running: SQLite's VACUUM INTO reads one
// transaction's view, so commits during the copy are either all in it or
// not at all, and the write-ahead log's latest commits are included. The
// copy is compact (no free pages) and opens as a store of its own. An
// existing file at path is never overwritten.
func (s *Store) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("back up to %s: the file exists; choose a new name", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	// A connection of its own: the writer's would hold up every commit
	// for the copy's length, and the readers are read-only. In WAL mode a
	// reader does not stand in the writer's way.
	db, err := openDB(ctx, s.path, nil, 1)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	return os.Chmod(path, 0o600)
}
