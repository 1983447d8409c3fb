package storetest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookflow/hookflow/store"
)

var deliveryTests = []test{
	{"CreateGet", testDeliveryCreate},
	{"Save", func(t *testing.T, s store.Store) {
		d := newDelivery("dlv_1", "sub_a", 1)
		must(t, "SaveDeliveries", s.SaveDeliveries(t.Context(), []*store.Delivery{d}))
		first, last := *d, *d
		first.Status = store.DeliveryFailed
		last.Status, last.Tries, last.Owner, last.LeaseUntil = store.DeliverySucceeded, 2, "", time.Time{}
		last.Attempts = append(slices.Clone(d.Attempts), newAttempt(9, 200))
		last.FinishedAt = at(9)
		must(t, "SaveDeliveries twice in a batch", s.SaveDeliveries(t.Context(), []*store.Delivery{&first, &last}))
		got, err := s.GetDelivery(t.Context(), "dlv_1")
		must(t, "GetDelivery", err)
		requireDelivery(t, got, &last)
		must(t, "SaveDeliveries of nothing", s.SaveDeliveries(t.Context(), nil))
	}},
	{"List", testDeliveryList},
	{"ClaimRules", testDeliveryClaimRules},
	{"ClaimConcurrent", testDeliveryClaimConcurrent},
	{"Renew", func(t *testing.T, s store.Store) {
		d1, d2, d3 := newDelivery("dlv_1", "sub_a", 1), newDelivery("dlv_2", "sub_a", 2), newDelivery("dlv_3", "sub_a", 3)
		d3.Owner = "proc_b"
		must(t, "SaveDeliveries", s.SaveDeliveries(t.Context(), []*store.Delivery{d1, d2, d3}))
		must(t, "RenewDeliveryLeases", s.RenewDeliveryLeases(t.Context(), "proc_a", []string{"dlv_1", "dlv_3", "dlv_none"}, at(500)))
		must(t, "RenewDeliveryLeases of nothing", s.RenewDeliveryLeases(t.Context(), "proc_a", nil, at(900)))
		renewed := *d1
		renewed.LeaseUntil = at(500)
		for _, want := range []*store.Delivery{&renewed, d2, d3} {
			got, err := s.GetDelivery(t.Context(), want.ID)
			must(t, "GetDelivery", err)
			requireDelivery(t, got, want)
		}
	}},
	{"Requeue", testDeliveryRequeue},
	{"Hold", testDeliveryHold},
	{"Delete", testDeliveryDelete},
}

// newDelivery returns a pending delivery of subscriptionID created at base
// plus n seconds, held by proc_a for a minute, with one failed attempt.
func newDelivery(id, subscriptionID string, n int) *store.Delivery {
	return &store.Delivery{
		ID: id, SubscriptionID: subscriptionID, EventID: "evt_" + id, EventType: "ADD_TAG", Channel: "919000000001",
		Data: json.RawMessage(`{"tag":"vip","amount":1.50,"big":12345678901234567890}`), EventAt: at(n),
		Status: store.DeliveryPending, Tries: 1, NextAttemptAt: at(n + 5),
		Owner: "proc_a", LeaseUntil: at(n + 60),
		AttemptCount: 1, LastAttemptAt: at(n), LastStatus: 500, LastError: "HTTP 500",
		Attempts:  []store.DeliveryAttempt{newAttempt(n, 500)},
		CreatedAt: at(n),
	}
}

// newAttempt returns an attempt made at base plus n seconds and answered
// with status.
func newAttempt(n, status int) store.DeliveryAttempt {
	return store.DeliveryAttempt{
		At: at(n), Method: "POST", URL: "https://example.com/hook?a=1",
		RequestHeaders: map[string]string{"Content-Type": "application/json", "Authorization": "[redacted]", "a.b": "1"},
		Status:         status, LatencyMs: 12, Error: fmt.Sprintf("HTTP %d", status),
		Response: `{"ok":false}`, Truncated: status == 500,
	}
}

