package switchnode

import (
	"context"
	"fmt"

	"github.com/hookflow/hookflow/internal/mapping"
	"github.com/hookflow/hookflow/nodes"
)

// outDefault is the output when no case matched; shared, never modified.
var outDefault = []byte(`{"case":"default"}`)

// Build builds the switch's runtime: every case's expression is compiled
// once, and each case's output is made here so a run allocates nothing.
func Build(b nodes.Builder) (nodes.Runner, error) {
	var cfg Config
	if err := b.Decode(&cfg); err != nil {
		return nil, err
	}
	r := &runner{cases: make([]compiledCase, len(cfg.Cases))}
	for i, c := range cfg.Cases {
		e, err := b.Expression(nodes.FieldIndex(FieldCases, i, FieldCaseExpression), c.Expression, true)
		if err != nil {
			return nil, err
		}
		out := append(mapping.AppendString([]byte(`{"case":`), c.Name), '}')
		r.cases[i] = compiledCase{port: c.Name, expr: e, output: out}
	}
	return r, nil
}

type compiledCase struct {
	port   string
	expr   nodes.Expression
	output []byte
}

type runner struct {
	cases []compiledCase
}

// Run checks the cases in order; the first that holds names the port.
func (r *runner) Run(_ context.Context, rc nodes.RunContext) (nodes.Result, error) {
	for i := range r.cases {
		c := &r.cases[i]
		ok, err := rc.EvalBool(c.expr)
		if err != nil {
			return nodes.Result{}, fmt.Errorf("case %q: %w", c.port, err)
		}
		if ok {
			return nodes.Result{Output: c.output, Port: c.port}, nil
		}
	}
	return nodes.Result{Output: outDefault, Port: PortDefault}, nil
}

var (
	_ nodes.BuildFunc = Build
	_ nodes.Runner    = (*runner)(nil)
)
