package app_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hookflow/hookflow/internal/app"
)

// metric returns the value of a metric without labels on p's /metrics.
func (p *proc) metric(name string) float64 {
	p.t.Helper()
	a := p.send("GET", "/metrics", "", nil)
	for _, line := range strings.Split(string(a.body), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				p.t.Fatalf("metric %s: %q", name, line)
			}
			return f
		}
	}
	p.t.Fatalf("no metric %s in:\n%s", name, a.body)
	return 0
}

// TestOutbound_Metrics: /metrics counts the deliveries sent, retried and
// failed. The retry comes 5 s after the first attempt, as the schedule says.
func TestOutbound_Metrics(t *testing.T) {
	t.Parallel()
	// The endpoint answers 503 to the first attempt of each delivery and
	// 410 Gone to the events of the second, so each outcome happens.
	var calls atomic.Int64
	var mu sync.Mutex
	seen := map[string]bool{}
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		mu.Lock()
		first := !seen[r.Header.Get("webhook-id")]
		seen[r.Header.Get("webhook-id")] = true
		mu.Unlock()
		switch {
		case r.URL.Query().Get("gone") == "1":
			w.WriteHeader(http.StatusGone)
		case first:
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			w.WriteHeader(http.StatusOK)
		}
	}))
	defer recv.Close()
	recv.Config.SetKeepAlivesEnabled(false)
	p := startProcWith(t, openSQLite(t, dbPath(t)), app.Options{
		AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	for _, n := range []string{"919800000001", "919800000002"} {
		p.api("POST", "/api/channels", `{"number": "`+n+`"}`, 201)
	}
	register := func(channel, query string) {
		p.api("POST", "/v2/webhook/register", fmt.Sprintf(`{"method": "POST", "authorization": {}, "url": %q,
		 "bodyFormat": "JSON", "webhookEvents": ["ADD_TAG"], "retryOnTimeout": true, "name": "m", "wabaNumbers": [%q]}`,
			recv.URL+query, channel), 201)
	}
	register("919800000001", "")
	register("919800000002", "?gone=1")

	for i := range 3 {
		if a := p.sendEvent("ADD_TAG", "919800000001", fmt.Sprintf("ok-%d", i), example(t, "ADD_TAG")); a.status != 202 {
			t.Fatalf("event: %d %s", a.status, a.body)
		}
	}
	if a := p.sendEvent("ADD_TAG", "919800000002", "gone", example(t, "ADD_TAG")); a.status != 202 {
		t.Fatalf("event: %d %s", a.status, a.body)
	}
	waitFor(t, "the deliveries to end", func() bool {
		return p.metric("hookflow_deliveries_delivered_total") == 3 && p.metric("hookflow_deliveries_failed_total") == 1
	})
	if got := p.metric("hookflow_deliveries_retried_total"); got != 3 {
		t.Errorf("retried = %v, want 3 (one per delivery of the first channel)", got)
	}
	if got := p.metric("hookflow_deliveries_held"); got != 0 {
		t.Errorf("held after every delivery ended = %v, want 0", got)
	}
	if got := p.metric("hookflow_deliveries_queued"); got != 0 {
		t.Errorf("queued after every delivery ended = %v, want 0", got)
	}
	if p.metric("go_goroutines") <= 0 || p.metric("process_resident_memory_bytes") <= 0 {
		t.Errorf("process metrics missing")
	}
	if calls.Load() != 7 {
		t.Errorf("the endpoint got %d requests, want 7", calls.Load())
	}
}
