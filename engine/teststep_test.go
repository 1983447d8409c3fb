package engine_test

import (
	"context"
	"testing"

	"github.com/hookflow/hookflow/engine/enginetest"
	"github.com/hookflow/hookflow/runs"
)

const testStepFlow = `{"nodes": [
  {"id": "trigger", "type": "webhook", "typeVersion": 1,
   "config": {"mappings": [{"name": "customer", "path": "body.customer.phone"}]}},
  {"id": "lookup", "type": "set", "typeVersion": 1,
   "config": {"values": [{"name": "owner", "value": "{{ trigger.body.owner }}"}]}},
  {"id": "check", "type": "condition", "typeVersion": 1, "config": {"expression": "vars.owner != \"\""}},
  {"id": "note", "type": "set", "typeVersion": 1,
   "config": {"values": [{"name": "text", "value": "{{ vars.customer }} belongs to {{ vars.owner }} ({{ nodes.lookup.owner }})"}]}}],
 "edges": [{"from": "trigger", "to": "lookup"}, {"from": "lookup", "to": "check"},
           {"from": "check", "port": "true", "to": "note"}]}`

// TestTestStep_UsesSamples runs the last node alone: the trigger maps its
// variable from the trigger data, the set node's sample is its output and
// restores the variable it declares, and the condition before it, which
// has no sample, is not asked.
func TestTestStep_UsesSamples(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t)
	p := h.Plan(t, testStepFlow)
	r := h.NewRun(enginetest.Webhook(`{"customer": {"phone": "+15550001"}}`))
	samples := map[string][]byte{"lookup": []byte(`{"owner":"ana@example.com"}`), "unrelated": []byte(`{}`)}
	st, err := h.Executor.TestStep(context.Background(), p, r, "note", samples)
	if err != nil {
		t.Fatal(err)
	}
	if st.Status != runs.StepSucceeded {
		t.Fatalf("step %s: %s", st.Status, st.Error)
	}
	if want := `{"text":"+15550001 belongs to ana@example.com (ana@example.com)"}`; string(st.Output) != want {
		t.Fatalf("output %s, want %s", st.Output, want)
	}
}

func TestTestStep_Trigger(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t)
	p := h.Plan(t, testStepFlow)
	trigger := enginetest.Webhook(`{"customer": {"phone": "1"}}`)
	st, err := h.Executor.TestStep(context.Background(), p, h.NewRun(trigger), "trigger", nil)
	if err != nil || st.Status != runs.StepSucceeded || string(st.Output) != string(trigger) {
		t.Fatalf("trigger step %+v, %v", st, err)
	}
	if string(st.Vars) != `{"customer":"1"}` {
		t.Errorf("vars %s", st.Vars)
	}
}

func TestTestStep_MissingSampleFails(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t)
	p := h.Plan(t, `{"nodes": [{"id": "trigger", "type": "webhook", "typeVersion": 1},
	  {"id": "a", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "x", "mode": "path", "value": "nodes.b.id"}]}},
	  {"id": "b", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "y", "value": "1"}]}}],
	 "edges": [{"from": "trigger", "to": "b"}, {"from": "b", "to": "a"}]}`)
	st, err := h.Executor.TestStep(context.Background(), p, h.NewRun(enginetest.Webhook(`{}`)), "a", nil)
	if err != nil || st.Status != runs.StepFailed {
		t.Fatalf("step without the sample it needs: %+v, %v", st, err)
	}
	if _, err := h.Executor.TestStep(context.Background(), p, h.NewRun(nil), "nope", nil); err == nil {
		t.Error("test step of an unknown node succeeded")
	}
}
