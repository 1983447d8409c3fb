package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/internal/secrets"
	"github.com/hookflow/hookflow/store/sqlite"
)

// admin runs one admin command against the embedded store in dataDir and
// returns what it printed.
func admin(t *testing.T, dataDir string, args ...string) (string, error) {
	t.Helper()
	env := func(k string) string {
		if k == "HOOKFLOW_DATA_DIR" {
			return dataDir
		}
		return ""
	}
	var out, errs bytes.Buffer
	err := run(context.Background(), args, env, &out, &errs)
	return out.String() + errs.String(), err
}

// The admin commands on one embedded store: a key, a flow imported and
// published, exported back, and a backup that opens as a store of its own
// with the secret key copied beside it.
func TestAdmin_KeysFlowsAndBackup(t *testing.T) {
	t.Parallel()
	data, work := t.TempDir(), t.TempDir()
	out, err := admin(t, data, "backup", "--out", filepath.Join(work, "empty.db"))
	if err == nil || !strings.Contains(err.Error(), "is empty") {
		t.Fatalf("backup of a data folder hookflow never served: %v %q, want a refusal", err, out)
	}
	out, err = admin(t, data, "keys", "create", "--name", "ci")
	if err != nil || !strings.HasPrefix(out, "hfk_") {
		t.Fatalf("keys create: %v %q", err, out)
	}

	doc := filepath.Join(work, "order.json")
	flow := `{"name": "New order", "nodes": [{"id": "trigger", "type": "webhook", "config": {}}], "edges": []}`
	if err := os.WriteFile(doc, []byte(flow), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err = admin(t, data, "flows", "import", "--publish", doc); err != nil || !strings.Contains(out, "created and published as version 1") {
		t.Fatalf("flows import: %v %q", err, out)
	}
	exported := filepath.Join(work, "export")
	if out, err = admin(t, data, "flows", "export", "--out", exported); err != nil {
		t.Fatalf("flows export: %v %q", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(exported, "new-order-*.json"))
	if len(files) != 1 {
		t.Fatalf("export wrote %v (%q)", files, out)
	}

	if _, err := secrets.LoadOrCreateKey(data, ""); err != nil {
		t.Fatal(err)
	}
	snapshot := filepath.Join(work, "snapshot.db")
	if out, err = admin(t, data, "backup", "--out", snapshot); err != nil || !strings.Contains(out, "backed up the store to "+snapshot) {
		t.Fatalf("backup: %v %q", err, out)
	}
	st, err := sqlite.Open(context.Background(), snapshot)
	if err != nil {
		t.Fatalf("the backup does not open as a store: %v", err)
	}
	defer st.Close()
	list, err := st.ListFlows(context.Background())
	if err != nil || len(list) != 1 || list[0].Name != "New order" || list[0].Version != 1 {
		t.Fatalf("flows in the backup: %v %+v", err, list)
	}
	key, _ := os.ReadFile(filepath.Join(data, secrets.KeyFile))
	copied, err := os.ReadFile(snapshot + "." + secrets.KeyFile)
	if err != nil || !bytes.Equal(copied, key) {
		t.Fatalf("the secret key beside the backup: %v", err)
	}
	if fi, _ := os.Stat(snapshot + "." + secrets.KeyFile); fi.Mode().Perm() != 0o600 {
		t.Fatalf("the copied key is readable by others: %v", fi.Mode())
	}

	if out, err = admin(t, data, "backup", "--out", snapshot); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("a backup over an existing file: %v %q, want a refusal", err, out)
	}
}
