package live

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

// memStore holds runs by id; each GetRun returns a copy.
type memStore struct {
	mu   sync.Mutex
	runs map[string]runs.Run
}

func (m *memStore) put(r runs.Run) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.runs == nil {
		m.runs = map[string]runs.Run{}
	}
	m.runs[r.ID] = r
}

func (m *memStore) GetRun(_ context.Context, id string) (*runs.Run, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.runs[id]
	if !ok {
		return nil, store.ErrNotFound
	}
	return cloneRun(&r, true), nil
}

func follow(t *testing.T, s *Service, id string) *Follower {
	t.Helper()
	f, err := s.Follow(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	return f
}

// next waits for the next state; it fails the test when none comes.
func next(t *testing.T, f *Follower) *runs.Run {
	t.Helper()
	r, err := f.Next(context.Background(), 10*time.Second)
	if err != nil || r == nil {
		t.Fatalf("no next state: %v", err)
	}
	return r
}

// quiet checks that no state comes within a few polls.
func quiet(t *testing.T, f *Follower) {
	t.Helper()
	if r, err := f.Next(context.Background(), 20*f.s.poll()); err != nil || r != nil {
		t.Fatalf("unexpected state %+v, %v", r, err)
	}
}

func queued(id string) runs.Run {
	return runs.Run{ID: id, FlowID: "flw_1", Version: 1, Status: runs.StatusQueued, Trigger: json.RawMessage(`{"body":{"n":1}}`),
		Owner: "p1", LeaseUntil: time.Now().Add(time.Minute)}
}

// TestFollow_UnknownRun: following an id the store does not have is the
// store's not-found error, and leaves no watcher behind.
func TestFollow_UnknownRun(t *testing.T) {
	t.Parallel()
	s := &Service{Store: &memStore{}}
	if _, err := s.Follow(context.Background(), "run_none"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Follow of an unknown run: %v", err)
	}
	if s.n.Load() != 0 || len(s.watchers) != 0 {
		t.Fatal("a failed Follow left a watcher")
	}
}

// TestFollow_StoreChanges: a run another process executes is seen
// through the store: its first state at once, then each saved change; a
// lease renewal is no change.
func TestFollow_StoreChanges(t *testing.T) {
	t.Parallel()
	st := &memStore{}
	r := queued("run_1")
	st.put(r)
	s := &Service{Store: st, Poll: time.Millisecond}
	f := follow(t, s, "run_1")
	if got := next(t, f); got.Status != runs.StatusQueued || string(got.Trigger) != string(r.Trigger) {
		t.Fatalf("first state: %+v", got)
	}
	r.LeaseUntil = r.LeaseUntil.Add(time.Minute)
	st.put(r)
	quiet(t, f)

	r.Status, r.Attempt, r.WakeAt = runs.StatusWaiting, 1, time.Now().Add(time.Hour)
	r.Steps = []runs.Step{{NodeID: "trigger", Status: runs.StepSucceeded}, {NodeID: "wait", Status: runs.StepWaiting}}
	st.put(r)
	if got := next(t, f); got.Status != runs.StatusWaiting || len(got.Steps) != 2 {
		t.Fatalf("after the delay began: %+v", got)
	}
	r.Status, r.FinishedAt = runs.StatusSucceeded, time.Now()
	r.Steps = append(r.Steps[:1], runs.Step{NodeID: "wait", Status: runs.StepSucceeded}, runs.Step{NodeID: "after", Status: runs.StepSucceeded})
	st.put(r)
	if got := next(t, f); got.Status != runs.StatusSucceeded || len(got.Steps) != 3 {
		t.Fatalf("finished: %+v", got)
	}
}

// TestFollow_LocalSteps: each step of a run this process executes is
// seen as it ends, and a stored state behind them is not shown.
func TestFollow_LocalSteps(t *testing.T) {
	t.Parallel()
	st := &memStore{}
	r := queued("run_2")
	st.put(r)
	s := &Service{Store: st, Poll: time.Millisecond}
	f := follow(t, s, "run_2")
	next(t, f)

	exec := r
	exec.Status, exec.Attempt = runs.StatusRunning, 1
	step := runs.Step{NodeID: "trigger", Status: runs.StepSucceeded, Output: json.RawMessage(`{"a":1}`)}
	s.Step(&exec, &step)
	step.Output[5] = '2' // the executor reuses its buffers
	got := next(t, f)
	if got.Status != runs.StatusRunning || len(got.Steps) != 1 || string(got.Steps[0].Output) != `{"a":1}` || got.Trigger == nil {
		t.Fatalf("after the first step: %+v", got)
	}
	s.Step(&exec, &runs.Step{NodeID: "call", Status: runs.StepSucceeded})
	if got := next(t, f); len(got.Steps) != 2 || got.Steps[1].NodeID != "call" {
		t.Fatalf("after the second step: %+v", got.Steps)
	}

	// The store still says queued, with another owner now: behind.
	r.Owner = "p2"
	r.Error = "an older state"
	st.put(r)
	quiet(t, f)

	exec.Status, exec.FinishedAt = runs.StatusSucceeded, time.Now()
	exec.Steps = []runs.Step{step, {NodeID: "call", Status: runs.StepSucceeded}}
	s.Done(&exec)
	if got := next(t, f); got.Status != runs.StatusSucceeded || len(got.Steps) != 2 {
		t.Fatalf("after the run was done: %+v", got)
	}
}

// TestFollow_StepBeforeFirstRead: a step that reached the follower before
// it read the store keeps the trigger and earlier steps the store had.
func TestFollow_StepBeforeFirstRead(t *testing.T) {
	t.Parallel()
	r := queued("run_3")
	r.Steps = []runs.Step{{NodeID: "trigger", Status: runs.StepSucceeded}}
	s := &Service{Poll: time.Millisecond}
	s.Store = storeFunc(func(ctx context.Context, id string) (*runs.Run, error) {
		exec := r
		exec.Status, exec.Attempt = runs.StatusRunning, 1
		s.Step(&exec, &runs.Step{NodeID: "call", Status: runs.StepSucceeded})
		return cloneRun(&r, true), nil
	})
	f := follow(t, s, "run_3")
	got := next(t, f)
	if got.Status != runs.StatusRunning || string(got.Trigger) != string(r.Trigger) || len(got.Steps) != 2 ||
		got.Steps[0].NodeID != "trigger" || got.Steps[1].NodeID != "call" {
		t.Fatalf("first state: %+v", got)
	}
}

type storeFunc func(ctx context.Context, id string) (*runs.Run, error)

func (fn storeFunc) GetRun(ctx context.Context, id string) (*runs.Run, error) { return fn(ctx, id) }

// TestProgress_Order: the order states of one run come in.
func TestProgress_Order(t *testing.T) {
	t.Parallel()
	states := []runs.Run{
		{Status: runs.StatusQueued},
		{Status: runs.StatusRunning, Attempt: 1, Steps: make([]runs.Step, 1)},
		{Status: runs.StatusRunning, Attempt: 1, Steps: make([]runs.Step, 2)},
		{Status: runs.StatusWaiting, Attempt: 1, Steps: make([]runs.Step, 2)},
		{Status: runs.StatusRunning, Attempt: 2, Steps: make([]runs.Step, 2)},
		{Status: runs.StatusSucceeded, Attempt: 1, Steps: make([]runs.Step, 3)},
	}
	for i := 1; i < len(states); i++ {
		a, b := progressOf(&states[i-1]), progressOf(&states[i])
		if !a.behind(b) || b.behind(a) {
			t.Errorf("state %d (%v) should come before state %d (%v)", i-1, a, i, b)
		}
	}
}
