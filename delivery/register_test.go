package delivery_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/delivery"
	"github.com/hookflow/hookflow/store"
)

// validBody is a registration with every field right; tests break one.
const validBody = `{"method": "POST", "headers": {"X-A": "1", "X-N": 2, "X-B": true}, "body": {"k": [1, 2]},
	"query": {"q": "v"}, "authorization": {"type": "BEARER", "payload": "tok"}, "url": "https://example.com/h",
	"bodyFormat": "JSON", "webhookEvents": ["ADD_TAG"], "retryOnTimeout": false, "name": " Hook ",
	"wabaNumbers": ["919000000001"]}`

// with returns validBody with field set to value (raw JSON), or removed
// when value is "".
func with(t *testing.T, field, value string) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(validBody), &m); err != nil {
		t.Fatal(err)
	}
	if value == "" {
		delete(m, field)
	} else {
		m[field] = json.RawMessage(value)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseRegistration_Problems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body []byte
		want string
	}{
		{"not_json", []byte(`{"method":`), "the body must be a JSON object with the registration fields"},
		{"array", []byte(`[]`), "the body must be a JSON object with the registration fields"},
		{"method_wrong", nil, "method must be one of GET, POST, PUT, DELETE, PATCH, HEAD"},
		{"method_missing", nil, "method must be one of GET, POST, PUT, DELETE, PATCH, HEAD"},
		{"format_wrong", nil, "bodyFormat must be JSON or FORM_DATA"},
		{"events_empty", nil, "webhookEvents must be a non-empty array of at most 100 event names"},
		{"numbers_missing", nil, "wabaNumbers must be a non-empty array of at most 500 numbers"},
		{"retry_string", nil, "retryOnTimeout must be a boolean"},
		{"name_blank", nil, "name must be a non-empty string of at most 200 characters"},
		{"url_number", nil, "url must be a non-empty string of at most 2048 characters"},
		{"auth_missing", nil, `authorization must be an object, such as {"type": "BEARER", "payload": "<token>"} or {}`},
		{"auth_type", nil, "authorization.type must be BASIC or BEARER"},
		{"auth_payload_alone", nil, "authorization.type must be BASIC or BEARER when a payload is given"},
		{"headers_nested", nil, "headers must be an object of at most 50 string values"},
		{"headers_reserved", nil, "headers.webhook-id cannot be set: hookflow sets it on every delivery"},
		{"headers_auth_twice", nil, "headers.Authorization conflicts with authorization: set one of them"},
		{"headers_bad_name", nil, `headers: "X Y" is not a valid header name`},
		{"body_reserved", nil, "body.event is reserved: hookflow fills event, wabaNumber and data from the event"},
		{"query_nested", nil, "query must be an object of at most 50 string values"},
	}
	bodies := map[string][]byte{
		"method_wrong":       with(t, "method", `"FETCH"`),
		"method_missing":     with(t, "method", ""),
		"format_wrong":       with(t, "bodyFormat", `"XML"`),
		"events_empty":       with(t, "webhookEvents", `[]`),
		"numbers_missing":    with(t, "wabaNumbers", ""),
		"retry_string":       with(t, "retryOnTimeout", `"yes"`),
		"name_blank":         with(t, "name", `"  "`),
		"url_number":         with(t, "url", `42`),
		"auth_missing":       with(t, "authorization", ""),
		"auth_type":          with(t, "authorization", `{"type": "DIGEST", "payload": "x"}`),
		"auth_payload_alone": with(t, "authorization", `{"payload": "x"}`),
		"headers_nested":     with(t, "headers", `{"X-A": {"b": 1}}`),
		"headers_reserved":   with(t, "headers", `{"webhook-id": "mine"}`),
		"headers_auth_twice": with(t, "headers", `{"Authorization": "Bearer x"}`),
		"headers_bad_name":   with(t, "headers", `{"X Y": "1"}`),
		"body_reserved":      with(t, "body", `{"event": "mine"}`),
		"query_nested":       with(t, "query", `{"q": [1]}`),
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			body := tc.body
			if body == nil {
				body = bodies[tc.name]
			}
			_, err := delivery.ParseRegistration(body)
			if !isStatus(err, http.StatusBadRequest) || err.Error() != tc.want {
				t.Fatalf("ParseRegistration(%s) = %v, want 400 %q", body, err, tc.want)
			}
		})
	}
	r, err := delivery.ParseRegistration([]byte(validBody))
	if err != nil || r.Name != "Hook" || r.Headers["X-N"] != "2" || r.Headers["X-B"] != "true" || string(r.Body) != `{"k":[1,2]}` {
		t.Fatalf("the valid body: %+v, %v", r, err)
	}
	_, err = delivery.ParseRegistration([]byte(`{}`))
	if !isStatus(err, http.StatusBadRequest) || strings.Count(err.Error(), ";") != 7 {
		t.Fatalf("every problem at once: %v", err)
	}
}

