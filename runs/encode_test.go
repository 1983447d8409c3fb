package runs

import (
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
	if err := json.Unmarshal(AppendStepsJSON(nil, steps), &fast); err != nil {
		t.Fatalf("fast encoding does not decode: %v\n%s", err, AppendStepsJSON(nil, steps))
	}
	std, _ := json.Marshal(steps)
	if err := json.Unmarshal(std, &slow); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("fast and encoding/json differ:\nfast %+v\nstd  %+v", fast, slow)
	}
	if got := string(AppendStepsJSON(nil, nil)); got != "[]" {
		t.Fatalf("no steps = %s", got)
	}
}
