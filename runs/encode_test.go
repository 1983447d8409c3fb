package runs

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// TestAppendStepsJSON_MatchesEncodingJSON: the fast encoder's output
// decodes to the same steps that encoding/json's would.
func TestAppendStepsJSON_MatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 2, 3, 4, 5, 678_000_000, time.UTC)
	steps := []Step{
		{NodeID: "trigger", Type: "webhook", Status: StepSucceeded, Port: "out", Input: json.RawMessage(`{"mappings":[]}`),
			Output: json.RawMessage(`{"body":{"a":"\u00e9\"x"}}`), Vars: json.RawMessage(`{"n":1}`), Attempts: 1, StartedAt: at, DurationMs: 0.0123},
		{NodeID: "check", Type: "condition", Status: StepSkipped, Reason: "condition \"vip\" took false", Missing: []string{"vars.x", "a\tb"},
			Error: "line1\nline2 <tag> & \x01", StartedAt: at, DurationMs: 12},
		{NodeID: "none", Type: "set", Status: StepFailed},
	}
	var fast, slow []Step
	if err := json.Unmarshal(AppendStepsJSON(nil, steps, nil), &fast); err != nil {
		t.Fatalf("fast encoding does not decode: %v\n%s", err, AppendStepsJSON(nil, steps, nil))
	}
	std, _ := json.Marshal(steps)
	if err := json.Unmarshal(std, &slow); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("fast and encoding/json differ:\nfast %+v\nstd  %+v", fast, slow)
	}
	if got := string(AppendStepsJSON(nil, nil, nil)); got != "[]" {
		t.Fatalf("no steps = %s", got)
	}
}

// The trigger step's output is the trigger: it is written once, as a mark,
// and read back as the trigger; other outputs, and runs stored before the
// mark existed, read as they were written.
func TestStoredSteps_TriggerKeptOnce(t *testing.T) {
	t.Parallel()
	trigger := Trigger(`{"method":"POST","body":{"customer":{"phoneNumber":"919812345678"}}}`)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	steps := []Step{
		{NodeID: "trigger", Type: "webhook", Status: StepSucceeded, Port: "out", Output: trigger, Vars: json.RawMessage(`{"n":"919812345678"}`), Attempts: 1, StartedAt: at},
		{NodeID: "copy", Type: "set", Status: StepSucceeded, Port: "out", Output: json.RawMessage(`{"method":"GET"}`), Attempts: 1, StartedAt: at},
		{NodeID: "none", Type: "set", Status: StepSkipped, StartedAt: at},
	}
	enc := AppendStepsJSON(nil, steps, trigger)
	if n := bytes.Count(enc, []byte("phoneNumber")); n != 0 {
		t.Errorf("the trigger is written again in the steps (%d times): %s", n, enc)
	}
	if !bytes.Contains(enc, []byte(`"outputIsTrigger":true`)) {
		t.Errorf("no mark for the trigger step: %s", enc)
	}
	got, err := DecodeStoredSteps(enc, trigger)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, steps) {
		t.Fatalf("read back:\n%+v\nwant\n%+v", got, steps)
	}

	old, _ := json.Marshal(steps)
	got, err = DecodeStoredSteps(old, nil)
	if err != nil || !reflect.DeepEqual(got, steps) {
		t.Fatalf("steps stored with their outputs: %v\n%+v", err, got)
	}
	if _, err := DecodeStoredSteps([]byte(`[{"nodeId":`), trigger); err == nil {
		t.Fatal("truncated steps read without an error")
	}
}