// TestRegister_SortsOut splits events and numbers into valid and invalid
// ones, each counted once whatever its spelling, and stores canonical
// event names and numbers as events carry them.
func TestRegister_SortsOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := e.service(t, "proc_a")
	r := registration("https://example.com/h")
	r.Events = []string{"ADD_TAG", "COVERSATION_OPENED", "NOPE", "ADD_TAG", "CONVERSATION_OPENED"}
	r.WabaNumbers = []string{"+91 90000 00001", "919000000001", "waba_number9"}
	out, err := s.Register(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	want := []delivery.Pair{{WabaNumber: "+91 90000 00001", WebhookEventType: "ADD_TAG"}, {WabaNumber: "+91 90000 00001", WebhookEventType: "COVERSATION_OPENED"}}
	if !reflect.DeepEqual(out.ValidWebhooks, want) || !reflect.DeepEqual(out.InvalidWebhooks, []string{"NOPE"}) ||
		!reflect.DeepEqual(out.InvalidWabaNumbers, []string{"waba_number9"}) {
		t.Fatalf("Register = %+v", out)
	}
	sub, err := e.st.GetSubscription(t.Context(), out.ID)
	if err != nil || !reflect.DeepEqual(sub.Events, []string{"ADD_TAG", "CONVERSATION_OPENED"}) ||
		!reflect.DeepEqual(sub.WabaNumbers, []string{"919000000001"}) || sub.Status != store.SubscriptionActive {
		t.Fatalf("stored %+v, %v", sub, err)
	}
	none := registration("https://example.com/h")
	none.WabaNumbers = []string{"waba_number9"}
	out, err = s.Register(t.Context(), none)
	if err != nil || out.ID != "" || out.SigningSecret != "" || len(out.ValidWebhooks) != 0 {
		t.Fatalf("Register with no valid pair = %+v, %v; want nothing stored", out, err)
	}
	if list, _ := s.List(t.Context()); len(list) != 1 {
		t.Fatalf("%d webhooks stored, want 1", len(list))
	}
}

func TestRegister_URL(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := e.service(t, "proc_a")
	tests := []struct{ url, want string }{
		{"ftp://example.com/h", "url must be a fully qualified http or https URL, such as https://example.com/webhooks"},
		{"/relative/path", "url must be a fully qualified http or https URL, such as https://example.com/webhooks"},
		{"https://", "url must be a fully qualified http or https URL, such as https://example.com/webhooks"},
		{"http://10.1.2.3/h", "url cannot be called: refused to connect to 10.1.2.3: private address; add its network to HOOKFLOW_ALLOW_NETWORKS to allow it"},
		{"http://169.254.169.254/latest", "url cannot be called: refused to connect to 169.254.169.254: cloud metadata address; it is never allowed"},
	}
	for _, tc := range tests {
		_, err := s.Register(t.Context(), registration(tc.url))
		if !isStatus(err, http.StatusUnprocessableEntity) || err.Error() != tc.want {
			t.Errorf("Register(%s) = %v, want 422 %q", tc.url, err, tc.want)
		}
	}
	if _, err := s.Register(t.Context(), registration("http://127.0.0.1:9/h")); err != nil {
		t.Errorf("an allowed loopback URL: %v", err)
	}
}

// TestUpdate keeps the webhook's id, secret, status and authorization
// payload when the update leaves it out, and refuses an update that
// leaves no valid pair.
func TestUpdate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rc := newReceiver(t, nil)
	s := e.service(t, "proc_a")
	r := registration(rc.URL)
	r.Auth = delivery.Auth{Type: delivery.AuthBearer, Payload: "first"}
	webhookID, secret := register(t, s, r)
	if _, err := s.Pause(t.Context(), webhookID); err != nil {
		t.Fatal(err)
	}
	r.Name, r.Auth.Payload, r.Events = "renamed", "", []string{"ADD_TAG", "REMOVE_TAG"}
	out, err := s.Update(t.Context(), webhookID, r)
	if err != nil || out.ID != webhookID || out.SigningSecret != "" || len(out.ValidWebhooks) != 2 {
		t.Fatalf("Update = %+v, %v", out, err)
	}
	w := requireWebhook(t, s, webhookID, store.SubscriptionPaused, "")
	if w.Name != "renamed" || len(w.WebhookEvents) != 2 {
		t.Fatalf("after the update: %+v", w)
	}
	if _, err := s.Resume(t.Context(), webhookID); err != nil {
		t.Fatal(err)
	}
	deliver(t, s, delivery.Event{ID: "evt_1", Type: "REMOVE_TAG", Channel: "919000000001"}, 1)
	waitFor(t, "the request", func() bool { return len(rc.requests()) == 1 })
	got := rc.requests()[0]
	if got.Header.Get("Authorization") != "Bearer first" || !signedBy(t, got, secret) {
		t.Fatalf("after the update: Authorization %q, signed by the secret: %v", got.Header.Get("Authorization"), signedBy(t, got, secret))
	}
	r.WabaNumbers = []string{"waba_number9"}
	if _, err := s.Update(t.Context(), webhookID, r); !isStatus(err, http.StatusUnprocessableEntity) {
		t.Fatalf("Update with no valid pair = %v, want 422", err)
	}
	r.Auth = delivery.Auth{Type: delivery.AuthBasic}
	r.WabaNumbers = []string{"919000000001"}
	if _, err := s.Update(t.Context(), webhookID, r); !isStatus(err, http.StatusBadRequest) {
		t.Fatalf("Update changing the auth type without a payload = %v, want 400", err)
	}
	if _, err := s.Update(t.Context(), "whk_none", r); !isStatus(err, http.StatusNotFound) {
		t.Fatalf("Update of nothing = %v, want 404", err)
	}
}
