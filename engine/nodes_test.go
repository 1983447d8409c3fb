package engine_test

import (
	"testing"
	"time"

	"github.com/hookflow/hookflow/engine/enginetest"
	"github.com/hookflow/hookflow/runs"
)

const switchFlow = `{"nodes": [
  {"id": "trigger", "type": "webhook", "typeVersion": 1},
  {"id": "route", "type": "switch", "typeVersion": 1,
   "config": {"cases": [{"name": "big", "expression": "trigger.body.amount > 1000"},
                        {"name": "vip", "expression": "\"vip\" in trigger.body.tags"},
                        {"name": "mid", "expression": "trigger.body.amount > 100"}]}},
  {"id": "onBig", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "lane", "value": "big"}]}},
  {"id": "onVip", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "lane", "value": "vip"}]}},
  {"id": "onMid", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "lane", "value": "mid"}]}},
  {"id": "onDefault", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "lane", "value": "default"}]}}],
 "edges": [{"from": "trigger", "to": "route"},
           {"from": "route", "port": "big", "to": "onBig"}, {"from": "route", "port": "vip", "to": "onVip"},
           {"from": "route", "port": "mid", "to": "onMid"}, {"from": "route", "port": "default", "to": "onDefault"}]}`

func TestSwitch_FirstTrueCaseWins(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body, port string
	}{
		{`{"amount": 5000, "tags": ["vip"]}`, "big"},
		{`{"amount": 500, "tags": ["vip"]}`, "vip"},
		{`{"amount": 500, "tags": []}`, "mid"},
		{`{"amount": 5}`, "default"},
	}
	for _, tt := range tests {
		t.Run(tt.port, func(t *testing.T) {
			t.Parallel()
			run := enginetest.New(t).Run(t, switchFlow, enginetest.Webhook(tt.body))
			run.RequireSucceeded(t)
			if got := run.Step(t, "route").Port; got != tt.port {
				t.Fatalf("took %q, want %q", got, tt.port)
			}
			if got := run.Output(t, "route", "case").String(); got != tt.port {
				t.Errorf("output case %q", got)
			}
			if got := run.Var(t, "lane").String(); got != tt.port {
				t.Errorf("vars.lane = %q: the %q branch did not run", got, tt.port)
			}
			for _, id := range []string{"onBig", "onVip", "onMid", "onDefault"} {
				st := run.Step(t, id)
				ran := st.Status == runs.StepSucceeded
				if want := "on"+capital(tt.port) == id; ran != want {
					t.Errorf("%s: %s (%s)", id, st.Status, st.Reason)
				}
				if !ran && st.Reason != "switch route took "+tt.port {
					t.Errorf("%s skipped for %q", id, st.Reason)
				}
			}
		})
	}
}

func capital(s string) string { return string(s[0]-'a'+'A') + s[1:] }

func TestSet_Modes(t *testing.T) {
	t.Parallel()
	flow := `{"nodes": [
	  {"id": "trigger", "type": "webhook", "typeVersion": 1, "config": {"mappings": [{"name": "first", "path": "body.first"}]}},
	  {"id": "calc", "type": "set", "typeVersion": 1, "config": {"values": [
	    {"name": "full", "mode": "template", "value": "{{ vars.first }} {{ trigger.body.last }}"},
	    {"name": "city", "mode": "path", "value": "trigger.body.address.city"},
	    {"name": "address", "mode": "path", "value": "trigger.body.address"},
	    {"name": "cents", "mode": "expression", "value": "trigger.body.amount * 100"},
	    {"name": "shout", "mode": "expression", "value": "upper(vars.full) + \"!\""},
	    {"name": "big", "mode": "expression", "value": "trigger.body.amount > 10"},
	    {"name": "tags", "mode": "expression", "value": "filter(trigger.body.tags, # != \"x\")"},
	    {"name": "amount", "value": "{{ trigger.body.amount }}"}]}},
	  {"id": "use", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "line", "value": "{{ vars.shout }} {{ vars.cents }}"}]}}],
	 "edges": [{"from": "trigger", "to": "calc"}, {"from": "calc", "to": "use"}]}`
	run := enginetest.New(t).Run(t, flow, enginetest.Webhook(
		`{"first": "Asha", "last": "Verma", "amount": 12.5, "tags": ["a", "x", "b"], "address": {"city": "Pune", "zip": "411001"}}`))
	run.RequireSucceeded(t)
	want := `{"full":"Asha Verma","city":"Pune","address":{"city":"Pune","zip":"411001"},"cents":1250,` +
		`"shout":"ASHA VERMA!","big":true,"tags":["a","b"],"amount":12.5}`
	if got := run.NodeOutput(t, "calc"); got != want {
		t.Errorf("calc output\n%s\nwant\n%s", got, want)
	}
	if got := string(run.Step(t, "calc").Vars); got != want {
		t.Errorf("calc vars %s, want the output", got)
	}
	if got := run.Var(t, "line").String(); got != "ASHA VERMA! 1250" {
		t.Errorf("vars.line = %q", got)
	}
}

