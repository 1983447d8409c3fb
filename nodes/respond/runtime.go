package respond

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hookflow/hookflow/internal/mapping"
	"github.com/hookflow/hookflow/nodes"
)

// Build builds the respond node's runtime. The fixed start of the answer
// (status, the default Content-Type) is written here once.
func Build(b nodes.Builder) (nodes.Runner, error) {
	var cfg Config
	if err := b.Decode(&cfg); err != nil {
		return nil, err
	}
	status := cfg.Status
	if status == 0 {
		status = 200
	}
	r := &runner{}
	r.prefix = strconv.AppendInt([]byte(`{"status":`), int64(status), 10)
	r.prefix = append(r.prefix, `,"headers":{`...)
	names := make([]string, 0, len(cfg.Headers))
	hasType := false
	for name := range cfg.Headers {
		names = append(names, name)
		hasType = hasType || strings.EqualFold(name, "Content-Type")
	}
	if !hasType {
		r.prefix = append(r.prefix, `"Content-Type":"application/json"`...)
	}
	sort.Strings(names)
	for _, name := range names {
		t, err := b.Template(FieldHeaders+"."+name, cfg.Headers[name])
		if err != nil {
			return nil, err
		}
		r.headers = append(r.headers, header{key: append(mapping.AppendString(nil, name), ':'), value: t})
	}
	body, err := b.JSON(FieldBody, cfg.Body)
	if err != nil {
		return nil, err
	}
	r.body = body
	r.size = len(r.prefix) + 64*len(r.headers) + len(cfg.Body) + 16
	return r, nil
}

type header struct {
	key   []byte // "Name":
	value nodes.Template
}

type runner struct {
	prefix  []byte // {"status":200,"headers":{ and the default Content-Type
	headers []header
	body    nodes.Template
	size    int
}

// Run renders the answer {"status", "headers", "body"}; it is both the
// step's output and the run's response.
func (r *runner) Run(_ context.Context, rc nodes.RunContext) (nodes.Result, error) {
	out := make([]byte, 0, r.size)
	out = append(out, r.prefix...)
	var err error
	for i, h := range r.headers {
		if i > 0 || out[len(out)-1] != '{' {
			out = append(out, ',')
		}
		out = append(out, h.key...)
		if out, err = rc.AppendString(out, h.value); err != nil {
			return nodes.Result{}, fmt.Errorf("header %s: %w", h.key[:len(h.key)-1], err)
		}
	}
	out = append(out, `},"body":`...)
	if out, err = rc.AppendJSON(out, r.body); err != nil {
		return nodes.Result{}, fmt.Errorf("body: %w", err)
	}
	out = append(out, '}')
	return nodes.Result{Output: out, Response: out}, nil
}

var (
	_ nodes.BuildFunc = Build
	_ nodes.Runner    = (*runner)(nil)
)
