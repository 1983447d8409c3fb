package stats_test

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/stats"
	"github.com/hookflow/hookflow/store"
	"github.com/hookflow/hookflow/store/sqlite"
)

// now is the fixtures' clock: half past ten, so the current hour's bucket
// starts at ten.
var now = time.Date(2026, 11, 22, 10, 30, 0, 0, time.UTC)

// fixture is a store with flows, runs, webhooks and deliveries around now:
//
//	flw_a "Orders": succeeded 10 min ago (100 ms), failed 70 min ago
//	  (300 ms), running 5 min ago, succeeded 23 h 10 min ago (200 ms),
//	  succeeded 25 h ago (50 ms)
//	flw_b "Leads": canceled 2 h ago
//	flw_c "Old": succeeded 3 days ago
//	flw_d "New": never ran
//	flw_gone: deleted, one run an hour ago
//	sub_1: 3 succeeded 10 min ago, 1 failed 3 h ago, 1 pending and 1 held
//	  a minute ago, 1 succeeded 8 days ago
//	sub_2: no deliveries
func fixture(t *testing.T) *stats.Service {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "hookflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := t.Context()
	for i, f := range []struct{ id, name string }{{"flw_a", "Orders"}, {"flw_b", "Leads"}, {"flw_c", "Old"}, {"flw_d", "New"}} {
		// flw_a is the newest, so that the store lists them a, b, c, d.
		created := now.Add(-time.Duration(10+i) * 24 * time.Hour)
		must(t, st.CreateFlow(ctx, &flows.Flow{ID: f.id, Name: f.name, Status: flows.StatusActive, CreatedAt: created, UpdatedAt: created}))
	}
	run := func(id, flowID string, status runs.Status, ago time.Duration, ms float64) *runs.Run {
		return &runs.Run{ID: id, FlowID: flowID, Version: 1, Status: status, CreatedAt: now.Add(-ago), DurationMs: ms}
	}
	must(t, st.SaveRuns(ctx, []*runs.Run{
		run("run_1", "flw_a", runs.StatusSucceeded, 10*time.Minute, 100),
		run("run_2", "flw_a", runs.StatusFailed, 70*time.Minute, 300),
		run("run_3", "flw_a", runs.StatusRunning, 5*time.Minute, 0),
		run("run_4", "flw_a", runs.StatusSucceeded, 23*time.Hour+10*time.Minute, 200),
		run("run_5", "flw_a", runs.StatusSucceeded, 25*time.Hour, 50),
		run("run_6", "flw_b", runs.StatusCanceled, 2*time.Hour, 0),
		run("run_7", "flw_c", runs.StatusSucceeded, 72*time.Hour, 10),
		run("run_8", "flw_gone", runs.StatusFailed, time.Hour, 10),
	}))
	for i, id := range []string{"sub_1", "sub_2"} {
		created := now.Add(-30 * 24 * time.Hour).Add(time.Duration(i) * time.Minute)
		must(t, st.CreateSubscription(ctx, &store.Subscription{ID: id, Name: "Hook " + id, Method: "POST",
			URL: "https://example.com/" + id, BodyFormat: "JSON", Events: []string{"ADD_TAG"}, WabaNumbers: []string{"15550001111"},
			Status: store.SubscriptionActive, Secret: []byte("sealed"), CreatedAt: created, UpdatedAt: created}))
	}
	dlv := func(id string, status store.DeliveryStatus, ago time.Duration) *store.Delivery {
		return &store.Delivery{ID: id, SubscriptionID: "sub_1", EventID: "evt_" + id, EventType: "ADD_TAG",
			Status: status, EventAt: now.Add(-ago), CreatedAt: now.Add(-ago)}
	}
	must(t, st.SaveDeliveries(ctx, []*store.Delivery{
		dlv("dlv_1", store.DeliverySucceeded, 10*time.Minute), dlv("dlv_2", store.DeliverySucceeded, 10*time.Minute),
		dlv("dlv_3", store.DeliverySucceeded, 10*time.Minute), dlv("dlv_4", store.DeliveryFailed, 3*time.Hour),
		dlv("dlv_5", store.DeliveryPending, time.Minute), dlv("dlv_6", store.DeliveryHeld, time.Minute),
		dlv("dlv_7", store.DeliverySucceeded, 8*24*time.Hour),
	}))
	return &stats.Service{Store: st, Now: func() time.Time { return now }}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// hourAgo is the start of the bucket n hours before the current one.
func hourAgo(n int) time.Time { return now.Truncate(time.Hour).Add(-time.Duration(n) * time.Hour) }

func TestService_Flows(t *testing.T) {
	t.Parallel()
	svc := fixture(t)
	day, err := svc.Flows(t.Context(), stats.Windows[0], "")
	must(t, err)
	if day.Window != "24h" || !day.From.Equal(hourAgo(23)) || !day.To.Equal(hourAgo(-1)) || len(day.Flows) != 4 {
		t.Fatalf("24h report = window %s from %v to %v, %d flows", day.Window, day.From, day.To, len(day.Flows))
	}
	a := day.Flows[0]
	if a.FlowID != "flw_a" || a.Name != "Orders" || len(a.Buckets) != 24 {
		t.Fatalf("first flow = %s %q with %d buckets", a.FlowID, a.Name, len(a.Buckets))
	}
	want := map[int]stats.RunBucket{
		0:  {Start: hourAgo(23), Succeeded: 1},
		22: {Start: hourAgo(1), Failed: 1},
		23: {Start: hourAgo(0), Succeeded: 1, Other: 1},
	}
	for i, b := range a.Buckets {
		w, ok := want[i]
		if !ok {
			w = stats.RunBucket{Start: hourAgo(23 - i)}
		}
		if b != w {
			t.Errorf("flw_a bucket %d = %+v, want %+v", i, b, w)
		}
	}
	if a.Totals != (stats.RunTotals{Total: 4, Succeeded: 2, Failed: 1, Running: 1}) {
		t.Errorf("flw_a totals = %+v", a.Totals)
	}
	requireMs(t, "flw_a 24h p50", a.P50Ms, 200)
	requireMs(t, "flw_a 24h p95", a.P95Ms, 300)
	if b := day.Flows[1]; b.Totals != (stats.RunTotals{Total: 1, Canceled: 1}) || b.Buckets[21].Other != 1 || b.P50Ms != nil || b.P95Ms != nil {
		t.Errorf("flw_b = %+v", b)
	}
	if d := day.Flows[3]; d.FlowID != "flw_d" || d.Totals.Total != 0 || len(d.Buckets) != 24 || d.P50Ms != nil {
		t.Errorf("flw_d, which never ran = %+v", d)
	}

	week, err := svc.Flows(t.Context(), stats.Windows[1], "flw_a")
	must(t, err)
	if len(week.Flows) != 1 || len(week.Flows[0].Buckets) != 168 || week.Flows[0].Totals.Total != 5 || !week.From.Equal(hourAgo(167)) {
		t.Fatalf("7d report of flw_a = %+v", week)
	}
	requireMs(t, "flw_a 7d p50", week.Flows[0].P50Ms, 100)
	requireMs(t, "flw_a 7d p95", week.Flows[0].P95Ms, 300)

	if _, err := svc.Flows(t.Context(), stats.Windows[0], "flw_none"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Flows of an unknown flow = %v, want ErrNotFound", err)
	}
}

func requireMs(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	if got == nil || *got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestService_Webhooks(t *testing.T) {
	t.Parallel()
	svc := fixture(t)
	rep, err := svc.Webhooks(t.Context(), stats.Windows[0])
	must(t, err)
	if len(rep.Webhooks) != 2 || rep.Webhooks[0].ID != "sub_1" || rep.Webhooks[1].ID != "sub_2" {
		t.Fatalf("webhooks = %+v", rep.Webhooks)
	}
	one := rep.Webhooks[0]
	if one.Name != "Hook sub_1" || one.URL != "https://example.com/sub_1" || one.Status != "active" || len(one.Buckets) != 24 {
		t.Fatalf("sub_1 = %+v", one)
	}
	if one.Totals != (stats.DeliveryTotals{Total: 6, Succeeded: 3, Failed: 1, Pending: 2}) {
		t.Errorf("sub_1 totals = %+v", one.Totals)
	}
	if b := one.Buckets[23]; b != (stats.DeliveryBucket{Start: hourAgo(0), Succeeded: 3, Pending: 2}) {
		t.Errorf("sub_1 current hour = %+v", b)
	}
	if b := one.Buckets[20]; b != (stats.DeliveryBucket{Start: hourAgo(3), Failed: 1}) {
		t.Errorf("sub_1 three hours ago = %+v", b)
	}
	requireMs(t, "sub_1 success rate", one.SuccessRate, 0.75)
	if two := rep.Webhooks[1]; two.Totals.Total != 0 || two.SuccessRate != nil || len(two.Buckets) != 24 {
		t.Errorf("sub_2, without deliveries = %+v", two)
	}
	week, err := svc.Webhooks(t.Context(), stats.Windows[1])
	must(t, err)
	if got := week.Webhooks[0].Totals.Total; got != 6 {
		t.Errorf("sub_1 over 7d: %d deliveries, want 6 (the one of 8 days ago is outside)", got)
	}
}

func TestService_Summary(t *testing.T) {
	t.Parallel()
	svc := fixture(t)
	sum, err := svc.Summary(t.Context(), time.Time{})
	must(t, err)
	if !sum.Since.Equal(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("since = %v, want the start of today in UTC", sum.Since)
	}
	want := []stats.FlowSummary{
		{FlowID: "flw_a", LastRunAt: now.Add(-5 * time.Minute), LastStatus: runs.StatusRunning, RunsToday: 3, ErrorsToday: 1},
		{FlowID: "flw_b", LastRunAt: now.Add(-2 * time.Hour), LastStatus: runs.StatusCanceled, RunsToday: 1},
		{FlowID: "flw_c", LastRunAt: now.Add(-72 * time.Hour), LastStatus: runs.StatusSucceeded},
		{FlowID: "flw_d"},
	}
	requireSummary(t, sum.Items, want)

	sum, err = svc.Summary(t.Context(), now.Add(-30*time.Minute))
	must(t, err)
	want[0].RunsToday, want[0].ErrorsToday = 2, 0
	want[1] = stats.FlowSummary{FlowID: "flw_b", LastRunAt: now.Add(-2 * time.Hour), LastStatus: runs.StatusCanceled}
	requireSummary(t, sum.Items, want)

	for _, since := range []time.Time{now.Add(time.Minute), now.Add(-49 * time.Hour)} {
		if _, err := svc.Summary(t.Context(), since); !errors.Is(err, stats.ErrBadSince) {
			t.Errorf("Summary since %v = %v, want ErrBadSince", since, err)
		}
	}
}

func requireSummary(t *testing.T, got, want []stats.FlowSummary) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("summary has %d flows, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.FlowID != w.FlowID || !g.LastRunAt.Equal(w.LastRunAt) || g.LastStatus != w.LastStatus ||
			g.RunsToday != w.RunsToday || g.ErrorsToday != w.ErrorsToday {
			t.Errorf("summary of %s = %+v, want %+v", w.FlowID, g, w)
		}
	}
}