func TestSet_MissingPathFails(t *testing.T) {
	t.Parallel()
	flow := `{"nodes": [
	  {"id": "trigger", "type": "webhook", "typeVersion": 1},
	  {"id": "calc", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "city", "mode": "path", "value": "trigger.body.city"}]}}],
	 "edges": [{"from": "trigger", "to": "calc"}]}`
	run := enginetest.New(t).Run(t, flow, enginetest.Webhook(`{}`))
	run.RequireFailed(t, "variable city: trigger.body.city is missing")
}

const delayFlow = `{"nodes": [
  {"id": "trigger", "type": "webhook", "typeVersion": 1},
  {"id": "wait", "type": "delay", "typeVersion": 1, "config": {"mode": "duration", "duration": "5m"}},
  {"id": "side", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "side", "value": "ran"}]}},
  {"id": "after", "type": "set", "typeVersion": 1, "config": {"values": [{"name": "done", "value": "{{ vars.side }} then {{ run.id }}"}]}}],
 "edges": [{"from": "trigger", "to": "wait"}, {"from": "trigger", "to": "side"}, {"from": "wait", "to": "after"}]}`

func TestDelay_WaitsThenContinues(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t)
	run := h.Run(t, delayFlow, enginetest.Webhook(`{}`))
	run.RequireStatus(t, runs.StatusWaiting)
	if want := enginetest.Start.Add(5 * time.Minute); !run.WakeAt.Equal(want) {
		t.Fatalf("WakeAt = %v, want %v", run.WakeAt, want)
	}
	if st := run.Step(t, "wait"); st.Status != runs.StepWaiting {
		t.Fatalf("wait step is %s", st.Status)
	}
	if st := run.Step(t, "side"); st.Status != runs.StepSucceeded {
		t.Fatalf("the other branch is %s; it should run while the delay waits", st.Status)
	}
	if _, ok := run.Run.Step("after"); ok {
		t.Fatal("the node after the delay has a step while the delay waits")
	}

	h.Clock.Advance(4 * time.Minute)
	run.Continue(t).RequireStatus(t, runs.StatusWaiting)

	h.Clock.Advance(time.Minute)
	run.Continue(t).RequireSucceeded(t)
	st := run.Step(t, "wait")
	if st.Status != runs.StepSucceeded || !st.StartedAt.Equal(enginetest.Start) || st.DurationMs != 300000 || st.Attempts != 1 {
		t.Errorf("wait step = %s from %v for %vms, %d attempts; want succeeded from the first start, 300000ms, 1",
			st.Status, st.StartedAt, st.DurationMs, st.Attempts)
	}
	if got := run.Var(t, "done").String(); got != "ran then run_1" {
		t.Errorf("vars.done = %q; the restored variable or run id was lost", got)
	}
	if !run.WakeAt.IsZero() || run.DurationMs != 300000 {
		t.Errorf("WakeAt %v, duration %v", run.WakeAt, run.DurationMs)
	}
}

func TestDelay_Until(t *testing.T) {
	t.Parallel()
	flow := `{"nodes": [
	  {"id": "trigger", "type": "webhook", "typeVersion": 1},
	  {"id": "wait", "type": "delay", "typeVersion": 1, "config": {"mode": "until", "until": "{{ trigger.body.at }}"}}],
	 "edges": [{"from": "trigger", "to": "wait"}]}`
	tests := []struct {
		at     string
		status runs.Status
		err    string
	}{
		{"2025-01-31T15:00:00+05:30", runs.StatusWaiting, ""}, // 09:30 UTC, after the clock's 09:00
		{"2025-01-31T08:00:00Z", runs.StatusSucceeded, ""},
		{"2025-01-31T10:00:00Z", runs.StatusWaiting, ""},
		{"tomorrow", runs.StatusFailed, `until "tomorrow" is not a time`},
	}
	for _, tt := range tests {
		t.Run(tt.at, func(t *testing.T) {
			t.Parallel()
			run := enginetest.New(t).Run(t, flow, enginetest.Webhook(`{"at": `+quote(tt.at)+`}`))
			run.RequireStatus(t, tt.status)
			if tt.err != "" {
				run.RequireFailed(t, tt.err)
			}
			if tt.status == runs.StatusWaiting {
				want, _ := time.Parse(time.RFC3339, tt.at)
				if !run.WakeAt.Equal(want) {
					t.Errorf("WakeAt %v, want %v", run.WakeAt, want)
				}
			}
		})
	}
}
