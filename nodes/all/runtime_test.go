package all_test

import (
	"testing"

	"github.com/hookflow/hookflow/nodes"
)

// withRuntime lists the node types whose runtime is written: every one. The
// engine fails a step of a type without one with "node type X has no
// runtime yet".
var withRuntime = []string{"webhook", "event", "condition", "switch", "set", "respond", "delay", "http", "crm", "sheets"}

func TestAll_RegistersRuntimes(t *testing.T) {
	t.Parallel()
	for _, typ := range withRuntime {
		s, ok := nodes.Default.Latest(typ)
		if !ok {
			t.Fatalf("type %q is not registered", typ)
		}
		if _, ok := nodes.Default.Runtime(s.Type, s.Version); !ok {
			t.Errorf("%s v%d has no runtime", s.Type, s.Version)
		}
	}
}