// requireDelivery fails t unless got is want as a store gives it back.
func requireDelivery(t *testing.T, got, want *store.Delivery) {
	t.Helper()
	w := *want
	w.EventAt, w.NextAttemptAt, w.LeaseUntil = stored(want.EventAt), stored(want.NextAttemptAt), stored(want.LeaseUntil)
	w.LastAttemptAt, w.CreatedAt, w.FinishedAt = stored(want.LastAttemptAt), stored(want.CreatedAt), stored(want.FinishedAt)
	w.Attempts = slices.Clone(want.Attempts)
	for i := range w.Attempts {
		w.Attempts[i].At = stored(w.Attempts[i].At)
	}
	requireEqual(t, "delivery", got, &w)
}

// requireDeliveryIDs fails t unless list holds the deliveries ids, in order.
func requireDeliveryIDs(t *testing.T, what string, list []*store.Delivery, ids ...string) {
	t.Helper()
	got := make([]string, 0, len(list))
	for _, d := range list {
		got = append(got, d.ID)
	}
	if !slices.Equal(got, append([]string{}, ids...)) {
		t.Fatalf("%s = %v, want %v", what, got, ids)
	}
}

func testDeliveryCreate(t *testing.T, s store.Store) {
	d1, d2 := newDelivery("dlv_1", "sub_a", 1), newDelivery("dlv_2", "sub_a", 2)
	d2.Attempts, d2.AttemptCount, d2.LastAttemptAt, d2.LastStatus, d2.LastError, d2.Tries = nil, 0, time.Time{}, 0, "", 0
	created, err := s.CreateDeliveries(t.Context(), []*store.Delivery{d1, d2})
	must(t, "CreateDeliveries", err)
	requireEqual(t, "created", created, []bool{true, true})
	again := *d1
	again.Status, again.EventType = store.DeliveryHeld, "REMOVE_TAG"
	created, err = s.CreateDeliveries(t.Context(), []*store.Delivery{&again, newDelivery("dlv_3", "sub_b", 3), d2})
	must(t, "CreateDeliveries again", err)
	requireEqual(t, "created again", created, []bool{false, true, false})
	for _, want := range []*store.Delivery{d1, d2} {
		got, err := s.GetDelivery(t.Context(), want.ID)
		must(t, "GetDelivery", err)
		requireDelivery(t, got, want)
	}
	_, err = s.GetDelivery(t.Context(), "dlv_none")
	requireErr(t, "GetDelivery of nothing", err, store.ErrNotFound)
	created, err = s.CreateDeliveries(t.Context(), nil)
	must(t, "CreateDeliveries of nothing", err)
	if len(created) != 0 {
		t.Fatalf("CreateDeliveries of nothing = %v", created)
	}
}

