package worker_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/hookflow/hookflow/engine/worker"
	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
	"github.com/hookflow/hookflow/store/sqlite"
)

// A sweep deletes finished runs past their flow's retention (its own, or
// the default), in batches, never a run still going, and platform events
// past the default retention.
func TestRetention_Sweep(t *testing.T) {
	t.Parallel()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "hookflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	short := &flows.Flow{ID: "flw_short", HookToken: "whk_short", Settings: flows.Settings{Retention: "1h"}, CreatedAt: now}
	usual := &flows.Flow{ID: "flw_usual", HookToken: "whk_usual", CreatedAt: now}
	for _, f := range []*flows.Flow{short, usual} {
		if err := st.CreateFlow(t.Context(), f); err != nil {
			t.Fatal(err)
		}
	}
	run := func(id string, f *flows.Flow, status runs.Status, age time.Duration) *runs.Run {
		return &runs.Run{ID: id, FlowID: f.ID, Status: status, Trigger: runs.Trigger(`{}`), CreatedAt: now.Add(-age)}
	}
	list := []*runs.Run{
		run("run_short_new", short, runs.StatusSucceeded, 30*time.Minute),
		run("run_short_going", short, runs.StatusWaiting, 2*time.Hour),
		run("run_usual_2h", usual, runs.StatusFailed, 2*time.Hour),
		run("run_usual_old", usual, runs.StatusSucceeded, 800*time.Hour),
	}
	// More old runs than one batch deletes.
	for i := range 1005 {
		list = append(list, run(fmt.Sprintf("run_short_old_%04d", i), short, runs.StatusSucceeded, 2*time.Hour+time.Duration(i)*time.Second))
	}
	if err := st.SaveRuns(t.Context(), list); err != nil {
		t.Fatal(err)
	}
	for id, age := range map[string]time.Duration{"evt_old": 800 * time.Hour, "evt_new": time.Hour} {
		ev := &store.Event{ID: id, Type: "ADD_TAG", Channel: "919800000001", Data: []byte(`{}`), ReceivedAt: now.Add(-age)}
		if err := st.CreateEvent(t.Context(), ev); err != nil {
			t.Fatal(err)
		}
	}

	r := &worker.Retention{Runs: st, Flows: st, Events: st, Default: 720 * time.Hour, Now: func() time.Time { return now }}
	n, err := r.Sweep(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if want := 1005 + 1 + 1; n != want {
		t.Errorf("the sweep deleted %d, want %d (1,005 + 1 runs and 1 event)", n, want)
	}
	var kept []string
	for _, f := range []string{short.ID, usual.ID} {
		page, _, err := st.ListRuns(t.Context(), runs.Filter{FlowID: f, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page {
			kept = append(kept, r.ID)
		}
	}
	slices.Sort(kept)
	if want := []string{"run_short_going", "run_short_new", "run_usual_2h"}; !slices.Equal(kept, want) {
		t.Errorf("runs kept: %v, want %v", kept, want)
	}
	events, err := st.ListEvents(t.Context(), store.EventFilter{})
	if err != nil || len(events) != 1 || events[0].ID != "evt_new" {
		t.Errorf("events kept: %v %v, want evt_new alone", err, events)
	}
}
