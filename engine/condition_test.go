package engine_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/engine/enginetest"
	"github.com/hookflow/hookflow/flows"
)

const conditionBody = `{"amount": 150, "amountText": "150", "name": "Asha Verma", "phone": "+91 98765",
  "tags": ["vip", "new"], "scores": [1, 2.5], "customer": {"city": "Pune"}, "empty": "", "none": null,
  "list": [], "obj": {}, "active": true, "at": "2025-01-31T09:00:00Z"}`

// conditionFlow is a webhook into one condition node with config.
func conditionFlow(config string) string {
	return `{"nodes": [
	  {"id": "trigger", "type": "webhook", "typeVersion": 1, "config": {"mappings": [{"name": "city", "path": "body.customer.city"}]}},
	  {"id": "check", "type": "condition", "typeVersion": 1, "config": ` + config + `}],
	 "edges": [{"from": "trigger", "to": "check"}]}`
}

func rule(field, op, value string) string {
	return `{"mode": "rules", "rules": [{"field": ` + quote(field) + `, "operator": ` + quote(op) + `, "value": ` + quote(value) + `}]}`
}

func TestCondition_RuleOperators(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		field, op, v string
		want         bool
	}{
		{"eq text", "trigger.body.name", "eq", "Asha Verma", true},
		{"eq is case-sensitive", "trigger.body.name", "eq", "asha verma", false},
		{"eq number with text", "trigger.body.amount", "eq", "150", true},
		{"eq number as number", "trigger.body.amount", "eq", "150.0", true},
		{"eq two texts compare as text", "trigger.body.amountText", "eq", "150.0", false},
		{"eq bool", "trigger.body.active", "eq", "true", true},
		{"eq missing and empty", "trigger.body.nothing", "eq", "", true},
		{"eq template value", "trigger.body.customer.city", "eq", "{{ vars.city }}", true},
		{"neq", "trigger.body.name", "neq", "Ravi", true},
		{"neq same", "trigger.body.amount", "neq", "150", false},
		{"contains text", "trigger.body.name", "contains", "Verma", true},
		{"contains text no", "trigger.body.name", "contains", "Mehta", false},
		{"contains array item", "trigger.body.tags", "contains", "vip", true},
		{"contains array no", "trigger.body.tags", "contains", "vi", false},
		{"contains array number", "trigger.body.scores", "contains", "2.5", true},
		{"contains object key", "trigger.body.customer", "contains", "city", true},
		{"not_contains", "trigger.body.tags", "not_contains", "blocked", true},
		{"not_contains no", "trigger.body.name", "not_contains", "Asha", false},
		{"starts_with", "trigger.body.phone", "starts_with", "+91", true},
		{"starts_with no", "trigger.body.phone", "starts_with", "91", false},
		{"ends_with", "trigger.body.name", "ends_with", "Verma", true},
		{"ends_with no", "trigger.body.name", "ends_with", "Asha", false},
		{"gt numbers", "trigger.body.amount", "gt", "100", true},
		{"gt numbers not text", "trigger.body.amount", "gt", "1000", false},
		{"gt number in text", "trigger.body.amountText", "gt", "99", true},
		{"gt equal", "trigger.body.amount", "gt", "150", false},
		{"gte equal", "trigger.body.amount", "gte", "150", true},
		{"gte less", "trigger.body.amount", "gte", "151", false},
		{"lt", "trigger.body.amount", "lt", "200", true},
		{"lt no", "trigger.body.amount", "lt", "10", false},
		{"lte equal", "trigger.body.amount", "lte", "150", true},
		{"lte more", "trigger.body.amount", "lte", "149.99", false},
		{"gt text", "trigger.body.at", "gt", "2025-01-01T00:00:00Z", true},
		{"lt missing never holds", "trigger.body.nothing", "lt", "10", false},
		{"exists", "trigger.body.customer.city", "exists", "", true},
		{"exists null", "trigger.body.none", "exists", "", true},
		{"exists no", "trigger.body.customer.zip", "exists", "", false},
		{"not_exists", "trigger.body.customer.zip", "not_exists", "", true},
		{"not_exists no", "vars.city", "not_exists", "", false},
		{"empty string", "trigger.body.empty", "empty", "", true},
		{"empty null", "trigger.body.none", "empty", "", true},
		{"empty missing", "trigger.body.nothing", "empty", "", true},
		{"empty array", "trigger.body.list", "empty", "", true},
		{"empty object", "trigger.body.obj", "empty", "", true},
		{"empty no", "trigger.body.tags", "empty", "", false},
		{"empty number", "trigger.body.amount", "empty", "", false},
		{"not_empty", "trigger.body.name", "not_empty", "", true},
		{"not_empty no", "trigger.body.list", "not_empty", "", false},
		{"matches", "trigger.body.phone", "matches", `^\+91 \d+$`, true},
		{"matches no", "trigger.body.name", "matches", `^\d+$`, false},
		{"matches template", "trigger.body.name", "matches", "{{ vars.city }}|Asha", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			run := enginetest.New(t).Run(t, conditionFlow(rule(tt.field, tt.op, tt.v)), enginetest.Webhook(conditionBody))
			run.RequireSucceeded(t)
			want := map[bool]string{true: "true", false: "false"}[tt.want]
			if got := run.Step(t, "check").Port; got != want {
				t.Errorf("%s %s %q took %q, want %q", tt.field, tt.op, tt.v, got, want)
			}
			if got := run.Output(t, "check", "result").Bool(); got != tt.want {
				t.Errorf("output result = %v", got)
			}
		})
	}
}