// testDeliveryList lists by each filter, a page at a time, newest first,
// without data and attempts.
func testDeliveryList(t *testing.T, s store.Store) {
	var batch []*store.Delivery
	for i := range 7 {
		d := newDelivery(fmt.Sprintf("dlv_%d", i), []string{"sub_a", "sub_b"}[i%2], 10+i/2) // pairs share a time
		if i%3 == 0 {
			d.Status = store.DeliveryFailed
		}
		if i == 6 {
			d.EventType = "NEW_LEAD"
		}
		batch = append(batch, d)
	}
	must(t, "SaveDeliveries", s.SaveDeliveries(t.Context(), batch))
	all := func(f store.DeliveryFilter) []*store.Delivery {
		t.Helper()
		var out []*store.Delivery
		for range 10 {
			page, next, err := s.ListDeliveries(t.Context(), f)
			must(t, "ListDeliveries", err)
			if f.Limit > 0 && len(page) > f.Limit {
				t.Fatalf("page of %d with limit %d", len(page), f.Limit)
			}
			out = append(out, page...)
			if next == "" {
				return out
			}
			f.Cursor = next
		}
		t.Fatal("listing did not end")
		return nil
	}
	requireDeliveryIDs(t, "all", all(store.DeliveryFilter{Limit: 2}), "dlv_6", "dlv_5", "dlv_4", "dlv_3", "dlv_2", "dlv_1", "dlv_0")
	requireDeliveryIDs(t, "sub_b", all(store.DeliveryFilter{SubscriptionID: "sub_b", Limit: 1}), "dlv_5", "dlv_3", "dlv_1")
	requireDeliveryIDs(t, "failed", all(store.DeliveryFilter{Status: store.DeliveryFailed}), "dlv_6", "dlv_3", "dlv_0")
	requireDeliveryIDs(t, "NEW_LEAD", all(store.DeliveryFilter{EventType: "NEW_LEAD"}), "dlv_6")
	requireDeliveryIDs(t, "sub_a failed", all(store.DeliveryFilter{SubscriptionID: "sub_a", Status: store.DeliveryFailed}), "dlv_6", "dlv_0")
	page, _, err := s.ListDeliveries(t.Context(), store.DeliveryFilter{SubscriptionID: "sub_none"})
	must(t, "ListDeliveries of nothing", err)
	requireEmpty(t, "ListDeliveries of nothing", page)
	page, _, err = s.ListDeliveries(t.Context(), store.DeliveryFilter{Limit: 1})
	must(t, "ListDeliveries", err)
	light := *batch[6]
	light.Data, light.Attempts = nil, nil
	requireDelivery(t, page[0], &light)
	_, _, err = s.ListDeliveries(t.Context(), store.DeliveryFilter{Cursor: "not a cursor"})
	requireErr(t, "ListDeliveries with a bad cursor", err, store.ErrBadCursor)
}

// testDeliveryClaimRules claims at now deliveries on either side of each
// rule: a lease that ends at now has not expired, an attempt due at now is
// due.
func testDeliveryClaimRules(t *testing.T, s store.Store) {
	now, zero, ms := at(1000), time.Time{}, time.Millisecond
	tests := []struct {
		id          string
		status      store.DeliveryStatus
		next, lease time.Time
		claimed     bool
	}{
		{"due_no_lease", store.DeliveryPending, now.Add(-time.Hour), zero, true},
		{"due_now", store.DeliveryPending, now, zero, true},
		{"due_lapsed", store.DeliveryPending, now.Add(-time.Minute), now.Add(-ms), true},
		{"due_lease_ends_now", store.DeliveryPending, now.Add(-time.Minute), now, false},
		{"due_held", store.DeliveryPending, now.Add(-time.Minute), now.Add(time.Minute), false},
		{"later", store.DeliveryPending, now.Add(ms), zero, false},
		{"status_held", store.DeliveryHeld, now.Add(-time.Hour), zero, false},
		{"succeeded", store.DeliverySucceeded, now.Add(-time.Hour), zero, false},
		{"failed", store.DeliveryFailed, now.Add(-time.Hour), zero, false},
	}
	var all, want []*store.Delivery
	for i, tc := range tests {
		d := newDelivery(tc.id, "sub_a", i)
		d.Status, d.NextAttemptAt, d.LeaseUntil, d.Owner = tc.status, tc.next, tc.lease, ""
		if !tc.lease.IsZero() {
			d.Owner = "proc_a"
		}
		all = append(all, d)
		if tc.claimed {
			c := *d
			c.Owner, c.LeaseUntil = "proc_b", now.Add(30*time.Second)
			want = append(want, &c)
		}
	}
	must(t, "SaveDeliveries", s.SaveDeliveries(t.Context(), all))
	got, err := s.ClaimDeliveries(t.Context(), "proc_b", now, now.Add(30*time.Second), 100)
	must(t, "ClaimDeliveries", err)
	byID := func(a, b *store.Delivery) int { return strings.Compare(a.ID, b.ID) }
	slices.SortFunc(got, byID)
	slices.SortFunc(want, byID)
	wantIDs := make([]string, len(want))
	for i, d := range want {
		wantIDs[i] = d.ID
	}
	requireDeliveryIDs(t, "claimed", got, wantIDs...)
	for i := range want {
		requireDelivery(t, got[i], want[i]) // in full, with data and attempts
		saved, err := s.GetDelivery(t.Context(), want[i].ID)
		must(t, "GetDelivery", err)
		requireDelivery(t, saved, want[i])
	}
	again, err := s.ClaimDeliveries(t.Context(), "proc_c", now, now.Add(time.Minute), 100)
	must(t, "ClaimDeliveries again", err)
	requireEmpty(t, "deliveries claimed twice", again)
	none, err := s.ClaimDeliveries(t.Context(), "proc_c", now.Add(time.Hour), now.Add(time.Hour), 0)
	must(t, "ClaimDeliveries with limit 0", err)
	requireEmpty(t, "ClaimDeliveries with limit 0", none)
}

