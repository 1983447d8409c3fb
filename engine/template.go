package engine

import (
	"errors"
	"strconv"

	"github.com/tidwall/gjson"

	"github.com/hookflow/hookflow/internal/mapping"
	"github.com/hookflow/hookflow/nodes"
)

// template is a text field compiled against a plan.
type template struct {
	src   string
	parts []part
	// single is set when the template is one placeholder alone: it then
	// keeps the JSON type of what it names.
	single *ctxPath
	// required makes a missing value an error instead of empty.
	required bool
	// static is the text as a string value, when there is no placeholder.
	static gjson.Result
}

// part is literal text (with its JSON-escaped form) or a placeholder.
type part struct {
	text    string
	escaped string
	path    *ctxPath
}

func (t *template) Source() string { return t.src }

func compileTemplate(src string, required bool, path func(string) (*ctxPath, error)) (*template, error) {
	t := &template{src: src, required: required}
	if !mapping.HasPlaceholders(src) {
		t.parts = []part{{text: src, escaped: string(mapping.AppendEscaped(nil, src))}}
		t.static = gjson.Result{Type: gjson.String, Str: src, Raw: string(mapping.AppendString(nil, src))}
		return t, nil
	}
	parsed, err := mapping.ParseTemplate(src)
	if err != nil {
		return nil, err
	}
	for _, pt := range parsed.Parts {
		if pt.Path == "" {
			t.parts = append(t.parts, part{text: pt.Text, escaped: string(mapping.AppendEscaped(nil, pt.Text))})
			continue
		}
		p, err := path(pt.Path)
		if err != nil {
			return nil, err
		}
		t.parts = append(t.parts, part{path: p})
	}
	if single, ok := parsed.Single(); ok {
		t.single, _ = path(single)
	}
	return t, nil
}

// jsonTemplate is a JSON field compiled against a plan: literal JSON,
// compacted, between the templates of its strings.
type jsonTemplate struct {
	src  string
	segs []segment
}

// segment is literal JSON or a template rendered as a JSON value.
type segment struct {
	lit []byte
	tpl *template
}

func (t *jsonTemplate) Source() string { return t.src }

// compileJSON compiles raw; an empty raw is null. tpl compiles the
// template of one string, named like "body.customer.name".
func compileJSON(field string, raw []byte, tpl func(field, src string) (*template, error)) (*jsonTemplate, error) {
	t := &jsonTemplate{src: string(raw)}
	if len(raw) == 0 {
		t.segs = []segment{{lit: []byte("null")}}
		return t, nil
	}
	if !gjson.ValidBytes(raw) {
		return nil, &nodes.FieldError{Field: field, Err: errors.New("not valid JSON")}
	}
	c := &jsonCompiler{tpl: tpl}
	if err := c.value(field, gjson.ParseBytes(raw)); err != nil {
		return nil, err
	}
	c.flush()
	t.segs = c.segs
	return t, nil
}

type jsonCompiler struct {
	tpl  func(field, src string) (*template, error)
	segs []segment
	lit  []byte
}

func (c *jsonCompiler) flush() {
	if len(c.lit) > 0 {
		c.segs = append(c.segs, segment{lit: c.lit})
		c.lit = nil
	}
}

func (c *jsonCompiler) value(field string, v gjson.Result) error {
	switch {
	case v.Type == gjson.String && mapping.HasPlaceholders(v.Str):
		t, err := c.tpl(field, v.Str)
		if err != nil {
			return err
		}
		c.flush()
		c.segs = append(c.segs, segment{tpl: t})
	case v.IsObject():
		return c.container(v, '{', '}', func(k gjson.Result, i int) string { return field + "." + k.Str })
	case v.IsArray():
		return c.container(v, '[', ']', func(_ gjson.Result, i int) string { return field + "[" + strconv.Itoa(i) + "]" })
	default:
		c.lit = mapping.AppendCompact(c.lit, v.Raw)
	}
	return nil
}

func (c *jsonCompiler) container(v gjson.Result, open, close byte, name func(gjson.Result, int) string) error {
	c.lit = append(c.lit, open)
	var err error
	i := 0
	v.ForEach(func(k, item gjson.Result) bool {
		if i > 0 {
			c.lit = append(c.lit, ',')
		}
		if open == '{' {
			c.lit = append(mapping.AppendString(c.lit, k.Str), ':')
		}
		err = c.value(name(k, i), item)
		i++
		return err == nil
	})
	c.lit = append(c.lit, close)
	return err
}
