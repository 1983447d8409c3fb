package http_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/credentials/credtest"
	"github.com/hookflow/hookflow/engine/enginetest"
	"github.com/hookflow/hookflow/runs"
)

// setup returns a harness whose http nodes may reach loopback, and the
// credential environment.
func setup(t *testing.T) (*enginetest.Harness, *credtest.Env) {
	t.Helper()
	env := credtest.New(t, credentials.Endpoints{})
	h := enginetest.New(t)
	h.UseDeps(env.Deps())
	return h, env
}

// flow returns a webhook → http node "call" flow with config, and a set
// node "after" reading the answer; extra nodes and edges may follow.
func flow(config string) string {
	return `{"nodes": [
	  {"id": "trigger", "type": "webhook", "typeVersion": 1,
	   "config": {"mappings": [{"name": "phone", "path": "body.customer.phoneNumber"}]}},
	  {"id": "call", "type": "http", "typeVersion": 1, "config": ` + config + `},
	  {"id": "after", "type": "set", "typeVersion": 1,
	   "config": {"values": [{"name": "got", "mode": "path", "value": "nodes.call.body"}]}},
	  {"id": "failed", "type": "set", "typeVersion": 1,
	   "config": {"values": [{"name": "why", "value": "{{ nodes.call.error }}"}, {"name": "status", "mode": "path", "value": "nodes.call.status"}]}}],
	 "edges": [{"from": "trigger", "to": "call"}, {"from": "call", "to": "after"},
	           {"from": "call", "port": "error", "to": "failed"}]}`
}

const chat = `{"customer": {"name": "Asha Verma", "phoneNumber": "+919876543210"},
  "assignedAgent": {"name": "Rahul Mehta", "email": "rahul@example.com"}, "wabaNumber": "919800000000"}`

