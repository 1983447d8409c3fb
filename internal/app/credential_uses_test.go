package app_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestCredentials_UsesKeepDeletion: a credential named by a flow's draft or
// by the published version that runs is listed with those flows and is not
// deleted without force; the answer names the flows and steps.
func TestCredentials_UsesKeepDeletion(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	credA := p.api("POST", "/api/credentials", `{"name": "CRM A", "type": "bearer", "fields": {"token": "a-token"}}`, 201)["id"].(string)
	credB := p.api("POST", "/api/credentials", `{"name": "CRM B", "type": "bearer", "fields": {"token": "b-token"}}`, 201)["id"].(string)
	unused := p.api("POST", "/api/credentials", `{"name": "Spare", "type": "basic", "fields": {"username": "u", "password": "p"}}`, 201)["id"].(string)
	doc := func(name, cred string) string {
		return fmt.Sprintf(`{"name": %q, "nodes": [{"id": "trigger", "type": "webhook", "config": {}},
 {"id": "call", "type": "http", "config": {"url": "https://crm.example.com/owners", "authType": "BEARER", "credential": %q}}],
 "edges": [{"from": "trigger", "to": "call"}]}`, name, cred)
	}
	// "Owners" is published with A, then its draft moves to B: the version that runs still uses A.
	owners, _ := p.flow(doc("Owners", credA))
	p.api("PUT", "/api/flows/"+owners, doc("Owners", credB), 200)
	// "Leads" is a draft that names A.
	p.api("POST", "/api/flows", doc("Leads", credA), 201)

	uses := func(id string) map[string][]any {
		out := map[string][]any{}
		for _, u := range p.api("GET", "/api/credentials/"+id+"/uses", "", 200)["items"].([]any) {
			m := u.(map[string]any)
			out[m["flowName"].(string)] = m["steps"].([]any)
		}
		return out
	}
	if got := uses(credA); len(got) != 2 || len(got["Owners"]) != 1 || len(got["Leads"]) != 1 || got["Owners"][0] != "call" {
		t.Fatalf("uses of A = %v, want Owners (published) and Leads (draft), step call", got)
	}
	if got := uses(credB); len(got) != 1 || got["Owners"] == nil {
		t.Fatalf("uses of B = %v, want the draft of Owners", got)
	}
	if got := uses(unused); len(got) != 0 {
		t.Fatalf("uses of an unused credential = %v", got)
	}

	refused := p.api("DELETE", "/api/credentials/"+credA, "", 409)
	msg, _ := refused["message"].(string)
	for _, want := range []string{`flow "Owners" (step call)`, `flow "Leads" (step call)`, "force=true"} {
		if !strings.Contains(msg, want) {
			t.Fatalf("409 message %q lacks %q", msg, want)
		}
	}
	p.api("GET", "/api/credentials/"+credA, "", 200) // still there
	p.api("DELETE", "/api/credentials/"+unused, "", 204)
	p.api("DELETE", "/api/credentials/"+credA+"?force=true", "", 204)
	p.api("GET", "/api/credentials/"+credA, "", 404)
	p.api("GET", "/api/credentials/"+credA+"/uses", "", 404)
	p.api("DELETE", "/api/credentials/crd_none", "", 404)
}
