package app_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookflow/hookflow/events/catalog"
	"github.com/hookflow/hookflow/store"
	"github.com/hookflow/hookflow/store/mongo"
)

// draft creates a flow and leaves it a draft; it returns id and hook path.
func (p *proc) draft(doc string) (string, string) {
	p.t.Helper()
	f := p.api("POST", "/api/flows", doc, 201)
	return f["id"].(string), "/hook/" + f["hookToken"].(string)
}

// eventFlow is a flow whose event trigger takes types on channels (JSON
// lists), with mappings, and a set node after it.
func eventFlow(types, channels, mappings string) string {
	return fmt.Sprintf(`{"name": "events", "nodes": [
	 {"id": "trigger", "type": "event", "config": {"eventTypes": %s, "channels": %s, "mappings": %s}},
	 {"id": "note", "type": "set", "config": {"values": [{"name": "seen", "value": "{{ trigger.event.type }}"}]}}],
	 "edges": [{"from": "trigger", "to": "note"}]}`, types, channels, mappings)
}

// example returns the catalog's example data of an event type.
func example(t *testing.T, name string) string {
	t.Helper()
	typ, ok := catalog.Lookup(name)
	if !ok {
		t.Fatalf("no event type %s in the catalog", name)
	}
	return string(typ.Example)
}

// jsonValue decodes JSON text.
func jsonValue(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("not JSON: %s", s)
	}
	return v
}

// sendEvent posts an event and returns the answer.
func (p *proc) sendEvent(typ, channel, id, data string) answer {
	p.t.Helper()
	body := mustJSON(p.t, map[string]any{"type": typ, "channel": channel, "id": id, "data": json.RawMessage(data)})
	return p.send("POST", "/api/events", "application/json", []byte(body), "Authorization", "Bearer "+key)
}

// inbox returns the inbox of a trigger.
func (p *proc) inbox(flowID, nodeID string) []any {
	p.t.Helper()
	return p.api("GET", "/api/flows/"+flowID+"/nodes/"+nodeID+"/inbox", "", 200)["items"].([]any)
}

// sse is an SSE capture that has begun: the server sent its first
// comment, so every request from now on counts.
type sse struct {
	t    testing.TB
	resp *http.Response
	r    *bufio.Reader
}

// captureSSE begins a capture as an SSE stream and waits for its first
// comment.
func (p *proc) captureSSE(flowID, nodeID, query string) *sse {
	p.t.Helper()
	req, _ := http.NewRequest("POST", p.url+"/api/flows/"+flowID+"/nodes/"+nodeID+"/capture"+query, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	p.t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		body, _ := io.ReadAll(resp.Body)
		p.t.Fatalf("SSE capture: %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	s := &sse{t: p.t, resp: resp, r: bufio.NewReader(resp.Body)}
	if line, err := s.r.ReadString('\n'); err != nil || !strings.HasPrefix(line, ":") {
		p.t.Fatalf("SSE capture began with %q, %v; want a comment", line, err)
	}
	return s
}

// event reads the stream up to its next event and returns its name and
// data; comments are skipped.
func (s *sse) event() (string, map[string]any) {
	s.t.Helper()
	name := ""
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			s.t.Fatalf("SSE stream ended before an event: %v", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			var m map[string]any
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &m); err != nil {
				s.t.Fatalf("SSE data is not JSON: %s", line)
			}
			return name, m
		}
	}
}

// body returns the body of a captured entry.
func body(t *testing.T, entry map[string]any) map[string]any {
	t.Helper()
	data, _ := entry["data"].(map[string]any)
	b, ok := data["body"].(map[string]any)
	if !ok {
		t.Fatalf("entry without a JSON body: %v", entry)
	}
	return b
}

// waitFor polls cond every 20ms until it holds or 10s passed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10s for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// openMongo opens a store on database name of the server at uri.
func openMongo(t *testing.T, uri, name string) store.Store {
	t.Helper()
	st, err := mongo.Open(context.Background(), mongo.Config{URI: uri, Database: name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
