package flows

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/hookflow/hookflow/internal/mapping"
	"github.com/hookflow/hookflow/nodes"
)

// configCheck validates one node's config against its spec.
type configCheck struct {
	g       *graph
	node    *Node
	spec    *nodes.Spec
	vars    map[string]string
	acyclic bool
	above   map[string]bool // ancestors, computed on first use
}

func (c *configCheck) add(field, format string, args ...any) {
	c.g.add(c.node.ID, field, format, args...)
}

func (c *configCheck) run() {
	obj, ok := decodeObject(c.node.Config)
	if !ok {
		c.add("config", "config must be a JSON object")
		return
	}
	c.object("", c.spec.Fields, obj)
}

func decodeObject(raw json.RawMessage) (map[string]json.RawMessage, bool) {
	obj := map[string]json.RawMessage{}
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return obj, true
	}
	return obj, json.Unmarshal(raw, &obj) == nil
}

// object checks obj against fields; prefix names the object in problems
// ("rules[2].").
func (c *configCheck) object(prefix string, fields []nodes.Field, obj map[string]json.RawMessage) {
	known := map[string]bool{}
	for _, f := range fields {
		known[f.Name] = true
		if !applies(f, fields, obj) {
			continue
		}
		raw, present := obj[f.Name]
		if !present || string(raw) == "null" {
			if f.Required {
				c.add(prefix+f.Name, "%s is required", f.Label)
			}
			continue
		}
		c.value(prefix+f.Name, f, raw)
	}
	for _, k := range sortedKeys(obj) {
		if !known[k] {
			c.add(prefix+k, "unknown field %q", k)
		}
	}
}

// applies reports whether f's When condition holds in obj, reading the
// other field's default when obj lacks it.
func applies(f nodes.Field, fields []nodes.Field, obj map[string]json.RawMessage) bool {
	return f.When == nil || slices.Contains(f.When.Equals, fieldText(fields, obj, f.When.Field))
}

// fieldText is field name of obj as text, or the default its spec among
// fields gives it when obj lacks it; conditions compare it with their values.
func fieldText(fields []nodes.Field, obj map[string]json.RawMessage, name string) string {
	var v any
	if raw, ok := obj[name]; ok {
		_ = json.Unmarshal(raw, &v)
	} else {
		for _, o := range fields {
			if o.Name == name {
				v = o.Default
			}
		}
	}
	return fmt.Sprint(v)
}

func (c *configCheck) value(name string, f nodes.Field, raw json.RawMessage) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		c.add(name, "%s is not valid JSON", f.Label)
		return
	}
	switch f.Kind {
	case nodes.FieldString, nodes.FieldText, nodes.FieldCredential:
		c.text(name, f, v)
	case nodes.FieldNumber, nodes.FieldInteger:
		c.number(name, f, v)
	case nodes.FieldBool:
		if _, ok := v.(bool); !ok {
			c.add(name, "%s must be true or false", f.Label)
		}
	case nodes.FieldSelect:
		if s, ok := v.(string); !ok || !hasOption(f, s) {
			c.add(name, "%s must be one of %s", f.Label, optionList(f))
		}
	case nodes.FieldMultiSelect:
		c.multi(name, f, v)
	case nodes.FieldDuration:
		if s, ok := v.(string); !ok || !validDuration(s) {
			c.add(name, "%s must be a duration such as 30s, 5m or 1h30m", f.Label)
		}
	case nodes.FieldExpression:
		c.expression(name, f, v)
	case nodes.FieldPath:
		c.path(name, f, v)
	case nodes.FieldKeyValue:
		c.keyValue(name, f, v)
	case nodes.FieldJSON:
		c.jsonValue(name, f, v)
	case nodes.FieldList:
		c.list(name, f, raw)
	}
}

func (c *configCheck) text(name string, f nodes.Field, v any) {
	s, ok := v.(string)
	switch {
	case !ok:
		c.add(name, "%s must be text", f.Label)
	case s == "" && f.Required:
		c.add(name, "%s is required", f.Label)
	case f.Templates:
		c.template(name, s)
	case mapping.HasPlaceholders(s):
		c.add(name, "%s does not take {{ }} templates", f.Label)
	}
}

func (c *configCheck) number(name string, f nodes.Field, v any) {
	n, ok := v.(float64)
	switch {
	case !ok:
		c.add(name, "%s must be a number", f.Label)
	case f.Kind == nodes.FieldInteger && n != math.Trunc(n):
		c.add(name, "%s must be a whole number", f.Label)
	case f.Min != nil && n < *f.Min:
		c.add(name, "%s must be at least %s", f.Label, strconv.FormatFloat(*f.Min, 'f', -1, 64))
	case f.Max != nil && n > *f.Max:
		c.add(name, "%s must be at most %s", f.Label, strconv.FormatFloat(*f.Max, 'f', -1, 64))
	}
}

func (c *configCheck) multi(name string, f nodes.Field, v any) {
	items, ok := v.([]any)
	if !ok {
		c.add(name, "%s must be a list", f.Label)
		return
	}
	if len(items) == 0 && f.Required {
		c.add(name, "%s needs at least one value", f.Label)
	}
	for i, it := range items {
		s, ok := it.(string)
		if !ok || (!f.OpenOptions && !hasOption(f, s)) {
			c.add(fmt.Sprintf("%s[%d]", name, i), "%v is not one of %s", it, optionList(f))
		}
	}
}

func hasOption(f nodes.Field, s string) bool {
	for _, o := range f.Options {
		if o.Value == s {
			return true
		}
	}
	return false
}

func optionList(f nodes.Field) string {
	var b bytes.Buffer
	for i, o := range f.Options {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(o.Value)
	}
	return b.String()
}

func validDuration(s string) bool {
	d, err := time.ParseDuration(s)
	return err == nil && d > 0
}

func (c *configCheck) list(name string, f nodes.Field, raw json.RawMessage) {
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		c.add(name, "%s must be a list", f.Label)
		return
	}
	if f.Required && len(items) == 0 {
		c.add(name, "%s needs at least one entry", f.Label)
	}
	if f.Max != nil && float64(len(items)) > *f.Max {
		c.add(name, "%s holds at most %s entries", f.Label, strconv.FormatFloat(*f.Max, 'f', -1, 64))
	}
	names := map[string]bool{}
	for i, it := range items {
		prefix := fmt.Sprintf("%s[%d].", name, i)
		obj, ok := decodeObject(it)
		if !ok {
			c.add(prefix[:len(prefix)-1], "each entry of %s must be an object", f.Label)
			continue
		}
		c.object(prefix, f.Fields, obj)
		var n string
		if json.Unmarshal(obj["name"], &n) == nil && n != "" {
			if names[n] {
				c.add(prefix+"name", "the name %q is used twice", n)
			}
			names[n] = true
		}
	}
}
