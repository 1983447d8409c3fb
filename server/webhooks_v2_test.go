package server_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookflow/hookflow/delivery"
	"github.com/hookflow/hookflow/internal/apikey"
	"github.com/hookflow/hookflow/internal/metrics"
	"github.com/hookflow/hookflow/internal/secrets"
	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/server"
	"github.com/hookflow/hookflow/store/sqlite"
)

// seedBody is the example request body of the registration API's
// documentation (seeds/001), verbatim.
const seedBody = `{
  "method": "GET",
  "headers": { "newKeyHeader": "New Value Header" },
  "body": { "newKeyBody": "New Value Body" },
  "query": { "newKeyQuery": "New Value Query" },
  "authorization": {
      "type": "BASIC",
      "payload": "some-secure-token"
  },
  "url": "https://your-callback-url.com",
  "bodyFormat": "JSON",
  "webhookEvents": ["ADD_TAG"],
  "retryOnTimeout": true,
  "name": "Test Webhook",
  "wabaNumbers": ["waba_number1", "waba_number2", "waba_number3"]
}`

// seedEvents are the events the documentation lists, in its order, with
// ADD_TAG twice and its spelling COVERSATION_OPENED.
var seedEvents = []string{"ADD_TAG", "MESSAGE_RECEIVED", "MESSAGE_STATUS_UPDATE", "CHAT_ASSIGNED_TO_AGENT",
	"CHAT_UNASSIGNED", "UPDATE_CUSTOMER_CUSTOM_FIELD", "WIDGET_LEAD_RECEIVED", "VERIFIED_WIDGET_LEAD_RECEIVED",
	"NEW_LEAD", "RAW_CLOUD_API_WEBHOOK", "CLOSE_CONVERSATION", "TEMPLATE_UPDATE", "ADD_TAG", "REMOVE_TAG",
	"CALL_TO_WHATSAPP_MESSAGE_RECEIVED", "COVERSATION_OPENED", "CUSTOMER_BUSINESS_CHAT_OPEN"}

