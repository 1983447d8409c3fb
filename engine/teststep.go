package engine

import (
	"context"
	"fmt"

	"github.com/tidwall/gjson"

	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/runs"
)

// TriggerID returns the id of the plan's trigger node.
func (p *Plan) TriggerID() string { return p.nodes[p.trigger].id }

// TestStep runs node nodeID of p once, outside any stored run, the way
// the editor's Test step does. The run context is made of r's trigger
// data, the variables the trigger maps from it, and samples: the outputs
// that the nodes before nodeID gave earlier, by node id, which also
// restore the variables those nodes set. Nodes without a sample count as
// not run. Whether the edges into nodeID would be taken is not asked: the
// node runs. r names the run for the node (its id makes idempotency
// keys) and is left with the node's step; OnStep is not called. TestStep
// returns an error only when it cannot run the node at all.
func (e *Executor) TestStep(ctx context.Context, p *Plan, r *runs.Run, nodeID string, samples map[string][]byte) (runs.Step, error) {
	i, ok := p.index[nodeID]
	if !ok {
		return runs.Step{}, fmt.Errorf("test step: the flow has no node %q", nodeID)
	}
	if r.FlowID != p.flowID || r.Version != p.version {
		return runs.Step{}, fmt.Errorf("test step: run %s belongs to flow %s version %d, the plan to flow %s version %d",
			r.ID, r.FlowID, r.Version, p.flowID, p.version)
	}
	quiet := *e
	quiet.OnStep = nil
	x := p.pool.Get().(*execution)
	defer p.release(x)
	x.start(&quiet, r)
	if i != p.trigger {
		x.run(ctx, p.trigger)
		if err := x.useSamples(p.upstream(i), samples); err != nil {
			return runs.Step{}, fmt.Errorf("test step %s: %w", nodeID, err)
		}
	}
	if x.run(ctx, i); x.stopped {
		return runs.Step{}, fmt.Errorf("test step %s: %w", nodeID, ctx.Err())
	}
	x.gather()
	return x.steps[i], nil
}

// upstream returns the set of nodes from which edges lead to node i,
// directly or not; i itself is not in it.
func (p *Plan) upstream(i int) []bool {
	set := make([]bool, len(p.nodes))
	var mark func(int)
	mark = func(j int) {
		for _, e := range p.nodes[j].in {
			if !set[e.from] {
				set[e.from] = true
				mark(e.from)
			}
		}
	}
	mark(i)
	return set
}

// useSamples takes the samples of the nodes in set, but the trigger, as
// their outputs, in plan order, and sets the variables each of them
// declares from its sample's fields of those names, so that a later
// node's variable wins as it would in a run.
func (x *execution) useSamples(set []bool, samples map[string][]byte) error {
	for j, in := range set {
		n := &x.p.nodes[j]
		sample, ok := samples[n.id]
		if !in || j == x.p.trigger || !ok {
			continue
		}
		x.done(j, nodes.PortOut, sample)
		if len(n.declares) == 0 || !gjson.ValidBytes(sample) {
			continue
		}
		var err error
		gjson.ParseBytes(sample).ForEach(func(k, v gjson.Result) bool {
			for _, name := range n.declares {
				if name == k.Str {
					err = x.rc.SetVar(name, []byte(v.Raw))
				}
			}
			return err == nil
		})
		if err != nil {
			return fmt.Errorf("sample of %s: %w", n.id, err)
		}
	}
	return nil
}
