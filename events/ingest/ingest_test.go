package ingest

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/hookflow/hookflow/events/catalog"
	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/nodes/event"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
	"github.com/hookflow/hookflow/store/sqlite"
)

// countingSink queues n deliveries per event.
type countingSink struct{ n int }

func (s countingSink) Deliver(context.Context, *store.Event) (int, error) { return s.n, nil }

// newService returns an ingest over a fresh store whose one active flow
// takes ADD_TAG events; save stands for the group committer.
func newService(t *testing.T, save func(ctx context.Context, rs ...*runs.Run) error) (*Service, store.Store) {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "hookflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	index := &Index{
		List: func(context.Context) ([]*flows.Flow, error) {
			return []*flows.Flow{{ID: "flw_1", Status: flows.StatusActive, Version: 1}}, nil
		},
		Target: func(_ context.Context, id string, v int) (*Target, bool, error) {
			return &Target{FlowID: id, Version: v, Event: &event.Config{EventTypes: []string{"ADD_TAG"}}}, true, nil
		},
	}
	return &Service{Store: st, Runs: st, Flows: index, Save: save, Submit: func(*runs.Run) {}, Sink: countingSink{n: 2}}, st
}

func tagEvent(t *testing.T, id string) Input {
	t.Helper()
	typ, _ := catalog.Lookup("ADD_TAG")
	return Input{Type: "ADD_TAG", Channel: "+1 555 000", ID: id, Data: typ.Example}
}

// TestIngest_SaveFails: an event whose runs cannot be stored is not
// accepted and is forgotten, so that the sender's retry is new.
func TestIngest_SaveFails(t *testing.T) {
	t.Parallel()
	fail := true
	var st store.Store
	s, st := newService(t, func(ctx context.Context, rs ...*runs.Run) error {
		if fail {
			return errors.New("disk full")
		}
		return st.SaveRuns(ctx, rs)
	})
	if _, err := s.Ingest(t.Context(), tagEvent(t, "e1")); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("ingest with a failing save: %v", err)
	}
	if _, err := st.GetEvent(t.Context(), "e1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the event was kept: %v", err)
	}
	fail = false
	res, err := s.Ingest(t.Context(), tagEvent(t, "e1"))
	if err != nil || res.Duplicate || len(res.Runs) != 1 || res.Deliveries != 2 {
		t.Fatalf("retry: %+v, %v", res, err)
	}
	ev, err := st.GetEvent(t.Context(), "e1")
	if err != nil || ev.Deliveries != 2 || ev.Channel != "1555000" {
		t.Fatalf("stored event: %+v, %v", ev, err)
	}
	res, err = s.Ingest(t.Context(), tagEvent(t, "e1"))
	if err != nil || !res.Duplicate || res.Runs[0] != ev.Runs[0] || res.Deliveries != 2 {
		t.Fatalf("repeat: %+v, %v", res, err)
	}
}

// TestIngest_RepeatAfterCrash: a crash after the event was stored, before
// its runs and deliveries were, leaves an event that promised runs it has
// not. Its repeat is answered "send it again" while the first ingest may
// still be at work, and past LostAfter stores the runs under their
// recorded ids, held by no process, and offers the deliveries again.
func TestIngest_RepeatAfterCrash(t *testing.T) {
	t.Parallel()
	var st store.Store
	s, st := newService(t, func(ctx context.Context, rs ...*runs.Run) error { return st.SaveRuns(ctx, rs) })
	now := time.Now().UTC().Truncate(time.Millisecond)
	s.Now, s.LostAfter = func() time.Time { return now }, 10*time.Second
	in := tagEvent(t, "crashed")
	ev := &store.Event{ID: "crashed", Type: "ADD_TAG", Channel: "1555000", Data: in.Data, ReceivedAt: now.Add(-time.Second),
		Runs: []string{"run_2al24i6snlnwxee66gnu5prkzw"}}
	if err := st.CreateEvent(t.Context(), ev); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ingest(t.Context(), in); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("repeat while the first ingest may be at work: %v, want ErrUnavailable", err)
	}
	now = now.Add(10 * time.Second)
	res, err := s.Ingest(t.Context(), in)
	if err != nil || !res.Duplicate || len(res.Runs) != 1 || res.Runs[0] != ev.Runs[0] || res.Deliveries != 2 {
		t.Fatalf("repeat after the first ingest died: %+v, %v", res, err)
	}
	r, err := st.GetRun(t.Context(), ev.Runs[0])
	if err != nil {
		t.Fatalf("the lost run was not stored: %v", err)
	}
	if r.FlowID != "flw_1" || r.Status != runs.StatusQueued || r.Owner != "" || !r.LeaseUntil.IsZero() {
		t.Errorf("restored run: flow %s, status %s, owner %q, lease %v; want a queued run of flw_1 held by nobody",
			r.FlowID, r.Status, r.Owner, r.LeaseUntil)
	}
}

// TestIndex_Reload: the index loads the flows once per TTL, and again at
// once after Changed.
func TestIndex_Reload(t *testing.T) {
	t.Parallel()
	loads := 0
	x := &Index{TTL: time.Minute,
		List: func(context.Context) ([]*flows.Flow, error) {
			loads++
			return nil, nil
		},
		Target: func(context.Context, string, int) (*Target, bool, error) { return nil, false, nil },
	}
	now := time.Now()
	for _, at := range []time.Time{now, now.Add(time.Second), now.Add(2 * time.Minute)} {
		if _, err := x.Match(t.Context(), "ADD_TAG", "1", at); err != nil {
			t.Fatal(err)
		}
	}
	x.Changed()
	x.Match(t.Context(), "ADD_TAG", "1", now.Add(2*time.Minute))
	if loads != 3 {
		t.Fatalf("%d loads, want 3: the first, after the TTL and after Changed", loads)
	}
}