func TestCondition_Combinators(t *testing.T) {
	t.Parallel()
	rules := `[{"field": "trigger.body.amount", "operator": "gt", "value": "100"},
	           {"field": "trigger.body.name", "operator": "eq", "value": "Ravi"}]`
	for combinator, want := range map[string]string{"all": "false", "any": "true"} {
		t.Run(combinator, func(t *testing.T) {
			t.Parallel()
			cfg := `{"mode": "rules", "combinator": "` + combinator + `", "rules": ` + rules + `}`
			run := enginetest.New(t).Run(t, conditionFlow(cfg), enginetest.Webhook(conditionBody))
			if got := run.Step(t, "check").Port; got != want {
				t.Errorf("took %q, want %q", got, want)
			}
		})
	}
}

func TestCondition_Expressions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr string
		port string
		err  string
	}{
		{`trigger.body.amount > 100 && vars.city == "Pune"`, "true", ""},
		{`"vip" in trigger.body.tags`, "true", ""},
		{`"gold" in trigger.body.tags`, "false", ""},
		{`"blocked" not in trigger.body.tags`, "true", ""},
		{`"city" in trigger.body.customer`, "true", ""},
		{`trigger.body.tags contains "vip"`, "true", ""},
		{`trigger.body.amount contains "1"`, "", "contains on Number"},
		{`2.5 in trigger.body.scores && 2 in trigger.body.scores == false`, "true", ""},
		{`trigger.body.customer["city"] == "Pune"`, "true", ""},
		{`trigger.body.tags[0] == "vip" && len(trigger.body.tags) == 2`, "true", ""},
		{`any(trigger.body.tags, # startsWith "ne")`, "true", ""},
		{`trigger.body.name contains "Verma" && trigger.body.name startsWith "Asha"`, "true", ""},
		{`trigger.headers["content-type"] == "application/json"`, "true", ""},
		{`nodes.trigger.body.amount == trigger.body.amount`, "true", ""},
		{`run.id == "run_1" && run.flowId == "flw_test"`, "true", ""},
		{`len(vars) == 1 && "trigger" in nodes && "check" not in nodes`, "true", ""},
		{`trigger.body.nothing`, "false", ""},
		{`trigger.body.nothing == nil && trigger.body.none == nil`, "true", ""},
		{`trigger.body.active`, "true", ""},
		{`trigger.body.name`, "", "bool"},
		{`trigger.body.name > 1`, "", "invalid operation"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			cfg := `{"expression": ` + quote(tt.expr) + `}`
			run := enginetest.New(t).Run(t, conditionFlow(cfg), enginetest.Webhook(conditionBody))
			st := run.Step(t, "check")
			if tt.err != "" {
				run.RequireFailed(t, tt.err)
				return
			}
			run.RequireSucceeded(t)
			if st.Port != tt.port {
				t.Errorf("took %q, want %q", st.Port, tt.port)
			}
		})
	}
}

func TestCondition_BadRegexp(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t)
	_, err := h.TryPlan(conditionFlow(rule("trigger.body.name", "matches", "(")))
	var ve *flows.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 1 || ve.Problems[0].Field != "rules[0].value" || ve.Problems[0].NodeID != "check" {
		t.Fatalf("plan error = %v, want a problem on check rules[0].value", err)
	}
	run := h.Run(t, conditionFlow(rule("trigger.body.name", "matches", "{{ trigger.body.phone }}(")), enginetest.Webhook(conditionBody))
	run.RequireFailed(t, "not a valid regular expression")
	if st := run.Step(t, "check"); !strings.Contains(st.Error, "rule 1") {
		t.Errorf("step error %q does not name the rule", st.Error)
	}
}
