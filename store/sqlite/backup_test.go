package sqlite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/runs"
)

// A backup taken while the store is in use opens as a store with the same
// runs, including those only in the write-ahead log; it never overwrites.
func TestBackup_SnapshotOpensAsAStore(t *testing.T) {
	t.Parallel()
	s, _ := openTemp(t)
	defer s.Close()
	want := []*runs.Run{benchFinishedRun(1), benchFinishedRun(2)}
	if err := s.SaveRuns(t.Context(), want); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(t.Context(), out); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v, want mode 0600", fi, err)
	}
	b, err := Open(t.Context(), out)
	if err != nil {
		t.Fatalf("the backup does not open as a store: %v", err)
	}
	defer b.Close()
	for _, w := range want {
		got, err := b.GetRun(t.Context(), w.ID)
		if err != nil {
			t.Fatalf("run %s is not in the backup: %v", w.ID, err)
		}
		if string(got.Trigger) != string(w.Trigger) || len(got.Steps) != len(w.Steps) || string(got.Steps[0].Output) != string(w.Trigger) {
			t.Fatalf("run %s differs in the backup: %+v", w.ID, got)
		}
	}
	if err := s.Backup(t.Context(), out); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("a second backup to the same file: %v, want a refusal", err)
	}
}
