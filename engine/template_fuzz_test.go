package engine_test

import (
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/hookflow/hookflow/engine/enginetest"
	"github.com/hookflow/hookflow/internal/fuzzcheck"
	"github.com/hookflow/hookflow/internal/mapping"
)

// FuzzRenderTemplate: any template, rendered against any JSON request
// body, either is refused when the flow is planned, or renders to valid
// JSON in a run record that holds valid JSON (the harness checks it); a
// template without placeholders renders as its own text, and the paths
// listed as missing are paths the template names.
func FuzzRenderTemplate(f *testing.F) {
	for _, s := range []struct{ tpl, body string }{
		{"{{ trigger.body.amount }}", templateBody},
		{"{{ trigger.body.name }} paid {{ trigger.body.amount }}", templateBody},
		{"c={{ trigger.body.customer }}", templateBody},
		{"{{ trigger.body.phone }}", `{}`},
		{`say "hi" \u0000 {{`, `[]`},
		{"{{ trigger.body.#(id==7).name }}", `[{"id": 7, "name": "\ud83d"}]`},
		{"{{ trigger.body.@reverse }}", `[1, 2, 3]`},
		{"{{ vars }}", `null`},
		{"{{ nodes.trigger.body }}", `"\u00e9\xff"`},
	} {
		f.Add(s.tpl, s.body)
	}
	f.Fuzz(func(t *testing.T, tpl, body string) {
		if mapping.CheckJSON([]byte(body)) != nil {
			return
		}
		flow := `{"nodes": [
		  {"id": "trigger", "type": "webhook", "typeVersion": 1},
		  {"id": "answer", "type": "respond", "typeVersion": 1, "config": {"body": {"v": ` + quote(tpl) + `}}}],
		 "edges": [{"from": "trigger", "to": "answer"}]}`
		h := enginetest.New(t)
		p, err := h.TryPlan(flow)
		if err != nil {
			fuzzcheck.NonEmpty(t, err.Error())
			fuzzcheck.Message(t, err.Error(), tpl)
			return
		}
		run := h.Execute(t, p, h.NewRun(enginetest.Webhook(body)))
		st := run.Step(t, "answer")
		if st.Status != "succeeded" {
			fuzzcheck.NonEmpty(t, st.Error)
			fuzzcheck.Message(t, st.Error, tpl, body)
			return
		}
		v := run.Output(t, "answer", "body.v")
		if !gjson.Valid(v.Raw) {
			t.Fatalf("rendered %q", v.Raw)
		}
		// The flow document carries the template as JSON, in which
		// invalid UTF-8 became U+FFFD: that is the template the flow has.
		tpl = gjson.Parse(quote(tpl)).String()
		if !strings.Contains(tpl, "{{") && strings.TrimSpace(tpl) != "" && v.String() != tpl {
			t.Fatalf("plain text %q rendered as %s", tpl, v.Raw)
		}
		for _, m := range st.Missing {
			if !strings.Contains(tpl, m) {
				t.Fatalf("missing path %q is not in the template %q", m, tpl)
			}
		}
	})
}
