package server_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/store/sqlite"
	"github.com/hookflow/hookflow/ui"
)

// TestSession_CookieSignsIn checks the studio's sign-in: a good key sets an
// HTTP-only, SameSite=Strict cookie that authenticates later /api calls
// without an Authorization header, until sign-out clears it.
func TestSession_CookieSignsIn(t *testing.T) {
	t.Parallel()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "hookflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	in := start(t, st)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar}
	send := func(method, path, body string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(method, in.url+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}

	if r := send("GET", "/api/flows", ""); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("GET /api/flows before sign-in = %d, want 401", r.StatusCode)
	}
	if r := send("POST", "/api/session", `{"key": "hfk_wrong_key_000000000"}`); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("sign-in with a wrong key = %d, want 401", r.StatusCode)
	}
	if r := send("POST", "/api/session", `{"key": ""}`); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("sign-in without a key = %d, want 400", r.StatusCode)
	}
	r := send("POST", "/api/session", `{"key": "`+adminKey+`"}`)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("sign-in = %d, want 200", r.StatusCode)
	}
	cookie := r.Header.Get("Set-Cookie")
	for _, want := range []string{"hookflow_session=", "httponly", "samesite=strict", "path=/api"} {
		if !strings.Contains(strings.ToLower(cookie), want) {
			t.Errorf("Set-Cookie %q lacks %q", cookie, want)
		}
	}
	if strings.Contains(strings.ToLower(cookie), "secure") {
		t.Errorf("Set-Cookie %q is Secure over plain http", cookie)
	}
	if r := send("GET", "/api/flows", ""); r.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/flows with the session cookie = %d, want 200", r.StatusCode)
	}
	if r := send("GET", "/api/session", ""); r.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/session with the session cookie = %d, want 200", r.StatusCode)
	}
	if r := send("DELETE", "/api/session", ""); r.StatusCode != http.StatusNoContent {
		t.Fatalf("sign-out = %d, want 204", r.StatusCode)
	}
	if r := send("GET", "/api/flows", ""); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("GET /api/flows after sign-out = %d, want 401", r.StatusCode)
	}
}

// TestUI_ServesStudioOrIndex checks / and the app's own paths: the built
// studio with its SPA fallback when it is embedded, the plain page when
// only the placeholder is.
func TestUI_ServesStudioOrIndex(t *testing.T) {
	t.Parallel()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "hookflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	in := start(t, st)
	home := in.do("GET", "/", nil, "")
	if home.Status != http.StatusOK {
		t.Fatalf("GET / = %d", home.Status)
	}
	if !ui.Built() {
		if !bytes.Contains(home.Body, []byte("hookflow is running")) {
			t.Errorf("GET / without a built studio should be the plain page: %s", home.Body)
		}
		if r := in.do("GET", "/flows/abc", nil, ""); r.Status != http.StatusNotFound {
			t.Errorf("GET /flows/abc without a built studio = %d, want 404", r.Status)
		}
		return
	}
	if !bytes.Contains(home.Body, []byte(`id="root"`)) {
		t.Errorf("GET / should be the studio: %s", home.Body)
	}
	if r := in.do("GET", "/flows/abc", nil, ""); r.Status != http.StatusOK || !bytes.Equal(r.Body, home.Body) {
		t.Errorf("GET /flows/abc = %d, want the studio's page", r.Status)
	}
	for path, want := range map[string]int{"/api/nothing": 401, "/assets/missing.js": 404, "/healthz": 200} {
		if r := in.do("GET", path, nil, ""); r.Status != want {
			t.Errorf("GET %s = %d, want %d", path, r.Status, want)
		}
	}
}

// TestSession_ChangesNeedJSON checks the guard against forged requests: a
// request that changes something on the strength of the session cookie
// alone must be JSON, as an HTML form cannot send it; a key in the
// Authorization header needs no such proof.
func TestSession_ChangesNeedJSON(t *testing.T) {
	t.Parallel()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "hookflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	in := start(t, st)
	cookie := &http.Cookie{Name: "hookflow_session", Value: adminKey}
	send := func(method, path, ctype, auth string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, in.url+path, strings.NewReader(`{"name": "Forged"}`))
		if err != nil {
			t.Fatal(err)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		if auth != "" {
			req.Header.Set("Authorization", auth)
		} else {
			req.AddCookie(cookie)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	tests := []struct {
		name, method, ctype, auth string
		want                      int
	}{
		{"form", "POST", "application/x-www-form-urlencoded", "", http.StatusUnsupportedMediaType},
		{"text", "POST", "text/plain", "", http.StatusUnsupportedMediaType},
		{"none", "POST", "", "", http.StatusUnsupportedMediaType},
		{"json", "POST", "application/json; charset=utf-8", "", http.StatusCreated},
		{"read", "GET", "text/plain", "", http.StatusOK},
		{"header_key", "POST", "text/plain", "Bearer " + adminKey, http.StatusCreated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := "/api/keys"
			status, body := send(tc.method, path, tc.ctype, tc.auth)
			if status != tc.want {
				t.Fatalf("%s %s as %q = %d %s, want %d", tc.method, path, tc.ctype, status, body, tc.want)
			}
			if status == http.StatusUnsupportedMediaType && !strings.Contains(body, "Content-Type: application/json") {
				t.Fatalf("the refusal does not say what to send: %s", body)
			}
		})
	}
}
