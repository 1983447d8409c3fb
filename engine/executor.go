package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/runs"
)

// Executor runs plans over run records. Its zero value is ready to use;
// one Executor serves any number of goroutines.
type Executor struct {
	// Now is the clock; nil is time.Now. Tests inject one that they move.
	Now func() time.Time
	// OnStep, when set, is called after each node's step is recorded, on
	// the executing goroutine, for live views. It must not keep s.
	OnStep func(r *runs.Run, s *runs.Step)
	// Deps are the HTTP client, credentials and sleep that action nodes
	// use; the zero value refuses every special address and has no
	// credentials.
	Deps nodes.Deps
}

func (e *Executor) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// Execute runs r, or continues it, with plan p: nodes in dependency order,
// each ending in a recorded step. Steps r already holds are not run again
// (their outputs and variables are restored), so Execute continues a run
// taken over after a crash, or waiting in a delay; with r.ResumeFrom set
// that node and every node after it run again.
//
// Execute leaves r succeeded or failed, or waiting with r.WakeAt set when
// a delay has not come to its time; call it again at WakeAt. A node's
// failure is the run's failure, not an error. Execute returns an error
// only when it cannot execute r at all (r belongs to another flow
// version). When ctx ends it stops before the next node and leaves r
// running, to be continued; r must not be used by others meanwhile, and
// r.Trigger must not change while r runs.
func (e *Executor) Execute(ctx context.Context, p *Plan, r *runs.Run) error {
	if r.FlowID != p.flowID || r.Version != p.version {
		return fmt.Errorf("execute run %s: it belongs to flow %s version %d, the plan to flow %s version %d",
			r.ID, r.FlowID, r.Version, p.flowID, p.version)
	}
	if r.ResumeFrom != "" && !p.HasNode(r.ResumeFrom) {
		return fmt.Errorf("execute run %s: resume from %q: the flow version has no such node", r.ID, r.ResumeFrom)
	}
	x := p.pool.Get().(*execution)
	defer p.release(x)
	x.start(e, r)
	if err := x.restore(); err != nil {
		return fmt.Errorf("execute run %s: %w", r.ID, err)
	}
	for i := range p.nodes {
		if x.state[i] != statePending {
			continue // restored
		}
		if x.stopped = ctx.Err() != nil; x.stopped {
			break
		}
		x.visit(ctx, i)
	}
	x.finish()
	return nil
}

// visit decides node i: run it, skip it, or leave it pending behind a
// waiting delay.
func (x *execution) visit(ctx context.Context, i int) {
	if x.failedAt >= 0 {
		return // skipped when the run finishes
	}
	if i != x.p.trigger {
		ready, reason := x.ready(&x.p.nodes[i])
		if !ready {
			if reason != "" {
				x.skip(i, reason)
			}
			return
		}
	}
	x.run(ctx, i)
}

// ready reports whether an edge into n comes from a node that continued
// by that edge's port; if not, the reason n is skipped, or "" while an
// input is still undecided (waiting).
func (x *execution) ready(n *planNode) (bool, string) {
	if len(n.in) == 0 {
		return false, "no edge leads to this node"
	}
	reason, allSkipped := "", true
	for _, e := range n.in {
		switch x.state[e.from] {
		case stateDone:
			if x.port[e.from] == e.port {
				return true, ""
			}
			if allSkipped {
				from := &x.p.nodes[e.from]
				reason = from.typ + " " + from.id + " took " + x.port[e.from]
			}
			allSkipped = false
		case stateSkipped:
		default:
			return false, ""
		}
	}
	if allSkipped {
		return false, "all inputs skipped"
	}
	return false, reason
}

// run runs node i and records its step.
func (x *execution) run(ctx context.Context, i int) {
	n := &x.p.nodes[i]
	started := x.now().UTC()
	st := runs.Step{NodeID: n.id, Type: n.typ, Input: n.input, StartedAt: started, Attempts: 1}
	if prev := x.prev[i]; prev != nil {
		st.Attempts = prev.Attempts + 1
		if prev.Status == runs.StepWaiting {
			// The same wait goes on: its start and attempt stay.
			st.StartedAt, st.Attempts = prev.StartedAt, prev.Attempts
		}
	}
	x.rc.begin(n, st.StartedAt)
	res, err := x.call(ctx, n)
	if err != nil && ctx.Err() != nil {
		// Stopped, not failed: the node runs again when the run goes on.
		x.stopped = true
		return
	}
	st.DurationMs = float64(x.now().Sub(st.StartedAt)) / float64(time.Millisecond)
	if res.Attempts > 1 {
		st.Attempts += res.Attempts - 1
	}
	res, err = x.rc.redact(n, res, err)
	if len(res.Input) > 0 {
		st.Input = res.Input
	}
	st.Output = res.Output
	x.record(i, &st, res, err)
}

// call runs n's runner, turning a panic into the step's error.
func (x *execution) call(ctx context.Context, n *planNode) (res nodes.Result, err error) {
	if n.runner == nil {
		return res, n.noRuntime
	}
	defer func() {
		if v := recover(); v != nil {
			res, err = nodes.Result{}, fmt.Errorf("node %s stopped unexpectedly: %v", n.id, v)
		}
	}()
	return n.runner.Run(ctx, &x.rc)
}
