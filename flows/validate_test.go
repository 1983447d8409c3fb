package flows_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/nodes"
	_ "github.com/hookflow/hookflow/nodes/all"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/validate")

// TestValidate_Golden validates each testdata/validate/*.json graph and
// compares the problems with the .golden file beside it. Files named
// valid_* must have none.
func TestValidate_Golden(t *testing.T) {
	files, err := filepath.Glob("testdata/validate/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test flows: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			doc := readDoc(t, file)
			problems := flows.ValidateForPublish(nodes.Default, doc.Nodes, doc.Edges)
			if strings.HasPrefix(name, "valid_") && len(problems) > 0 {
				t.Fatalf("a valid flow has problems: %+v", problems)
			}
			if !strings.HasPrefix(name, "valid_") && len(problems) == 0 {
				t.Fatal("an invalid flow has no problems")
			}
			if problems == nil {
				problems = []flows.Problem{}
			}
			got, _ := json.MarshalIndent(problems, "", "  ")
			got = append(got, '\n')
			golden := strings.TrimSuffix(file, ".json") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./flows -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("problems differ from %s (go test ./flows -update rewrites it)\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

// TestValidate_PublishOnlyChecks: a Respond to Webhook step behind a trigger
// that answers at once keeps a new version from being published, but a
// version published before that check existed still plans and runs.
func TestValidate_PublishOnlyChecks(t *testing.T) {
	doc := readDoc(t, "testdata/validate/respond_needs_caller.json")
	if p := flows.Validate(nodes.Default, doc.Nodes, doc.Edges); len(p) != 0 {
		t.Fatalf("Validate = %+v, want no problems: running must not depend on publish-only checks", p)
	}
	p := flows.ValidateForPublish(nodes.Default, doc.Nodes, doc.Edges)
	if len(p) != 2 || p[0].NodeID != "reply" || !strings.Contains(p[0].Message, "would reach no one") {
		t.Fatalf("ValidateForPublish = %+v, want the two respond steps", p)
	}
}

type graphDoc struct {
	Nodes []flows.Node `json:"nodes"`
	Edges []flows.Edge `json:"edges"`
}

// readDoc reads the nodes and edges of a test flow.
func readDoc(t *testing.T, file string) graphDoc {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc graphDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}