// testDeliveryClaimConcurrent claims 60 lapsed deliveries from 4
// goroutines at once, each as another process: every delivery is claimed
// exactly once.
func testDeliveryClaimConcurrent(t *testing.T, s store.Store) {
	now := at(1000)
	var batch []*store.Delivery
	for i := range 60 {
		d := newDelivery(fmt.Sprintf("dlv_%03d", i), "sub_a", 0)
		d.Owner, d.LeaseUntil, d.NextAttemptAt = "proc_dead", now.Add(-time.Minute), now.Add(-time.Hour)
		batch = append(batch, d)
	}
	must(t, "SaveDeliveries", s.SaveDeliveries(t.Context(), batch))
	claimRace(t, "delivery", len(batch),
		func(owner string) ([]*store.Delivery, error) {
			return s.ClaimDeliveries(t.Context(), owner, now, now.Add(time.Minute), 7)
		},
		func(id string) (*store.Delivery, error) { return s.GetDelivery(t.Context(), id) },
		func(d *store.Delivery) (string, string) { return d.ID, d.Owner })
}

// testDeliveryRequeue requeues one delivery, then a subscription's failed
// and held ones and its pending ones that no process holds.
func testDeliveryRequeue(t *testing.T, s store.Store) {
	now := at(1000)
	mk := func(id, sub string, status store.DeliveryStatus, lease time.Time) *store.Delivery {
		d := newDelivery(id, sub, 1)
		d.Status, d.LeaseUntil, d.Tries = status, lease, 8
		if status != store.DeliveryPending {
			d.FinishedAt = at(2)
		}
		return d
	}
	ds := []*store.Delivery{
		mk("one_failed", "sub_a", store.DeliveryFailed, time.Time{}),
		mk("a_failed", "sub_b", store.DeliveryFailed, time.Time{}),
		mk("a_held", "sub_b", store.DeliveryHeld, time.Time{}),
		mk("a_succeeded", "sub_b", store.DeliverySucceeded, time.Time{}),
		mk("a_pending_free", "sub_b", store.DeliveryPending, now.Add(-time.Second)),
		mk("a_pending_held", "sub_b", store.DeliveryPending, now.Add(time.Second)),
		mk("other_failed", "sub_c", store.DeliveryFailed, time.Time{}),
	}
	must(t, "SaveDeliveries", s.SaveDeliveries(t.Context(), ds))
	requeued := func(d *store.Delivery) *store.Delivery {
		c := *d
		c.Status, c.Tries, c.NextAttemptAt, c.Owner, c.LeaseUntil, c.FinishedAt = store.DeliveryPending, 0, now, "", time.Time{}, time.Time{}
		return &c
	}
	n, err := s.RequeueDeliveries(t.Context(), store.Requeue{ID: "one_failed", Statuses: []store.DeliveryStatus{store.DeliveryFailed}, Now: now})
	must(t, "RequeueDeliveries of one", err)
	n2, err := s.RequeueDeliveries(t.Context(), store.Requeue{ID: "a_succeeded", Statuses: []store.DeliveryStatus{store.DeliveryFailed}, Now: now})
	must(t, "RequeueDeliveries of a succeeded one as failed", err)
	n3, err := s.RequeueDeliveries(t.Context(), store.Requeue{SubscriptionID: "sub_b", Now: now,
		Statuses: []store.DeliveryStatus{store.DeliveryFailed, store.DeliveryHeld, store.DeliveryPending}})
	must(t, "RequeueDeliveries of a subscription", err)
	if n != 1 || n2 != 0 || n3 != 3 {
		t.Fatalf("RequeueDeliveries = %d, %d, %d; want 1, 0, 3", n, n2, n3)
	}
	want := []*store.Delivery{requeued(ds[0]), requeued(ds[1]), requeued(ds[2]), ds[3], requeued(ds[4]), ds[5], ds[6]}
	for _, w := range want {
		got, err := s.GetDelivery(t.Context(), w.ID)
		must(t, "GetDelivery", err)
		requireDelivery(t, got, w)
	}
}

