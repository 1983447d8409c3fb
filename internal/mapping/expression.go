package mapping

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// Limits on expressions, so that a flow author cannot publish something that
// takes the engine down. MemoryBudget is enforced when a program runs.
const (
	MaxExpressionLen   = 4096
	MaxExpressionNodes = 1000
	MemoryBudget       = 1 << 20
)

// Expression is a compiled expr program and the context names it reads.
// A program is immutable and safe to share between goroutines.
type Expression struct {
	Source  string
	Program *vm.Program
	// Refs lists the "vars.<name>" and "nodes.<id>" references in the source.
	Refs []string
}

// compileEnv declares the run context's roots; any other identifier fails to
// compile, which catches typos such as "trigerr.body".
var compileEnv = map[string]any{
	"trigger": map[string]any{},
	"vars":    map[string]any{},
	"nodes":   map[string]any{},
	"run":     map[string]any{},
}

// CompileExpression compiles src against the run context. With asBool the
// result must be a boolean (conditions, switch cases).
func CompileExpression(src string, asBool bool) (*Expression, error) {
	prog, err := compile(src, asBool)
	if err != nil {
		return nil, err
	}
	refs := &refCollector{}
	tree, err := parseTree(src)
	if err == nil {
		ast.Walk(&tree, refs)
	}
	return &Expression{Source: src, Program: prog, Refs: refs.refs}, nil
}

// compile checks the limits and compiles src against the run context,
// with extra options such as the runtime form's patches.
func compile(src string, asBool bool, extra ...expr.Option) (*vm.Program, error) {
	if src == "" {
		return nil, fmt.Errorf("expression is empty")
	}
	if len(src) > MaxExpressionLen {
		return nil, fmt.Errorf("expression is longer than %d characters", MaxExpressionLen)
	}
	if name := internalName(src); name != "" {
		return nil, fmt.Errorf("expression uses %s, a name internal to hookflow; use trigger, vars, nodes or run", name)
	}
	opts := []expr.Option{expr.Env(compileEnv), expr.MaxNodes(MaxExpressionNodes)}
	if asBool {
		opts = append(opts, expr.AsBool())
	}
	prog, err := expr.Compile(src, append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("expression does not compile: %w", err)
	}
	return prog, nil
}

// Run evaluates the expression against env within the memory budget.
func (e *Expression) Run(env map[string]any) (any, error) {
	var machine vm.VM
	machine.MemoryBudget = MemoryBudget
	return machine.Run(e.Program, env)
}

type refCollector struct{ refs []string }

func (c *refCollector) Visit(node *ast.Node) {
	m, ok := (*node).(*ast.MemberNode)
	if !ok {
		return
	}
	id, ok := m.Node.(*ast.IdentifierNode)
	if !ok || (id.Value != "vars" && id.Value != "nodes") {
		return
	}
	if prop, ok := m.Property.(*ast.StringNode); ok {
		c.refs = append(c.refs, id.Value+"."+prop.Value)
	}
}

// internalName returns the first name in src that only hookflow's own
// rewriting may use ($env and the __ functions), or "".
func internalName(src string) string {
	tree, err := parseTree(src)
	if err != nil {
		return "" // the compiler reports the syntax error
	}
	v := &internalFinder{}
	ast.Walk(&tree, v)
	return v.name
}

type internalFinder struct{ name string }

func (v *internalFinder) Visit(node *ast.Node) {
	var name string
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		name = n.Value
	case *ast.VariableDeclaratorNode:
		name = n.Name
	}
	if v.name == "" && (name == "$env" || strings.HasPrefix(name, "__")) {
		v.name = name
	}
}

func parseTree(src string) (ast.Node, error) {
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, err
	}
	return tree.Node, nil
}
