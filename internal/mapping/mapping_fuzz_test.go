package mapping

import (
	"strings"
	"testing"

	"github.com/expr-lang/expr/vm"
	"github.com/tidwall/gjson"

	"github.com/hookflow/hookflow/internal/fuzzcheck"
)

// check fails t unless err's message is non-empty and plain; expr's
// messages show the source under a caret, which is taken out first.
func check(t *testing.T, err error, input string) {
	t.Helper()
	fuzzcheck.NonEmpty(t, err.Error())
	fuzzcheck.Message(t, err.Error(), input)
}

// FuzzParseTemplate: any text either parses into parts that put back
// together give the same template, or is refused with a message.
func FuzzParseTemplate(f *testing.F) {
	for _, s := range []string{"", "plain", "{{ trigger.body.a }}", "Hi {{vars.name}}, order {{ trigger.body.items.0.id }}!",
		"{{", "}}", "{{}}", "{{ a..b }}", "{{ a.@nope }}", `{{ a\ b }}`, "{{ trigger.body.#(id==7).name }}", "{{{{ x }}}}",
		"{{ a }}{{ b }}", "\xff{{ x }}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tpl, err := ParseTemplate(s)
		if err != nil {
			check(t, err, s)
			return
		}
		var b strings.Builder
		for _, p := range tpl.Parts {
			if p.Path != "" {
				if CheckPath(p.Path) != nil {
					t.Fatalf("accepted path %q fails CheckPath", p.Path)
				}
				b.WriteString("{{ " + p.Path + " }}")
			} else {
				if p.Text == "" || strings.Contains(p.Text, "{{") {
					t.Fatalf("text part %q", p.Text)
				}
				b.WriteString(p.Text)
			}
		}
		again, err := ParseTemplate(b.String())
		if err != nil || len(again.Paths()) != len(tpl.Paths()) {
			t.Fatalf("%q rebuilt as %q: %v", s, b.String(), err)
		}
		for i, p := range again.Paths() {
			if p != tpl.Paths()[i] {
				t.Fatalf("path %d: %q became %q", i, tpl.Paths()[i], p)
			}
		}
	})
}

// FuzzCheckPath: a path is refused with a message or read by gjson
// without trouble, and CheckContextPath agrees on everything but roots.
func FuzzCheckPath(f *testing.F) {
	for _, s := range []string{"trigger.body.a", "a..b", "a.", `a\`, "a.#(b==\"x\").c", "a.@reverse", "a.@x",
		"a[0", "items.#.id", "a|b", `"q`, "vars.x.y", strings.Repeat("a.", 300) + "a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		err := CheckPath(p)
		ctxErr := CheckContextPath(p)
		if err != nil {
			check(t, err, p)
			if ctxErr == nil {
				t.Fatalf("CheckContextPath accepts %q that CheckPath refuses", p)
			}
			return
		}
		if ctxErr != nil {
			check(t, ctxErr, p)
		}
		_ = gjson.Get(`{"a": {"b": [1, {"c": "x"}]}, "trigger": {"body": {}}}`, p)
	})
}

// FuzzCompileProgram: any source either compiles for validation and for
// running alike, or is refused with a message; a compiled program runs
// to a value or an error within its limits.
func FuzzCompileProgram(f *testing.F) {
	for _, s := range []string{"trigger.body.amount > 100", `"vip" in trigger.body.tags`, "len(trigger.body.tags)",
		`trigger.body.customer.name + "!"`, "map(trigger.body.items, .id)", "vars.missing ?? 1", "1..3",
		`reduce(1..10, #acc + #acc + "x", "")`, `toJSON(trigger)`, `replace("a", "a", "bb")`, "trigerr.body",
		"let x = 1; x + 1", "nodes.lookup.status == 200", `__lookup($env, 0)`, "$env", "1/0", "[1,2][5]",
		`filter(trigger.body.items, #.id > 1)`, `sortBy(trigger.body.scores, -#)`, "int(\"x\")"} {
		f.Add(s, false)
	}
	f.Add("trigger.body.amount", true)
	f.Fuzz(func(t *testing.T, src string, asBool bool) {
		if len(src) > MaxExpressionLen+10 {
			return
		}
		p, err := CompileProgram(src, asBool)
		if err != nil {
			check(t, err, src)
			return
		}
		if _, err := CompileExpression(src, asBool); err != nil && !strings.Contains(src, "__") && !strings.Contains(src, "$env") {
			// Validation may be stricter than running, never looser.
			check(t, err, src)
		}
		var m vm.VM
		v, err := p.Run(&m, &ctx{doc: doc, paths: p.Paths})
		if err != nil {
			check(t, err, src)
			return
		}
		if asBool {
			if _, ok := v.(bool); !ok && v != nil {
				t.Fatalf("%q as a condition gave %T", src, v)
			}
		}
		if s, ok := v.(string); ok && len(s) > MaxBuiltBytes+MemoryBudget {
			t.Fatalf("%q built %d bytes", src, len(s))
		}
	})
}
