// Package engine runs flows. NewPlan turns a published flow version into
// an immutable Plan: nodes in dependency order, each node's config decoded
// through its spec and its templates, expressions and paths compiled once.
// An Executor runs a plan over a run record, and is a planner over recorded
// node states: a run that is continued (after a crash, a durable delay or
// a resume) recomputes what is ready from the steps it already recorded.
//
// The package's rule: run data stays JSON bytes. Paths are read with gjson
// from the trigger, variable and output buffers; nothing on the hot path
// decodes a payload into maps.
package engine

import (
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/nodes/event"
	"github.com/hookflow/hookflow/nodes/webhook"
)

// Plan is a flow version compiled for running. It is immutable and safe
// for concurrent use; build it once per version (see PlanCache).
type Plan struct {
	flowID  string
	version int
	nodes   []planNode // in dependency order
	index   map[string]int
	trigger int // index of the trigger node
	// vars maps each variable name the flow sets or reads to its slot.
	vars     map[string]int
	varNames []string
	webhook  *webhook.Config
	event    *event.Config
	pool     sync.Pool // *execution, sized for this plan
}

// planNode is one node of a plan.
type planNode struct {
	id      string
	typ     string
	version int
	spec    *nodes.Spec
	runner  nodes.Runner
	// noRuntime is the error of a node type that has no runtime yet.
	noRuntime error
	in        []inEdge
	out       []int // the nodes edges lead to
	// errorPort says an edge leaves by the "error" port, so a failure
	// of this node continues there instead of failing the run.
	errorPort bool
	// input is the step's recorded input: the config, secrets redacted.
	input []byte
	// declares lists the variables the node sets.
	declares []string
}

// hasPorts reports whether edges may leave n; a respond node has none.
func (n *planNode) hasPorts() bool { return len(n.spec.Ports) > 0 || n.spec.Dynamic != nil }

// inEdge is an edge into a node: from which node, by which port.
type inEdge struct {
	from int
	port string
}

// NewPlan validates v and compiles it. A flow with problems gives an error
// that wraps *flows.ValidationError; so does a node whose config its
// runtime refuses (an invalid regular expression, say).
func NewPlan(reg *nodes.Registry, v *flows.Version) (*Plan, error) {
	if v == nil {
		return nil, errors.New("plan: no flow version")
	}
	if problems := flows.Validate(reg, v.Nodes, v.Edges); len(problems) > 0 {
		return nil, fmt.Errorf("plan flow %s version %d: %w", v.FlowID, v.Version, &flows.ValidationError{Problems: problems})
	}
	p := &Plan{flowID: v.FlowID, version: v.Version, index: map[string]int{}, vars: map[string]int{}, trigger: -1}
	order := topoOrder(v)
	for i, n := range order {
		spec, _ := reg.Lookup(n.Type, n.TypeVersion)
		p.nodes = append(p.nodes, planNode{id: n.ID, typ: n.Type, version: n.TypeVersion, spec: spec,
			input: redactedInput(spec, n.Config)})
		p.index[n.ID] = i
		if spec.Kind == nodes.KindTrigger {
			p.trigger = i
		}
	}
	p.link(v.Edges)
	if err := p.decodeTrigger(order[p.trigger]); err != nil {
		return nil, err
	}
	pb := &planBuilder{plan: p, paths: map[string]*ctxPath{}}
	for i, n := range order {
		if err := pb.build(reg, &p.nodes[i], n); err != nil {
			return nil, fmt.Errorf("plan flow %s version %d: %w", v.FlowID, v.Version, err)
		}
	}
	p.pool.New = func() any { return newExecution(p) }
	return p, nil
}

