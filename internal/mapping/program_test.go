package mapping

import (
	"slices"
	"strings"
	"testing"

	"github.com/expr-lang/expr/vm"
	"github.com/tidwall/gjson"
)

// ctx is a Resolver over one JSON document holding the four roots.
type ctx struct {
	doc   string
	paths []string
	reads []string
}

func (c *ctx) Lookup(i int) gjson.Result {
	c.reads = append(c.reads, c.paths[i])
	return gjson.Get(c.doc, c.paths[i])
}

const doc = `{"trigger": {"body": {"amount": 150, "tags": ["vip", "new"], "scores": [1, 2.5], "a.b": 1,
  "customer": {"name": "Asha"}, "items": [{"id": 7}], "key": "name", "none": null}},
  "vars": {"agent": "a@b.c", "key": "name"}, "nodes": {"lookup": {"status": 200}}, "run": {"id": "run_1"}}`

func TestCompileProgram_RewritesChains(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src   string
		paths []string
		want  any
	}{
		{`trigger.body.amount > 100`, []string{"trigger.body.amount"}, true},
		{`trigger.body["a.b"] == 1`, []string{`trigger.body.a\.b`}, true},
		{`trigger.body.items[0].id`, []string{"trigger.body.items.0.id"}, 7.0},
		{`trigger.body.customer[vars.key]`, []string{"trigger.body.customer", "vars.key"}, "Asha"},
		{`"vip" in trigger.body.tags`, []string{"trigger.body.tags"}, true},
		{`"gold" not in trigger.body.tags`, []string{"trigger.body.tags"}, true},
		{`2.5 in trigger.body.scores && 1 in trigger.body.scores`, []string{"trigger.body.scores", "trigger.body.scores"}, true},
		{`trigger.body.tags contains "vip" && trigger.body.customer.name contains "sh"`, []string{"trigger.body.tags", "trigger.body.customer.name"}, true},
		{`trigger.body.tags contains "vi"`, []string{"trigger.body.tags"}, false},
		{`"name" in trigger.body.customer`, []string{"trigger.body.customer"}, true},
		{`"x" in trigger.body.none`, []string{"trigger.body.none"}, false},
		{`len(trigger.body.tags)`, []string{"trigger.body.tags"}, 2},
		{`map(trigger.body.items, .id)`, []string{"trigger.body.items"}, []any{7.0}},
		{`nodes.lookup.status == 200 && run.id == "run_1"`, []string{"nodes.lookup.status", "run.id"}, true},
		{`vars.missing ?? "none"`, []string{"vars.missing"}, "none"},
		{`vars`, []string{"vars"}, map[string]any{"agent": "a@b.c", "key": "name"}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			p, err := CompileProgram(tt.src, false)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.Paths, tt.paths) {
				t.Errorf("paths = %q, want %q", p.Paths, tt.paths)
			}
			var machine vm.VM
			got, err := p.Run(&machine, &ctx{doc: doc, paths: p.Paths})
			if err != nil {
				t.Fatal(err)
			}
			if !equalValues(got, tt.want) {
				t.Errorf("= %#v, want %#v", got, tt.want)
			}
		})
	}
}

func equalValues(a, b any) bool {
	switch x := a.(type) {
	case []any:
		y, ok := b.([]any)
		return ok && slices.EqualFunc(x, y, equalValues)
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if !equalValues(v, y[k]) {
				return false
			}
		}
		return true
	}
	return a == b
}

func TestCompileProgram_KeepsValidation(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]string{
		"":                    "empty",
		"trigerr.body.x == 1": "unknown name trigerr",
		"1 + 2":               "bool",
		"vars.x +":            "does not compile",
	} {
		if _, err := CompileProgram(src, true); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CompileProgram(%q) = %v, want an error containing %q", src, err, want)
		}
	}
	p, err := CompileProgram(`trigger.body.none`, true)
	if err != nil {
		t.Fatal(err)
	}
	var machine vm.VM
	if got, err := p.Run(&machine, &ctx{doc: doc, paths: p.Paths}); err != nil || got != false {
		t.Errorf("a missing value as a condition = %v, %v; want false", got, err)
	}
}

func TestCompileProgram_MemoryBudget(t *testing.T) {
	t.Parallel()
	p, err := CompileProgram(`len(map(1..100000000, # * 2)) > 0`, true)
	if err != nil {
		t.Fatal(err)
	}
	var machine vm.VM
	if _, err := p.Run(&machine, &ctx{doc: doc}); err == nil {
		t.Fatal("an expression allocating without bound ran; want a memory budget error")
	}
}

func TestAppendJSON(t *testing.T) {
	t.Parallel()
	if got := string(AppendString(nil, "a\"b\\c\n\t\x01é\xff")); got != `"a\"b\\c\n\t\u0001é\ufffd"` {
		t.Errorf("AppendString = %s", got)
	}
	if got := string(AppendCompact(nil, "{ \"a b\" : [1, 2],\n \"c\": \"x \\\" y\" }")); got != `{"a b":[1,2],"c":"x \" y"}` {
		t.Errorf("AppendCompact = %s", got)
	}
	for v, want := range map[any]string{nil: "null", true: "true", "s": `"s"`, 1.5: "1.5", 3: "3", int64(-4): "-4",
		1e21: "1e+21", 0.0000001: "1e-7", 100.0: "100"} {
		if got, err := AppendValue(nil, v); err != nil || string(got) != want {
			t.Errorf("AppendValue(%v) = %s, %v; want %s", v, got, err, want)
		}
	}
	if got, err := AppendValue(nil, map[string]any{"a": []any{1}}); err != nil || string(got) != `{"a":[1]}` {
		t.Errorf("AppendValue(map) = %s, %v", got, err)
	}
	if _, err := AppendValue(nil, func() {}); err == nil {
		t.Error("AppendValue(func) gave no error")
	}
}
