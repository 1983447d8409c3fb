package storetest

import (
	"slices"
	"testing"

	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

var statsTests = []test{
	{"RunStats", testRunStats},
	{"DeliveryStats", testDeliveryStats},
	{"Empty", func(t *testing.T, s store.Store) {
		calls := 0
		must(t, "RunStats", s.RunStats(t.Context(), "", at(0), at(3600), func(store.RunStat) { calls++ }))
		must(t, "DeliveryStats", s.DeliveryStats(t.Context(), "", at(0), at(3600), func(store.DeliveryStat) { calls++ }))
		if calls != 0 {
			t.Fatalf("an empty store gave %d records", calls)
		}
	}},
}

func testRunStats(t *testing.T, s store.Store) {
	mk := func(id, flowID string, status runs.Status, n int, ms float64) *runs.Run {
		r := newRun(id, flowID, n)
		r.Status, r.DurationMs = status, ms
		return r
	}
	must(t, "SaveRuns", s.SaveRuns(t.Context(), []*runs.Run{
		mk("r0", "flw_a", runs.StatusSucceeded, -1, 5),
		mk("r1", "flw_a", runs.StatusSucceeded, 0, 12.5),
		mk("r2", "flw_a", runs.StatusFailed, 60, 900),
		mk("r3", "flw_b", runs.StatusRunning, 120, 0),
		mk("r4", "flw_a", runs.StatusCanceled, 3599, 40),
		mk("r5", "flw_a", runs.StatusSucceeded, 3600, 7),
	}))
	row := func(flowID string, status runs.Status, n int, ms float64) store.RunStat {
		return store.RunStat{FlowID: flowID, Status: status, CreatedAt: stored(at(n)), DurationMs: ms}
	}
	tests := []struct {
		name   string
		flowID string
		want   []store.RunStat
	}{
		{"every flow; from inclusive, to exclusive", "", []store.RunStat{
			row("flw_a", runs.StatusSucceeded, 0, 12.5), row("flw_a", runs.StatusFailed, 60, 900),
			row("flw_b", runs.StatusRunning, 120, 0), row("flw_a", runs.StatusCanceled, 3599, 40),
		}},
		{"one flow", "flw_b", []store.RunStat{row("flw_b", runs.StatusRunning, 120, 0)}},
		{"unknown flow", "flw_c", nil},
	}
	for _, tc := range tests {
		var got []store.RunStat
		must(t, "RunStats "+tc.name, s.RunStats(t.Context(), tc.flowID, at(0), at(3600), func(st store.RunStat) { got = append(got, st) }))
		slices.SortFunc(got, func(a, b store.RunStat) int { return a.CreatedAt.Compare(b.CreatedAt) })
		requireEqual(t, "RunStats "+tc.name, got, tc.want)
	}
}

func testDeliveryStats(t *testing.T, s store.Store) {
	mk := func(id, subID string, status store.DeliveryStatus, n int) *store.Delivery {
		d := newDelivery(id, subID, n)
		d.Status = status
		return d
	}
	must(t, "SaveDeliveries", s.SaveDeliveries(t.Context(), []*store.Delivery{
		mk("d0", "sub_a", store.DeliverySucceeded, -1),
		mk("d1", "sub_a", store.DeliverySucceeded, 0),
		mk("d2", "sub_b", store.DeliveryFailed, 30),
		mk("d3", "sub_a", store.DeliveryHeld, 90),
		mk("d4", "sub_a", store.DeliveryPending, 3599),
		mk("d5", "sub_b", store.DeliverySucceeded, 3600),
	}))
	row := func(subID string, status store.DeliveryStatus, n int) store.DeliveryStat {
		return store.DeliveryStat{SubscriptionID: subID, Status: status, CreatedAt: stored(at(n))}
	}
	tests := []struct {
		name  string
		subID string
		want  []store.DeliveryStat
	}{
		{"every subscription", "", []store.DeliveryStat{
			row("sub_a", store.DeliverySucceeded, 0), row("sub_b", store.DeliveryFailed, 30),
			row("sub_a", store.DeliveryHeld, 90), row("sub_a", store.DeliveryPending, 3599),
		}},
		{"one subscription", "sub_b", []store.DeliveryStat{row("sub_b", store.DeliveryFailed, 30)}},
		{"unknown subscription", "sub_c", nil},
	}
	for _, tc := range tests {
		var got []store.DeliveryStat
		must(t, "DeliveryStats "+tc.name, s.DeliveryStats(t.Context(), tc.subID, at(0), at(3600), func(st store.DeliveryStat) { got = append(got, st) }))
		slices.SortFunc(got, func(a, b store.DeliveryStat) int { return a.CreatedAt.Compare(b.CreatedAt) })
		requireEqual(t, "DeliveryStats "+tc.name, got, tc.want)
	}
}
