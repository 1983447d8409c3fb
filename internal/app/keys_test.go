package app_test

import (
	"strings"
	"testing"
)

// TestKeys_OnlyAdminsManageKeys: a key made without admin works for
// everything else, reads the key list, but can neither make nor revoke keys.
func TestKeys_OnlyAdminsManageKeys(t *testing.T) {
	t.Parallel()
	p := startProc(t, openSQLite(t, dbPath(t)))
	made := p.api("POST", "/api/keys", `{"name": "zapier", "admin": false}`, 201)
	script := made["key"].(string)
	scriptID := made["apiKey"].(map[string]any)["id"].(string)
	spare := p.api("POST", "/api/keys", `{"name": "spare"}`, 201)["apiKey"].(map[string]any)["id"].(string)

	as := func(method, path, body string) answer {
		return p.send(method, path, "application/json", []byte(body), "Authorization", "Bearer "+script)
	}
	if a := as("POST", "/api/flows", `{"name": "made by a script"}`); a.status != 201 {
		t.Fatalf("a non-admin key cannot create a flow: %d %s", a.status, a.body)
	}
	if a := as("GET", "/api/keys", ""); a.status != 200 {
		t.Fatalf("a non-admin key cannot list keys: %d %s", a.status, a.body)
	}
	for _, a := range []answer{as("POST", "/api/keys", `{"name": "more", "admin": true}`), as("DELETE", "/api/keys/"+spare, "")} {
		if a.status != 403 || !strings.Contains(string(a.body), "only an admin key can make or revoke API keys") {
			t.Fatalf("a non-admin key managing keys = %d %s, want 403 saying why", a.status, a.body)
		}
	}
	if n := len(p.api("GET", "/api/keys", "", 200)["items"].([]any)); n != 3 {
		t.Fatalf("%d keys after the refusals, want 3 (admin, zapier, spare)", n)
	}
	p.api("DELETE", "/api/keys/"+scriptID, "", 204)
	if a := as("GET", "/api/flows", ""); a.status != 401 {
		t.Fatalf("a revoked key still works: %d", a.status)
	}
}
