package storetest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
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
	{"ListNewestFirst", testListRuns},
	{"ListFilters", testListFilters},
	{"ListPaging", testListPaging},
	{"ListPageSizes", testPageSizes},
	{"ListBadCursor", func(t *testing.T, s store.Store) {
		must(t, "SaveRuns", s.SaveRuns(t.Context(), []*runs.Run{newRun("run_1", "flw_1", 1)}))
		for _, c := range []string{"!!!", b64("no-separator"), b64("abc_run_1"), b64("12_")} {
			_, _, err := s.ListRuns(t.Context(), runs.Filter{Cursor: c})
			requireErr(t, fmt.Sprintf("ListRuns with cursor %q", c), err, store.ErrBadCursor)
		}
	}},
}

// newRun returns a queued run of flowID created at base plus n seconds,
// with every field of the record set and JSON that a careless encoding
// would change: spacing, HTML characters, numbers beyond float64, trailing
// zeros and keys that MongoDB servers refuse as field names.
func newRun(id, flowID string, n int) *runs.Run {
	created := at(n)
	return &runs.Run{
		ID: id, FlowID: flowID, Version: 2, Status: runs.StatusQueued,
		Trigger: runs.Trigger(`{"method": "POST", "headers": {"X-Sig": "a&b"}, "body": {"$set": {"a.b": 1.50},
			"big": 123456789012345678901234567890, "html": "<b>hi</b>", "list": [1, null, {}]}}`),
		Steps: []runs.Step{
			{NodeID: "trigger", Type: "webhook", Status: runs.StepSucceeded, Port: "out",
				Output: json.RawMessage(`{"customer": "+91 98765-43210"}`), Attempts: 1,
				StartedAt: created.Add(time.Millisecond), DurationMs: 0.25},
			{NodeID: "crm", Type: "crm", Status: runs.StepFailed, Input: json.RawMessage(`{"q": "<x>", "n": 1e-7}`),
				Output: json.RawMessage(`null`), Error: "crm: timeout", Reason: "retries exhausted", Attempts: 3,
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
// runs.Run fails the check until newRun sets it.
func testSaveGetRun(t *testing.T, s store.Store) {
	want := newRun("run_1", "flw_1", 0)
	v := reflect.ValueOf(want).Elem()
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			t.Fatalf("newRun leaves runs.Run.%s unset; set it so that stores are checked on it", v.Type().Field(i).Name)
		}
	}
	must(t, "SaveRuns", s.SaveRuns(t.Context(), []*runs.Run{want, newRun("run_2", "flw_1", 1)}))
	got, err := s.GetRun(t.Context(), "run_1")
	must(t, "GetRun", err)
	requireRun(t, got, want)
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

func testListRuns(t *testing.T, s store.Store) {
	list, next, err := s.ListRuns(t.Context(), runs.Filter{})
	must(t, "ListRuns empty", err)
	requireEmpty(t, "ListRuns of an empty store", list)
	if next != "" {
		t.Fatalf("ListRuns of an empty store: next = %q, want none", next)
	}
	// Saved out of order; run_b and run_c share a millisecond, which the
	// id orders.
	want := []*runs.Run{newRun("run_a", "flw_1", 30), newRun("run_c", "flw_2", 20), newRun("run_b", "flw_1", 20), newRun("run_d", "flw_1", 10)}
	must(t, "SaveRuns", s.SaveRuns(t.Context(), []*runs.Run{want[2], want[3], want[0], want[1]}))
	list, next, err = s.ListRuns(t.Context(), runs.Filter{})
	must(t, "ListRuns", err)
	if len(list) != len(want) || next != "" {
		t.Fatalf("ListRuns = %d runs, next %q; want %d, no next", len(list), next, len(want))
	}
	for i := range want {
		requireRun(t, list[i], listed(want[i]))
	}
}

func testListFilters(t *testing.T, s store.Store) {
	mk := func(id, flowID string, status runs.Status, n int, fields map[string]string) *runs.Run {
		r := newRun(id, flowID, n)
		r.Status, r.Fields = status, fields
		return r
	}
	must(t, "SaveRuns", s.SaveRuns(t.Context(), []*runs.Run{
		mk("r1", "flw_a", runs.StatusSucceeded, 10, map[string]string{"customer_number": "+91 98765-43210"}),
		mk("r2", "flw_a", runs.StatusFailed, 20, map[string]string{"agent_email": "Agent@Example.com"}),
		mk("r3", "flw_b", runs.StatusSucceeded, 30, map[string]string{"customer_number": "919876543210"}),
		mk("r4", "flw_a", runs.StatusQueued, 40, nil),
		mk("r5", "flw_b", runs.StatusFailed, 50, map[string]string{"waba_number": "15550001111", "customer_number": "+1 555 000 1111"}),
	}))
	tests := []struct {
		name string
		f    runs.Filter
		want []string
	}{
		{"none", runs.Filter{}, []string{"r5", "r4", "r3", "r2", "r1"}},
		{"flow", runs.Filter{FlowID: "flw_a"}, []string{"r4", "r2", "r1"}},
		{"unknown flow", runs.Filter{FlowID: "flw_c"}, nil},
		{"status", runs.Filter{Status: runs.StatusFailed}, []string{"r5", "r2"}},
		{"flow and status", runs.Filter{FlowID: "flw_a", Status: runs.StatusFailed}, []string{"r2"}},
		{"from is inclusive", runs.Filter{From: at(20)}, []string{"r5", "r4", "r3", "r2"}},
		{"to is exclusive", runs.Filter{To: at(40)}, []string{"r3", "r2", "r1"}},
		{"from and to", runs.Filter{From: at(20), To: at(40)}, []string{"r3", "r2"}},
		{"q digits", runs.Filter{Q: "919876543210"}, []string{"r3", "r1"}},
		{"q spaced", runs.Filter{Q: "+91 98765 43210"}, []string{"r3", "r1"}},
		{"q email", runs.Filter{Q: "agent@example.com"}, []string{"r2"}},
		{"q case and spaces", runs.Filter{Q: "  AGENT@example.COM "}, []string{"r2"}},
		{"q of two fields of one run", runs.Filter{Q: "15550001111"}, []string{"r5"}},
		{"q not a prefix", runs.Filter{Q: "9198765"}, nil},
		{"q unknown", runs.Filter{Q: "nobody"}, nil},
		{"q and flow", runs.Filter{Q: "919876543210", FlowID: "flw_b"}, []string{"r3"}},
		{"q and status", runs.Filter{Q: "919876543210", Status: runs.StatusSucceeded}, []string{"r3", "r1"}},
		{"q and from", runs.Filter{Q: "919876543210", From: at(20)}, []string{"r3"}},
		{"q and to", runs.Filter{Q: "919876543210", To: at(30)}, []string{"r1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			list, next, err := s.ListRuns(t.Context(), tc.f)
			must(t, "ListRuns", err)
			if next != "" {
				t.Errorf("next = %q, want none", next)
			}
			requireIDs(t, "runs", list, tc.want)
		})
	}
}

// testListPaging pages through 120 runs, three to a millisecond so that
// pages end inside a group of equal times, with and without filters.
func testListPaging(t *testing.T, s store.Store) {
	var all []*runs.Run
	for i := range 120 {
		r := bareRun(fmt.Sprintf("run_%03d", (i*47)%120), "flw_"+fmt.Sprint(i%2), i/3)
		if i%3 == 0 {
			r.Fields = map[string]string{"agent_email": "vip@example.com"}
		}
		all = append(all, r)
	}
	must(t, "SaveRuns", s.SaveRuns(t.Context(), all))
	tests := []struct {
		name string
		f    runs.Filter
	}{
		{"all", runs.Filter{Limit: 50}},
		{"flow", runs.Filter{FlowID: "flw_1", Limit: 25}},
		{"q", runs.Filter{Q: "VIP@example.com", Limit: 15}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var want []*runs.Run
			for _, r := range all {
				if (tc.f.FlowID == "" || r.FlowID == tc.f.FlowID) && (tc.f.Q == "" || r.Fields["agent_email"] == "vip@example.com") {
					want = append(want, r)
				}
			}
			requireIDs(t, "pages", listAll(t, s, tc.f), idsOf(want, true))
		})
	}
}

func testPageSizes(t *testing.T, s store.Store) {
	var batch []*runs.Run
	for i := range store.MaxPageSize + 1 {
		batch = append(batch, bareRun(fmt.Sprintf("run_%03d", i), "flw_1", i))
	}
	must(t, "SaveRuns", s.SaveRuns(t.Context(), batch))
	for _, tc := range []struct{ limit, want int }{{0, store.DefaultPageSize}, {-1, store.DefaultPageSize}, {7, 7}, {1000, store.MaxPageSize}} {
		list, next, err := s.ListRuns(t.Context(), runs.Filter{Limit: tc.limit})
		must(t, "ListRuns", err)
		if len(list) != tc.want || next == "" {
			t.Fatalf("ListRuns with Limit %d = %d runs, next %q; want %d and a next page", tc.limit, len(list), next, tc.want)
		}
	}
	// A page that ends exactly at the last run has no next page.
	_, next, err := s.ListRuns(t.Context(), runs.Filter{Limit: store.MaxPageSize})
	must(t, "ListRuns", err)
	last, next, err := s.ListRuns(t.Context(), runs.Filter{Cursor: next, Limit: store.MaxPageSize})
	must(t, "ListRuns of the last page", err)
	if len(last) != 1 || next != "" {
		t.Fatalf("last page = %d runs, next %q; want 1 and no next page", len(last), next)
	}
}

// listAll pages through the runs matching f and returns them, failing t
// on a page that repeats a run or on more pages than the store can hold.
func listAll(t *testing.T, s store.Store, f runs.Filter) []*runs.Run {
	t.Helper()
	all := []*runs.Run{}
	seen := map[string]bool{}
	for page := 0; ; page++ {
		if page > 1000 {
			t.Fatalf("ListRuns(%+v): no end after %d pages", f, page)
		}
		list, next, err := s.ListRuns(t.Context(), f)
		must(t, "ListRuns", err)
		if len(list) > store.PageSize(f.Limit) {
			t.Fatalf("ListRuns(%+v) = %d runs, over the page size", f, len(list))
		}
		for _, r := range list {
			if seen[r.ID] {
				t.Fatalf("ListRuns(%+v): run %s on two pages", f, r.ID)
			}
			seen[r.ID] = true
		}
		all = append(all, list...)
		if next == "" {
			return all
		}
		f.Cursor = next
	}
}

// idsOf returns the ids of rs, in listing order if ordered.
func idsOf(rs []*runs.Run, ordered bool) []string {
	c := append([]*runs.Run(nil), rs...)
	if ordered {
		sortNewestFirst(c)
	}
	ids := make([]string, len(c))
	for i, r := range c {
		ids[i] = r.ID
	}
	return ids
}

// sortNewestFirst sorts rs as listings do: by stored CreatedAt, then id,
// both descending.
func sortNewestFirst(rs []*runs.Run) {
	slices.SortFunc(rs, func(a, b *runs.Run) int {
		if c := stored(b.CreatedAt).Compare(stored(a.CreatedAt)); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
}

// b64 encodes s as cursors are, to make cursors no store made.
func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// requireIDs fails t unless list holds the runs want, in that order.
func requireIDs(t *testing.T, what string, list []*runs.Run, want []string) {
	t.Helper()
	got := idsOf(list, false)
	if len(got) == 0 && len(want) == 0 {
		return
	}
	requireEqual(t, what, got, want)
}

// listed is r as a listing returns it: without its heavy parts.
func listed(r *runs.Run) *runs.Run {
	c := *r
	c.Trigger, c.Steps, c.Response = nil, nil, nil
	return &c
}

// requireRun fails t unless got is want as a store gives it back: raw JSON
// compacted, times in UTC at millisecond precision, empty maps as nil.
func requireRun(t *testing.T, got, want *runs.Run) {
	t.Helper()
	w := canonRun(t, want)
	w.CreatedAt, w.StartedAt, w.FinishedAt = stored(want.CreatedAt), stored(want.StartedAt), stored(want.FinishedAt)
	w.LeaseUntil, w.WakeAt = stored(want.LeaseUntil), stored(want.WakeAt)
	for i := range w.Steps {
		w.Steps[i].StartedAt = stored(w.Steps[i].StartedAt)
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
			st.Input, st.Output = compact(t, st.Input), compact(t, st.Output)
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
