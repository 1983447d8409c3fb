package engine

import (
	"errors"
	"fmt"
	"time"
	"unsafe"

	"github.com/expr-lang/expr/vm"
	"github.com/tidwall/gjson"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/internal/mapping"
	"github.com/hookflow/hookflow/nodes"
)

// timeFormat is how times appear in the run context.
const timeFormat = time.RFC3339Nano

// runCtx is the run context (DESIGN.md section 5) of one execution, and
// the nodes.RunContext a node gets. It lives in a pooled execution, so its
// buffers are reused from run to run.
type runCtx struct {
	x         *execution
	node      *planNode
	stepStart time.Time
	vars      [][]byte                // by variable slot; nil is unset
	outputs   [][]byte                // by node index; nil is not run
	run       []byte                  // the "run" object, built on first use
	missing   []string                // paths the current step found missing
	creds     []*credentials.Resolved // opened by the current step
	machine   vm.VM
	env       exprEnv
}

// exprEnv is what a running expression resolves its paths with.
type exprEnv struct {
	c     *runCtx
	paths []*ctxPath
}

// Lookup reads the running expression's path i.
func (e *exprEnv) Lookup(i int) gjson.Result { return e.c.get(e.paths[i]) }

// reset prepares c for a run, keeping its buffers.
func (c *runCtx) reset() {
	clear(c.vars)
	clear(c.outputs)
	c.run = nil
	c.node = nil
	c.missing = c.missing[:0]
	clear(c.creds)
	c.creds = c.creds[:0]
}

// begin prepares c for one node's step.
func (c *runCtx) begin(n *planNode, started time.Time) {
	c.node, c.stepStart = n, started
	c.missing = c.missing[:0]
	clear(c.creds)
	c.creds = c.creds[:0]
}

func (c *runCtx) RunID() string            { return c.x.r.ID }
func (c *runCtx) FlowID() string           { return c.x.r.FlowID }
func (c *runCtx) NodeID() string           { return c.node.id }
func (c *runCtx) Now() time.Time           { return c.x.now() }
func (c *runCtx) StepStartedAt() time.Time { return c.stepStart }
func (c *runCtx) Trigger() []byte          { return c.x.r.Trigger }

func (c *runCtx) Get(p nodes.Path) gjson.Result {
	cp, ok := p.(*ctxPath)
	if !ok {
		return gjson.Result{}
	}
	return c.get(cp)
}

func (c *runCtx) NoteMissing(path string) {
	for _, m := range c.missing {
		if m == path {
			return
		}
	}
	c.missing = append(c.missing, path)
}

func (c *runCtx) SetVar(name string, raw []byte) error {
	slot, ok := c.x.p.vars[name]
	if !ok {
		return fmt.Errorf("node %s set the variable %q without declaring it", c.node.id, name)
	}
	c.vars[slot] = raw
	return nil
}

// setVars applies a JSON object of variables, keeping slices of obj.
func (c *runCtx) setVars(obj []byte) error {
	var err error
	gjson.Parse(unsafe.String(unsafe.SliceData(obj), len(obj))).ForEach(func(k, v gjson.Result) bool {
		err = c.SetVar(k.Str, subslice(obj, v.Raw))
		return err == nil
	})
	return err
}

// errForeign is returned for a template, expression or path that another
// Builder compiled.
var errForeign = errors.New("compiled by another engine")

func (c *runCtx) Eval(x nodes.Expression) (any, error) {
	e, ok := x.(*expression)
	if !ok {
		return nil, errForeign
	}
	c.env.c, c.env.paths = c, e.paths
	v, err := e.prog.Run(&c.machine, &c.env)
	c.env.paths = nil
	return v, err
}

func (c *runCtx) EvalBool(x nodes.Expression) (bool, error) {
	v, err := c.Eval(x)
	if err != nil {
		return false, err
	}
	switch b := v.(type) {
	case bool:
		return b, nil
	case nil:
		return false, nil
	}
	return false, fmt.Errorf("the expression gave %T, not true or false", v)
}

// expression is an expression compiled against a plan: its program and
// the compiled paths of the chains the program reads.
type expression struct {
	src   string
	prog  *mapping.Program
	paths []*ctxPath
}

func (e *expression) Source() string { return e.src }

var _ nodes.RunContext = (*runCtx)(nil)
