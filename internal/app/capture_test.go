package app_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hookflow/hookflow/store/mongo/mongotest"
)

// TestCapture_NextRequest: a long-poll capture returns a request sent
// after it began, never the one sitting in the inbox before, and makes it
// the trigger's sample.
func TestCapture_NextRequest(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	id, hook := p.draft(webhookFlow(`{}`, "", ""))
	if a := p.hook(hook, `{"n": "old"}`); a.status != 200 {
		t.Fatalf("request to a draft: %d %s", a.status, a.body)
	}
	got := make(chan answer, 1)
	go func() {
		got <- p.send("POST", "/api/flows/"+id+"/nodes/trigger/capture?wait=20s", "", nil, "Authorization", "Bearer "+key)
	}()
	// The capture's start is not observable in a long poll: send until
	// it answers with one of these.
	var a answer
	for i := 0; a.status == 0; i++ {
		p.hook(hook, fmt.Sprintf(`{"n": "new-%d"}`, i))
		select {
		case a = <-got:
		case <-time.After(50 * time.Millisecond):
		}
	}
	if a.status != 200 {
		t.Fatalf("capture: %d %s", a.status, a.body)
	}
	entry := a.json(t)
	if n := body(t, entry)["n"].(string); !strings.HasPrefix(n, "new-") {
		t.Fatalf("capture returned the older request %q", n)
	}
	sample := p.api("GET", "/api/flows/"+id+"/samples", "", 200)["samples"].(map[string]any)["trigger"].(map[string]any)
	if sample["source"] != "capture" || mustJSON(t, sample["data"]) != mustJSON(t, entry["data"]) {
		t.Fatalf("trigger sample after the capture: %v", sample)
	}
}

// TestCapture_Timeout: no request within the wait answers 204; a wait
// past the bound is refused.
func TestCapture_Timeout(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	id, _ := p.draft(webhookFlow(`{}`, "", ""))
	if a := p.api("POST", "/api/flows/"+id+"/nodes/trigger/capture?wait=300ms", "", 204); a != nil {
		t.Fatalf("timeout answered %v", a)
	}
	p.api("POST", "/api/flows/"+id+"/nodes/trigger/capture?wait=121s", "", 400)
	p.api("POST", "/api/flows/"+id+"/nodes/nope/capture", "", 404)
	p.api("POST", "/api/flows/flw_none/nodes/trigger/capture", "", 404)
}

// TestCapture_SSE: the stream sends a comment at once, then the request
// as a "request" event; on a timeout, a "timeout" event.
func TestCapture_SSE(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	id, hook := p.draft(webhookFlow(`{}`, "", ""))
	s := p.captureSSE(id, "trigger", "?sample=false")
	p.hook(hook, `{"n": "streamed"}`)
	name, entry := s.event()
	if name != "request" || body(t, entry)["n"] != "streamed" {
		t.Fatalf("SSE event %q: %v", name, entry)
	}
	samples := p.api("GET", "/api/flows/"+id+"/samples", "", 200)["samples"].(map[string]any)
	if _, ok := samples["trigger"]; ok {
		t.Fatalf("sample=false set a sample: %v", samples)
	}
	if name, _ := p.captureSSE(id, "trigger", "?wait=200ms").event(); name != "timeout" {
		t.Fatalf("SSE capture without a request ended with %q", name)
	}
}

// TestCapture_TwoWaiters: two captures of one trigger both get the next
// request.
func TestCapture_TwoWaiters(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	id, hook := p.flow(webhookFlow(`{}`, "", ""))
	a, b := p.captureSSE(id, "trigger", ""), p.captureSSE(id, "trigger", "")
	run := p.hook(hook, `{"n": "both"}`).json(t)["runId"]
	for _, s := range []*sse{a, b} {
		name, entry := s.event()
		if name != "request" || body(t, entry)["n"] != "both" || entry["runId"] != run {
			t.Fatalf("capture got %q: %v; want the request of run %v", name, entry, run)
		}
	}
}

