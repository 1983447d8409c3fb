package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// brokenFlow has a cycle (call → tag → call) and an HTTP node without its
// required URL.
const brokenFlow = `{
  "name": "Assigned chat -> CRM owner",
  "nodes": [
    {"id": "trigger", "type": "webhook", "typeVersion": 1,
     "config": {"mappings": [{"name": "customer_number", "path": "body.customer.phoneNumber"}]}},
    {"id": "call", "type": "http", "typeVersion": 1, "config": {"method": "POST"}},
    {"id": "tag", "type": "set", "typeVersion": 1,
     "config": {"values": [{"name": "status", "value": "{{ nodes.call.status }}"}]}}
  ],
  "edges": [{"from": "trigger", "to": "call"}, {"from": "call", "to": "tag"}, {"from": "tag", "to": "call"}]
}`

// fixedFlow is brokenFlow with a URL and without the edge back.
const fixedFlow = `{
  "name": "Assigned chat -> CRM owner",
  "nodes": [
    {"id": "trigger", "type": "webhook", "typeVersion": 1,
     "config": {"mappings": [{"name": "customer_number", "path": "body.customer.phoneNumber"}]}},
    {"id": "call", "type": "http", "typeVersion": 1,
     "config": {"method": "POST", "url": "https://crm.example.com/owners/{{ vars.customer_number }}"}},
    {"id": "tag", "type": "set", "typeVersion": 1,
     "config": {"values": [{"name": "status", "value": "{{ nodes.call.status }}"}]}}
  ],
  "edges": [{"from": "trigger", "to": "call"}, {"from": "call", "to": "tag"}]
}`

// TestFlowLifecycle_AcrossRestart is the foundation scenario on every
// store: an invalid flow is refused with every problem named, the fixed one
// publishes as version 1, and both survive a restart.
func TestFlowLifecycle_AcrossRestart(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			st := b.open(t)
			h := start(t, st)
			created := h.expect(http.MethodPost, "/api/flows", []byte(brokenFlow), http.StatusCreated)
			id := created["id"].(string)
			if url, _ := created["trigger"].(map[string]any)["webhookUrl"].(string); !strings.HasPrefix(url, "http://hooks.test/hook/whk_") {
				t.Fatalf("webhookUrl = %q", url)
			}

			r := h.do(http.MethodPost, "/api/flows/"+id+"/publish", nil)
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("publish of a broken flow = %d, want 422: %s", r.Status, r.Body)
			}
			requireProblem(t, r.JSON(t), "call", "url", "required")
			requireProblem(t, r.JSON(t), "call", "edges", "cycle")

			h.expect(http.MethodPut, "/api/flows/"+id, []byte(fixedFlow), http.StatusOK)
			published := h.expect(http.MethodPost, "/api/flows/"+id+"/publish", nil, http.StatusOK)
			if published["version"] != 1.0 {
				t.Fatalf("version after the first publish = %v, want 1", published["version"])
			}
			h.expect(http.MethodPost, "/api/flows/"+id+"/activate", nil, http.StatusOK)
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}

			h = start(t, b.open(t)) // restart on the same data
			defer h.store.Close()
			got := h.expect(http.MethodGet, "/api/flows/"+id, nil, http.StatusOK)
			if got["version"] != 1.0 || got["status"] != "active" || got["name"] != "Assigned chat -> CRM owner" {
				t.Fatalf("after restart: version %v status %v name %v", got["version"], got["status"], got["name"])
			}
			versions := h.expect(http.MethodGet, "/api/flows/"+id+"/versions", nil, http.StatusOK)["items"].([]any)
			if len(versions) != 1 || versions[0].(map[string]any)["version"] != 1.0 {
				t.Fatalf("versions after restart = %v", versions)
			}
			v := h.expect(http.MethodGet, "/api/flows/"+id+"/versions/1", nil, http.StatusOK)
			if n := len(v["nodes"].([]any)); n != 3 {
				t.Fatalf("version 1 has %d nodes, want 3", n)
			}
		})
	}
}

func requireProblem(t *testing.T, body map[string]any, nodeID, field, text string) {
	t.Helper()
	problems, _ := body["problems"].([]any)
	for _, p := range problems {
		m := p.(map[string]any)
		if m["nodeId"] == nodeID && m["field"] == field && strings.Contains(m["message"].(string), text) {
			return
		}
	}
	t.Fatalf("no problem on node %q field %q containing %q in %s", nodeID, field, text, fmt.Sprint(problems))
}

