package mapping

import (
	"strings"
	"testing"
)

func TestParseTemplate_Parts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		paths  []string
		single string
		err    string
	}{
		{name: "plain text", in: "hello"},
		{name: "one placeholder keeps its type", in: "{{ vars.customer_number }}", paths: []string{"vars.customer_number"}, single: "vars.customer_number"},
		{name: "spaces around a single placeholder", in: "  {{vars.x}} ", paths: []string{"vars.x"}, single: "vars.x"},
		{name: "mixed text", in: "Hi {{ trigger.body.name }}, agent {{ vars.agent }}", paths: []string{"trigger.body.name", "vars.agent"}},
		{name: "query path", in: `{{ nodes.lookup.body.items.#(id=="7").name }}`, paths: []string{`nodes.lookup.body.items.#(id=="7").name`}, single: `nodes.lookup.body.items.#(id=="7").name`},
		{name: "unclosed", in: "Hi {{ vars.x", err: "without a closing"},
		{name: "stray close", in: "Hi }}", err: "without an opening"},
		{name: "empty", in: "{{ }}", err: "empty"},
		{name: "bad path", in: "{{ vars..x }}", err: "empty part"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl, err := ParseTemplate(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseTemplate(%q) error = %v, want one containing %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseTemplate(%q): %v", tt.in, err)
			}
			if got := strings.Join(tpl.Paths(), "|"); got != strings.Join(tt.paths, "|") {
				t.Errorf("paths = %q, want %q", got, tt.paths)
			}
			single, ok := tpl.Single()
			if single != tt.single || ok != (tt.single != "") {
				t.Errorf("Single() = %q, %v; want %q", single, ok, tt.single)
			}
		})
	}
}

func TestCheckPath(t *testing.T) {
	t.Parallel()
	good := []string{"body.customer.phone", "a.b.0", "items.#", `items.#(age>40).name`, `items.#(name%"J*")#`,
		"a.b|@reverse", `a\.b.c`, "friends.#.first", "[a,b]", "{a,b}", "@this"}
	for _, p := range good {
		if err := CheckPath(p); err != nil {
			t.Errorf("CheckPath(%q) = %v, want nil", p, err)
		}
	}
	bad := map[string]string{
		"":                                "empty",
		"a..b":                            "empty part",
		"a.":                              "empty part",
		".a":                              "empty part",
		"a.#(b==1":                        "unclosed",
		"a.b)":                            "unbalanced",
		`a.#(b=="x).c`:                    "unclosed quote",
		`a\`:                              "backslash",
		"a|@nope":                         "unknown modifier",
		"a b":                             "space",
		strings.Repeat("a", MaxPathLen+1): "longer",
	}
	for p, want := range bad {
		if err := CheckPath(p); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckPath(%q) = %v, want an error containing %q", p, err, want)
		}
	}
	if err := CheckContextPath("body.x"); err == nil {
		t.Error("CheckContextPath(body.x) = nil, want an error about the root")
	}
}

func TestCompileExpression(t *testing.T) {
	t.Parallel()
	e, err := CompileExpression(`vars.agent_email != "" && trigger.body.amount > 100 && nodes.lookup.status == 200`, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(e.Refs, ","); got != "vars.agent_email,nodes.lookup" {
		t.Errorf("refs = %q", got)
	}
	out, err := e.Run(map[string]any{
		"vars":    map[string]any{"agent_email": "a@b.c"},
		"trigger": map[string]any{"body": map[string]any{"amount": 150.0}},
		"nodes":   map[string]any{"lookup": map[string]any{"status": 200.0}},
		"run":     map[string]any{},
	})
	if err != nil || out != true {
		t.Fatalf("Run = %v, %v; want true", out, err)
	}
	for src, want := range map[string]string{
		"":                         "empty",
		"trigerr.body.x == 1":      "unknown name trigerr",
		"vars.x +":                 "does not compile",
		"1 + 2":                    "bool",
		strings.Repeat("1+", 3000): "longer",
	} {
		if _, err := CompileExpression(src, true); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CompileExpression(%.40q) = %v, want an error containing %q", src, err, want)
		}
	}
}

func TestExpression_MemoryBudget(t *testing.T) {
	t.Parallel()
	e, err := CompileExpression(`len(map(1..100000000, # * 2)) > 0`, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Run(map[string]any{"trigger": map[string]any{}, "vars": map[string]any{}, "nodes": map[string]any{}, "run": map[string]any{}}); err == nil {
		t.Fatal("an expression allocating without bound ran; want a memory budget error")
	}
}
