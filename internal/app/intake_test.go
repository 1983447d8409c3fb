package app_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookflow/hookflow/internal/ids"
)

func webhookFlow(triggerConfig, rest string, edges string) string {
	return fmt.Sprintf(`{"name": "t", "nodes": [{"id": "trigger", "type": "webhook", "config": %s}%s], "edges": [%s]}`,
		triggerConfig, rest, edges)
}

const respondNodes = `,
 {"id": "check", "type": "condition", "config": {"expression": "trigger.body.amount > 100"}},
 {"id": "big", "type": "respond", "config": {"status": 201, "headers": {"X-Tier": "gold"}, "body": {"tier": "gold", "amount": "{{ trigger.body.amount }}"}}},
 {"id": "small", "type": "respond", "config": {"body": "small order"}}`

const respondEdges = `{"from": "trigger", "to": "check"}, {"from": "check", "port": "true", "to": "big"}, {"from": "check", "port": "false", "to": "small"}`

func TestHook_ResponseModes(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	_, respond := p.flow(webhookFlow(`{"responseMode": "respondNode"}`, respondNodes, respondEdges))
	a := p.hook(respond, `{"amount": 150}`)
	if a.status != 201 || a.header.Get("X-Tier") != "gold" || a.json(t)["amount"] != 150.0 {
		t.Fatalf("respond node answer: %d %v %s", a.status, a.header, a.body)
	}
	if a = p.hook(respond, `{"amount": 5}`); a.status != 200 || string(a.body) != "small order" || !strings.HasPrefix(a.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("text answer: %d %q %s", a.status, a.header.Get("Content-Type"), a.body)
	}

	_, last := p.flow(webhookFlow(`{"responseMode": "lastNode"}`, `,
 {"id": "calc", "type": "set", "config": {"values": [{"name": "total", "mode": "expression", "value": "trigger.body.amount * 2"}]}}`,
		`{"from": "trigger", "to": "calc"}`))
	if a = p.hook(last, `{"amount": 21}`); a.status != 200 || a.json(t)["total"] != 42.0 {
		t.Fatalf("lastNode answer: %d %s", a.status, a.body)
	}

	_, immediate := p.flow(webhookFlow(`{"responseMode": "immediate"}`, "", ""))
	a = p.hook(immediate, `{"amount": 1}`)
	runID, _ := a.json(t)["runId"].(string)
	if a.status != 202 || !strings.HasPrefix(runID, "run_") {
		t.Fatalf("immediate answer: %d %s", a.status, a.body)
	}
	if r := p.waitRun(runID); r["status"] != "succeeded" {
		t.Fatalf("run: %v", r)
	}
}

// TestHook_RespondTimeout: a respond node that comes after a delay longer
// than the trigger's timeout gets the caller a 202 with the run id, and
// the run goes on to succeed.
func TestHook_RespondTimeout(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	_, hook := p.flow(webhookFlow(`{"responseMode": "respondNode", "responseTimeout": "100ms"}`, `,
 {"id": "wait", "type": "delay", "config": {"mode": "duration", "duration": "300ms"}},
 {"id": "reply", "type": "respond", "config": {"body": {"ok": true}}}`,
		`{"from": "trigger", "to": "wait"}, {"from": "wait", "to": "reply"}`))
	a := p.hook(hook, `{}`)
	runID, _ := a.json(t)["runId"].(string)
	if a.status != 202 || runID == "" {
		t.Fatalf("after the timeout: %d %s", a.status, a.body)
	}
	if r := p.waitRun(runID); r["status"] != "succeeded" {
		t.Fatalf("run after the timeout: %v", r)
	}
}

