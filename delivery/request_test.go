package delivery_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/delivery"
	"github.com/hookflow/hookflow/store"
)

// eventData is the data of event().
const eventData = `{"tag":"vip","customer":{"phone":"+91 98765 43210"}}`

// TestRequest_Shapes checks the request each kind of registration makes:
// method, body and its encoding, query, headers and authorization, and a
// valid signature over exactly the body sent.
func TestRequest_Shapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		method, format   string
		auth             delivery.Auth
		wantAuth         string
		wantType         string
		wantBody         string
		wantQuery        url.Values
		wantHeaderValues map[string]string
	}{
		{
			name: "json_bearer", method: "POST", format: delivery.FormatJSON,
			auth: delivery.Auth{Type: delivery.AuthBearer, Payload: "tok-123"}, wantAuth: "Bearer tok-123",
			wantType:  "application/json",
			wantBody:  `{"event":"ADD_TAG","wabaNumber":"919000000001","data":` + eventData + `,"nested":{"a":1.50},"newKeyBody":"New Value Body"}`,
			wantQuery: url.Values{"fixed": {"1"}, "newKeyQuery": {"New Value Query"}},
		},
		{
			name: "form_basic_user_password", method: "PUT", format: delivery.FormatForm,
			auth: delivery.Auth{Type: delivery.AuthBasic, Payload: "user:pass"}, wantAuth: "Basic dXNlcjpwYXNz",
			wantType: "application/x-www-form-urlencoded",
			wantBody: url.Values{"event": {"ADD_TAG"}, "wabaNumber": {"919000000001"}, "data": {eventData},
				"nested": {`{"a":1.50}`}, "newKeyBody": {"New Value Body"}}.Encode(),
			wantQuery: url.Values{"fixed": {"1"}, "newKeyQuery": {"New Value Query"}},
		},
		{
			name: "get_basic_token", method: "GET", format: delivery.FormatJSON,
			auth: delivery.Auth{Type: delivery.AuthBasic, Payload: "some-secure-token"}, wantAuth: "Basic some-secure-token",
			wantQuery: url.Values{"fixed": {"1"}, "newKeyQuery": {"New Value Query"}, "event": {"ADD_TAG"},
				"wabaNumber": {"919000000001"}, "data": {eventData}, "nested": {`{"a":1.50}`}, "newKeyBody": {"New Value Body"}},
		},
		{
			name: "delete_no_auth", method: "DELETE", format: delivery.FormatJSON, wantType: "application/json",
			wantBody:  `{"event":"ADD_TAG","wabaNumber":"919000000001","data":` + eventData + `,"nested":{"a":1.50},"newKeyBody":"New Value Body"}`,
			wantQuery: url.Values{"fixed": {"1"}, "newKeyQuery": {"New Value Query"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			rc := newReceiver(t, nil)
			s := e.service(t, "proc_a")
			r := registration(rc.URL + "/hook?fixed=1")
			r.Method, r.BodyFormat, r.Auth = tc.method, tc.format, tc.auth
			r.Headers = map[string]string{"newKeyHeader": "New Value Header"}
			r.Query = map[string]string{"newKeyQuery": "New Value Query"}
			r.Body = json.RawMessage(`{"newKeyBody":"New Value Body","nested":{"a":1.50}}`)
			_, secret := register(t, s, r)
			deliver(t, s, event("evt_1"), 1)
			waitFor(t, "the request", func() bool { return len(rc.requests()) == 1 })
			got := rc.requests()[0]
			u, _ := url.Parse(got.URL)
			checks := []struct {
				what, got, want string
			}{
				{"method", got.Method, tc.method},
				{"path", u.Path, "/hook"},
				{"query", u.Query().Encode(), tc.wantQuery.Encode()},
				{"body", string(got.Body), tc.wantBody},
				{"Content-Type", got.Header.Get("Content-Type"), tc.wantType},
				{"Authorization", got.Header.Get("Authorization"), tc.wantAuth},
				{"custom header", got.Header.Get("newKeyHeader"), "New Value Header"},
				{"User-Agent", got.Header.Get("User-Agent"), "hookflow/test"},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
				}
			}
			if !signedBy(t, got, secret) {
				t.Errorf("signature %q does not verify over the body sent", got.Header.Get("webhook-signature"))
			}
		})
	}
}

// TestLog_RedactsSecrets: the delivery log keeps the request headers with
// Authorization and the signature redacted, and hides the authorization
// payload wherever the answer echoes it; the excerpt stops at 64 KB.
func TestLog_RedactsSecrets(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rc := newReceiver(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte("you sent " + r.Header.Get("Authorization") + " " + strings.Repeat("x", 70<<10)))
	})
	s := e.service(t, "proc_a")
	r := registration(rc.URL)
	r.Auth = delivery.Auth{Type: delivery.AuthBearer, Payload: "s3cr3t-token-value"}
	webhookID, _ := register(t, s, r)
	deliver(t, s, event("evt_1"), 1)
	d := e.waitTries(t, delivery.DeliveryID("evt_1", webhookID), 1)
	a := d.Attempts[0]
	if a.RequestHeaders["Authorization"] != credentials.Redacted || a.RequestHeaders["Webhook-Signature"] != credentials.Redacted {
		t.Errorf("logged headers: %v", a.RequestHeaders)
	}
	if a.RequestHeaders["Webhook-Id"] != d.ID || a.RequestHeaders["Content-Type"] != "application/json" {
		t.Errorf("logged headers lack the others: %v", a.RequestHeaders)
	}
	if strings.Contains(a.Response, "s3cr3t-token-value") || !strings.HasPrefix(a.Response, "you sent Bearer "+credentials.Redacted) {
		t.Errorf("response excerpt starts %q", a.Response[:40])
	}
	if len(a.Response) > delivery.ExcerptSize || !a.Truncated || a.Status != 401 {
		t.Errorf("excerpt of %d bytes, truncated %v, status %d", len(a.Response), a.Truncated, a.Status)
	}
	w, err := s.Get(t.Context(), webhookID)
	if err != nil || w.Authorization.Payload != credentials.Redacted || w.Authorization.Type != "BEARER" {
		t.Fatalf("Get shows authorization %+v, %v", w.Authorization, err)
	}
	sub, err := e.st.GetSubscription(t.Context(), webhookID)
	if err != nil || strings.Contains(string(sub.AuthPayload), "s3cr3t") || strings.Contains(string(sub.Secret), "whsec_") {
		t.Fatalf("secrets are stored in the clear: %q %q", sub.AuthPayload, sub.Secret)
	}
	if d.Status != store.DeliveryPending {
		t.Fatalf("status %s after 401, want pending", d.Status)
	}
}
