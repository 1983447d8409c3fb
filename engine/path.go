package engine

import (
	"strings"
	"unsafe"

	"github.com/tidwall/gjson"

	"github.com/hookflow/hookflow/internal/mapping"
)

// root is the first component of a context path.
type root uint8

const (
	rootTrigger root = iota
	rootVars
	rootNodes
	rootRun
)

// Special slots of a ctxPath.
const (
	slotWhole   = -1 // the root alone: "vars", "nodes"
	slotUnknown = -2 // a node the plan does not have: never present
)

// ctxPath is a context path compiled against a plan: "vars.agent.email"
// becomes the variable's slot and the gjson path "email" inside its value,
// so a run reads it without looking anything up by name.
type ctxPath struct {
	full string
	root root
	slot int    // variable slot or node index, for vars and nodes
	rest string // the gjson path inside the value; "" is all of it
}

// String returns the path as written, with its root.
func (p *ctxPath) String() string { return p.full }

// path compiles a context path; the same path compiles once per plan.
func (pb *planBuilder) path(full string) (*ctxPath, error) {
	if p, ok := pb.paths[full]; ok {
		return p, nil
	}
	if err := mapping.CheckContextPath(full); err != nil {
		return nil, err
	}
	first, rest, _ := strings.Cut(full, ".")
	p := &ctxPath{full: full, rest: rest}
	switch first {
	case "trigger":
		p.root = rootTrigger
	case "run":
		p.root = rootRun
	case "vars":
		p.root, p.slot = rootVars, slotWhole
		if name, inner, _ := strings.Cut(rest, "."); name != "" {
			p.slot, p.rest = pb.varSlot(name), inner
		}
	case "nodes":
		p.root, p.slot = rootNodes, slotWhole
		if name, inner, _ := strings.Cut(rest, "."); name != "" {
			p.slot, p.rest = slotUnknown, inner
			if i, ok := pb.plan.index[name]; ok {
				p.slot = i
			}
		}
	}
	pb.paths[full] = p
	return p, nil
}

// get reads p from the run's data. The result points into the run's
// buffers, which are never modified once written.
func (c *runCtx) get(p *ctxPath) gjson.Result {
	if p.root == rootRun {
		// The ids are read often (idempotency keys, answers); they need
		// no object.
		switch p.rest {
		case "id":
			return gjson.Result{Type: gjson.String, Str: c.x.r.ID}
		case "flowId":
			return gjson.Result{Type: gjson.String, Str: c.x.r.FlowID}
		}
	}
	src := c.source(p)
	if len(src) == 0 {
		return gjson.Result{}
	}
	s := unsafe.String(unsafe.SliceData(src), len(src))
	if p.rest == "" {
		return gjson.Parse(s)
	}
	return gjson.Get(s, p.rest)
}

// source returns the JSON that p reads inside.
func (c *runCtx) source(p *ctxPath) []byte {
	switch p.root {
	case rootTrigger:
		return c.x.r.Trigger
	case rootRun:
		return c.runObject()
	case rootVars:
		if p.slot == slotWhole {
			return c.varsObject()
		}
		return c.vars[p.slot]
	}
	switch p.slot {
	case slotWhole:
		return c.nodesObject()
	case slotUnknown:
		return nil
	}
	return c.outputs[p.slot]
}

// runObject returns {"id", "flowId", "version", "startedAt"}, built on
// first use in a run.
func (c *runCtx) runObject() []byte {
	if c.run == nil {
		r := c.x.r
		b := append(mapping.AppendString([]byte(`{"id":`), r.ID), `,"flowId":`...)
		b = mapping.AppendString(b, r.FlowID)
		b = append(b, `,"version":`...)
		b, _ = mapping.AppendValue(b, r.Version)
		b = append(b, `,"startedAt":`...)
		b = mapping.AppendString(b, r.StartedAt.UTC().Format(timeFormat))
		c.run = append(b, '}')
	}
	return c.run
}

// varsObject returns every variable set so far as one object. Only a path
// naming "vars" alone needs it.
func (c *runCtx) varsObject() []byte {
	b := []byte{'{'}
	for i, v := range c.vars {
		if v == nil {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(mapping.AppendString(b, c.x.p.varNames[i]), ':')
		b = append(b, v...)
	}
	return append(b, '}')
}

// nodesObject returns the outputs of the nodes that ran, by id.
func (c *runCtx) nodesObject() []byte {
	b := []byte{'{'}
	for i, out := range c.outputs {
		if out == nil {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(mapping.AppendString(b, c.x.p.nodes[i].id), ':')
		b = append(b, out...)
	}
	return append(b, '}')
}

// subslice returns the part of buf that s, a string read from buf with
// gjson, occupies, so a value can be kept without copying; it copies when
// s is not inside buf (an unescaped string).
func subslice(buf []byte, s string) []byte {
	if len(s) == 0 || len(buf) == 0 {
		return []byte(s)
	}
	start := uintptr(unsafe.Pointer(unsafe.StringData(s))) - uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	if start > uintptr(len(buf)) || uintptr(len(s)) > uintptr(len(buf))-start {
		return []byte(s)
	}
	return buf[start : start+uintptr(len(s)) : start+uintptr(len(s))]
}
