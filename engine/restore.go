package engine

import (
	"fmt"
	"time"

	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/runs"
)

// restore takes the steps r already holds as decided: their outputs,
// ports and variables go back into the run context, in plan order so that
// a later node's variable wins as it did. What is not restored runs:
//   - skipped steps, which are recomputed from the states before them;
//   - a waiting delay, which runs again and finds whether its time came;
//   - with r.ResumeFrom, that node and every node after it, and any node
//     whose failure failed the run.
//
// A step that failed the run, outside a resume, stays failed: the run
// fails again at once without running anything.
func (x *execution) restore() error {
	r := x.r
	if len(r.Steps) == 0 {
		return nil
	}
	for k := range r.Steps {
		if i, ok := x.p.index[r.Steps[k].NodeID]; ok {
			x.prev[i] = &r.Steps[k]
		}
	}
	var again []bool
	if r.ResumeFrom != "" {
		again = x.p.after(r.ResumeFrom)
		r.Error, r.FinishedAt, r.DurationMs = "", time.Time{}, 0
	}
	for i, s := range x.prev {
		if s == nil || (again != nil && again[i]) {
			continue
		}
		if err := x.restoreStep(i, s, again != nil); err != nil {
			return err
		}
	}
	return nil
}

func (x *execution) restoreStep(i int, s *runs.Step, resuming bool) error {
	switch {
	case s.Status == runs.StepSucceeded, s.Status == runs.StepFailed && s.Port != "":
		if len(s.Vars) > 0 {
			if err := x.rc.setVars(s.Vars); err != nil {
				return fmt.Errorf("restore node %s: %w", s.NodeID, err)
			}
		}
		port := s.Port
		if port == "" && x.p.nodes[i].hasPorts() {
			port = nodes.PortOut // a record that left the default out
		}
		x.done(i, port, s.Output)
		if s.Status == runs.StepSucceeded {
			x.last = max(x.last, i)
		}
		if i == x.p.trigger && x.r.Fields == nil && len(s.Vars) > 0 {
			x.r.Fields = fields(s.Vars)
		}
	case s.Status == runs.StepFailed && !resuming:
		x.state[i] = stateFailed
		if x.failedAt < 0 {
			x.failedAt = i
		}
		if x.r.Error == "" {
			x.r.Error = "step " + s.NodeID + ": " + s.Error
		}
	default:
		return nil
	}
	x.steps[i], x.has[i] = *s, true
	return nil
}
