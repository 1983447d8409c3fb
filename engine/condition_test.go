package engine_test

import (
	"cmp"
	"encoding/json"
	"errors"
	"os"
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

// ruleCases is engine/testdata/condition_rules.json: rules, with and
// without a combinator, and the port they take on one request body. The
// studio's rule preview (ui/src/mapping/rules.test.ts) runs the same table,
// so the preview and a run agree.
type ruleCases struct {
	Body     json.RawMessage `json:"body"`
	Mappings json.RawMessage `json:"mappings"`
	Cases    []struct {
		Name       string          `json:"name"`
		Combinator string          `json:"combinator"`
		Rules      json.RawMessage `json:"rules"`
		Want       bool            `json:"want"`
		Error      string          `json:"error"`
	} `json:"cases"`
}

func TestCondition_RuleOperators(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/condition_rules.json")
	if err != nil {
		t.Fatal(err)
	}
	var table ruleCases
	if err := json.Unmarshal(raw, &table); err != nil {
		t.Fatal(err)
	}
	for _, tt := range table.Cases {
		t.Run(tt.Name, func(t *testing.T) {
			t.Parallel()
			cfg := `{"mode": "rules", "combinator": ` + quote(cmp.Or(tt.Combinator, "all")) + `, "rules": ` + string(tt.Rules) + `}`
			flow := `{"nodes": [
			  {"id": "trigger", "type": "webhook", "typeVersion": 1, "config": {"mappings": ` + string(table.Mappings) + `}},
			  {"id": "check", "type": "condition", "typeVersion": 1, "config": ` + cfg + `}],
			 "edges": [{"from": "trigger", "to": "check"}]}`
			run := enginetest.New(t).Run(t, flow, enginetest.Webhook(string(table.Body)))
			if tt.Error != "" {
				run.RequireFailed(t, tt.Error)
				return
			}
			run.RequireSucceeded(t)
			want := map[bool]string{true: "true", false: "false"}[tt.Want]
			if got := run.Step(t, "check").Port; got != want {
				t.Errorf("rules %s took %q, want %q", tt.Rules, got, want)
			}
			if got := run.Output(t, "check", "result").Bool(); got != tt.Want {
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
