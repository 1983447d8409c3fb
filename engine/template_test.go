package engine_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/engine/enginetest"
)

// quote returns s as a JSON string, for building flows in tests.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

const templateBody = `{"amount": 150, "price": 12.50, "name": "Asha \"A\"", "tags": ["vip", "new"],
  "customer": {"id": 7, "city": "Pune"}, "active": true, "none": null, "note": "line1\nline2", "empty": ""}`

func TestTemplate_KeepsTypesAndReportsMissing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		tpl     string
		want    string
		missing []string
	}{
		{"number stays a number", "{{ trigger.body.amount }}", `150`, nil},
		{"number keeps its text", "{{ trigger.body.price }}", `12.50`, nil},
		{"string", "{{ trigger.body.name }}", `"Asha \"A\""`, nil},
		{"object stays an object", "{{ trigger.body.customer }}", `{"id":7,"city":"Pune"}`, nil},
		{"array stays an array", "{{ trigger.body.tags }}", `["vip","new"]`, nil},
		{"bool", "{{ trigger.body.active }}", `true`, nil},
		{"null", "{{ trigger.body.none }}", `null`, nil},
		{"empty string", "{{ trigger.body.empty }}", `""`, nil},
		{"spaces around one placeholder", "  {{trigger.body.amount}} ", `150`, nil},
		{"array item", "{{ trigger.body.tags.1 }}", `"new"`, nil},
		{"array length", "{{ trigger.body.tags.# }}", `2`, nil},
		{"gjson query", `{{ trigger.body.tags.#(=="vip") }}`, `"vip"`, nil},
		{"mixed text renders text", "{{ trigger.body.name }} paid {{ trigger.body.amount }}", `"Asha \"A\" paid 150"`, nil},
		{"mixed text with an object", "c={{ trigger.body.customer }}", `"c={\"id\":7,\"city\":\"Pune\"}"`, nil},
		{"mixed text with a bool and null", "{{ trigger.body.active }}/{{ trigger.body.none }}", `"true/"`, nil},
		{"mixed text keeps escapes", "note: {{ trigger.body.note }}", `"note: line1\nline2"`, nil},
		{"static text", `say "hi"`, `"say \"hi\""`, nil},
		{"variable from a mapping", "{{ vars.who }}", `"Asha \"A\""`, nil},
		{"run id", "{{ run.id }}", `"run_1"`, nil},
		{"run flow id", "{{ run.flowId }}", `"flw_test"`, nil},
		{"run start", "{{ run.startedAt }}", `"2025-01-31T09:00:00Z"`, nil},
		{"every variable", "{{ vars }}", `{"who":"Asha \"A\""}`, nil},
		{"output of an earlier node", "{{ nodes.trigger.body.customer.city }}", `"Pune"`, nil},
		{"missing alone is null", "{{ trigger.body.phone }}", `null`, []string{"trigger.body.phone"}},
		{"missing in text is empty", "call {{ trigger.body.phone }}!", `"call !"`, []string{"trigger.body.phone"}},
		{"missing twice is noted once", "{{ trigger.body.phone }}{{ trigger.body.phone }}", `""`, []string{"trigger.body.phone"}},
		{"unset variable", "{{ vars.later }}", `null`, []string{"vars.later"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			flow := `{"nodes": [
			  {"id": "trigger", "type": "webhook", "typeVersion": 1,
			   "config": {"mappings": [{"name": "who", "path": "body.name"}]}},
			  {"id": "answer", "type": "respond", "typeVersion": 1, "config": {"body": {"v": ` + quote(tt.tpl) + `}}},
			  {"id": "late", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "later", "value": "x"}]}}],
			 "edges": [{"from": "trigger", "to": "answer"}, {"from": "trigger", "to": "late"}]}`
			run := enginetest.New(t).Run(t, flow, enginetest.Webhook(templateBody))
			run.RequireSucceeded(t)
			if got := run.Output(t, "answer", "body.v").Raw; got != tt.want {
				t.Errorf("rendered %s, want %s", got, tt.want)
			}
			if got := run.Step(t, "answer").Missing; !slices.Equal(got, tt.missing) {
				t.Errorf("missing = %q, want %q", got, tt.missing)
			}
		})
	}
}

func TestTemplate_MissingInRequiredFieldFailsTheStep(t *testing.T) {
	t.Parallel()
	flow := `{"nodes": [
	  {"id": "trigger", "type": "webhook", "typeVersion": 1},
	  {"id": "keep", "type": "set", "typeVersion": 1,
	   "config": {"values": [{"name": "phone", "value": "+{{ trigger.body.customer.phone }}"}]}}],
	 "edges": [{"from": "trigger", "to": "keep"}]}`
	run := enginetest.New(t).Run(t, flow, enginetest.Webhook(`{"customer": {"name": "Asha"}}`))
	run.RequireFailed(t, "trigger.body.customer.phone is missing")
	st := run.Step(t, "keep")
	if st.Status != "failed" || !strings.Contains(st.Error, "trigger.body.customer.phone is missing") {
		t.Errorf("step = %s %q, want failed naming the path", st.Status, st.Error)
	}
}

func TestTemplate_HeadersAndStatus(t *testing.T) {
	t.Parallel()
	flow := `{"nodes": [
	  {"id": "trigger", "type": "webhook", "typeVersion": 1},
	  {"id": "answer", "type": "respond", "typeVersion": 1,
	   "config": {"status": 201, "headers": {"X-Count": "{{ trigger.body.n }}", "X-Who": "agent {{ trigger.body.who }}"},
	              "body": "{{ trigger.body.who }}"}}],
	 "edges": [{"from": "trigger", "to": "answer"}]}`
	run := enginetest.New(t).Run(t, flow, enginetest.Webhook(`{"n": 3, "who": "Ravi \"R\""}`))
	run.RequireSucceeded(t)
	want := `{"status":201,"headers":{"Content-Type":"application/json","X-Count":"3","X-Who":"agent Ravi \"R\""},"body":"Ravi \"R\""}`
	if got := run.NodeOutput(t, "answer"); got != want {
		t.Errorf("output\n%s\nwant\n%s", got, want)
	}
	if string(run.Response) != want {
		t.Errorf("response %s, want the respond node's output", run.Response)
	}
}
