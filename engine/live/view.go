package live

import (
	"bytes"
	"maps"
	"slices"

	"github.com/hookflow/hookflow/runs"
)

// cloneRun copies r so that it can be kept while r goes on changing: with
// its steps when steps is set, without them and without its trigger
// otherwise. The trigger is shared: it never changes while a run runs.
func cloneRun(r *runs.Run, steps bool) *runs.Run {
	c := *r
	c.Fields = maps.Clone(r.Fields)
	c.Response = bytes.Clone(r.Response)
	c.Steps = nil
	if !steps {
		c.Trigger = nil
		return &c
	}
	c.Steps = make([]runs.Step, len(r.Steps))
	for i := range r.Steps {
		c.Steps[i] = *cloneStep(&r.Steps[i])
	}
	return &c
}

// cloneStep copies st with its own raw values: the executor reuses its
// buffers once the run is done.
func cloneStep(st *runs.Step) *runs.Step {
	c := *st
	c.Input, c.Output, c.Vars = bytes.Clone(st.Input), bytes.Clone(st.Output), bytes.Clone(st.Vars)
	c.Missing = slices.Clone(st.Missing)
	return &c
}

// mergeStep returns the view after the step st of a run whose other fields
// are head: head's fields, the view's trigger and steps, st in place of
// the view's step of its node or after the others.
func mergeStep(view, head *runs.Run, st *runs.Step) *runs.Run {
	next := *head
	if view != nil {
		next.Trigger = view.Trigger
		next.Steps = slices.Clone(view.Steps)
	}
	for i := range next.Steps {
		if next.Steps[i].NodeID == st.NodeID {
			next.Steps[i] = *st
			return &next
		}
	}
	next.Steps = append(next.Steps, *st)
	return &next
}

// fill returns the view with the trigger of r, the stored state it is
// ahead of, and before its own steps those of r it does not have.
func fill(view, r *runs.Run) *runs.Run {
	next := *view
	next.Trigger = r.Trigger
	next.Steps = nil
	for _, st := range r.Steps {
		if _, ok := view.Step(st.NodeID); !ok {
			next.Steps = append(next.Steps, st)
		}
	}
	next.Steps = append(next.Steps, view.Steps...)
	return &next
}

// snapshot copies a view for a reader: steps are replaced, never changed
// in place, so a new slice of them is enough.
func snapshot(v *runs.Run) *runs.Run {
	c := *v
	c.Steps = slices.Clone(v.Steps)
	return &c
}

// progress orders the states of one run: a finished run comes last, then
// later attempts, more steps, and a waiting run after a running one after
// a queued one. A state the store holds is shown only if it is not behind
// the view, which this process's executor may have moved ahead of the
// store.
type progress [4]int

func progressOf(r *runs.Run) progress {
	finished, rank := 0, 0
	switch r.Status {
	case runs.StatusRunning:
		rank = 1
	case runs.StatusWaiting:
		rank = 2
	}
	if r.Status.Finished() {
		finished = 1
	}
	return progress{finished, r.Attempt, len(r.Steps), rank}
}

func (p progress) behind(q progress) bool {
	for i := range p {
		if p[i] != q[i] {
			return p[i] < q[i]
		}
	}
	return false
}
