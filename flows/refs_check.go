package flows

import (
	"fmt"

	"github.com/hookflow/hookflow/internal/mapping"
	"github.com/hookflow/hookflow/nodes"
)

func (c *configCheck) template(name, s string) {
	if !mapping.HasPlaceholders(s) {
		return
	}
	t, err := mapping.ParseTemplate(s)
	if err != nil {
		c.add(name, "%v", err)
		return
	}
	for _, p := range t.Paths() {
		if err := mapping.CheckContextPath(p); err != nil {
			c.add(name, "%v", err)
			continue
		}
		c.ref(name, p)
	}
}

func (c *configCheck) expression(name string, f nodes.Field, v any) {
	s, ok := v.(string)
	if !ok {
		c.add(name, "%s must be text", f.Label)
		return
	}
	if s == "" {
		if f.Required {
			c.add(name, "%s is required", f.Label)
		}
		return
	}
	e, err := mapping.CompileExpression(s, f.Boolean)
	if err != nil {
		c.add(name, "%v", err)
		return
	}
	for _, r := range e.Refs {
		c.ref(name, r)
	}
}

// path checks a gjson path. In a trigger the paths read the incoming
// request or event ("body.customer.phone"); elsewhere they read the run
// context and must start with one of its roots.
func (c *configCheck) path(name string, f nodes.Field, v any) {
	s, ok := v.(string)
	switch {
	case !ok:
		c.add(name, "%s must be text", f.Label)
	case s == "":
		if f.Required {
			c.add(name, "%s is required", f.Label)
		}
	case c.spec.Kind == nodes.KindTrigger:
		if err := mapping.CheckPath(s); err != nil {
			c.add(name, "%v", err)
		}
	default:
		if err := mapping.CheckContextPath(s); err != nil {
			c.add(name, "%v", err)
			return
		}
		c.ref(name, s)
	}
}

func (c *configCheck) keyValue(name string, f nodes.Field, v any) {
	obj, ok := v.(map[string]any)
	if !ok {
		c.add(name, "%s must be an object of names to values", f.Label)
		return
	}
	for _, k := range sortedKeys(obj) {
		s, ok := obj[k].(string)
		switch {
		case k == "":
			c.add(name, "%s has an entry without a name", f.Label)
		case !ok:
			c.add(name+"."+k, "the value of %q must be text", k)
		case f.Templates:
			c.template(name+"."+k, s)
		}
	}
}

// jsonValue checks the templates in every string of a JSON value.
func (c *configCheck) jsonValue(name string, f nodes.Field, v any) {
	switch t := v.(type) {
	case string:
		if f.Templates {
			c.template(name, t)
		}
	case []any:
		for i, it := range t {
			c.jsonValue(fmt.Sprintf("%s[%d]", name, i), f, it)
		}
	case map[string]any:
		for _, k := range sortedKeys(t) {
			c.jsonValue(name+"."+k, f, t[k])
		}
	}
}

// ref checks that a vars or nodes reference names something that exists
// and, for nodes, runs before this node.
func (c *configCheck) ref(field, p string) {
	root, name := mapping.Root(p)
	switch root {
	case "vars":
		if name == "" {
			return
		}
		if _, ok := c.vars[name]; !ok {
			c.add(field, "vars.%s is not declared: add it to the trigger's mappings or to a Set node", name)
		}
	case "nodes":
		switch {
		case name == "":
		case c.g.nodes[name] == nil:
			c.add(field, "nodes.%s names no node of this flow", name)
		case name == c.node.ID:
			c.add(field, "a node cannot read its own output (nodes.%s)", name)
		case c.acyclic && !c.ancestors()[name]:
			c.add(field, "node %q does not run before this node, so nodes.%s is empty here", name, name)
		}
	}
}

func (c *configCheck) ancestors() map[string]bool {
	if c.above == nil {
		c.above = c.g.ancestors(c.node.ID)
	}
	return c.above
}