// TestCapture_AcrossProcesses: two processes share one Mongo database; a
// request to an active flow that reaches process B answers the capture
// waiting on process A, through the store.
func TestCapture_AcrossProcesses(t *testing.T) {
	t.Parallel()
	uri, db := mongotest.Start(t), mongotest.DatabaseName()
	a := startProc(t, openMongo(t, uri, db))
	b := startProc(t, openMongo(t, uri, db))
	id, hook := a.flow(webhookFlow(`{}`, "", ""))
	s := a.captureSSE(id, "trigger", "?wait=30s")
	if ans := b.hook(hook, `{"n": "via-b"}`); ans.status != 202 {
		t.Fatalf("request to process B: %d %s", ans.status, ans.body)
	}
	name, entry := s.event()
	if name != "request" || body(t, entry)["n"] != "via-b" {
		t.Fatalf("capture on A got %q: %v", name, entry)
	}
	// The draft of a flow that never ran records at once, on either side.
	did, dhook := b.draft(webhookFlow(`{}`, "", ""))
	s = a.captureSSE(did, "trigger", "")
	b.hook(dhook, `{"n": "draft-via-b"}`)
	if name, entry := s.event(); name != "request" || body(t, entry)["n"] != "draft-via-b" {
		t.Fatalf("capture of a draft on A got %q: %v", name, entry)
	}
}

// TestInbox_InactiveFlowRecords: a draft or paused flow answers 200,
// records the request and runs nothing; an active one records each
// request with its run. The inbox keeps the last 20, newest first.
func TestInbox_InactiveFlowRecords(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	draft, draftHook := p.draft(webhookFlow(`{}`, "", ""))
	paused, pausedHook := p.flow(webhookFlow(`{"auth": "bearer", "token": "t0k"}`, "", ""))
	p.api("POST", "/api/flows/"+paused+"/pause", "", 200)
	for i := range 25 {
		a := p.hook(draftHook, fmt.Sprintf(`{"n": %d}`, i))
		if msg, _ := a.json(t)["message"].(string); a.status != 200 || !strings.Contains(msg, "recorded") || !strings.Contains(msg, "nothing ran") {
			t.Fatalf("draft answer: %d %s", a.status, a.body)
		}
	}
	items := p.inbox(draft, "trigger")
	if len(items) != 20 {
		t.Fatalf("inbox holds %d entries, want the last 20", len(items))
	}
	for i, it := range items {
		if n := body(t, it.(map[string]any))["n"].(float64); int(n) != 24-i {
			t.Fatalf("inbox entry %d is request %v, want %d (newest first)", i, n, 24-i)
		}
	}
	if a := p.hook(pausedHook, `{}`); a.status != 401 {
		t.Fatalf("paused flow without its token: %d %s", a.status, a.body)
	}
	if a := p.hook(pausedHook, `{"n": 1}`, "Authorization", "Bearer t0k"); a.status != 200 {
		t.Fatalf("paused flow: %d %s", a.status, a.body)
	}
	entry := p.inbox(paused, "trigger")[0].(map[string]any)
	if h := entry["data"].(map[string]any)["headers"].(map[string]any); h["authorization"] != "[redacted]" {
		t.Fatalf("stored headers: %v", h)
	}
	if !strings.Contains(entry["rawBody"].(string), `"n": 1`) || entry["runId"] != nil {
		t.Fatalf("inbox entry of a paused flow: %v", entry)
	}
	for _, flow := range []string{draft, paused} {
		if items := p.api("GET", "/api/runs?flowId="+flow, "", 200)["items"].([]any); len(items) != 0 {
			t.Fatalf("flow %s is not active but ran: %v", flow, items)
		}
	}
	p.api("POST", "/api/flows/"+paused+"/activate", "", 200)
	run := p.hook(pausedHook, `{"n": 2}`, "Authorization", "Bearer t0k").json(t)["runId"]
	waitFor(t, "the active flow's request in the inbox", func() bool {
		return p.inbox(paused, "trigger")[0].(map[string]any)["runId"] == run
	})
}