// topoOrder orders the nodes of an acyclic v so that every node comes
// after the nodes with edges into it; among ready nodes the document's
// order wins, so plans and run records are stable.
func topoOrder(v *flows.Version) []*flows.Node {
	pos := make(map[string]int, len(v.Nodes))
	for i := range v.Nodes {
		pos[v.Nodes[i].ID] = i
	}
	indegree := make([]int, len(v.Nodes))
	next := make([][]int, len(v.Nodes))
	for _, e := range v.Edges {
		from, to := pos[e.From], pos[e.To]
		next[from] = append(next[from], to)
		indegree[to]++
	}
	var ready []int
	for i, d := range indegree {
		if d == 0 {
			ready = append(ready, i)
		}
	}
	order := make([]*flows.Node, 0, len(v.Nodes))
	for len(ready) > 0 {
		sort.Ints(ready)
		i := ready[0]
		ready = ready[1:]
		order = append(order, &v.Nodes[i])
		for _, j := range next[i] {
			if indegree[j]--; indegree[j] == 0 {
				ready = append(ready, j)
			}
		}
	}
	return order
}

func (p *Plan) link(edges []flows.Edge) {
	for _, e := range edges {
		port := e.Port
		if port == "" {
			port = nodes.PortOut
		}
		from, to := p.index[e.From], p.index[e.To]
		p.nodes[to].in = append(p.nodes[to].in, inEdge{from: from, port: port})
		p.nodes[from].out = append(p.nodes[from].out, to)
		if port == nodes.PortError {
			p.nodes[from].errorPort = true
		}
	}
}

// decodeTrigger keeps the trigger's decoded config for the intake.
func (p *Plan) decodeTrigger(n *flows.Node) error {
	spec := p.nodes[p.trigger].spec
	var err error
	switch n.Type {
	case webhook.Type:
		p.webhook = &webhook.Config{}
		err = nodes.DecodeConfig(spec, n.Config, p.webhook)
	case event.Type:
		p.event = &event.Config{}
		err = nodes.DecodeConfig(spec, n.Config, p.event)
	}
	if err != nil {
		return fmt.Errorf("plan flow %s version %d: trigger %q: %w", p.flowID, p.version, n.ID, err)
	}
	return nil
}

// InMemory reports whether every node of the plan runs in memory (no I/O,
// no waiting), so a run can execute inside the request that starts it.
func (p *Plan) InMemory() bool {
	for i := range p.nodes {
		if !p.nodes[i].spec.InMemory {
			return false
		}
	}
	return true
}

// FlowID returns the id of the flow the plan runs.
func (p *Plan) FlowID() string { return p.flowID }

// Version returns the flow version the plan runs.
func (p *Plan) Version() int { return p.version }

// TriggerType returns the type of the flow's trigger: "webhook", "event".
func (p *Plan) TriggerType() string { return p.nodes[p.trigger].typ }

// Webhook returns the decoded config of a webhook trigger, defaults filled
// in: methods, auth, response mode and timeout, dedup, limits, mappings.
// The caller must not modify it.
func (p *Plan) Webhook() (*webhook.Config, bool) { return p.webhook, p.webhook != nil }

// Event returns the decoded config of a platform-event trigger. The caller
// must not modify it.
func (p *Plan) Event() (*event.Config, bool) { return p.event, p.event != nil }

// ResponseMode returns how a webhook caller is answered (webhook.Response*);
// runs started otherwise answer nobody: "immediate".
func (p *Plan) ResponseMode() string {
	if p.webhook != nil && p.webhook.ResponseMode != "" {
		return p.webhook.ResponseMode
	}
	return webhook.ResponseImmediate
}

// Mappings returns the trigger's field mappings.
func (p *Plan) Mappings() []nodes.Mapping {
	switch {
	case p.webhook != nil:
		return p.webhook.Mappings
	case p.event != nil:
		return p.event.Mappings
	}
	return nil
}

// HasNode reports whether the plan has a node with id.
func (p *Plan) HasNode(id string) bool {
	_, ok := p.index[id]
	return ok
}

// after returns the set of nodes that id leads to, id included: what runs
// again when a run resumes from id.
func (p *Plan) after(id string) []bool {
	set := make([]bool, len(p.nodes))
	var mark func(int)
	mark = func(i int) {
		if set[i] {
			return
		}
		set[i] = true
		for _, j := range p.nodes[i].out {
			mark(j)
		}
	}
	mark(p.index[id])
	return set
}
