package condition

import (
	"context"
	"fmt"

	"github.com/hookflow/hookflow/nodes"
)

// The outputs of a condition; shared by every run, never modified.
var (
	outTrue  = []byte(`{"result":true}`)
	outFalse = []byte(`{"result":false}`)
)

// Build builds the condition's runtime: the expression, or each rule's
// path, value template and (for a fixed value) regular expression, are
// compiled once here.
func Build(b nodes.Builder) (nodes.Runner, error) {
	var cfg Config
	if err := b.Decode(&cfg); err != nil {
		return nil, err
	}
	if cfg.Mode != ModeRules {
		e, err := b.Expression(FieldExpression, cfg.Expression, true)
		if err != nil {
			return nil, err
		}
		return &exprRunner{expr: e}, nil
	}
	r := &rulesRunner{any: cfg.Combinator == CombinatorAny, rules: make([]rule, len(cfg.Rules))}
	for i, c := range cfg.Rules {
		if err := r.rules[i].build(b, i, c); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func result(ok bool) nodes.Result {
	if ok {
		return nodes.Result{Output: outTrue, Port: PortTrue}
	}
	return nodes.Result{Output: outFalse, Port: PortFalse}
}

// exprRunner decides with an expression.
type exprRunner struct {
	expr nodes.Expression
}

func (r *exprRunner) Run(_ context.Context, rc nodes.RunContext) (nodes.Result, error) {
	ok, err := rc.EvalBool(r.expr)
	if err != nil {
		return nodes.Result{}, fmt.Errorf("expression: %w", err)
	}
	return result(ok), nil
}

// rulesRunner decides with rules: all of them hold, or any one.
type rulesRunner struct {
	any   bool
	rules []rule
}

func (r *rulesRunner) Run(_ context.Context, rc nodes.RunContext) (nodes.Result, error) {
	for i := range r.rules {
		ok, err := r.rules[i].eval(rc)
		if err != nil {
			return nodes.Result{}, fmt.Errorf("rule %d: %w", i+1, err)
		}
		if ok == r.any {
			// The first rule that holds decides "any"; the first that
			// fails decides "all".
			return result(ok), nil
		}
	}
	return result(!r.any), nil
}

var (
	_ nodes.BuildFunc = Build
	_ nodes.Runner    = (*exprRunner)(nil)
	_ nodes.Runner    = (*rulesRunner)(nil)
)