// TestSamples_TestStep: a test step runs one node of the draft against
// the trigger's sample, returns its step and makes its output a sample.
func TestSamples_TestStep(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	id, _ := p.draft(webhookFlow(`{"mappings": [{"name": "customer", "path": "body.customer.phone"}]}`, `,
	 {"id": "greet", "type": "set", "config": {"values": [{"name": "text", "value": "hi {{ vars.customer }}"}]}},
	 {"id": "broken", "type": "set", "config": {"values": [{"name": "x", "mode": "expression", "value": "1 +"}]}}`,
		`{"from": "trigger", "to": "greet"}`))
	p.api("PUT", "/api/flows/"+id+"/nodes/trigger/sample", `{"data": {"body": {"customer": {"phone": "+15550001"}}}}`, 200)
	st := p.api("POST", "/api/flows/"+id+"/nodes/greet/test", "", 200)
	if st["status"] != "succeeded" || mustJSON(t, st["output"]) != `{"text":"hi +15550001"}` {
		t.Fatalf("test step: %v", st)
	}
	samples := p.api("GET", "/api/flows/"+id+"/samples", "", 200)["samples"].(map[string]any)
	greet, _ := samples["greet"].(map[string]any)
	if greet["source"] != "test" || mustJSON(t, greet["data"]) != `{"text":"hi +15550001"}` {
		t.Fatalf("samples after the test: %v", samples)
	}
	p.api("POST", "/api/flows/"+id+"/nodes/broken/test", "", 422)
	p.api("PUT", "/api/flows/"+id+"/nodes/trigger/sample", `{}`, 400)
	p.api("PUT", "/api/flows/"+id+"/nodes/trigger/sample", `{"inboxId": "inb_none"}`, 404)
	p.api("GET", "/api/flows/"+id+"/nodes/greet/inbox", "", 400)
}

// TestSamples_TestStepPreview: with sample=false a test step only shows
// its step, and nodes and edges in the body run in place of the draft's, so
// the editor can preview a flow as it is edited, before it is saved.
func TestSamples_TestStepPreview(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	id, _ := p.draft(webhookFlow(`{"mappings": [{"name": "agent", "path": "body.agent.email"}]}`, `,
	 {"id": "check", "type": "condition", "config": {"expression": "vars.agent == \"a@example.com\""}}`,
		`{"from": "trigger", "to": "check"}`))
	p.api("PUT", "/api/flows/"+id+"/nodes/trigger/sample", `{"data": {"body": {"agent": {"email": "b@example.com"}, "amount": 150}}}`, 200)
	edited := func(trigger, check string) string {
		return `{"nodes": [{"id": "trigger", "type": "webhook", "typeVersion": 1, "config": ` + trigger + `},
		  {"id": "vip", "type": "condition", "typeVersion": 1, "config": ` + check + `}],
		 "edges": [{"from": "trigger", "to": "vip"}]}`
	}
	for _, c := range []struct{ node, body, want string }{
		{"check", "", `{"result":false}`},
		// A node not saved yet, with an expression typed but not saved.
		{"vip", edited(`{}`, `{"expression": "trigger.body.amount > 100"}`), `{"result":true}`},
		// A mapping added but not saved yet.
		{"vip", edited(`{"mappings": [{"name": "who", "path": "body.agent.email"}]}`,
			`{"mode": "rules", "rules": [{"field": "vars.who", "operator": "ends_with", "value": "@example.com"}]}`), `{"result":true}`},
	} {
		st := p.api("POST", "/api/flows/"+id+"/nodes/"+c.node+"/test?sample=false", c.body, 200)
		if st["status"] != "succeeded" || mustJSON(t, st["output"]) != c.want {
			t.Fatalf("preview of %s with %q: %v", c.node, c.body, st)
		}
	}
	samples := p.api("GET", "/api/flows/"+id+"/samples", "", 200)["samples"].(map[string]any)
	if _, ok := samples["check"]; ok {
		t.Fatal("a preview stored the step's output as the node's sample")
	}
	bad := p.api("POST", "/api/flows/"+id+"/nodes/vip/test?sample=false", edited(`{}`, `{"expression": "trigger.body.amount >"}`), 422)
	if probs, _ := bad["problems"].([]any); len(probs) != 1 || probs[0].(map[string]any)["field"] != "expression" {
		t.Fatalf("preview of an expression that does not compile: %v", bad)
	}
	p.api("POST", "/api/flows/"+id+"/nodes/vip/test?sample=false", "", 404)
	p.api("POST", "/api/flows/"+id+"/nodes/check/test?sample=false", `{"nodes": `, 400)
	p.api("POST", "/api/flows/"+id+"/nodes/check/test", "", 200)
	if _, ok := p.api("GET", "/api/flows/"+id+"/samples", "", 200)["samples"].(map[string]any)["check"]; !ok {
		t.Fatal("a test step without sample=false did not store its output")
	}
}

