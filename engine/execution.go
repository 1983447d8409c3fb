package engine

import (
	"time"

	"github.com/tidwall/gjson"

	"github.com/hookflow/hookflow/internal/mapping"
	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/nodes/webhook"
	"github.com/hookflow/hookflow/runs"
)

// nodeState is where a node stands in one execution.
type nodeState uint8

const (
	statePending nodeState = iota // not decided yet
	stateDone                     // continued by port[i]
	stateSkipped
	stateWaiting
	stateFailed // failed the run
)

// execution is the state of one Execute call. Executions are pooled per
// plan, so their slices are sized once and reused.
type execution struct {
	e        *Executor
	p        *Plan
	r        *runs.Run
	rc       runCtx
	state    []nodeState
	port     []string
	steps    []runs.Step  // by node index, valid where has is set
	has      []bool       // a step is recorded for the node
	prev     []*runs.Step // the step r held for the node when Execute began
	failedAt int
	wakeAt   time.Time
	last     int // the last node that succeeded, for lastNode answers
	stopped  bool
}

func newExecution(p *Plan) *execution {
	n := len(p.nodes)
	x := &execution{p: p, state: make([]nodeState, n), port: make([]string, n),
		steps: make([]runs.Step, n), has: make([]bool, n), prev: make([]*runs.Step, n)}
	x.rc = runCtx{x: x, vars: make([][]byte, len(p.varNames)), outputs: make([][]byte, n)}
	return x
}

func (x *execution) start(e *Executor, r *runs.Run) {
	x.e, x.r = e, r
	x.failedAt, x.last, x.stopped, x.wakeAt = -1, -1, false, time.Time{}
	x.rc.reset()
	if r.StartedAt.IsZero() {
		r.StartedAt = x.now().UTC()
	}
	r.Status = runs.StatusRunning
}

// release returns x to the pool without the run's data.
func (p *Plan) release(x *execution) {
	clear(x.state)
	clear(x.port)
	clear(x.steps)
	clear(x.has)
	clear(x.prev)
	x.rc.reset()
	x.e, x.r = nil, nil
	p.pool.Put(x)
}

func (x *execution) now() time.Time { return x.e.now() }

// record ends node i's step according to what its runner gave.
func (x *execution) record(i int, st *runs.Step, res nodes.Result, err error) {
	if err == nil && len(res.Vars) > 0 {
		if err = x.rc.setVars(res.Vars); err == nil {
			st.Vars = res.Vars
		}
	}
	switch {
	case err != nil:
		x.fail(i, st, err)
	case !res.WaitUntil.IsZero():
		st.Status = runs.StepWaiting
		x.state[i] = stateWaiting
		if x.wakeAt.IsZero() || res.WaitUntil.Before(x.wakeAt) {
			x.wakeAt = res.WaitUntil
		}
	default:
		st.Status, st.Port = runs.StepSucceeded, res.Port
		if st.Port == "" && x.p.nodes[i].hasPorts() {
			st.Port = nodes.PortOut
		}
		x.done(i, st.Port, res.Output)
		x.last = max(x.last, i)
		if res.Response != nil {
			x.r.Response = res.Response
		}
		if i == x.p.trigger && len(st.Vars) > 0 {
			x.r.Fields = mergeFields(x.r.Fields, st.Vars)
		}
	}
	if len(x.rc.missing) > 0 {
		st.Missing = append([]string(nil), x.rc.missing...)
	}
	x.put(i, st)
}

// fail records a node's failure: it continues by the error port when an
// edge leaves by it, and fails the run otherwise.
func (x *execution) fail(i int, st *runs.Step, err error) {
	n := &x.p.nodes[i]
	st.Status, st.Error, st.Vars = runs.StepFailed, err.Error(), nil
	if !n.errorPort {
		x.state[i], x.failedAt = stateFailed, i
		x.r.Error = "step " + n.id + ": " + st.Error
		return
	}
	st.Port = nodes.PortError
	if len(st.Output) == 0 {
		st.Output = append(mapping.AppendString([]byte(`{"error":`), st.Error), '}')
	}
	x.done(i, nodes.PortError, st.Output)
}

func (x *execution) done(i int, port string, output []byte) {
	x.state[i], x.port[i] = stateDone, port
	x.rc.outputs[i] = output
}

func (x *execution) skip(i int, reason string) {
	x.state[i] = stateSkipped
	x.put(i, &runs.Step{NodeID: x.p.nodes[i].id, Type: x.p.nodes[i].typ, Status: runs.StepSkipped, Reason: reason})
}

func (x *execution) put(i int, st *runs.Step) {
	x.steps[i], x.has[i] = *st, true
	if x.e.OnStep != nil {
		x.e.OnStep(x.r, &x.steps[i])
	}
}

// fields returns the trigger's mapped variables as text, for run search;
// null ones are left out. One copy of the object backs the keys and the
// scalar values.
func fields(vars []byte) map[string]string {
	s := string(vars)
	obj := gjson.Parse(s)
	out := make(map[string]string)
	obj.ForEach(func(k, v gjson.Result) bool {
		switch v.Type {
		case gjson.Null:
		case gjson.JSON:
			out[k.Str] = string(mapping.AppendCompact(nil, v.Raw))
		default:
			out[k.Str] = v.String()
		}
		return true
	})
	return out
}

// finish sets the run's status from its nodes' states and gathers the
// steps in plan order.
func (x *execution) finish() {
	r := x.r
	defer x.gather()
	switch {
	case x.stopped:
		return // still running; continued later
	case x.failedAt >= 0:
		reason := "the run failed at node " + x.p.nodes[x.failedAt].id
		for i, s := range x.state {
			if s == statePending || s == stateWaiting {
				x.skip(i, reason)
			}
		}
		r.Status = runs.StatusFailed
	case !x.wakeAt.IsZero():
		// A resume has taken effect once the run waits and is stored;
		// continuing it must not run the resumed node again.
		r.Status, r.WakeAt, r.ResumeFrom = runs.StatusWaiting, x.wakeAt.UTC(), ""
		return
	default:
		r.Status, r.Error = runs.StatusSucceeded, ""
		if x.p.ResponseMode() == webhook.ResponseLastNode && r.Response == nil && x.last >= 0 {
			out := x.rc.outputs[x.last]
			if len(out) == 0 {
				out = []byte("null")
			}
			r.Response = append(append([]byte(`{"status":200,"headers":{},"body":`), out...), '}')
		}
	}
	now := x.now().UTC()
	r.WakeAt, r.FinishedAt = time.Time{}, now
	r.DurationMs = float64(now.Sub(r.StartedAt)) / float64(time.Millisecond)
}

// gather writes the recorded steps into r in plan order.
func (x *execution) gather() {
	n := 0
	for _, h := range x.has {
		if h {
			n++
		}
	}
	steps := make([]runs.Step, 0, n)
	for i, h := range x.has {
		if h {
			steps = append(steps, x.steps[i])
		}
	}
	x.r.Steps = steps
}
