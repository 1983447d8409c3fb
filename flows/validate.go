package flows

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/hookflow/hookflow/nodes"
)

// DefaultPort is the port of an edge that names none.
const DefaultPort = "out"

var nodeID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,63}$`)

// graph is a validated view of nodes and edges, shared by the checks.
type graph struct {
	reg      *nodes.Registry
	nodes    map[string]*Node
	specs    map[string]*nodes.Spec
	out      map[string][]Edge
	in       map[string][]string
	order    []string // node ids as written
	trigger  *Node    // the first trigger, once checkTriggers ran
	problems []Problem
}

func (g *graph) add(nodeID, field, format string, args ...any) {
	g.problems = append(g.problems, Problem{NodeID: nodeID, Field: field, Message: fmt.Sprintf(format, args...)})
}

// Validate checks a whole graph and returns every problem at once: node ids,
// unknown types and versions, triggers, edges, cycles, and each node's
// config against its spec (required fields, options, templates, paths,
// expressions, references to unknown nodes or variables). No problems means
// the graph can be planned and run.
func Validate(reg *nodes.Registry, ns []Node, es []Edge) []Problem {
	return validate(reg, ns, es, false)
}

// ValidateForPublish is Validate plus the checks that only keep a new
// version from being published: steps that can run but would do nothing,
// such as a Respond to Webhook step whose trigger has answered already
// (see nodes.TriggerNeed). Versions published before such a check existed
// keep running, since running only asks Validate.
func ValidateForPublish(reg *nodes.Registry, ns []Node, es []Edge) []Problem {
	return validate(reg, ns, es, true)
}

func validate(reg *nodes.Registry, ns []Node, es []Edge, publish bool) []Problem {
	g := &graph{reg: reg, nodes: map[string]*Node{}, specs: map[string]*nodes.Spec{},
		out: map[string][]Edge{}, in: map[string][]string{}}
	g.checkNodes(ns)
	g.checkTriggers()
	if publish {
		g.checkTriggerNeeds()
	}
	g.checkEdges(es)
	cyclic := g.checkCycles()
	vars := g.declaredVars()
	for _, id := range g.order {
		if spec := g.specs[id]; spec != nil {
			c := &configCheck{g: g, node: g.nodes[id], spec: spec, vars: vars, acyclic: !cyclic}
			c.run()
		}
	}
	return g.problems
}

func (g *graph) checkNodes(ns []Node) {
	for i := range ns {
		n := &ns[i]
		switch {
		case !nodeID.MatchString(n.ID):
			g.add(n.ID, "id", "node id %q must start with a letter and hold only letters, digits, - and _ (64 at most)", n.ID)
			continue
		case g.nodes[n.ID] != nil:
			g.add(n.ID, "id", "two nodes have the id %q", n.ID)
			continue
		}
		g.nodes[n.ID] = n
		g.order = append(g.order, n.ID)
		spec, ok := g.reg.Lookup(n.Type, n.TypeVersion)
		switch {
		case ok:
			g.specs[n.ID] = spec
		case g.reg.HasType(n.Type):
			latest, _ := g.reg.Latest(n.Type)
			g.add(n.ID, "typeVersion", "node type %q has no version %d (the latest is %d)", n.Type, n.TypeVersion, latest.Version)
		default:
			g.add(n.ID, "type", "unknown node type %q", n.Type)
		}
	}
}

func (g *graph) checkTriggers() {
	var triggers []string
	for _, id := range g.order {
		if s := g.specs[id]; s != nil && s.Kind == nodes.KindTrigger {
			triggers = append(triggers, id)
		}
	}
	if len(triggers) > 0 {
		g.trigger = g.nodes[triggers[0]]
	}
	switch {
	case len(triggers) == 0 && len(g.nodes) > 0:
		g.add("", "", "the flow has no trigger: add an On Webhook or a platform event trigger")
	case len(triggers) == 0:
		g.add("", "", "the flow is empty: add a trigger")
	case len(triggers) > 1:
		for _, id := range triggers[1:] {
			g.add(id, "", "a flow has exactly one trigger; %q is the first, remove this one", triggers[0])
		}
	}
}

// checkTriggerNeeds reports the nodes whose type needs something of the
// trigger that the flow's trigger does not give (see nodes.TriggerNeed).
func (g *graph) checkTriggerNeeds() {
	trigger := g.trigger
	if trigger == nil {
		return // reported by checkTriggers
	}
	for _, id := range g.order {
		spec := g.specs[id]
		if spec == nil || spec.NeedsTrigger == nil {
			continue
		}
		need := spec.NeedsTrigger
		switch {
		case !slices.Contains(need.Types, trigger.Type):
			g.add(id, "", "%s", need.WrongType)
		case need.Field != "" && !slices.Contains(need.Values, g.configText(trigger, need.Field)):
			g.add(id, "", "%s", need.WrongValue)
		}
	}
}

// configText is a field of n's config as text, or its default (see fieldText).
func (g *graph) configText(n *Node, field string) string {
	var config map[string]json.RawMessage
	_ = json.Unmarshal(n.Config, &config)
	return fieldText(g.specs[n.ID].Fields, config, field)
}

// Trigger returns the first trigger node of ns, if any.
func Trigger(reg *nodes.Registry, ns []Node) (*Node, bool) {
	for i := range ns {
		if s, ok := reg.Lookup(ns[i].Type, ns[i].TypeVersion); ok && s.Kind == nodes.KindTrigger {
			return &ns[i], true
		}
	}
	return nil, false
}

func (g *graph) checkEdges(es []Edge) {
	seen := map[Edge]bool{}
	for _, e := range es {
		from, to := g.nodes[e.From], g.nodes[e.To]
		switch {
		case from == nil:
			g.add(e.To, "edges", "an edge comes from %q, which is not a node of this flow", e.From)
			continue
		case to == nil:
			g.add(e.From, "edges", "an edge goes to %q, which is not a node of this flow", e.To)
			continue
		case e.From == e.To:
			g.add(e.From, "edges", "an edge connects the node to itself")
			continue
		}
		port := e.Port
		if port == "" {
			port = DefaultPort
		}
		norm := Edge{From: e.From, Port: port, To: e.To}
		if seen[norm] {
			g.add(e.From, "edges", "the edge from port %q to %q is there twice", port, e.To)
			continue
		}
		seen[norm] = true
		if spec := g.specs[e.From]; spec != nil {
			switch ports := PortsOf(spec, from.Config); {
			case len(ports) == 0:
				g.add(e.From, "edges", "a %s node ends its branch; no edge may leave it", spec.Label)
			case !contains(ports, port):
				g.add(e.From, "edges", "node has no port %q (its ports: %s)", port, strings.Join(ports, ", "))
			}
		}
		if spec := g.specs[e.To]; spec != nil && spec.Kind == nodes.KindTrigger {
			g.add(e.To, "edges", "a trigger starts the flow; no edge may lead into it")
		}
		g.out[e.From] = append(g.out[e.From], norm)
		g.in[e.To] = append(g.in[e.To], e.From)
	}
}

// PortsOf returns the ports of a node of spec with config: the fixed ports
// and, for dynamic specs, one per item of the list field.
func PortsOf(spec *nodes.Spec, config json.RawMessage) []string {
	var ports []string
	if d := spec.Dynamic; d != nil {
		var obj map[string]json.RawMessage
		var items []map[string]any
		if json.Unmarshal(config, &obj) == nil && json.Unmarshal(obj[d.ListField], &items) == nil {
			for _, it := range items {
				if name, ok := it[d.NameField].(string); ok && name != "" {
					ports = append(ports, name)
				}
			}
		}
	}
	for _, p := range spec.Ports {
		ports = append(ports, p.Name)
	}
	return ports
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// checkCycles reports each cycle once, on the node where it was found, with
// the path around it. It returns whether there was any.
func (g *graph) checkCycles() bool {
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	var stack []string
	found := false
	var visit func(id string)
	visit = func(id string) {
		color[id] = grey
		stack = append(stack, id)
		for _, e := range g.out[id] {
			switch color[e.To] {
			case white:
				visit(e.To)
			case grey:
				found = true
				start := len(stack) - 1
				for stack[start] != e.To {
					start--
				}
				loop := append(append([]string{}, stack[start:]...), e.To)
				g.add(e.To, "edges", "the flow has a cycle: %s; a flow must not loop back", strings.Join(loop, " → "))
			}
		}
		stack = stack[:len(stack)-1]
		color[id] = black
	}
	for _, id := range g.order {
		if color[id] == white {
			visit(id)
		}
	}
	return found
}

// declaredVars returns the variable names that trigger mappings and set
// nodes declare, with the node that declares each.
func (g *graph) declaredVars() map[string]string {
	vars := map[string]string{}
	for _, id := range g.order {
		spec := g.specs[id]
		if spec == nil {
			continue
		}
		for _, f := range spec.Fields {
			if f.Kind != nodes.FieldList || !f.DeclaresVars {
				continue
			}
			var obj map[string]json.RawMessage
			var items []map[string]any
			if json.Unmarshal(g.nodes[id].Config, &obj) != nil || json.Unmarshal(obj[f.Name], &items) != nil {
				continue
			}
			for _, it := range items {
				if name, ok := it["name"].(string); ok && name != "" {
					vars[name] = id
				}
			}
		}
	}
	return vars
}

// ancestors returns the nodes from which id can be reached.
func (g *graph) ancestors(id string) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(n string) {
		for _, p := range g.in[n] {
			if !seen[p] {
				seen[p] = true
				walk(p)
			}
		}
	}
	walk(id)
	return seen
}

// sortedKeys returns m's keys in order, for stable problem lists.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
