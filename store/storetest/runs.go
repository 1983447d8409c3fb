package storetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

var runTests = []test{
	{"SaveGet", testSaveGetRun},
	{"GetMissing", func(t *testing.T, s store.Store) {
		_, err := s.GetRun(t.Context(), "run_none")
		requireErr(t, "GetRun", err, store.ErrNotFound)
	}},
	{"SaveTwiceReplaces", testSaveReplaces},
	{"SaveBatch", func(t *testing.T, s store.Store) {
		var batch []*runs.Run
		for i := range 300 {
			batch = append(batch, newRun(fmt.Sprintf("run_%03d", i), "flw_1", i))
		}
		// A run listed twice is saved as its last occurrence.
		again := newRun("run_000", "flw_1", 0)
		again.Status = runs.StatusSucceeded
		must(t, "SaveRuns", s.SaveRuns(t.Context(), append(batch, again)))
		batch[0] = again
		for _, i := range []int{0, 150, 299} {
			got, err := s.GetRun(t.Context(), batch[i].ID)
			must(t, "GetRun", err)
			requireRun(t, got, batch[i])
		}
		requireIDs(t, "all pages", listAll(t, s, runs.Filter{FlowID: "flw_1", Limit: store.MaxPageSize}), idsOf(batch, true))
	}},
	{"SaveEmptyBatch", func(t *testing.T, s store.Store) {
		must(t, "SaveRuns of nothing", s.SaveRuns(t.Context(), nil))
	}},
	{"AbsentPartsRoundTrip", func(t *testing.T, s store.Store) {
		bare := &runs.Run{ID: "run_bare", FlowID: "flw_1", Status: runs.StatusQueued}
		empty := &runs.Run{ID: "run_empty", FlowID: "flw_1", Status: runs.StatusQueued, Steps: []runs.Step{},
			CreatedAt: at(1), Fields: map[string]string{"note": "x"}}
		must(t, "SaveRuns", s.SaveRuns(t.Context(), []*runs.Run{bare, empty}))
		for _, want := range []*runs.Run{bare, empty} {
			got, err := s.GetRun(t.Context(), want.ID)
			must(t, "GetRun", err)
			requireRun(t, got, want)
		}
	}},
	{"InvalidJSONRefused", func(t *testing.T, s store.Store) {
		badTrigger := newRun("run_2", "flw_1", 2)
		badTrigger.Trigger = runs.Trigger(`{"unterminated": `)
		badOutput := newRun("run_3", "flw_1", 3)
		badOutput.Steps[1].Output = json.RawMessage(`not json`)
		for _, bad := range []*runs.Run{badTrigger, badOutput} {
			if err := s.SaveRuns(t.Context(), []*runs.Run{newRun("run_1", "flw_1", 1), bad}); err == nil {
				t.Fatalf("SaveRuns with %s's JSON broken succeeded, want a refusal", bad.ID)
			}
			for _, id := range []string{"run_1", bad.ID} {
				_, err := s.GetRun(t.Context(), id)
				requireErr(t, "GetRun of a run of the refused batch", err, store.ErrNotFound)
			}
		}
	}},
}

// newRun returns a queued run of flowID created at base plus n seconds,
// with every field of the record set and JSON that a careless encoding
// would change: spacing, HTML characters, numbers beyond float64, trailing
// zeros and keys that MongoDB servers refuse as field names.
func newRun(id, flowID string, n int) *runs.Run {
	created := at(n)
	trigger := runs.Trigger(`{"method": "POST", "headers": {"X-Sig": "a&b"}, "body": {"$set": {"a.b": 1.50},
			"big": 123456789012345678901234567890, "html": "<b>hi</b>", "list": [1, null, {}]}}`)
	return &runs.Run{
		ID: id, FlowID: flowID, Version: 2, Status: runs.StatusQueued,
		Trigger: trigger,
		Steps: []runs.Step{
			// As in every run, the trigger step outputs the trigger: stores
			// may keep it once, and must give it back in both places.
			{NodeID: "trigger", Type: "webhook", Status: runs.StepSucceeded, Port: "out",
				Output: trigger, Attempts: 1,
				StartedAt: created.Add(time.Millisecond), DurationMs: 0.25},
			{NodeID: "crm", Type: "crm", Status: runs.StepFailed, Input: json.RawMessage(`{"q": "<x>", "n": 1e-7}`),
				Output: json.RawMessage(`null`), Error: "crm: timeout", Reason: "retries exhausted", Attempts: 3,
				Vars:      json.RawMessage(`{"customer_number": "+91 98765-43210", "$x.y": [1.50]}`),
				Missing:   []string{"trigger.body.agent.email"},
				StartedAt: created.Add(2 * time.Millisecond), DurationMs: 1500.5},
		},
		Fields:   map[string]string{"customer_number": "+91 98765-43210", "agent_email": "agent-" + id + "@example.com"},
		Error:    "node crm failed",
		Attempt:  1,
		Owner:    "proc_a",
		ReplayOf: "run_0", ResumeFrom: "crm",
		Response:   json.RawMessage(`{"status": 202, "body": {"runId": "` + id + `"}}`),
		LeaseUntil: created.Add(time.Minute),
		WakeAt:     created.Add(time.Hour),
		CreatedAt:  created,
		StartedAt:  created.Add(time.Millisecond),
		FinishedAt: created.Add(2 * time.Second),
		DurationMs: 1999.5,
	}
}

