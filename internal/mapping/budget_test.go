package mapping

import (
	"errors"
	"strings"
	"testing"

	"github.com/expr-lang/expr/vm"
)

// TestProgram_Budget: expressions that would build unbounded text, walk
// a structure that repeats itself or loop without end stop with a clear
// error instead of taking the worker's memory or CPU.
func TestProgram_Budget(t *testing.T) {
	t.Parallel()
	big := `{"trigger": {"body": {"items": [` + strings.Repeat("1,", 9999) + `1]}}}`
	tests := []struct {
		src, doc, msg string
	}{
		{`len(reduce(1..40, #acc + #acc + "x", ""))`, doc, "would build a text of"},
		{`len(reduce(1..1000000, #acc + "xxxxxxxxxx", ""))`, doc, "built more than"},
		{`len(replace(repeat("a", 500000), "a", repeat("b", 1000)))`, doc, "would build a text of"},
		{`len(toJSON(reduce(1..25, [#acc, #acc], 0)))`, doc, "would build a text of"},
		{`len(string(reduce(1..25, [#acc, #acc], 0)))`, doc, "would build a text of"},
		{`len(flatten(reduce(1..30, [#acc, #acc], [1])))`, doc, "would build a text of"},
		{`len(toJSON(reduce(1..2000, [#acc], 0)))`, doc, "nested more than"},
		{`all(trigger.body.items, all(trigger.body.items, all(trigger.body.items, true)))`, big, "steps"},
		{`len(repeat("x", 1000000000))`, doc, "memory budget exceeded"},
		{`len(1..1000000000)`, doc, "memory budget exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			p, err := CompileProgram(tt.src, false)
			if err != nil {
				t.Fatal(err)
			}
			var m vm.VM
			v, err := p.Run(&m, &ctx{doc: tt.doc, paths: p.Paths})
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("= %v, %v; want an error with %q", v, err, tt.msg)
			}
			if tt.msg != "memory budget exceeded" && !errors.Is(err, ErrBudget) {
				t.Errorf("error %v does not wrap ErrBudget", err)
			}
		})
	}
}

// TestProgram_BudgetKeepsMeaning: the guarded operations give what expr
// gives them unguarded.
func TestProgram_BudgetKeepsMeaning(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want any
	}{
		{`trigger.body.customer.name + "!"`, "Asha!"},
		{`trigger.body.amount + 1`, 151.0},
		{`1 + 2`, 3},
		{`join(trigger.body.tags, ",")`, "vip,new"},
		{`replace("abc", "b", "xy")`, "axyc"},
		{`string(1.5)`, "1.5"},
		{`toJSON(trigger.body.scores)`, "[\n  1,\n  2.5\n]"},
		{`len(flatten([[1], [2, [3]]]))`, 3},
		{`len(filter(trigger.body.tags, # != "vip"))`, 1},
		{`reduce(trigger.body.scores, #acc + #, 0)`, 3.5},
		{`let a = "ab"; a + a`, "abab"},
	}
	for _, tt := range tests {
		p, err := CompileProgram(tt.src, false)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		var m vm.VM
		if v, err := p.Run(&m, &ctx{doc: doc, paths: p.Paths}); err != nil || v != tt.want {
			t.Errorf("%s = %#v, %v; want %#v", tt.src, v, err, tt.want)
		}
	}
}
