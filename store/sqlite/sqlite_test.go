package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/store"
	"github.com/hookflow/hookflow/store/storetest"
)

// openTemp opens a store in a new file under t's temporary directory.
func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "hookflow.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s, path
}

func TestStore_Contract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, _ := openTemp(t)
		return s
	})
}

func TestOpen_Pragmas(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	tests := []struct {
		db     *sql.DB
		pragma string
		want   string
	}{
		{s.write, "journal_mode", "wal"},
		{s.write, "synchronous", "1"},
		{s.write, "foreign_keys", "1"},
		{s.write, "busy_timeout", fmt.Sprint(busyTimeout.Milliseconds())},
		{s.read, "query_only", "1"},
		{s.read, "journal_mode", "wal"},
		{s.read, "busy_timeout", fmt.Sprint(busyTimeout.Milliseconds())},
	}
	for _, tc := range tests {
		var got string
		if err := tc.db.QueryRowContext(t.Context(), "PRAGMA "+tc.pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", tc.pragma, err)
		}
		if got != tc.want {
			t.Errorf("PRAGMA %s = %q, want %q", tc.pragma, got, tc.want)
		}
	}
}

func TestOpen_Reopen(t *testing.T) {
	s, path := openTemp(t)
	f := &flows.Flow{ID: "flw_1", HookToken: "whk_1", CreatedAt: time.Now()}
	if err := s.CreateFlow(t.Context(), f); err != nil {
		t.Fatalf("CreateFlow: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if _, err := s.GetFlowByToken(t.Context(), "whk_1"); err != nil {
		t.Fatalf("GetFlowByToken after reopen: %v", err)
	}
	v, err := schemaVersion(t.Context(), s.read)
	if err != nil || v != len(migrations) {
		t.Fatalf("schema version = %d, %v; want %d", v, err, len(migrations))
	}
}

func TestOpen_NewerSchema(t *testing.T) {
	s, path := openTemp(t)
	_, err := s.write.ExecContext(t.Context(), `INSERT INTO schema_version (version, applied_at) VALUES (?, 0)`, len(migrations)+1)
	if err != nil {
		t.Fatalf("insert schema version: %v", err)
	}
	s.Close()
	if s, err := Open(t.Context(), path); err == nil {
		s.Close()
		t.Fatal("Open of a database from a newer hookflow succeeded, want an error")
	}
}

func TestOpen_BadPath(t *testing.T) {
	for _, path := range []string{"", ":memory:", "file:x.db", "x.db?mode=ro"} {
		t.Run(path, func(t *testing.T) {
			if s, err := Open(t.Context(), path); err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded, want an error", path)
			}
		})
	}
}

// TestOpen_SharedFile writes from two stores on one file, as two processes
// would: the busy timeout, not luck, keeps every write.
func TestOpen_SharedFile(t *testing.T) {
	a, path := openTemp(t)
	defer a.Close()
	b, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("open second store: %v", err)
	}
	defer b.Close()
	const each = 25
	errs := make(chan error, 2)
	for i, s := range []*Store{a, b} {
		go func() {
			var err error
			for n := range each {
				k := &store.APIKey{ID: fmt.Sprintf("key_%d_%d", i, n), Hash: fmt.Sprintf("h_%d_%d", i, n)}
				err = errors.Join(err, s.CreateKey(t.Context(), k))
			}
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatalf("CreateKey: %v", err)
		}
	}
	keys, err := a.ListKeys(t.Context())
	if err != nil || len(keys) != 2*each {
		t.Fatalf("ListKeys = %d keys, %v; want %d", len(keys), err, 2*each)
	}
}
