package app_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/events/catalog"
)

// runsOf returns the ids of a flow's runs.
func (p *proc) runsOf(flowID string) []string {
	p.t.Helper()
	var out []string
	for _, it := range p.api("GET", "/api/runs?flowId="+flowID, "", 200)["items"].([]any) {
		out = append(out, it.(map[string]any)["id"].(string))
	}
	return out
}

// TestEvents_FanOut: an event starts one run in each active flow whose
// event trigger takes its type (aliases too) and channel, and none in
// paused, webhook or other flows.
func TestEvents_FanOut(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	everyTag, _ := p.flow(eventFlow(`["ADD_TAG"]`, `[]`, `[{"name": "customer", "path": "event.data.customer.phoneNumber"}]`))
	sales, _ := p.flow(eventFlow(`["ADD_TAG", "REMOVE_TAG"]`, `["+91 98765 43210"]`, `[]`))
	opened, _ := p.flow(eventFlow(`["COVERSATION_OPENED"]`, `[]`, `[]`))
	paused, _ := p.flow(eventFlow(`["ADD_TAG"]`, `[]`, `[]`))
	p.api("POST", "/api/flows/"+paused+"/pause", "", 200)
	hooked, _ := p.flow(webhookFlow(`{}`, "", ""))
	p.draft(eventFlow(`["ADD_TAG"]`, `[]`, `[]`))

	tests := []struct {
		typ, channel string
		flows        []string
	}{
		{"ADD_TAG", "919876543210", []string{everyTag, sales}},
		{"ADD_TAG", "+1 555 000 1111", []string{everyTag}},
		{"REMOVE_TAG", "91 98765 43210", []string{sales}},
		{"CONVERSATION_OPENED", "1", []string{opened}},
		{"COVERSATION_OPENED", "1", []string{opened}},
		{"CHAT_UNASSIGNED", "919876543210", nil},
	}
	for _, tt := range tests {
		a := p.sendEvent(tt.typ, tt.channel, "", example(t, tt.typ))
		res := a.json(t)
		if a.status != 202 || res["deliveries"] != 0.0 || !strings.HasPrefix(res["eventId"].(string), "evt_") {
			t.Fatalf("%s on %s: %d %s", tt.typ, tt.channel, a.status, a.body)
		}
		var got []string
		for _, id := range res["runs"].([]any) {
			run := p.waitRun(id.(string))
			if run["status"] != "succeeded" {
				t.Fatalf("run of %s: %v", tt.typ, run)
			}
			got = append(got, run["flowId"].(string))
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(tt.flows))
		if !slices.Equal(got, want) {
			t.Errorf("%s on %s started runs in %v, want %v", tt.typ, tt.channel, got, want)
		}
	}
	for _, flow := range []string{paused, hooked} {
		if runs := p.runsOf(flow); len(runs) != 0 {
			t.Errorf("flow %s ran on events: %v", flow, runs)
		}
	}
	// The channel and the mapped fields find the runs.
	found := p.api("GET", "/api/runs?q=919876543210", "", 200)["items"].([]any)
	if len(found) != 3 {
		t.Errorf("runs found by the channel: %d, want 3", len(found))
	}
	run := p.api("GET", "/api/runs/"+p.runsOf(everyTag)[0], "", 200)
	fields := run["fields"].(map[string]any)
	if fields["channel"] == nil || fields["customer"] == nil {
		t.Errorf("fields of an event run: %v", fields)
	}
	if trig := run["trigger"].(map[string]any)["event"].(map[string]any); trig["id"] == nil || trig["receivedAt"] == nil {
		t.Errorf("trigger of an event run: %v", trig)
	}
}

