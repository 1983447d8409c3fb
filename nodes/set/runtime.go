package set

import (
	"context"
	"fmt"

	"github.com/hookflow/hookflow/internal/mapping"
	"github.com/hookflow/hookflow/nodes"
)

// Build builds the set node's runtime: each value's template, path or
// expression is compiled once, and each variable is declared.
func Build(b nodes.Builder) (nodes.Runner, error) {
	var cfg Config
	if err := b.Decode(&cfg); err != nil {
		return nil, err
	}
	r := &runner{values: make([]assignment, len(cfg.Values))}
	for i, v := range cfg.Values {
		a, err := compile(b, i, v)
		if err != nil {
			return nil, err
		}
		r.values[i] = a
		r.size += len(a.key) + 48
	}
	return r, nil
}

func compile(b nodes.Builder, i int, v Assignment) (assignment, error) {
	a := assignment{name: v.Name, key: append(mapping.AppendString(nil, v.Name), ':')}
	if err := b.DeclareVar(v.Name); err != nil {
		return a, err
	}
	field := nodes.FieldIndex(FieldValues, i, FieldValueValue)
	var err error
	switch v.Mode {
	case ModePath:
		a.path, err = b.Path(field, v.Value)
	case ModeExpression:
		a.expr, err = b.Expression(field, v.Value, false)
	case ModeTemplate, "":
		a.tpl, err = b.Template(field, v.Value)
	default:
		err = &nodes.FieldError{Field: nodes.FieldIndex(FieldValues, i, FieldValueMode), Err: fmt.Errorf("unknown mode %q", v.Mode)}
	}
	return a, err
}

// assignment is one compiled value; exactly one of tpl, path, expr is set.
type assignment struct {
	name string
	key  []byte // "name":
	tpl  nodes.Template
	path nodes.Path
	expr nodes.Expression
}

type runner struct {
	values []assignment
	size   int // a first guess at the output's size
}

// Run builds the output object {name: value, ...}, which is also the
// record of the variables set. Each variable is visible to the values
// after it.
func (r *runner) Run(_ context.Context, rc nodes.RunContext) (nodes.Result, error) {
	out := make([]byte, 0, r.size+2)
	out = append(out, '{')
	for i := range r.values {
		a := &r.values[i]
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, a.key...)
		start := len(out)
		var err error
		if out, err = a.appendValue(out, rc); err != nil {
			return nodes.Result{}, fmt.Errorf("variable %s: %w", a.name, err)
		}
		if err := rc.SetVar(a.name, out[start:len(out):len(out)]); err != nil {
			return nodes.Result{}, err
		}
	}
	out = append(out, '}')
	return nodes.Result{Output: out, Vars: out}, nil
}

func (a *assignment) appendValue(dst []byte, rc nodes.RunContext) ([]byte, error) {
	switch {
	case a.path != nil:
		v := rc.Get(a.path)
		if !v.Exists() {
			return dst, nodes.MissingError(a.path.String())
		}
		return mapping.AppendCompact(dst, v.Raw), nil
	case a.expr != nil:
		v, err := rc.Eval(a.expr)
		if err != nil {
			return dst, err
		}
		return mapping.AppendValue(dst, v)
	}
	return rc.AppendJSON(dst, a.tpl)
}

var (
	_ nodes.BuildFunc = Build
	_ nodes.Runner    = (*runner)(nil)
)