// testDeliveryHold holds a subscription's pending deliveries that no
// process holds, and nothing else.
func testDeliveryHold(t *testing.T, s store.Store) {
	now := at(1000)
	free, leased, done, other := newDelivery("free", "sub_a", 1), newDelivery("leased", "sub_a", 2),
		newDelivery("done", "sub_a", 3), newDelivery("other", "sub_b", 4)
	free.LeaseUntil, leased.LeaseUntil, other.LeaseUntil = now.Add(-time.Second), now.Add(time.Second), now.Add(-time.Second)
	done.Status = store.DeliveryFailed
	must(t, "SaveDeliveries", s.SaveDeliveries(t.Context(), []*store.Delivery{free, leased, done, other}))
	n, err := s.HoldDeliveries(t.Context(), "sub_a", now)
	must(t, "HoldDeliveries", err)
	if n != 1 {
		t.Fatalf("HoldDeliveries = %d, want 1", n)
	}
	held := *free
	held.Status, held.Owner = store.DeliveryHeld, ""
	for _, w := range []*store.Delivery{&held, leased, done, other} {
		got, err := s.GetDelivery(t.Context(), w.ID)
		must(t, "GetDelivery", err)
		requireDelivery(t, got, w)
	}
}

// testDeliveryDelete deletes before at(100): succeeded, failed and held
// deliveries created before it go, oldest first; pending ones, and later
// ones, stay.
func testDeliveryDelete(t *testing.T, s store.Store) {
	mk := func(id string, status store.DeliveryStatus, n int) *store.Delivery {
		d := newDelivery(id, "sub_a", n)
		d.Status = status
		return d
	}
	gone := []*store.Delivery{mk("old_succeeded", store.DeliverySucceeded, 10), mk("old_failed", store.DeliveryFailed, 11),
		mk("old_held", store.DeliveryHeld, 13)}
	kept := []*store.Delivery{
		mk("old_pending", store.DeliveryPending, 12), mk("at_cutoff", store.DeliveryFailed, 100), mk("new", store.DeliverySucceeded, 200),
	}
	must(t, "SaveDeliveries", s.SaveDeliveries(t.Context(), append(slices.Clone(gone), kept...)))
	n, err := s.DeleteDeliveries(t.Context(), at(100), 0)
	if err != nil || n != 0 {
		t.Fatalf("DeleteDeliveries with limit 0 = %d, %v; want 0", n, err)
	}
	n, err = s.DeleteDeliveries(t.Context(), at(100), 1)
	must(t, "DeleteDeliveries", err)
	if n != 1 {
		t.Fatalf("DeleteDeliveries with limit 1 = %d, want 1", n)
	}
	_, err = s.GetDelivery(t.Context(), "old_succeeded")
	requireErr(t, "GetDelivery of the oldest", err, store.ErrNotFound)
	n, err = s.DeleteDeliveries(t.Context(), at(100), 100)
	if err != nil || n != 2 {
		t.Fatalf("DeleteDeliveries = %d, %v; want 2", n, err)
	}
	for _, d := range kept {
		_, err := s.GetDelivery(t.Context(), d.ID)
		must(t, "GetDelivery of a kept delivery", err)
	}
}
