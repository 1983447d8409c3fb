package engine

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/internal/mapping"
	"github.com/hookflow/hookflow/nodes"
)

// planBuilder compiles the nodes of one plan. Paths are shared between
// the nodes that name the same one.
type planBuilder struct {
	plan  *Plan
	paths map[string]*ctxPath
}

// build makes n's runner. A node type without a runtime gets an error that
// its step reports, so a flow that uses one still publishes and runs up
// to that node.
func (pb *planBuilder) build(reg *nodes.Registry, pn *planNode, n *flows.Node) error {
	build, ok := reg.Runtime(n.Type, n.TypeVersion)
	if !ok {
		pn.noRuntime = fmt.Errorf("node type %s has no runtime yet", n.Type)
		return nil
	}
	b := &nodeBuilder{pb: pb, node: n, spec: pn.spec, pn: pn}
	r, err := build(b)
	if err != nil {
		return problem(n.ID, err)
	}
	pn.runner = r
	return nil
}

// problem turns a build error into a validation error pinned to the node
// and, when known, the field.
func problem(nodeID string, err error) error {
	p := flows.Problem{NodeID: nodeID, Message: err.Error()}
	var fe *nodes.FieldError
	if errors.As(err, &fe) {
		p.Field, p.Message = fe.Field, fe.Err.Error()
	}
	return &flows.ValidationError{Problems: []flows.Problem{p}}
}

// nodeBuilder is the nodes.Builder of one node.
type nodeBuilder struct {
	pb   *planBuilder
	node *flows.Node
	spec *nodes.Spec
	pn   *planNode
}

func (b *nodeBuilder) NodeID() string { return b.node.ID }

func (b *nodeBuilder) Decode(dst any) error {
	return nodes.DecodeConfig(b.spec, b.node.Config, dst)
}

func (b *nodeBuilder) Template(field, src string) (nodes.Template, error) {
	t, err := b.template(field, src)
	if err != nil {
		return nil, err
	}
	return t, nil
}

func (b *nodeBuilder) template(field, src string) (*template, error) {
	t, err := compileTemplate(src, b.required(field), b.pb.path)
	if err != nil {
		return nil, &nodes.FieldError{Field: field, Err: err}
	}
	return t, nil
}

func (b *nodeBuilder) JSON(field string, raw []byte) (nodes.Template, error) {
	t, err := compileJSON(field, raw, b.template)
	if err != nil {
		return nil, err
	}
	return t, nil
}

func (b *nodeBuilder) Expression(field, src string, asBool bool) (nodes.Expression, error) {
	prog, err := mapping.CompileProgram(src, asBool)
	if err != nil {
		return nil, &nodes.FieldError{Field: field, Err: err}
	}
	e := &expression{src: src, prog: prog, paths: make([]*ctxPath, len(prog.Paths))}
	for i, p := range prog.Paths {
		if e.paths[i], err = b.pb.path(p); err != nil {
			return nil, &nodes.FieldError{Field: field, Err: err}
		}
	}
	return e, nil
}

func (b *nodeBuilder) Path(field, p string) (nodes.Path, error) {
	if b.spec.Kind == nodes.KindTrigger {
		// A trigger's paths read its own data: "body.x" is trigger.body.x.
		if err := mapping.CheckPath(p); err != nil {
			return nil, &nodes.FieldError{Field: field, Err: err}
		}
		p = "trigger." + p
	}
	cp, err := b.pb.path(p)
	if err != nil {
		return nil, &nodes.FieldError{Field: field, Err: err}
	}
	return cp, nil
}

func (b *nodeBuilder) DeclareVar(name string) error {
	if name == "" {
		return errors.New("a variable needs a name")
	}
	b.pb.varSlot(name)
	b.pn.declares = append(b.pn.declares, name)
	return nil
}

// required reports whether the spec field named field is Required; field
// may name an item of a list ("rules[2].value") or a key inside a
// key-value or JSON field ("headers.X-Id", "body.customer.name").
func (b *nodeBuilder) required(field string) bool {
	fields := b.spec.Fields
	for _, part := range strings.Split(field, ".") {
		name, _, _ := strings.Cut(part, "[")
		f, ok := findField(fields, name)
		if !ok {
			return false
		}
		if f.Kind != nodes.FieldList {
			return f.Required
		}
		fields = f.Fields
	}
	return false
}

func findField(fields []nodes.Field, name string) (nodes.Field, bool) {
	for _, f := range fields {
		if f.Name == name {
			return f, true
		}
	}
	return nodes.Field{}, false
}

// varSlot returns the slot of variable name, making one for a new name.
// Every name a flow sets or reads gets a slot while the plan is built.
func (pb *planBuilder) varSlot(name string) int {
	if i, ok := pb.plan.vars[name]; ok {
		return i
	}
	i := len(pb.plan.varNames)
	pb.plan.vars[name] = i
	pb.plan.varNames = append(pb.plan.varNames, name)
	return i
}

var (
	_ nodes.Builder    = (*nodeBuilder)(nil)
	_ nodes.Template   = (*template)(nil)
	_ nodes.Template   = (*jsonTemplate)(nil)
	_ nodes.Expression = (*expression)(nil)
	_ nodes.Path       = (*ctxPath)(nil)
)
