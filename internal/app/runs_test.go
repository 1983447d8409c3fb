package app_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookflow/hookflow/store/mongo/mongotest"
)

// delayFlow waits wait between its trigger and a set node.
func delayFlow(wait string) string {
	return webhookFlow(`{"mappings": [{"name": "customer_number", "path": "body.phone"}]}`, `,
 {"id": "wait", "type": "delay", "config": {"mode": "duration", "duration": "`+wait+`"}},
 {"id": "after", "type": "set", "config": {"values": [{"name": "done", "value": "yes"}]}}`,
		`{"from": "trigger", "to": "wait"}, {"from": "wait", "to": "after"}`)
}

// runEvent is one event of a run stream.
type runEvent struct {
	name string
	data map[string]any
}

// runStream reads the whole SSE stream of run id, until the server ends it.
func (p *proc) runStream(id string) []runEvent {
	p.t.Helper()
	events, err := p.readRunStream(id)
	if err != nil {
		p.t.Fatal(err)
	}
	return events
}

// readRunStream is runStream for another goroutine than the test's.
func (p *proc) readRunStream(id string) ([]runEvent, error) {
	req, _ := http.NewRequest("GET", p.url+"/api/runs/"+id+"/stream", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		body, _ := io.ReadAll(resp.Body)
		return nil, fmt.Errorf("run stream: %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	var out []runEvent
	name := ""
	r := bufio.NewReader(resp.Body)
	for {
		line, err := r.ReadString('\n')
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("run stream broke: %w", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			var m map[string]any
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &m); err != nil {
				return nil, fmt.Errorf("run stream data is not JSON: %s", line)
			}
			out = append(out, runEvent{name, m})
		}
	}
}

// checkFollowed checks the events of a stream that followed a run with
// a delay from before it waited: states in order, one of them waiting,
// the last the finished run, then "end".
func checkFollowed(t *testing.T, events []runEvent) {
	t.Helper()
	if len(events) < 3 {
		t.Fatalf("the stream sent %d events, want the run before, during and after its delay: %v", len(events), events)
	}
	var statuses []string
	for _, e := range events[:len(events)-1] {
		if e.name != "run" {
			t.Fatalf("event %q before the end: %v", e.name, e.data)
		}
		statuses = append(statuses, e.data["status"].(string))
	}
	if !strings.Contains(strings.Join(statuses, " "), "waiting") {
		t.Errorf("the stream never showed the run waiting: %v", statuses)
	}
	for i, s := range statuses[:len(statuses)-1] {
		if s == "succeeded" {
			t.Errorf("state %d of %v is finished, before the last", i, statuses)
		}
	}
	last, end := events[len(events)-2].data, events[len(events)-1]
	if last["status"] != "succeeded" || end.name != "end" || end.data["status"] != "succeeded" {
		t.Fatalf("the stream ended with %v then %q %v", last["status"], end.name, end.data)
	}
	if step(t, last, "after")["status"] != "succeeded" || last["trigger"] == nil {
		t.Fatalf("last state: %v", last)
	}
	if last["attempt"] != 1.0 {
		t.Errorf("a run woken after its delay counts %v starts, want 1: waking is not a retry", last["attempt"])
	}
}

// TestRunStream_FollowsDelay: the stream of a queued run with a delay
// shows it as it goes and ends once it has finished.
func TestRunStream_FollowsDelay(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	flowID, hook := p.flow(delayFlow("1500ms"))
	id := p.hook(hook, `{"phone": "+1 555 0100"}`).json(t)["runId"].(string)
	type result struct {
		events []runEvent
		err    error
	}
	streamed := make(chan result, 1)
	go func() {
		events, err := p.readRunStream(id)
		streamed <- result{events, err}
	}()
	// Other requests while the stream is open reuse the server's request
	// buffers; the stream must not depend on them.
	var got *result
	for deadline := time.Now().Add(20 * time.Second); got == nil; {
		if time.Now().After(deadline) {
			t.Fatal("the stream did not end after the run finished")
		}
		p.api("GET", "/api/flows/"+flowID, "", 200)
		select {
		case r := <-streamed:
			got = &r
		case <-time.After(20 * time.Millisecond):
		}
	}
	if got.err != nil {
		t.Fatal(got.err)
	}
	checkFollowed(t, got.events)

	// A finished run: one state, then the end.
	again := p.runStream(id)
	if len(again) != 2 || again[0].name != "run" || again[0].data["status"] != "succeeded" || again[1].name != "end" {
		t.Fatalf("stream of a finished run: %v", again)
	}
}

// TestRunStream_UnknownRun: an unknown id is 404 before any stream.
func TestRunStream_UnknownRun(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	if a := p.api("GET", "/api/runs/run_none/stream", "", 404); !strings.Contains(a["message"].(string), "run_none") {
		t.Fatalf("404 says %v", a["message"])
	}
}

// TestRunStream_AcrossProcesses: process A follows a run that process B
// executes, through the store they share.
func TestRunStream_AcrossProcesses(t *testing.T) {
	t.Parallel()
	uri, db := mongotest.Start(t), mongotest.DatabaseName()
	a := startProc(t, openMongo(t, uri, db))
	b := startProc(t, openMongo(t, uri, db))
	_, hook := a.flow(delayFlow("1500ms"))
	id := b.hook(hook, `{"phone": "+1 555 0101"}`).json(t)["runId"].(string)
	checkFollowed(t, a.runStream(id))
}

// TestRuns_Filters: the run list's filters as the studio sends them:
// flow, status, a time range in JavaScript's ISO form, a business field
// as typed, and pages through the cursor.
func TestRuns_Filters(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	before := time.Now().UTC().Add(-time.Second)
	mapped := `{"mappings": [{"name": "customer_number", "path": "body.phone"}, {"name": "agent_email", "path": "body.agent"}]}`
	ok, okHook := p.flow(webhookFlow(mapped, "", ""))
	bad, badHook := p.flow(webhookFlow(mapped, `,
 {"id": "calc", "type": "set", "config": {"values": [{"name": "n", "mode": "expression", "value": "int(trigger.body.code)"}]}}`,
		`{"from": "trigger", "to": "calc"}`))
	var okRuns []string
	for _, body := range []string{`{"phone": "+91 98765-43210", "agent": "Asha@Shop.example"}`, `{"phone": "111"}`, `{"phone": "222"}`} {
		okRuns = append(okRuns, p.hook(okHook, body).json(t)["runId"].(string))
	}
	failed := p.hook(badHook, `{"phone": "+91 98765-43210", "code": "x"}`).json(t)["runId"].(string)
	for _, id := range append(okRuns, failed) {
		p.waitRun(id)
	}
	after := time.Now().UTC().Add(time.Second)

	list := func(query url.Values) ([]string, string) {
		t.Helper()
		page := p.api("GET", "/api/runs?"+query.Encode(), "", 200)
		var ids []string
		for _, it := range page["items"].([]any) {
			ids = append(ids, it.(map[string]any)["id"].(string))
		}
		return ids, page["next"].(string)
	}
	js := func(t time.Time) string { return t.Format("2006-01-02T15:04:05.000Z") }
	cases := []struct {
		name  string
		query url.Values
		want  []string
	}{
		{"flow", url.Values{"flowId": {ok}}, []string{okRuns[2], okRuns[1], okRuns[0]}},
		{"status", url.Values{"status": {"failed"}}, []string{failed}},
		{"flow and status", url.Values{"flowId": {bad}, "status": {"succeeded"}}, nil},
		{"customer number as typed", url.Values{"q": {"+91 98765 43210"}}, []string{failed, okRuns[0]}},
		{"agent in another case", url.Values{"q": {"asha@shop.example"}, "flowId": {ok}}, []string{okRuns[0]}},
		{"time range", url.Values{"from": {js(before)}, "to": {js(after)}, "flowId": {bad}}, []string{failed}},
		{"range in the past", url.Values{"to": {js(before)}}, nil},
	}
	// Runs made in one millisecond may come in either order.
	sorted := func(ids []string) string { return strings.Join(slices.Sorted(slices.Values(ids)), ",") }
	for _, c := range cases {
		if got, _ := list(c.query); sorted(got) != sorted(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}

	whole, _ := list(url.Values{"flowId": {ok}})
	var paged []string
	q := url.Values{"flowId": {ok}, "limit": {"2"}}
	for {
		ids, next := list(q)
		paged = append(paged, ids...)
		if next == "" {
			break
		}
		q.Set("cursor", next)
	}
	if strings.Join(paged, ",") != strings.Join(whole, ",") {
		t.Errorf("pages of 2 give %v, one page %v", paged, whole)
	}
	p.api("GET", "/api/runs?from=yesterday", "", 400)
	p.api("GET", "/api/runs?status=lost", "", 400)
	p.api("GET", "/api/runs?cursor=nonsense", "", 400)
}
