package capture

import (
	"context"
	"fmt"

	"github.com/hookflow/hookflow/engine"
	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/internal/ids"
	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

// TestOptions change what a test step runs and keeps.
type TestOptions struct {
	// Nodes and Edges, when Nodes is set, are tested in place of the
	// draft's, so the editor can preview the flow as it is being edited,
	// before it is saved.
	Nodes []flows.Node
	Edges []flows.Edge
	// Preview leaves the node's sample as it is: the step is only shown.
	Preview bool
}

// TestStep runs node nodeID of the draft of flowID once, against the
// samples of the nodes before it (the trigger's sample is the trigger
// data), and returns its step. A step that succeeds with an output makes
// that output the node's sample, so that the nodes after it can be mapped
// from it, unless opt.Preview is set. Only the node, the trigger and the
// nodes before the node are planned, so a problem elsewhere in the draft
// does not stop the test; a problem among them is a
// *flows.ValidationError.
func (s *Service) TestStep(ctx context.Context, flowID, nodeID string, opt TestOptions) (*runs.Step, error) {
	f, err := s.Store.GetFlow(ctx, flowID)
	if err != nil {
		return nil, err
	}
	if opt.Nodes != nil {
		edited := *f
		edited.Nodes, edited.Edges = opt.Nodes, opt.Edges
		f = &edited
	}
	if _, ok := f.Node(nodeID); !ok {
		return nil, fmt.Errorf("%w: the flow has no node %q", ErrNoNode, nodeID)
	}
	v := upTo(f, nodeID, s.Registry)
	p, err := engine.NewPlan(s.Registry, v)
	if err != nil {
		return nil, fmt.Errorf("plan the test of node %s: %w", nodeID, err)
	}
	samples, err := s.samples(ctx, f)
	if err != nil {
		return nil, err
	}
	data := make(map[string][]byte, len(samples))
	for id, sm := range samples {
		data[id] = sm.Data
	}
	trigger := data[p.TriggerID()]
	if trigger == nil {
		trigger = []byte(`{}`)
	}
	now := s.now().UTC()
	r := &runs.Run{ID: ids.NewSortable("tst", now), FlowID: f.ID, Trigger: trigger, Status: runs.StatusRunning, CreatedAt: now}
	st, err := s.Exec.TestStep(ctx, p, r, nodeID, data)
	if err != nil {
		return nil, err
	}
	if !opt.Preview && st.Status == runs.StepSucceeded && len(st.Output) > 0 && nodeID != p.TriggerID() {
		sm := &store.Sample{FlowID: f.ID, NodeID: nodeID, Data: st.Output, Source: SourceTest, UpdatedAt: s.now().UTC()}
		if err := s.Store.PutSample(ctx, sm); err != nil {
			return nil, err
		}
	}
	return &st, nil
}

// upTo returns the part of f's draft that a test of nodeID needs: the
// trigger, nodeID and every node with a path of edges to it, with the
// edges between them, as an unpublished version (0).
func upTo(f *flows.Flow, nodeID string, reg *nodes.Registry) *flows.Version {
	keep := map[string]bool{nodeID: true}
	if t, ok := flows.Trigger(reg, f.Nodes); ok {
		keep[t.ID] = true
	}
	into := map[string][]string{}
	for _, e := range f.Edges {
		into[e.To] = append(into[e.To], e.From)
	}
	var mark func(id string)
	mark = func(id string) {
		for _, from := range into[id] {
			if !keep[from] {
				keep[from] = true
				mark(from)
			}
		}
	}
	mark(nodeID)
	v := &flows.Version{FlowID: f.ID, Name: f.Name}
	for _, n := range f.Nodes {
		if keep[n.ID] {
			v.Nodes = append(v.Nodes, n)
		}
	}
	for _, e := range f.Edges {
		if keep[e.From] && keep[e.To] {
			v.Edges = append(v.Edges, e)
		}
	}
	return v
}
