package flows_test

import (
	"encoding/json"
	"testing"

	"github.com/hookflow/hookflow/engine"
	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/internal/fuzzcheck"
	"github.com/hookflow/hookflow/nodes"
	_ "github.com/hookflow/hookflow/nodes/all"
)

// FuzzValidate: any JSON document that decodes as a flow is validated
// without a panic, every problem names what is wrong in plain words, and a
// flow without problems builds a plan (a flow that publishes runs).
func FuzzValidate(f *testing.F) {
	for _, s := range []string{
		`{"nodes": [{"id": "t", "type": "webhook", "config": {}}], "edges": []}`,
		`{"nodes": [{"id": "t", "type": "webhook", "config": {"mappings": [{"name": "n", "path": "body.a"}]}},
		  {"id": "c", "type": "condition", "config": {"expression": "vars.n > 1"}},
		  {"id": "r", "type": "respond", "config": {"body": {"x": "{{ vars.n }}"}}}],
		  "edges": [{"from": "t", "to": "c"}, {"from": "c", "port": "true", "to": "r"}]}`,
		`{"nodes": [{"id": "t", "type": "webhook"}, {"id": "h", "type": "http", "config": {"url": "https://x.test/{{ trigger.body.id }}"}}],
		  "edges": [{"from": "t", "to": "h"}, {"from": "h", "to": "t"}]}`,
		`{"nodes": [{"id": "t", "type": "event", "config": {"events": ["CHAT_CREATED"]}},
		  {"id": "s", "type": "set", "config": {"values": [{"name": "a", "mode": "expression", "value": "trigger.data.x + 1"}]}}],
		  "edges": [{"from": "t", "to": "s"}]}`,
		`{"nodes": [{"id": "", "type": "nope"}, {"id": "", "type": "webhook", "config": []}], "edges": [{"from": "x"}]}`,
		`{"nodes": [{"id": "t", "type": "webhook", "config": {"auth": "hmac_meta", "maxBodyBytes": -1}}]}`,
		`{"nodes": [{"id": "t", "type": "webhook"}, {"id": "sw", "type": "switch", "config": {"cases": [{"port": "a", "expression": "1"}]}}], "edges": [{"from": "t", "to": "sw"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		var fl flows.Flow
		if json.Unmarshal(doc, &fl) != nil {
			return
		}
		problems := flows.Validate(nodes.Default, fl.Nodes, fl.Edges)
		for _, p := range problems {
			fuzzcheck.NonEmpty(t, p.Message)
			fuzzcheck.Message(t, p.Message, string(doc))
		}
		if len(problems) > 0 {
			return
		}
		if _, err := engine.NewPlan(nodes.Default, &flows.Version{FlowID: "f", Version: 1, Nodes: fl.Nodes, Edges: fl.Edges}); err != nil {
			t.Fatalf("the flow validates but does not build a plan: %v\n%s", err, doc)
		}
	})
}