// bareRun returns a queued run of flowID created at base plus n seconds,
// with nothing else set: for checks that need many runs but not their
// contents.
func bareRun(id, flowID string, n int) *runs.Run {
	return &runs.Run{ID: id, FlowID: flowID, Status: runs.StatusQueued, CreatedAt: at(n)}
}

// testSaveGetRun round-trips a run with every field set; a field added to
// runs.Run or runs.Step fails the check until newRun sets it.
func testSaveGetRun(t *testing.T, s store.Store) {
	want := newRun("run_1", "flw_1", 0)
	requireAllSet(t, "runs.Run", *want)
	requireAllSet(t, "runs.Step", want.Steps...)
	must(t, "SaveRuns", s.SaveRuns(t.Context(), []*runs.Run{want, newRun("run_2", "flw_1", 1)}))
	got, err := s.GetRun(t.Context(), "run_1")
	must(t, "GetRun", err)
	requireRun(t, got, want)
}

// requireAllSet fails t unless each field of T is set in one of vs at
// least.
func requireAllSet[T any](t *testing.T, name string, vs ...T) {
	t.Helper()
	typ := reflect.TypeFor[T]()
	for i := range typ.NumField() {
		set := false
		for _, v := range vs {
			set = set || !reflect.ValueOf(v).Field(i).IsZero()
		}
		if !set {
			t.Fatalf("newRun leaves %s.%s unset; set it so that stores are checked on it", name, typ.Field(i).Name)
		}
	}
}

func testSaveReplaces(t *testing.T, s store.Store) {
	r := newRun("run_1", "flw_1", 0)
	must(t, "SaveRuns", s.SaveRuns(t.Context(), []*runs.Run{r}))
	r.Status, r.Owner, r.LeaseUntil = runs.StatusSucceeded, "", time.Time{}
	r.Steps = r.Steps[:1]
	r.Fields = map[string]string{"customer_number": "+44 20 7946 0000"}
	r.Trigger, r.Response, r.Error = runs.Trigger(`{"replaced": true}`), nil, ""
	r.CreatedAt = at(5)
	must(t, "SaveRuns again", s.SaveRuns(t.Context(), []*runs.Run{r}))
	got, err := s.GetRun(t.Context(), "run_1")
	must(t, "GetRun", err)
	requireRun(t, got, r)
	// The search terms are those of the second save only.
	requireIDs(t, "q of the old value", listAll(t, s, runs.Filter{Q: "+91 98765-43210"}), nil)
	requireIDs(t, "q of the new value", listAll(t, s, runs.Filter{Q: "442079460000"}), []string{"run_1"})
	requireIDs(t, "q from the new time", listAll(t, s, runs.Filter{Q: "442079460000", From: at(5)}), []string{"run_1"})
}

// listed is r as a listing returns it: without its heavy parts.
func listed(r *runs.Run) *runs.Run {
	c := *r
	c.Trigger, c.Steps, c.Response = nil, nil, nil
	return &c
}

// requireRun fails t unless got is want as a store gives it back: raw JSON
// compacted, times in UTC at millisecond precision, empty maps and lists of
// missing paths as nil.
func requireRun(t *testing.T, got, want *runs.Run) {
	t.Helper()
	w := canonRun(t, want)
	w.CreatedAt, w.StartedAt, w.FinishedAt = stored(want.CreatedAt), stored(want.StartedAt), stored(want.FinishedAt)
	w.LeaseUntil, w.WakeAt = stored(want.LeaseUntil), stored(want.WakeAt)
	for i := range w.Steps {
		w.Steps[i].StartedAt = stored(w.Steps[i].StartedAt)
		if len(w.Steps[i].Missing) == 0 {
			w.Steps[i].Missing = nil
		}
	}
	if len(w.Fields) == 0 {
		w.Fields = nil
	}
	requireEqual(t, "run", canonRun(t, got), w)
}

// canonRun returns a copy of r with its raw JSON compacted.
func canonRun(t *testing.T, r *runs.Run) *runs.Run {
	t.Helper()
	c := *r
	c.Trigger, c.Response = compact(t, r.Trigger), compact(t, r.Response)
	if r.Steps != nil {
		c.Steps = make([]runs.Step, len(r.Steps))
		for i, st := range r.Steps {
			st.Input, st.Output, st.Vars = compact(t, st.Input), compact(t, st.Output), compact(t, st.Vars)
			c.Steps[i] = st
		}
	}
	return &c
}

// compact returns raw compacted, nil when it is empty.
func compact(t *testing.T, raw []byte) json.RawMessage {
	t.Helper()
	if len(raw) == 0 {
		return nil
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatalf("not JSON: %v: %s", err, raw)
	}
	return b.Bytes()
}