// startWebhooks runs hookflow's server with the outbound registry over a
// fresh SQLite store, in which waba_number1 and waba_number2 are channels
// and waba_number3 is not.
func startWebhooks(t *testing.T) (*instance, *delivery.Service) {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "hookflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	keys := &apikey.Service{Store: st, CacheFor: time.Second}
	if _, err := keys.Bootstrap(context.Background(), adminKey); err != nil {
		t.Fatal(err)
	}
	key := make([]byte, secrets.KeySize)
	rand.Read(key)
	box, err := secrets.NewBox(key)
	if err != nil {
		t.Fatal(err)
	}
	known := []string{"waba_number1", "waba_number2"}
	svc, err := delivery.New(delivery.Config{Store: st, Box: box, Owner: "proc_test", Version: "test",
		IsChannel: func(_ context.Context, n string) (bool, error) { return slices.Contains(known, n), nil },
		Allow:     []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	svc.Start(t.Context())
	t.Cleanup(svc.Stop)
	app := server.New(server.Deps{Keys: keys, Registry: nodes.Default, Ping: st.Ping, Webhooks: svc,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Metrics: metrics.NewRegistry(), Version: "test"})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	return &instance{t: t, app: app, url: "http://" + ln.Addr().String(), store: st}, svc
}

// TestRegisterWebhook_SeedExample posts the documentation's example, with
// the bare key as the documentation sends it, and checks the answer byte
// for byte: the seed's three lists in its order, then the id and the
// signing secret.
func TestRegisterWebhook_SeedExample(t *testing.T) {
	t.Parallel()
	in, _ := startWebhooks(t)
	r := in.do("POST", "/v2/webhook/register", []byte(seedBody), adminKey)
	want := regexp.MustCompile(`^\{"validWebhooks":\[` +
		`\{"wabaNumber":"waba_number1","webhookEventType":"ADD_TAG"\},` +
		`\{"wabaNumber":"waba_number2","webhookEventType":"ADD_TAG"\}\],` +
		`"invalidWebhooks":\[\],"invalidWabaNumbers":\["waba_number3"\],` +
		`"id":"whk_[a-z2-7]{26}","signingSecret":"whsec_[A-Za-z0-9+/]{43}="\}$`)
	if r.Status != http.StatusCreated || !want.Match(r.Body) {
		t.Fatalf("POST /v2/webhook/register = %d %s", r.Status, r.Body)
	}
}

// TestRegisterWebhook_SeedEvents registers every event the documentation
// lists: ADD_TAG, listed twice, counts once, and COVERSATION_OPENED is
// valid, echoed as given.
func TestRegisterWebhook_SeedEvents(t *testing.T) {
	t.Parallel()
	in, _ := startWebhooks(t)
	var body map[string]any
	if err := json.Unmarshal([]byte(seedBody), &body); err != nil {
		t.Fatal(err)
	}
	body["webhookEvents"] = append(slices.Clone(seedEvents), "NOT_AN_EVENT")
	raw, _ := json.Marshal(body)
	r := in.do("POST", "/v2/webhook/register", raw, "Bearer "+adminKey)
	var got delivery.Registered
	if err := json.Unmarshal(r.Body, &got); err != nil || r.Status != http.StatusCreated {
		t.Fatalf("POST = %d %s", r.Status, r.Body)
	}
	var want []delivery.Pair
	for _, n := range []string{"waba_number1", "waba_number2"} {
		for i, ev := range seedEvents {
			if !slices.Contains(seedEvents[:i], ev) {
				want = append(want, delivery.Pair{WabaNumber: n, WebhookEventType: ev})
			}
		}
	}
	if len(want) != 32 || !slices.Equal(got.ValidWebhooks, want) {
		t.Fatalf("validWebhooks = %v, want %v", got.ValidWebhooks, want)
	}
	if !slices.Equal(got.InvalidWebhooks, []string{"NOT_AN_EVENT"}) || !slices.Equal(got.InvalidWabaNumbers, []string{"waba_number3"}) {
		t.Fatalf("invalid lists: %v, %v", got.InvalidWebhooks, got.InvalidWabaNumbers)
	}
}

// TestRegisterWebhook_Errors checks the exact error bodies of the seed.
func TestRegisterWebhook_Errors(t *testing.T) {
	t.Parallel()
	in, _ := startWebhooks(t)
	replace := func(old, new string) []byte { return []byte(strings.Replace(seedBody, old, new, 1)) }
	tests := []struct {
		name   string
		body   []byte
		auth   string
		status int
		want   string
	}{
		{"no_key", []byte(seedBody), "", 401, `{"message":"Invalid public api key","error":"Unauthorized","statusCode":401}`},
		{"wrong_key", []byte(seedBody), "hfk_not_a_key", 401, `{"message":"Invalid public api key","error":"Unauthorized","statusCode":401}`},
		{"bad_method", replace(`"GET"`, `"FETCH"`), adminKey, 400,
			`{"message":"method must be one of GET, POST, PUT, DELETE, PATCH, HEAD","error":"Bad Request","statusCode":400}`},
		{"missing_name", replace(`"name": "Test Webhook",`, ``), adminKey, 400,
			`{"message":"name must be a non-empty string of at most 200 characters","error":"Bad Request","statusCode":400}`},
		{"not_json", []byte(`{"method": "GET",`), adminKey, 400,
			`{"message":"the body must be a JSON object with the registration fields","error":"Bad Request","statusCode":400}`},
		{"relative_url", replace(`https://your-callback-url.com`, `your-callback-url.com`), adminKey, 422,
			`{"message":"url must be a fully qualified http or https URL, such as https://example.com/webhooks","error":"Unprocessable Entity","statusCode":422}`},
		{"private_url", replace(`https://your-callback-url.com`, `http://192.168.1.10/hook`), adminKey, 422,
			`{"message":"url cannot be called: refused to connect to 192.168.1.10: private address; add its network to HOOKFLOW_ALLOW_NETWORKS to allow it","error":"Unprocessable Entity","statusCode":422}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := in.do("POST", "/v2/webhook/register", tc.body, tc.auth)
			if r.Status != tc.status || string(r.Body) != tc.want {
				t.Fatalf("= %d %s\nwant %d %s", r.Status, r.Body, tc.status, tc.want)
			}
		})
	}
	r := in.do("GET", "/v2/webhook/whk_none", nil, adminKey)
	if want := `{"message":"there is no webhook with id \"whk_none\"","error":"Not Found","statusCode":404}`; r.Status != 404 || string(r.Body) != want {
		t.Fatalf("GET of nothing = %d %s", r.Status, r.Body)
	}
	r = in.do("GET", "/v2/nothing", nil, adminKey)
	if want := `{"message":"Cannot GET /v2/nothing","error":"Not Found","statusCode":404}`; r.Status != 404 || string(r.Body) != want {
		t.Fatalf("GET of no route = %d %s", r.Status, r.Body)
	}
}

// TestWebhooks_Manage goes through the routes around a registration:
// list and get (no secret shown), update, pause and resume, rotation,
// the delivery log, redelivery and deletion.
func TestWebhooks_Manage(t *testing.T) {
	t.Parallel()
	in, _ := startWebhooks(t)
	body := strings.Replace(seedBody, "https://your-callback-url.com", "http://127.0.0.1:9/hook", 1)
	reg := in.expect("POST", "/v2/webhook/register", []byte(body), http.StatusCreated)
	id, secret := reg["id"].(string), reg["signingSecret"].(string)

	list := in.expect("GET", "/v2/webhook", nil, http.StatusOK)["items"].([]any)
	w := in.expect("GET", "/v2/webhook/"+id, nil, http.StatusOK)
	if len(list) != 1 || strings.Contains(dumpJSON(w), secret) || strings.Contains(dumpJSON(w), "some-secure-token") {
		t.Fatalf("GET shows a secret, or the list is wrong: %v", w)
	}
	if auth := w["authorization"].(map[string]any); auth["type"] != "BASIC" || auth["payload"] != "[redacted]" {
		t.Fatalf("authorization = %v", auth)
	}
	if health := w["health"].(map[string]any); health["successRate"] != nil || health["lastSuccessAt"] != nil {
		t.Fatalf("health before any delivery = %v", health)
	}
	upd := in.expect("PUT", "/v2/webhook/"+id, []byte(strings.Replace(body, `"Test Webhook"`, `"Renamed"`, 1)), http.StatusOK)
	if upd["id"] != id || upd["signingSecret"] != nil {
		t.Fatalf("PUT = %v", upd)
	}
	if w := in.expect("POST", "/v2/webhook/"+id+"/pause", nil, http.StatusOK); w["status"] != "paused" || w["name"] != "Renamed" {
		t.Fatalf("pause = %v", w)
	}
	if r := in.do("POST", "/v2/webhook/"+id+"/redeliver-failed", nil, adminKey); r.Status != http.StatusConflict {
		t.Fatalf("redeliver-failed while paused = %d %s", r.Status, r.Body)
	}
	if w := in.expect("POST", "/v2/webhook/"+id+"/resume", nil, http.StatusOK); w["status"] != "active" {
		t.Fatalf("resume = %v", w)
	}
	rot := in.expect("POST", "/v2/webhook/"+id+"/rotate-secret", nil, http.StatusOK)
	if s, _ := rot["signingSecret"].(string); !strings.HasPrefix(s, "whsec_") || s == secret || rot["previousSecretExpiresAt"] == nil {
		t.Fatalf("rotate-secret = %v", rot)
	}
	if n := in.expect("POST", "/v2/webhook/"+id+"/redeliver-failed", nil, http.StatusAccepted); n["redelivered"] != 0.0 {
		t.Fatalf("redeliver-failed = %v", n)
	}
	in.expect("DELETE", "/v2/webhook/"+id, nil, http.StatusNoContent)
	if r := in.do("DELETE", "/v2/webhook/"+id, nil, adminKey); r.Status != http.StatusNotFound {
		t.Fatalf("DELETE again = %d %s", r.Status, r.Body)
	}
}

// TestDeliveries_Log lists, reads and redelivers deliveries through /api.
func TestDeliveries_Log(t *testing.T) {
	t.Parallel()
	in, svc := startWebhooks(t)
	var hits atomic.Int64
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	t.Cleanup(rc.Close)
	body := strings.Replace(seedBody, "https://your-callback-url.com", rc.URL, 1)
	id := in.expect("POST", "/v2/webhook/register", []byte(body), http.StatusCreated)["id"].(string)
	ev := delivery.Event{ID: "evt_1", Type: "ADD_TAG", Channel: "waba_number1", Data: json.RawMessage(`{"tag":"vip"}`)}
	if n, err := svc.Deliver(t.Context(), ev); err != nil || n != 1 {
		t.Fatalf("Deliver = %d, %v", n, err)
	}
	dlv := delivery.DeliveryID("evt_1", id)
	var got map[string]any
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		got = in.expect("GET", "/api/deliveries/"+dlv, nil, http.StatusOK)
		if got["status"] == "succeeded" || time.Now().After(deadline) {
			break
		}
	}
	attempts := got["attempts"].([]any)
	a := attempts[0].(map[string]any)
	headers := a["requestHeaders"].(map[string]any)
	if got["status"] != "succeeded" || len(attempts) != 1 || headers["Authorization"] != "[redacted]" || headers["Webhook-Signature"] != "[redacted]" {
		t.Fatalf("GET /api/deliveries/%s = %v", dlv, got)
	}
	page := in.expect("GET", "/api/deliveries?subscriptionId="+id+"&status=succeeded&eventType=ADD_TAG&limit=10", nil, http.StatusOK)
	if items := page["items"].([]any); len(items) != 1 || items[0].(map[string]any)["attempts"] != nil || page["next"] != "" {
		t.Fatalf("listing = %v", page)
	}
	if r := in.do("GET", "/api/deliveries?status=lost", nil); r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), `"code":"bad_request"`) {
		t.Fatalf("listing with a bad status = %d %s", r.Status, r.Body)
	}
	in.expect("POST", "/api/deliveries/"+dlv+"/redeliver", nil, http.StatusAccepted)
	for deadline := time.Now().Add(10 * time.Second); hits.Load() < 2; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the redelivery never came")
		}
	}
	if r := in.do("GET", "/api/deliveries/dlv_none", nil); r.Status != http.StatusNotFound || !strings.Contains(string(r.Body), `"requestId"`) {
		t.Fatalf("GET of nothing = %d %s", r.Status, r.Body)
	}
}

func dumpJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestWebhooks_StudioRoutes manages webhooks as the studio does: signed in
// with the session cookie, through /api/webhooks, which take the seed's
// bodies and answer errors in the /api shape. /v2 ignores the cookie.
func TestWebhooks_StudioRoutes(t *testing.T) {
	t.Parallel()
	in, _ := startWebhooks(t)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar}
	send := func(method, path, body string) response {
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
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return response{Status: resp.StatusCode, Body: data}
	}
	if r := send("POST", "/api/session", `{"key": "`+adminKey+`"}`); r.Status != http.StatusOK {
		t.Fatalf("sign-in = %d %s", r.Status, r.Body)
	}

	r := send("POST", "/api/webhooks", seedBody)
	want := regexp.MustCompile(`^\{"validWebhooks":\[` +
		`\{"wabaNumber":"waba_number1","webhookEventType":"ADD_TAG"\},` +
		`\{"wabaNumber":"waba_number2","webhookEventType":"ADD_TAG"\}\],` +
		`"invalidWebhooks":\[\],"invalidWabaNumbers":\["waba_number3"\],` +
		`"id":"whk_[a-z2-7]{26}","signingSecret":"whsec_[A-Za-z0-9+/]{43}="\}$`)
	if r.Status != http.StatusCreated || !want.Match(r.Body) {
		t.Fatalf("POST /api/webhooks = %d %s", r.Status, r.Body)
	}
	id := r.JSON(t)["id"].(string)
	if r := send("GET", "/api/webhooks", ""); r.Status != http.StatusOK || len(r.JSON(t)["items"].([]any)) != 1 {
		t.Fatalf("GET /api/webhooks = %d %s", r.Status, r.Body)
	}
	if r := send("POST", "/api/webhooks/"+id+"/pause", ""); r.Status != http.StatusOK || r.JSON(t)["status"] != "paused" {
		t.Fatalf("pause = %d %s", r.Status, r.Body)
	}
	bad := strings.Replace(seedBody, `"GET"`, `"FETCH"`, 1)
	if r := send("POST", "/api/webhooks", bad); r.Status != http.StatusBadRequest ||
		!strings.Contains(string(r.Body), `"code":"bad_request"`) || !strings.Contains(string(r.Body), `"requestId"`) {
		t.Fatalf("POST /api/webhooks with a bad method = %d %s", r.Status, r.Body)
	}
	if r := send("GET", "/api/webhooks/whk_none", ""); r.Status != http.StatusNotFound || !strings.Contains(string(r.Body), `"code":"not_found"`) {
		t.Fatalf("GET /api/webhooks/whk_none = %d %s", r.Status, r.Body)
	}

	// /v2 is for keys in the Authorization header only, even if a client
	// sends the cookie there.
	req, err := http.NewRequest("GET", in.url+"/v2/webhook", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: "hookflow_session", Value: adminKey})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := `{"message":"Invalid public api key","error":"Unauthorized","statusCode":401}`; resp.StatusCode != 401 || string(body) != want {
		t.Fatalf("GET /v2/webhook with only the cookie = %d %s", resp.StatusCode, body)
	}
	if r := send("DELETE", "/api/webhooks/"+id, ""); r.Status != http.StatusNoContent {
		t.Fatalf("DELETE = %d %s", r.Status, r.Body)
	}
}
