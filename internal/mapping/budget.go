package mapping

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/vm/runtime"
)

// Limits a running program stays within besides MemoryBudget, which expr
// applies to the ranges, arrays and maps it allocates. expr does not count
// the bytes of strings it builds nor the iterations of predicates, so a
// doubling reduce (#acc + #acc), a replace that multiplies a text, a
// toJSON of a structure that repeats itself or predicates nested over a
// large input could otherwise take a worker's memory or CPU for good.
const (
	// MaxBuiltBytes bounds one string a program builds.
	MaxBuiltBytes = 1 << 20
	// BuildBudget bounds the bytes of all strings a run of a program builds.
	BuildBudget = 16 << 20
	// StepBudget bounds the predicate calls (map, filter, all, reduce...)
	// of a run of a program.
	StepBudget = 1_000_000
	// maxDepth bounds how deeply nested a value toJSON, string or flatten
	// may walk.
	maxDepth = 1000
)

// ErrBudget is wrapped by every stop of a program that went over a limit.
var ErrBudget = errors.New("expression went over its limits")

// Functions the guard rewrites into.
const (
	addFunc   = "__add"
	guardFunc = "__guard"
	stepFunc  = "__step"
)

// guarded are the builtins whose result can be much larger than their
// arguments, with the numbers of arguments they take (at least, at most);
// their calls are measured before they run. A call with another number
// is left alone, for the compiler to refuse.
var guarded = map[string][2]int{"replace": {3, 3}, "toJSON": {1, 1}, "string": {1, 1}, "join": {1, 2}, "flatten": {1, 1}}

// budget is the environment of one run: the Resolver the program reads
// plus what is left of its limits.
type budget struct {
	Resolver
	bytes int
	steps int
}

func newBudget(r Resolver) *budget {
	return &budget{Resolver: r, bytes: BuildBudget, steps: StepBudget}
}

func (b *budget) build(n int) error {
	if n > MaxBuiltBytes {
		return fmt.Errorf("%w: it would build a text of %d bytes; at most %d are allowed", ErrBudget, n, MaxBuiltBytes)
	}
	if b.bytes -= n; b.bytes < 0 {
		return fmt.Errorf("%w: it built more than %d bytes of text in one run", ErrBudget, BuildBudget)
	}
	return nil
}

func budgetOf(env any) (*budget, error) {
	b, ok := env.(*budget)
	if !ok {
		return nil, errInternal
	}
	return b, nil
}

// add is "a + b" where a or b may be a string.
func add(params ...any) (any, error) {
	b, err := budgetOf(params[0])
	if err != nil {
		return nil, err
	}
	x, y := params[1], params[2]
	if s, ok := x.(string); ok {
		if t, ok := y.(string); ok {
			if err := b.build(len(s) + len(t)); err != nil {
				return nil, err
			}
			return s + t, nil
		}
	}
	return runtime.Add(x, y), nil
}

// step counts one predicate call and passes its value through.
func step(params ...any) (any, error) {
	b, err := budgetOf(params[0])
	if err != nil {
		return nil, err
	}
	if b.steps--; b.steps < 0 {
		return nil, fmt.Errorf("%w: it ran more than %d steps of map, filter, reduce and the like", ErrBudget, StepBudget)
	}
	return params[1], nil
}

// guard measures the result of a guarded builtin before calling it.
func guard(params ...any) (any, error) {
	b, err := budgetOf(params[0])
	if err != nil {
		return nil, err
	}
	name, _ := params[1].(string)
	args := params[2:]
	n, err := resultSize(name, args)
	if err != nil {
		return nil, err
	}
	if err := b.build(n); err != nil {
		return nil, err
	}
	return callBuiltin(name, args)
}

// resultSize estimates, from above, the bytes of name(args...).
func resultSize(name string, args []any) (int, error) {
	if len(args) == 0 {
		return 0, nil
	}
	if name == "replace" && len(args) == 3 {
		s, _ := args[0].(string)
		old, _ := args[1].(string)
		repl, _ := args[2].(string)
		count := strings.Count(s, old)
		if grow := len(repl) - len(old); grow > 0 && count > (MaxBuiltBytes+1)/grow {
			return MaxBuiltBytes + 1, nil
		} else if grow > 0 {
			return len(s) + count*grow, nil
		}
		return len(s), nil
	}
	size := 0
	for _, a := range args {
		n, err := sizeOf(reflect.ValueOf(a), 0, MaxBuiltBytes+1-size)
		if err != nil {
			return 0, err
		}
		size += n
	}
	return size, nil
}

// sizeOf estimates the JSON size of v, stopping once it passes limit.
func sizeOf(v reflect.Value, depth, limit int) (int, error) {
	if depth > maxDepth {
		return 0, fmt.Errorf("%w: a value is nested more than %d levels deep", ErrBudget, maxDepth)
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return 4, nil
		}
		return sizeOf(v.Elem(), depth, limit)
	case reflect.String:
		return len(v.String()) + 2, nil
	case reflect.Slice, reflect.Array:
		n := 2
		for i := 0; i < v.Len() && n <= limit; i++ {
			m, err := sizeOf(v.Index(i), depth+1, limit-n)
			if err != nil {
				return 0, err
			}
			n += m + 1
		}
		return n, nil
	case reflect.Map:
		n := 2
		for it := v.MapRange(); it.Next() && n <= limit; {
			k, err := sizeOf(it.Key(), depth+1, limit-n)
			if err != nil {
				return 0, err
			}
			m, err := sizeOf(it.Value(), depth+1, limit-n-k)
			if err != nil {
				return 0, err
			}
			n += k + m + 2
		}
		return n, nil
	}
	return 24, nil
}

func callBuiltin(name string, args []any) (any, error) {
	for _, f := range builtin.Builtins {
		if f.Name != name {
			continue
		}
		switch {
		case f.Fast != nil && len(args) == 1:
			return f.Fast(args[0]), nil
		case f.Func != nil:
			return f.Func(args...)
		case f.Safe != nil:
			v, _, err := f.Safe(args...)
			return v, err
		}
	}
	return nil, errInternal
}

// guardPatcher rewrites what expr does not bound: string "+", the guarded
// builtins, and predicate bodies (which then count their calls).
type guardPatcher struct{}

func (guardPatcher) Visit(node *ast.Node) {
	env := func() ast.Node { return &ast.IdentifierNode{Value: "$env"} }
	switch n := (*node).(type) {
	case *ast.BinaryNode:
		if n.Operator == "+" && !(numeric(n.Left) && numeric(n.Right)) {
			ast.Patch(node, &ast.CallNode{Callee: &ast.IdentifierNode{Value: addFunc},
				Arguments: []ast.Node{env(), n.Left, n.Right}})
		}
	case *ast.BuiltinNode:
		if arity, ok := guarded[n.Name]; ok && len(n.Arguments) >= arity[0] && len(n.Arguments) <= arity[1] {
			args := append([]ast.Node{env(), &ast.StringNode{Value: n.Name}}, n.Arguments...)
			ast.Patch(node, &ast.CallNode{Callee: &ast.IdentifierNode{Value: guardFunc}, Arguments: args})
		}
	case *ast.PredicateNode:
		if call, ok := n.Node.(*ast.CallNode); ok {
			if id, ok := call.Callee.(*ast.IdentifierNode); ok && id.Value == stepFunc {
				return
			}
		}
		n.Node = &ast.CallNode{Callee: &ast.IdentifierNode{Value: stepFunc}, Arguments: []ast.Node{env(), n.Node}}
	}
}

func numeric(n ast.Node) bool {
	t := n.Type()
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}
