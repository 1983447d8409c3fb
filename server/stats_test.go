package server_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/internal/apikey"
	"github.com/hookflow/hookflow/internal/metrics"
	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/server"
	"github.com/hookflow/hookflow/stats"
	"github.com/hookflow/hookflow/store"
	"github.com/hookflow/hookflow/store/sqlite"
)

// statsNow is the clock of the statistics tests: twenty past two.
var statsNow = time.Date(2026, 11, 22, 14, 20, 0, 0, time.UTC)

// startStats runs hookflow's server with statistics over a fresh SQLite
// store holding flw_1 (a success 5 min ago, a failure 2 h ago, a success
// 3 days ago), flw_2 (never ran) and one webhook with two succeeded
// deliveries and one failed in the current hour.
func startStats(t *testing.T) *instance {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "hookflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := t.Context()
	keys := &apikey.Service{Store: st, CacheFor: time.Second}
	if _, err := keys.Bootstrap(context.Background(), adminKey); err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{"flw_2", "flw_1"} {
		at := statsNow.Add(-time.Duration(10-i) * 24 * time.Hour)
		requireNil(t, st.CreateFlow(ctx, &flows.Flow{ID: id, Name: "Flow " + id, Status: flows.StatusActive, CreatedAt: at, UpdatedAt: at}))
	}
	run := func(id string, status runs.Status, ago time.Duration, ms float64) *runs.Run {
		return &runs.Run{ID: id, FlowID: "flw_1", Version: 1, Status: status, CreatedAt: statsNow.Add(-ago), DurationMs: ms}
	}
	requireNil(t, st.SaveRuns(ctx, []*runs.Run{
		run("run_1", runs.StatusSucceeded, 5*time.Minute, 120),
		run("run_2", runs.StatusFailed, 2*time.Hour, 80),
		run("run_3", runs.StatusSucceeded, 72*time.Hour, 40),
	}))
	requireNil(t, st.CreateSubscription(ctx, &store.Subscription{ID: "sub_1", Name: "CRM sync", Method: "POST",
		URL: "https://example.com/crm", BodyFormat: "JSON", Events: []string{"ADD_TAG"}, WabaNumbers: []string{"15550001111"},
		Status: store.SubscriptionActive, Secret: []byte("sealed"), CreatedAt: statsNow.Add(-48 * time.Hour), UpdatedAt: statsNow.Add(-48 * time.Hour)}))
	var ds []*store.Delivery
	for i, status := range []store.DeliveryStatus{store.DeliverySucceeded, store.DeliverySucceeded, store.DeliveryFailed} {
		at := statsNow.Add(-time.Duration(i+1) * time.Minute)
		ds = append(ds, &store.Delivery{ID: "dlv_" + string(rune('a'+i)), SubscriptionID: "sub_1", EventID: "evt", EventType: "ADD_TAG",
			Status: status, EventAt: at, CreatedAt: at})
	}
	requireNil(t, st.SaveDeliveries(ctx, ds))
	app := server.New(server.Deps{Keys: keys, Registry: nodes.Default, Ping: st.Ping,
		Stats: &stats.Service{Store: st, Now: func() time.Time { return statsNow }},
		Log:   slog.New(slog.NewTextHandler(io.Discard, nil)), Metrics: metrics.NewRegistry(), Version: "test"})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	return &instance{t: t, app: app, url: "http://" + ln.Addr().String(), store: st}
}

func requireNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestStats_Flows(t *testing.T) {
	t.Parallel()
	in := startStats(t)
	day := in.expect("GET", "/api/stats/flows", nil, http.StatusOK)
	if day["window"] != "24h" || day["from"] != "2026-11-21T15:00:00Z" || day["to"] != "2026-11-22T15:00:00Z" {
		t.Fatalf("24h report bounds = %v", dumpJSON(day))
	}
	list := day["flows"].([]any)
	if len(list) != 2 {
		t.Fatalf("flows = %s", dumpJSON(list))
	}
	one := list[0].(map[string]any)
	buckets := one["buckets"].([]any)
	last, failed := buckets[23].(map[string]any), buckets[21].(map[string]any)
	if one["flowId"] != "flw_1" || len(buckets) != 24 || last["start"] != "2026-11-22T14:00:00Z" || last["succeeded"] != 1.0 ||
		failed["failed"] != 1.0 || one["p50Ms"] != 80.0 || one["p95Ms"] != 120.0 {
		t.Fatalf("flw_1 = %s", dumpJSON(one))
	}
	if totals := one["totals"].(map[string]any); totals["total"] != 2.0 || totals["succeeded"] != 1.0 || totals["failed"] != 1.0 {
		t.Fatalf("flw_1 totals = %s", dumpJSON(totals))
	}
	if two := list[1].(map[string]any); two["flowId"] != "flw_2" || two["p50Ms"] != nil || len(two["buckets"].([]any)) != 24 {
		t.Fatalf("flw_2, which never ran = %s", dumpJSON(two))
	}

	week := in.expect("GET", "/api/stats/flows?window=7d&flowId=flw_1", nil, http.StatusOK)
	if list := week["flows"].([]any); len(list) != 1 || len(list[0].(map[string]any)["buckets"].([]any)) != 168 ||
		list[0].(map[string]any)["totals"].(map[string]any)["total"] != 3.0 {
		t.Fatalf("7d report of flw_1 = %s", dumpJSON(week))
	}
}