// TestAPI_BadRequestsStoreNothing: no key, a wrong key, broken JSON and an
// oversized body each get a clear 4xx, and no flow is stored.
func TestAPI_BadRequestsStoreNothing(t *testing.T) {
	t.Parallel()
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			h := start(t, b.open(t))
			defer h.store.Close()
			tests := []struct {
				name   string
				body   []byte
				auth   string
				status int
				msg    string
			}{
				{"no key", []byte(fixedFlow), "", http.StatusUnauthorized, "needs an API key"},
				{"wrong key", []byte(fixedFlow), "Bearer hfk_wrong", http.StatusUnauthorized, "valid API key"},
				{"wrong bare key", []byte(fixedFlow), "hfk_wrong", http.StatusUnauthorized, "valid API key"},
				{"broken JSON", []byte(`{"name": "x", "nodes": [`), "Bearer " + adminKey, http.StatusBadRequest, "not valid JSON"},
				{"wrong type", []byte(`{"name": 7}`), "Bearer " + adminKey, http.StatusBadRequest, "wrong type"},
				{"20 MiB body", nil, "Bearer " + adminKey, http.StatusRequestEntityTooLarge, "larger than"},
				{"3 MiB body", nil, "Bearer " + adminKey, http.StatusRequestEntityTooLarge, "larger than 2097152 bytes"},
			}
			sizes := map[string]int{"20 MiB body": 20 << 20, "3 MiB body": 3 << 20}
			for _, tt := range tests {
				var r response
				if size := sizes[tt.name]; size > 0 {
					r = h.doLarge(http.MethodPost, "/api/flows", size, tt.auth)
				} else {
					r = h.do(http.MethodPost, "/api/flows", tt.body, tt.auth)
				}
				if r.Status != tt.status {
					t.Errorf("%s: status %d, want %d: %s", tt.name, r.Status, tt.status, r.Body)
					continue
				}
				if msg, _ := r.JSON(t)["message"].(string); !strings.Contains(msg, tt.msg) {
					t.Errorf("%s: message %q, want it to contain %q", tt.name, msg, tt.msg)
				}
			}
			list := h.expect(http.MethodGet, "/api/flows", nil, http.StatusOK)["items"].([]any)
			if len(list) != 0 {
				t.Fatalf("bad requests stored %d flows", len(list))
			}
			// The bare key form of the seed's registration API works too.
			if r := h.do(http.MethodGet, "/api/flows", nil, adminKey); r.Status != http.StatusOK {
				t.Fatalf("bare key: %d %s", r.Status, r.Body)
			}
		})
	}
}

func TestAPI_NotFoundAndConflicts(t *testing.T) {
	t.Parallel()
	b := backends(t)[0]
	h := start(t, b.open(t))
	defer h.store.Close()
	r := h.do(http.MethodGet, "/api/flows/flw_nope", nil)
	if r.Status != http.StatusNotFound || !strings.Contains(r.JSON(t)["message"].(string), "flw_nope") {
		t.Fatalf("unknown flow: %d %s", r.Status, r.Body)
	}
	created := h.expect(http.MethodPost, "/api/flows", []byte(`{"name": "empty"}`), http.StatusCreated)
	id := created["id"].(string)
	if n := len(created["nodes"].([]any)); n != 1 {
		t.Fatalf("a new flow has %d nodes, want the On Webhook trigger", n)
	}
	if r := h.do(http.MethodPost, "/api/flows/"+id+"/activate", nil); r.Status != http.StatusConflict {
		t.Fatalf("activate before publish: %d %s", r.Status, r.Body)
	}
	if r := h.do(http.MethodGet, "/api/flows/"+id+"/versions/3", nil); r.Status != http.StatusNotFound {
		t.Fatalf("missing version: %d %s", r.Status, r.Body)
	}
	h.expect(http.MethodDelete, "/api/flows/"+id, nil, http.StatusNoContent)
	if r := h.do(http.MethodDelete, "/api/flows/"+id, nil); r.Status != http.StatusNotFound {
		t.Fatalf("second delete: %d", r.Status)
	}
}