func TestHook_Refusals(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	flowID, hook := p.flow(webhookFlow(`{"auth": "bearer", "token": "s3cret-token", "maxBodyBytes": 64, "rateLimit": 3, "methods": ["POST"]}`, "", ""))
	auth := []string{"Authorization", "Bearer s3cret-token"}
	tests := []struct {
		name   string
		ctype  string
		body   string
		hdr    []string
		status int
		msg    string
	}{
		{"no token", "application/json", `{}`, nil, 401, "Bearer"},
		{"wrong token", "application/json", `{}`, []string{"Authorization", "Bearer nope"}, 401, "token"},
		{"too large", "application/json", `{"x": "` + strings.Repeat("a", 100) + `"}`, auth, 413, "at most 64"},
		{"broken json", "application/json", `{"x": `, auth, 400, "not valid JSON"},
		{"binary", "application/octet-stream", "abc", auth, 415, "not accepted"},
	}
	for _, tt := range tests {
		a := p.send("POST", hook, tt.ctype, []byte(tt.body), tt.hdr...)
		if a.status != tt.status || !strings.Contains(a.json(t)["message"].(string), tt.msg) {
			t.Errorf("%s: %d %s; want %d with %q", tt.name, a.status, a.body, tt.status, tt.msg)
		}
	}
	if a := p.send("GET", hook, "", nil, auth...); a.status != 405 {
		t.Errorf("GET on a POST webhook: %d %s", a.status, a.body)
	}
	if a := p.hook("/hook/whk_unknown", `{}`); a.status != 404 {
		t.Errorf("unknown token: %d %s", a.status, a.body)
	}
	limited := 0
	for range 10 {
		a := p.send("POST", hook, "application/json", []byte(`{}`), auth...)
		if a.status == 429 {
			limited++
			if a.header.Get("Retry-After") == "" {
				t.Errorf("429 without Retry-After")
			}
		}
	}
	if limited == 0 {
		t.Error("10 requests at once to a 3/s webhook: none limited")
	}
	if items := p.api("GET", "/api/runs?flowId="+flowID+"&status=failed", "", 200)["items"].([]any); len(items) != 0 {
		t.Errorf("refused requests made failed runs: %v", items)
	}
}

func TestHook_Dedup(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	flowID, byPath := p.flow(webhookFlow(`{"dedupPath": "body.eventId", "dedupWindow": "1h"}`, "", ""))
	first := p.hook(byPath, `{"eventId": "evt_1"}`)
	again := p.hook(byPath, `{"eventId": "evt_1", "retry": true}`)
	other := p.hook(byPath, `{"eventId": "evt_2"}`)
	if first.status != 202 || again.status != 200 || other.status != 202 {
		t.Fatalf("statuses %d %d %d", first.status, again.status, other.status)
	}
	if again.json(t)["runId"] != first.json(t)["runId"] || again.json(t)["duplicate"] != true {
		t.Fatalf("repeat answer %s, first %s", again.body, first.body)
	}
	_, byHeader := p.flow(webhookFlow(`{"dedupHeader": "X-Delivery-Id"}`, "", ""))
	a := p.hook(byHeader, `{}`, "X-Delivery-Id", "d1")
	b := p.hook(byHeader, `{}`, "X-Delivery-Id", "d1")
	if a.status != 202 || b.status != 200 || b.json(t)["runId"] != a.json(t)["runId"] {
		t.Fatalf("header dedup: %d %s / %d %s", a.status, a.body, b.status, b.body)
	}
	p.waitRun(other.json(t)["runId"].(string))
	if items := p.api("GET", "/api/runs?flowId="+flowID, "", 200)["items"].([]any); len(items) != 2 {
		t.Fatalf("the dedup flow has %d runs, want 2", len(items))
	}
}

