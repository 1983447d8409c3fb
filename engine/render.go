package engine

import (
	"github.com/tidwall/gjson"

	"github.com/hookflow/hookflow/internal/mapping"
	"github.com/hookflow/hookflow/nodes"
)

// value reads one placeholder of t: a missing value is an error when t's
// field is required, and is otherwise noted on the step and empty.
func (c *runCtx) value(t *template, p *ctxPath) (gjson.Result, error) {
	v := c.get(p)
	if !v.Exists() {
		if t.required {
			return v, nodes.MissingError(p.full)
		}
		c.NoteMissing(p.full)
	}
	return v, nil
}

func (c *runCtx) AppendJSON(dst []byte, t nodes.Template) ([]byte, error) {
	switch t := t.(type) {
	case *template:
		return c.appendJSON(dst, t)
	case *jsonTemplate:
		var err error
		for _, s := range t.segs {
			if s.tpl == nil {
				dst = append(dst, s.lit...)
			} else if dst, err = c.appendJSON(dst, s.tpl); err != nil {
				return dst, err
			}
		}
		return dst, nil
	}
	return dst, errForeign
}

func (c *runCtx) appendJSON(dst []byte, t *template) ([]byte, error) {
	if t.single == nil {
		return c.appendQuoted(dst, t)
	}
	v, err := c.value(t, t.single)
	if err != nil || !v.Exists() {
		return append(dst, "null"...), err
	}
	return appendResult(dst, v), nil
}

func (c *runCtx) appendQuoted(dst []byte, t *template) ([]byte, error) {
	dst = append(dst, '"')
	dst, err := c.appendParts(dst, t, true)
	return append(dst, '"'), err
}

func (c *runCtx) AppendText(dst []byte, t nodes.Template) ([]byte, error) {
	switch t := t.(type) {
	case *template:
		return c.appendParts(dst, t, false)
	case *jsonTemplate:
		return c.AppendJSON(dst, t)
	}
	return dst, errForeign
}

func (c *runCtx) AppendString(dst []byte, t nodes.Template) ([]byte, error) {
	switch t := t.(type) {
	case *template:
		return c.appendQuoted(dst, t)
	case *jsonTemplate:
		text, err := c.AppendJSON(nil, t)
		return mapping.AppendString(dst, string(text)), err
	}
	return dst, errForeign
}

func (c *runCtx) Value(t nodes.Template) (gjson.Result, error) {
	tt, ok := t.(*template)
	switch {
	case !ok:
		text, err := c.AppendText(nil, t)
		return gjson.Result{Type: gjson.String, Str: string(text)}, err
	case tt.single != nil:
		return c.value(tt, tt.single)
	case tt.static.Type == gjson.String:
		return tt.static, nil
	}
	text, err := c.appendParts(nil, tt, false)
	return gjson.Result{Type: gjson.String, Str: string(text)}, err
}

// appendParts renders t as text, JSON-escaped when escape is set.
func (c *runCtx) appendParts(dst []byte, t *template, escape bool) ([]byte, error) {
	for i := range t.parts {
		pt := &t.parts[i]
		switch {
		case pt.path == nil && escape:
			dst = append(dst, pt.escaped...)
		case pt.path == nil:
			dst = append(dst, pt.text...)
		default:
			v, err := c.value(t, pt.path)
			if err != nil {
				return dst, err
			}
			dst = appendText(dst, v, escape)
		}
	}
	return dst, nil
}

// appendResult appends v as compact JSON.
func appendResult(dst []byte, v gjson.Result) []byte {
	switch {
	case v.Type == gjson.String && v.Raw == "":
		return mapping.AppendString(dst, v.Str)
	case v.Type == gjson.JSON:
		return mapping.AppendCompact(dst, v.Raw)
	}
	return append(dst, v.Raw...)
}

// appendText appends v as text: a string unquoted, null and missing as
// nothing, anything else as compact JSON; JSON-escaped when escape is set.
func appendText(dst []byte, v gjson.Result, escape bool) []byte {
	switch v.Type {
	case gjson.Null:
		return dst
	case gjson.String:
		if !escape {
			return append(dst, v.Str...)
		}
		if n := len(v.Raw); n >= 2 && v.Raw[0] == '"' {
			// gjson's Raw is already a valid JSON string.
			return append(dst, v.Raw[1:n-1]...)
		}
		return mapping.AppendEscaped(dst, v.Str)
	case gjson.JSON:
		if escape {
			return mapping.AppendEscaped(dst, string(mapping.AppendCompact(nil, v.Raw)))
		}
		return mapping.AppendCompact(dst, v.Raw)
	}
	return append(dst, v.Raw...)
}