// TestEvents_Refusals: an unknown type and data that breaks the schema
// get 422 with the catalog's message; malformed JSON and missing fields
// get 400.
func TestEvents_Refusals(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	flow, _ := p.flow(eventFlow(`["ADD_TAG"]`, `[]`, `[]`))
	badData := `{"customer": {"phoneNumber": 5}}`
	schemaErr := catalog.Validate("ADD_TAG", []byte(badData))
	var ve *catalog.ValidationError
	if !errors.As(schemaErr, &ve) {
		t.Fatalf("the catalog takes %s: %v", badData, schemaErr)
	}
	tests := []struct {
		name, body string
		status     int
		message    string
	}{
		{"unknown type", `{"type": "NOPE", "channel": "1", "data": {}}`, 422, `unknown event type "NOPE"`},
		{"schema", `{"type": "ADD_TAG", "channel": "1", "data": ` + badData + `}`, 422, schemaErr.Error()},
		{"malformed", `{"type": "ADD_TAG", `, 400, "not valid JSON"},
		{"no type", `{"channel": "1", "data": {}}`, 400, "type is required"},
		{"no channel", `{"type": "ADD_TAG", "data": {}}`, 400, "channel is required"},
		{"no data", `{"type": "ADD_TAG", "channel": "1"}`, 400, "data is required"},
	}
	for _, tt := range tests {
		a := p.send("POST", "/api/events", "application/json", []byte(tt.body), "Authorization", "Bearer "+key)
		if msg, _ := a.json(t)["message"].(string); a.status != tt.status || !strings.Contains(msg, tt.message) {
			t.Errorf("%s: %d %s; want %d with %q", tt.name, a.status, a.body, tt.status, tt.message)
		}
	}
	if runs := p.runsOf(flow); len(runs) != 0 {
		t.Errorf("refused events started runs: %v", runs)
	}
	if a := p.send("POST", "/api/events", "application/json", []byte(`{}`)); a.status != 401 {
		t.Errorf("event without an API key: %d", a.status)
	}
}

// TestEvents_Dedup: an event sent again with its id starts nothing and
// answers 200 with the first one's result; without an id, every call is
// new.
func TestEvents_Dedup(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	flow, _ := p.flow(eventFlow(`["ADD_TAG"]`, `[]`, `[]`))
	data := example(t, "ADD_TAG")
	first := p.sendEvent("ADD_TAG", "1", "tag-42", data)
	again := p.sendEvent("ADD_TAG", "1", "tag-42", data)
	f, a := first.json(t), again.json(t)
	if first.status != 202 || again.status != 200 || a["duplicate"] != true || f["eventId"] != "tag-42" ||
		mustJSON(t, a["runs"]) != mustJSON(t, f["runs"]) {
		t.Fatalf("first %d %s; again %d %s", first.status, first.body, again.status, again.body)
	}
	p.sendEvent("ADD_TAG", "1", "", data)
	p.sendEvent("ADD_TAG", "1", "", data)
	if runs := p.runsOf(flow); len(runs) != 3 {
		t.Fatalf("runs after one event twice and two without ids: %d, want 3", len(runs))
	}
}

// TestChannels: add, list, refuse duplicates and bad fields, delete.
func TestChannels(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	c := p.api("POST", "/api/channels", `{"number": "+91 98765-43210", "name": "Sales"}`, 201)
	if c["number"] != "919876543210" || c["kind"] != "waba" {
		t.Fatalf("channel: %v", c)
	}
	p.api("POST", "/api/channels", `{"number": "web", "name": "Website", "kind": "chat_source"}`, 201)
	if msg := p.api("POST", "/api/channels", `{"number": "919876543210"}`, 409)["message"].(string); !strings.Contains(msg, "exists") {
		t.Errorf("duplicate: %s", msg)
	}
	for body, field := range map[string]string{`{"name": "x"}`: "number", `{"number": "1", "kind": "sms"}`: "kind", `{"number": "abc"}`: "number"} {
		if msg := p.api("POST", "/api/channels", body, 400)["message"].(string); !strings.Contains(msg, field) {
			t.Errorf("%s: %q does not name %s", body, msg, field)
		}
	}
	if items := p.api("GET", "/api/channels", "", 200)["items"].([]any); len(items) != 2 {
		t.Fatalf("channels: %v", items)
	}
	p.api("DELETE", "/api/channels/919876543210", "", 204)
	p.api("DELETE", "/api/channels/919876543210", "", 404)
	p.api("GET", "/api/event-types", "", 200)
}
