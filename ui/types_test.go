package ui_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestAPITypes_Fresh fails when ui/src/api/schema.d.ts no longer matches
// server/openapi.yaml: the studio's TypeScript types are generated from the
// API description and must follow it. Fix it with `npm run gen:api` in ui/.
func TestAPITypes_Fresh(t *testing.T) {
	t.Parallel()
	gen := filepath.Join("node_modules", ".bin", "openapi-typescript")
	if _, err := os.Stat(gen); err != nil {
		t.Skip("ui/node_modules is absent: run `make test-ui` (or `npm ci` in ui/) to check the generated API types")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed: the generated API types are not checked")
	}
	out := filepath.Join(t.TempDir(), "schema.d.ts")
	cmd := exec.Command(gen, filepath.Join("..", "server", "openapi.yaml"), "-o", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openapi-typescript: %v\n%s", err, msg)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("src", "api", "schema.d.ts"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("ui/src/api/schema.d.ts is stale: server/openapi.yaml changed. Run `npm run gen:api` in ui/ and commit the result.")
	}
}
