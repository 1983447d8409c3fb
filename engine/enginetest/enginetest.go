// Package enginetest runs flows through the engine in tests: a flow's JSON
// and a trigger in, the run record out, with a clock that moves only when
// told. It registers every node type (nodes/all) and never sleeps.
//
//	h := enginetest.New(t)
//	run := h.Run(t, flowJSON, enginetest.Webhook(`{"amount": 150}`))
//	run.RequireSucceeded(t)
//	run.NodeOutput(t, "crm")
package enginetest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/hookflow/hookflow/engine"
	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/nodes"
	_ "github.com/hookflow/hookflow/nodes/all" // every node type
	"github.com/hookflow/hookflow/runs"
)

// The flow id and version of the flows a Harness runs.
const (
	FlowID  = "flw_test"
	Version = 1
)

// Start is the time a Harness's clock shows until it is moved.
var Start = time.Date(2025, 1, 31, 9, 0, 0, 0, time.UTC)

// Harness runs flows with one Executor and a manual clock.
type Harness struct {
	Registry *nodes.Registry
	Clock    *Clock
	Executor *engine.Executor
	mu       sync.Mutex
	runs     int
}

// New returns a harness over nodes.Default with its clock at Start.
func New(t testing.TB) *Harness {
	t.Helper()
	c := &Clock{now: Start}
	return &Harness{Registry: nodes.Default, Clock: c,
		Executor: &engine.Executor{Now: c.Now, Deps: nodes.Deps{Sleep: c.Sleep}}}
}

// UseDeps gives the harness's nodes an HTTP client and credentials; the
// harness's clock keeps serving their waits unless d has a Sleep.
func (h *Harness) UseDeps(d nodes.Deps) {
	if d.Sleep == nil {
		d.Sleep = h.Clock.Sleep
	}
	h.Executor.Deps = d
}

// Register adds a node type for this harness's flows only: the harness
// moves to a registry of its own holding every type of nodes.Default.
func (h *Harness) Register(t testing.TB, spec nodes.Spec, build nodes.BuildFunc) {
	t.Helper()
	if h.Registry == nodes.Default {
		own := nodes.NewRegistry()
		for _, s := range nodes.Default.All() {
			own.Register(*s)
			if b, ok := nodes.Default.Runtime(s.Type, s.Version); ok {
				own.RegisterRuntime(s.Type, s.Version, b)
			}
		}
		h.Registry = own
	}
	h.Registry.Register(spec)
	h.Registry.RegisterRuntime(spec.Type, spec.Version, build)
}

// Plan compiles flowJSON, a document {"nodes": [...], "edges": [...]}, as
// version Version of flow FlowID.
func (h *Harness) Plan(t testing.TB, flowJSON string) *engine.Plan {
	t.Helper()
	p, err := h.TryPlan(flowJSON)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	return p
}

// TryPlan is Plan returning the error, for tests of refused flows.
func (h *Harness) TryPlan(flowJSON string) (*engine.Plan, error) {
	v := &flows.Version{FlowID: FlowID, Version: Version}
	if err := json.Unmarshal([]byte(flowJSON), v); err != nil {
		return nil, fmt.Errorf("flow JSON: %w", err)
	}
	v.FlowID, v.Version = FlowID, Version
	return engine.NewPlan(h.Registry, v)
}

// Run plans flowJSON and runs it on trigger, the run's trigger data.
func (h *Harness) Run(t testing.TB, flowJSON string, trigger []byte) *Run {
	t.Helper()
	p := h.Plan(t, flowJSON)
	return h.Execute(t, p, h.NewRun(trigger))
}

// NewRun returns a queued run of the harness's flow with trigger, with
// ids run_1, run_2, ... in order.
func (h *Harness) NewRun(trigger []byte) *runs.Run {
	h.mu.Lock()
	h.runs++
	id := fmt.Sprintf("run_%d", h.runs)
	h.mu.Unlock()
	return &runs.Run{ID: id, FlowID: FlowID, Version: Version, Status: runs.StatusQueued,
		Trigger: trigger, CreatedAt: h.Clock.Now()}
}

// Execute runs or continues r with p.
func (h *Harness) Execute(t testing.TB, p *engine.Plan, r *runs.Run) *Run {
	t.Helper()
	if err := h.Executor.Execute(context.Background(), p, r); err != nil {
		t.Fatalf("execute: %v", err)
	}
	if err := r.CheckJSON(); err != nil {
		t.Fatalf("the run record holds invalid JSON: %v\n%s", err, dump(r))
	}
	return &Run{Run: r, Plan: p, h: h}
}

// Run is an executed run with the assertions tests use.
type Run struct {
	*runs.Run
	Plan *engine.Plan
	h    *Harness
}

// Continue executes the run again, as a worker does after a delay or a
// crash.
func (r *Run) Continue(t testing.TB) *Run {
	t.Helper()
	return r.h.Execute(t, r.Plan, r.Run)
}

// RequireStatus fails t unless the run has status.
func (r *Run) RequireStatus(t testing.TB, status runs.Status) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("run is %s, want %s\n%s", r.Status, status, dump(r.Run))
	}
}

// RequireSucceeded fails t unless the run succeeded.
func (r *Run) RequireSucceeded(t testing.TB) {
	t.Helper()
	r.RequireStatus(t, runs.StatusSucceeded)
}

// RequireFailed fails t unless the run failed with an error containing
// substr.
func (r *Run) RequireFailed(t testing.TB, substr string) {
	t.Helper()
	r.RequireStatus(t, runs.StatusFailed)
	if !strings.Contains(r.Error, substr) {
		t.Fatalf("run error %q does not contain %q", r.Error, substr)
	}
}

// Step returns the step of node id, failing t when there is none.
func (r *Run) Step(t testing.TB, id string) *runs.Step {
	t.Helper()
	s, ok := r.Run.Step(id)
	if !ok {
		t.Fatalf("the run has no step %q\n%s", id, dump(r.Run))
	}
	return s
}

// NodeOutput returns the output of node id as JSON text.
func (r *Run) NodeOutput(t testing.TB, id string) string {
	t.Helper()
	s := r.Step(t, id)
	if len(s.Output) == 0 {
		t.Fatalf("step %q (%s) has no output\n%s", id, s.Status, dump(r.Run))
	}
	return string(s.Output)
}

// Output reads path in the output of node id.
func (r *Run) Output(t testing.TB, id, path string) gjson.Result {
	t.Helper()
	return gjson.Get(r.NodeOutput(t, id), path)
}

// Var returns the last value the run's steps gave variable name.
func (r *Run) Var(t testing.TB, name string) gjson.Result {
	t.Helper()
	var v gjson.Result
	for _, s := range r.Steps {
		if got := gjson.GetBytes(s.Vars, gjson.Escape(name)); got.Exists() {
			v = got
		}
	}
	if !v.Exists() {
		t.Fatalf("no step set vars.%s\n%s", name, dump(r.Run))
	}
	return v
}

func dump(r *runs.Run) string {
	b, _ := json.MarshalIndent(r, "", "  ")
	return string(b)
}

// Clock is a clock that moves only when told; safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

// Sleep is the harness's nodes' wait between retries: it moves the clock
// by d at once and records d.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.sleeps = append(c.sleeps, d)
	c.mu.Unlock()
	return ctx.Err()
}

// Sleeps returns the waits of Sleep so far, in order.
func (c *Clock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