// TestSamples_FromInbox: an inbox entry becomes the trigger's sample.
func TestSamples_FromInbox(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	id, hook := p.draft(webhookFlow(`{}`, "", ""))
	inboxID := p.hook(hook, `{"pick": "me"}`).json(t)["inboxId"].(string)
	sm := p.api("PUT", "/api/flows/"+id+"/nodes/trigger/sample", `{"inboxId": "`+inboxID+`"}`, 200)
	if sm["source"] != "inbox" || sm["data"].(map[string]any)["body"].(map[string]any)["pick"] != "me" {
		t.Fatalf("sample from the inbox: %v", sm)
	}
}

// TestSamples_EventDefault: an event trigger without a captured sample
// shows the catalog's example of its first event type.
func TestSamples_EventDefault(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	id, _ := p.draft(eventFlow(`["CHAT_ASSIGNED_TO_AGENT", "ADD_TAG"]`, `["+91 98765 43210"]`, `[]`))
	sm := p.api("GET", "/api/flows/"+id+"/samples", "", 200)["samples"].(map[string]any)["trigger"].(map[string]any)
	ev := sm["data"].(map[string]any)["event"].(map[string]any)
	if sm["source"] != "catalog" || ev["type"] != "CHAT_ASSIGNED_TO_AGENT" || ev["channel"] != "919876543210" ||
		mustJSON(t, ev["data"]) != mustJSON(t, jsonValue(t, example(t, "CHAT_ASSIGNED_TO_AGENT"))) {
		t.Fatalf("default sample of an event trigger: %v", sm)
	}
	st := p.api("POST", "/api/flows/"+id+"/nodes/note/test", "", 200)
	if mustJSON(t, st["output"]) != `{"seen":"CHAT_ASSIGNED_TO_AGENT"}` {
		t.Fatalf("test step on the example: %v", st)
	}
}

// TestCapture_Event: a capture on an event trigger gets the next event it
// takes, from a draft flow too.
func TestCapture_Event(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	id, _ := p.draft(eventFlow(`["ADD_TAG"]`, `["111111"]`, `[]`))
	s := p.captureSSE(id, "trigger", "")
	p.sendEvent("ADD_TAG", "222222", "", example(t, "ADD_TAG"))
	p.sendEvent("REMOVE_TAG", "111111", "", example(t, "REMOVE_TAG"))
	p.sendEvent("ADD_TAG", "111111", "evt_wanted", example(t, "ADD_TAG"))
	name, entry := s.event()
	ev := entry["data"].(map[string]any)["event"].(map[string]any)
	if name != "request" || ev["id"] != "evt_wanted" {
		t.Fatalf("event capture got %q: %v", name, entry)
	}
	if items := p.inbox(id, "trigger"); len(items) != 1 || items[0].(map[string]any)["id"] != "evt_wanted" {
		t.Fatalf("inbox of the event trigger: %v", items)
	}
}