func TestStats_Webhooks(t *testing.T) {
	t.Parallel()
	in := startStats(t)
	rep := in.expect("GET", "/api/stats/webhooks?window=24h", nil, http.StatusOK)
	list := rep["webhooks"].([]any)
	if len(list) != 1 {
		t.Fatalf("webhooks = %s", dumpJSON(rep))
	}
	w := list[0].(map[string]any)
	last := w["buckets"].([]any)[23].(map[string]any)
	if w["id"] != "sub_1" || w["name"] != "CRM sync" || w["status"] != "active" || last["succeeded"] != 2.0 || last["failed"] != 1.0 ||
		w["successRate"].(float64) < 0.66 || w["successRate"].(float64) > 0.67 {
		t.Fatalf("sub_1 = %s", dumpJSON(w))
	}
}

func TestStats_Summary(t *testing.T) {
	t.Parallel()
	in := startStats(t)
	sum := in.expect("GET", "/api/stats/summary", nil, http.StatusOK)
	items := sum["items"].([]any)
	if sum["since"] != "2026-11-22T00:00:00Z" || len(items) != 2 {
		t.Fatalf("summary = %s", dumpJSON(sum))
	}
	one, two := items[0].(map[string]any), items[1].(map[string]any)
	if one["flowId"] != "flw_1" || one["lastRunAt"] != "2026-11-22T14:15:00Z" || one["lastStatus"] != "succeeded" ||
		one["runsToday"] != 2.0 || one["errorsToday"] != 1.0 {
		t.Fatalf("flw_1 = %s", dumpJSON(one))
	}
	if _, ran := two["lastRunAt"]; ran || two["runsToday"] != 0.0 || two["lastStatus"] != nil {
		t.Fatalf("flw_2, which never ran = %s", dumpJSON(two))
	}
	// The viewer's day started at 13:00 UTC: only the run of 14:15.
	sum = in.expect("GET", "/api/stats/summary?since=2026-11-22T13:00:00Z", nil, http.StatusOK)
	if one := sum["items"].([]any)[0].(map[string]any); one["runsToday"] != 1.0 || one["errorsToday"] != 0.0 {
		t.Fatalf("flw_1 since 13:00 = %s", dumpJSON(one))
	}
}

func TestStats_BadRequests(t *testing.T) {
	t.Parallel()
	in := startStats(t)
	tests := []struct {
		path   string
		status int
		says   string
	}{
		{"/api/stats/flows?window=30d", http.StatusBadRequest, `window must be 24h (the last 24 hours) or 7d (the last 7 days), not \"30d\"`},
		{"/api/stats/flows?window=", http.StatusOK, ""},
		{"/api/stats/webhooks?window=1w", http.StatusBadRequest, "window must be 24h"},
		{"/api/stats/flows?flowId=flw_none", http.StatusNotFound, `there is no flow with id \"flw_none\"`},
		{"/api/stats/summary?since=yesterday", http.StatusBadRequest, "since must be an RFC 3339 time"},
		{"/api/stats/summary?since=2026-11-19T00:00:00Z", http.StatusBadRequest, "since must be a time within the last 48 hours"},
		{"/api/stats/summary?since=2026-11-23T00:00:00Z", http.StatusBadRequest, "since must be a time within the last 48 hours"},
	}
	for _, tc := range tests {
		r := in.do("GET", tc.path, nil)
		if r.Status != tc.status || !strings.Contains(string(r.Body), tc.says) {
			t.Errorf("GET %s = %d %s; want %d saying %q", tc.path, r.Status, r.Body, tc.status, tc.says)
		}
	}
	if r := in.do("GET", "/api/stats/flows", nil, ""); r.Status != http.StatusUnauthorized {
		t.Errorf("GET without a key = %d %s", r.Status, r.Body)
	}
}