// TestHook_DedupAfterCrash: a process that recorded a request's dedup key
// and died before its run was stored leaves a key without a run. A repeat
// is answered 503 while the first copy may still be being recorded; once
// the lease is past, it stores the run under the recorded id, which then
// runs once.
func TestHook_DedupAfterCrash(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	flowID, path := p.flow(webhookFlow(`{"dedupHeader": "X-Delivery-Id"}`, "", ""))
	now := time.Now()
	for _, tt := range []struct {
		key    string
		madeAt time.Time
		status int
	}{
		{"fresh", now, 503},
		{"lost", now.Add(-time.Minute), 202},
	} {
		id := ids.NewSortable("run", tt.madeAt)
		if _, err := p.app.Store.PutDedup(context.Background(), flowID, tt.key, id, now, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		a := p.hook(path, `{}`, "X-Delivery-Id", tt.key)
		if a.status != tt.status {
			t.Fatalf("repeat of %s: %d %s, want %d", tt.key, a.status, a.body, tt.status)
		}
		if a.status == 202 {
			if a.json(t)["runId"] != id {
				t.Fatalf("repeat of a lost request answered %s, want run %s", a.body, id)
			}
			if run := p.waitRun(id); run["status"] != "succeeded" {
				t.Fatalf("restored run: %v", run)
			}
		}
	}
}

func TestRuns_ReplayResumeAndSearch(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	flowID, hook := p.flow(webhookFlow(`{"mappings": [{"name": "customer_number", "path": "body.customer.phone"}]}`, `,
 {"id": "calc", "type": "set", "config": {"values": [{"name": "third", "mode": "expression", "value": "int(trigger.body.code)"}]}}`,
		`{"from": "trigger", "to": "calc"}`))
	a := p.hook(hook, `{"customer": {"phone": "+91 98123-45678"}, "code": "abc", "items": [1]}`)
	first := p.waitRun(a.json(t)["runId"].(string))
	if first["status"] != "failed" || step(t, first, "calc")["status"] != "failed" {
		t.Fatalf("first run: %v", first)
	}
	found := p.api("GET", "/api/runs?q=919812345678", "", 200)["items"].([]any)
	if len(found) != 1 || found[0].(map[string]any)["id"] != first["id"] {
		t.Fatalf("search by customer number: %v", found)
	}

	resumed := p.api("POST", "/api/runs/"+first["id"].(string)+"/resume", "", 202)
	again := p.waitRun(resumed["id"].(string))
	if again["id"] != first["id"] || again["attempt"].(float64) != 2 || again["resumeFrom"] != "calc" {
		t.Fatalf("resumed run: id %v attempt %v resumeFrom %v", again["id"], again["attempt"], again["resumeFrom"])
	}
	if step(t, again, "trigger")["startedAt"] != step(t, first, "trigger")["startedAt"] {
		t.Fatal("resume ran the trigger step again")
	}

	// Fix the flow, publish version 2, replay the failed run on it.
	f := p.api("GET", "/api/flows/"+flowID, "", 200)
	fixed := strings.Replace(mustJSON(t, f), `int(trigger.body.code)`, `len(trigger.body.items)`, 1)
	p.api("PUT", "/api/flows/"+flowID, fixed, 200)
	p.api("POST", "/api/flows/"+flowID+"/publish", "", 200)
	replay := p.api("POST", "/api/runs/"+first["id"].(string)+"/replay", `{"version": "latest"}`, 202)
	done := p.waitRun(replay["id"].(string))
	if done["status"] != "succeeded" || done["version"] != 2.0 || done["replayOf"] != first["id"] {
		t.Fatalf("replay on latest: %v", done)
	}
	orig := p.waitRun(p.api("POST", "/api/runs/"+first["id"].(string)+"/replay", `{"version": "original"}`, 202)["id"].(string))
	if orig["status"] != "failed" || orig["version"] != 1.0 {
		t.Fatalf("replay on original: %v", orig)
	}
	p.api("POST", "/api/runs/"+first["id"].(string)+"/cancel", "", 409)
}

// TestDelay_SurvivesRestart: a run waiting in a delay when its process
// stops is finished by the next process on the same store.
func TestDelay_SurvivesRestart(t *testing.T) {
	t.Parallel()
	path := dbPath(t)
	st := openSQLite(t, path)
	p := startProc(t, st)
	_, hook := p.flow(webhookFlow(`{}`, `,
 {"id": "wait", "type": "delay", "config": {"mode": "duration", "duration": "1500ms"}},
 {"id": "after", "type": "set", "config": {"values": [{"name": "done", "value": "yes"}]}}`,
		`{"from": "trigger", "to": "wait"}, {"from": "wait", "to": "after"}`))
	runID := p.hook(hook, `{}`).json(t)["runId"].(string)
	deadline := time.Now().Add(10 * time.Second)
	for p.api("GET", "/api/runs/"+runID, "", 200)["status"] != "waiting" {
		if time.Now().After(deadline) {
			t.Fatal("the run never started waiting")
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.stop()
	st.Close()

	p2 := startProc(t, openSQLite(t, path))
	r := p2.waitRun(runID)
	if r["status"] != "succeeded" || step(t, r, "after")["status"] != "succeeded" {
		t.Fatalf("after the restart: %v", r)
	}
}

// TestHook_TokensOfOneConnection: requests to three webhook URLs, sent
// over a few keep-alive connections, each start a run of their own flow.
// The server reuses a connection's request buffer, and the flow cache once
// kept the token pointing into it, so a later request changed a cached key
// and requests started runs of another flow.
func TestHook_TokensOfOneConnection(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	var ids, paths []string
	for _, name := range []string{"first", "second", "third"} {
		id, path := p.flow(fmt.Sprintf(`{"name": %q, "nodes": [{"id": "trigger", "type": "webhook", "config": {}}], "edges": []}`, name))
		ids, paths = append(ids, id), append(paths, path)
	}
	const perFlow, conns = 100, 6
	var wg sync.WaitGroup
	for c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; i < perFlow*len(paths); i += conns {
				if a := p.hook(paths[i%len(paths)], `{}`); a.status != 202 {
					t.Errorf("request %d: %d %s", i, a.status, a.body)
				}
			}
		}()
	}
	wg.Wait()
	for i, id := range ids {
		n := len(p.api("GET", "/api/runs?limit=500&flowId="+id, "", 200)["items"].([]any))
		if n != perFlow {
			t.Errorf("flow %d has %d runs, want %d", i, n, perFlow)
		}
	}
}