func TestHTTP_GetWithQueryHeadersAndBearer(t *testing.T) {
	t.Parallel()
	h, env := setup(t)
	crd := env.Create(t, credentials.TypeBearer, "api", map[string]string{"token": "tok-very-secret-1"})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method != "GET" || r.URL.Path != "/customers":
			http.Error(w, "wrong route "+r.Method+" "+r.URL.Path, http.StatusNotFound)
		case r.Header.Get("Authorization") != "Bearer tok-very-secret-1":
			http.Error(w, "no auth", http.StatusUnauthorized)
		case r.Header.Get("Idempotency-Key") != "run_1:call" || r.Header.Get("X-Source") != "hookflow-919800000000":
			http.Error(w, "headers "+r.Header.Get("Idempotency-Key")+" "+r.Header.Get("X-Source"), http.StatusBadRequest)
		case r.URL.Query().Get("phone") != "+919876543210" || r.URL.Query().Get("v") != "2":
			http.Error(w, "query "+r.URL.RawQuery, http.StatusBadRequest)
		default:
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"id": 42, "name": "Asha", "tags": ["vip"]}`)
		}
	}))
	defer srv.Close()
	run := h.Run(t, flow(`{"method": "GET", "url": "`+srv.URL+`/customers?v=2", "authType": "BEARER", "credential": "`+crd+`",
	  "headers": {"X-Source": "hookflow-{{ trigger.body.wabaNumber }}"}, "query": {"phone": "{{ vars.phone }}"}}`),
		enginetest.Webhook(chat))
	run.RequireSucceeded(t)
	if got := run.Output(t, "call", "body.id").Int(); got != 42 {
		t.Errorf("body.id = %d\n%s", got, run.NodeOutput(t, "call"))
	}
	if got := run.Output(t, "call", "headers.content-type").String(); got != "application/json" {
		t.Errorf("content-type %q", got)
	}
	if got := run.Var(t, "got").Get("tags.0").String(); got != "vip" {
		t.Errorf("a later node read %q", got)
	}
	in := string(run.Step(t, "call").Input)
	if !strings.Contains(in, `"url":"`+srv.URL+`/customers?phone=%2B919876543210&v=2"`) || !strings.Contains(in, `"credential":"`+crd+`"`) {
		t.Errorf("recorded input %s", in)
	}
	if strings.Contains(in, "tok-very-secret-1") || strings.Contains(in, "authorization") {
		t.Errorf("the input records the authorization: %s", in)
	}
}

func TestHTTP_JSONAndFormBodiesWithBasicAuth(t *testing.T) {
	t.Parallel()
	h, env := setup(t)
	crd := env.Create(t, credentials.TypeBasic, "svc", map[string]string{"username": "svc", "password": "p4ss word"})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != "svc" || pass != "p4ss word" {
			http.Error(w, "bad basic auth", http.StatusUnauthorized)
			return
		}
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, r.Header.Get("Content-Type")+"|"+string(body))
	}))
	defer srv.Close()
	for _, tc := range []struct{ name, config, want string }{
		{"json", `{"url": "` + srv.URL + `", "authType": "BASIC", "credential": "` + crd + `",
		  "body": {"phone": "{{ vars.phone }}", "customer": "{{ trigger.body.customer }}", "n": 1}}`,
			`application/json|{"phone":"+919876543210","customer":{"name":"Asha Verma","phoneNumber":"+919876543210"},"n":1}`},
		{"form", `{"method": "PUT", "url": "` + srv.URL + `", "authType": "BASIC", "credential": "` + crd + `",
		  "bodyFormat": "FORM_DATA", "form": {"phone": "{{ vars.phone }}", "agent": "{{ trigger.body.assignedAgent.name }}"}}`,
			`application/x-www-form-urlencoded|agent=Rahul+Mehta&phone=%2B919876543210`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := h.Run(t, flow(tc.config), enginetest.Webhook(chat))
			run.RequireSucceeded(t)
			if got := run.Output(t, "call", "body").String(); got != tc.want {
				t.Errorf("server saw %s\nwant      %s", got, tc.want)
			}
		})
	}
}

func TestHTTP_Non2xxTakesTheErrorPort(t *testing.T) {
	t.Parallel()
	h, _ := setup(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message": "no such customer"}`)
	}))
	defer srv.Close()
	run := h.Run(t, flow(`{"url": "`+srv.URL+`/c?key=k", "retries": 0}`), enginetest.Webhook(chat))
	run.RequireSucceeded(t)
	st := run.Step(t, "call")
	want := `POST ` + srv.URL + `/c answered 404 Not Found: {"message": "no such customer"}`
	if st.Status != runs.StepFailed || st.Port != "error" || st.Error != want {
		t.Fatalf("step %s port %s error %q\nwant %q", st.Status, st.Port, st.Error, want)
	}
	if got := run.Output(t, "call", "body.message").String(); got != "no such customer" {
		t.Errorf("the failed step's output lacks the answer: %s", st.Output)
	}
	if run.Var(t, "status").Int() != 404 || run.Var(t, "why").String() != want {
		t.Errorf("the error branch saw %s", run.Step(t, "failed").Output)
	}
	if run.Step(t, "after").Status != runs.StepSkipped {
		t.Error("the out branch ran")
	}
	accepting := h.Run(t, flow(`{"url": "`+srv.URL+`", "successOnNon2xx": true}`), enginetest.Webhook(chat))
	if st := accepting.Step(t, "call"); st.Status != runs.StepSucceeded || st.Port != "out" {
		t.Errorf("successOnNon2xx: %s %s", st.Status, st.Port)
	}
}

func TestHTTP_RetriesServerErrorsAndRateLimits(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			w.WriteHeader(http.StatusServiceUnavailable)
		case 2:
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			io.WriteString(w, `{"ok": true}`)
		}
	}))
	defer srv.Close()
	h, _ := setup(t)
	run := h.Run(t, flow(`{"url": "`+srv.URL+`", "retries": 3}`), enginetest.Webhook(chat))
	run.RequireSucceeded(t)
	if st := run.Step(t, "call"); st.Attempts != 3 || calls.Load() != 3 {
		t.Errorf("attempts %d, calls %d; want 3", st.Attempts, calls.Load())
	}
	sleeps := h.Clock.Sleeps()
	if len(sleeps) != 2 || sleeps[0] < 500*time.Millisecond || sleeps[0] > time.Second || sleeps[1] != 7*time.Second {
		t.Errorf("waits %v; want a backoff in [0.5s, 1s], then the Retry-After of 7s", sleeps)
	}

	calls.Store(0)
	h2, _ := setup(t)
	run = h2.Run(t, flow(`{"url": "`+srv.URL+`", "retries": 3, "retryOn5xx": false}`), enginetest.Webhook(chat))
	if st := run.Step(t, "call"); st.Status != runs.StepFailed || st.Attempts != 1 {
		t.Errorf("retryOn5xx false: %s after %d attempts", st.Status, st.Attempts)
	}
}

// hang answers only when the client gives up.
func hang(calls *atomic.Int32) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		<-r.Context().Done()
	}))
}

