package mapping

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
	"github.com/tidwall/gjson"
)

// Program is an expression compiled for running. Each member chain over the
// run context with constant members (trigger.body.amount, vars.agent_email,
// nodes.lookup.body.items[0]) is rewritten at compile time into a lookup of
// one of Paths, so a run reads with gjson only the values an expression
// names instead of decoding the whole context into Go maps. A Program is
// immutable and safe for concurrent use.
type Program struct {
	Source  string
	Program *vm.Program
	// Paths are the context paths the program reads, such as
	// "trigger.body.amount"; a root named alone is a path too ("vars").
	Paths []string
}

// Resolver gives a running Program the values of its Paths: Lookup(i)
// reads Paths[i] from the run's data.
type Resolver interface {
	Lookup(i int) gjson.Result
}

// The functions chains are rewritten into: lookup($env, i) for a value;
// in(needle, $env, i) for "needle in chain" and contains(needle, $env, i)
// for "chain contains needle", which search the JSON without decoding it.
const (
	lookupFunc   = "__lookup"
	inFunc       = "__in"
	containsFunc = "__contains"
)

// CompileProgram compiles src for running, with the same limits and checks
// as CompileExpression. With asBool the result is true or false; nil (a
// missing value) counts as false.
func CompileProgram(src string, asBool bool) (*Program, error) {
	p := &chainPatcher{calls: map[*ast.CallNode]int{}}
	prog, err := compile(src, asBool,
		expr.Patch(p),
		expr.Patch(guardPatcher{}),
		expr.Function(addFunc, add, new(func(any, any, any) any)),
		expr.Function(guardFunc, guard, new(func(any, string, ...any) any)),
		expr.Function(stepFunc, step, new(func(any, any) any)),
		expr.Function(lookupFunc, lookup, new(func(any, int) any)),
		expr.Function(inFunc, search(In), new(func(any, any, int) bool)),
		expr.Function(containsFunc, search(Contains), new(func(any, any, int) bool)))
	if err != nil {
		return nil, err
	}
	return &Program{Source: src, Program: prog, Paths: p.paths}, nil
}

// Run evaluates the program with machine, which one goroutine may reuse
// between runs, within MemoryBudget and the limits of budget.go. r gives
// the values of the program's Paths.
func (p *Program) Run(machine *vm.VM, r Resolver) (any, error) {
	machine.MemoryBudget = MemoryBudget
	v, err := machine.Run(p.Program, newBudget(r))
	if err != nil {
		return nil, plainRuntimeError(err)
	}
	return v, nil
}

// plainRuntimeError rewords a Go runtime panic that expr recovered, such as
// "runtime error: integer divide by zero" from x % 0, which would otherwise
// read like a crash of hookflow rather than a mistake in the expression.
func plainRuntimeError(err error) error {
	msg := err.Error()
	rest, ok := strings.CutPrefix(msg, "runtime error: ")
	if !ok {
		return err
	}
	if strings.HasPrefix(rest, "integer divide by zero") {
		rest = "an integer is divided by zero (with / or %)" + strings.TrimPrefix(rest, "integer divide by zero")
	}
	return fmt.Errorf("the expression failed: %s", rest)
}

var errInternal = errors.New("functions starting with __ are internal to hookflow")

func lookup(params ...any) (any, error) {
	r, ok := params[0].(Resolver)
	i, ok2 := params[1].(int)
	if !ok || !ok2 {
		return nil, errInternal
	}
	return Value(r.Lookup(i)), nil
}

// search adapts In or Contains to a function of (needle, $env, i).
func search(f func(needle any, haystack gjson.Result) (bool, error)) func(params ...any) (any, error) {
	return func(params ...any) (any, error) {
		r, ok := params[1].(Resolver)
		i, ok2 := params[2].(int)
		if !ok || !ok2 {
			return nil, errInternal
		}
		return f(params[0], r.Lookup(i))
	}
}

// chainPatcher rewrites chains bottom-up: ast.Walk visits a member's
// object before the member, so the root identifier becomes a lookup
// first and each constant member then extends that lookup's path.
type chainPatcher struct {
	paths []string
	calls map[*ast.CallNode]int // the lookups this patcher made
}

func (p *chainPatcher) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		if isRoot(n.Value) {
			p.paths = append(p.paths, n.Value)
			call := &ast.CallNode{
				Callee:    &ast.IdentifierNode{Value: lookupFunc},
				Arguments: []ast.Node{&ast.IdentifierNode{Value: "$env"}, &ast.IntegerNode{Value: len(p.paths) - 1}},
			}
			p.calls[call] = len(p.paths) - 1
			ast.Patch(node, call)
		}
	case *ast.BinaryNode:
		p.search(node, n)
	case *ast.MemberNode:
		call, ok := n.Node.(*ast.CallNode)
		if !ok || n.Method {
			return
		}
		i, ours := p.calls[call]
		comp, constant := component(n.Property)
		if !ours || !constant {
			return
		}
		p.paths[i] += "." + comp
		ast.Patch(node, call)
	}
}

// search rewrites "needle in chain" and "chain contains needle".
func (p *chainPatcher) search(node *ast.Node, n *ast.BinaryNode) {
	fn, chain, needle := inFunc, n.Right, n.Left
	if n.Operator == "contains" {
		fn, chain, needle = containsFunc, n.Left, n.Right
	} else if n.Operator != "in" {
		return
	}
	call, ok := chain.(*ast.CallNode)
	i, ours := p.calls[call]
	if !ok || !ours {
		return
	}
	ast.Patch(node, &ast.CallNode{
		Callee:    &ast.IdentifierNode{Value: fn},
		Arguments: []ast.Node{needle, &ast.IdentifierNode{Value: "$env"}, &ast.IntegerNode{Value: i}},
	})
}

func isRoot(name string) bool {
	for _, r := range Roots {
		if name == r {
			return true
		}
	}
	return false
}

// component returns the gjson path component of a constant member: a key
// (escaped) or a non-negative index.
func component(prop ast.Node) (string, bool) {
	switch v := prop.(type) {
	case *ast.StringNode:
		return gjson.Escape(v.Value), v.Value != ""
	case *ast.IntegerNode:
		return strconv.Itoa(v.Value), v.Value >= 0
	}
	return "", false
}