func TestHTTP_Timeouts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		retry    bool
		attempts int
	}{{true, 3}, {false, 1}} {
		var calls atomic.Int32
		srv := hang(&calls)
		h, _ := setup(t)
		cfg, _ := json.Marshal(map[string]any{"url": srv.URL, "timeout": "50ms", "retries": 2, "retryOnTimeout": tc.retry})
		run := h.Run(t, flow(string(cfg)), enginetest.Webhook(chat))
		st := run.Step(t, "call")
		want := "POST " + srv.URL + ": no answer within 50ms"
		if !strings.HasPrefix(st.Error, want) || st.Port != "error" || st.Attempts != tc.attempts || int(calls.Load()) != tc.attempts {
			t.Errorf("retryOnTimeout %v: error %q, port %s, attempts %d, calls %d", tc.retry, st.Error, st.Port, st.Attempts, calls.Load())
		}
		srv.Close()
	}
}

func TestHTTP_RefusesPrivateAddresses(t *testing.T) {
	t.Parallel()
	h := enginetest.New(t) // no allow-list at all
	run := h.Run(t, flow(`{"url": "http://10.0.0.5/admin", "retries": 3}`), enginetest.Webhook(chat))
	st := run.Step(t, "call")
	want := "POST http://10.0.0.5/admin: refused to connect to 10.0.0.5: private address; add its network to HOOKFLOW_ALLOW_NETWORKS to allow it"
	if st.Error != want || st.Attempts != 1 {
		t.Errorf("error %q after %d attempts\nwant %q", st.Error, st.Attempts, want)
	}
	run = h.Run(t, flow(`{"url": "http://169.254.169.254/latest/meta-data/"}`), enginetest.Webhook(chat))
	if st := run.Step(t, "call"); !strings.Contains(st.Error, "cloud metadata address; it is never allowed") {
		t.Errorf("metadata: %q", st.Error)
	}
}

func TestHTTP_CredentialProblems(t *testing.T) {
	t.Parallel()
	h, env := setup(t)
	bearer := env.Create(t, credentials.TypeBearer, "api token", map[string]string{"token": "tok-1234"})
	for config, want := range map[string]string{
		`{"url": "https://api.example.com", "authType": "BASIC", "credential": "` + bearer + `"}`: `credential "api token" is a bearer credential; BASIC authentication needs a basic one`,
		`{"url": "https://api.example.com", "authType": "BEARER", "credential": "crd_gone"}`:      "credential crd_gone does not exist; it may have been deleted",
		`{"url": "ftp://files.example.com/x"}`:                                                    `url "ftp://files.example.com/x" is not an address starting with https:// or http://`,
	} {
		run := h.Run(t, flow(config), enginetest.Webhook(chat))
		if st := run.Step(t, "call"); !strings.HasPrefix(st.Error, want) {
			t.Errorf("error %q, want %q", st.Error, want)
		}
	}
}

func TestHTTP_SecretsNeverRecorded(t *testing.T) {
	t.Parallel()
	h, env := setup(t)
	basic := env.Create(t, credentials.TypeBasic, "svc", map[string]string{"username": "svc", "password": "hunter2-secret"})
	bearer := env.Create(t, credentials.TypeBearer, "api", map[string]string{"token": "tok-<&>-secret"})
	// The server echoes the authorization, in its body, its headers and
	// its error, as careless servers do.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		w.Header().Set("X-Echo", auth)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/fail" {
			w.WriteHeader(http.StatusInternalServerError)
		}
		json.NewEncoder(w).Encode(map[string]string{"youSent": auth})
	}))
	defer srv.Close()
	for _, cfg := range []string{
		`{"url": "` + srv.URL + `", "authType": "BASIC", "credential": "` + basic + `"}`,
		`{"url": "` + srv.URL + `/fail", "retries": 0, "authType": "BEARER", "credential": "` + bearer + `"}`,
	} {
		run := h.Run(t, flow(cfg), enginetest.Webhook(chat))
		record, _ := json.Marshal(run.Run)
		for _, secret := range []string{"hunter2-secret", "c3ZjOmh1bnRlcjItc2VjcmV0", "tok-<&>-secret", `tok-\u003c\u0026\u003e-secret`} {
			if strings.Contains(string(record), secret) {
				t.Errorf("the run record holds %q:\n%s", secret, record)
			}
		}
		if !strings.Contains(string(record), credentials.Redacted) {
			t.Errorf("nothing was redacted:\n%s", record)
		}
	}
}
