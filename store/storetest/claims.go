package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

var claimTests = []test{
	{"ClaimRules", testClaimRules},
	{"ClaimLimit", func(t *testing.T, s store.Store) {
		now := at(1000)
		var batch []*runs.Run
		for i := range 10 {
			batch = append(batch, bareRun(fmt.Sprintf("run_%d", i), "flw_1", i))
		}
		must(t, "SaveRuns", s.SaveRuns(t.Context(), batch))
		list, err := s.ClaimRuns(t.Context(), "proc_b", now, now.Add(time.Minute), 0)
		must(t, "ClaimRuns with limit 0", err)
		requireEmpty(t, "ClaimRuns with limit 0", list)
		for _, want := range []int{3, 3, 3, 1, 0} {
			list, err := s.ClaimRuns(t.Context(), "proc_b", now, now.Add(time.Minute), 3)
			must(t, "ClaimRuns", err)
			if len(list) != want {
				t.Fatalf("ClaimRuns with limit 3 = %d runs, want %d", len(list), want)
			}
		}
	}},
	{"ClaimConcurrent", testClaimConcurrent},
	{"RenewOnlyOwner", testRenew},
	{"DeleteRules", testDeleteRules},
	{"DeleteOldestFirst", func(t *testing.T, s store.Store) {
		var batch []*runs.Run
		for i, id := range []string{"run_e", "run_c", "run_a", "run_d", "run_b"} {
			r := newRun(id, "flw_1", i)
			r.Status = runs.StatusSucceeded
			batch = append(batch, r)
		}
		must(t, "SaveRuns", s.SaveRuns(t.Context(), batch))
		n, err := s.DeleteRuns(t.Context(), "flw_1", at(100), 0)
		if err != nil || n != 0 {
			t.Fatalf("DeleteRuns with limit 0 = %d, %v; want 0", n, err)
		}
		for _, want := range []int{2, 2, 1, 0} {
			n, err := s.DeleteRuns(t.Context(), "flw_1", at(100), 2)
			must(t, "DeleteRuns", err)
			if n != want {
				t.Fatalf("DeleteRuns with limit 2 = %d, want %d", n, want)
			}
			left := listAll(t, s, runs.Filter{})
			requireIDs(t, "runs left", left, idsOf(batch[len(batch)-len(left):], true))
		}
	}},
}

// pendingRun returns a run in status whose lease ends at lease, held by
// proc_a unless the lease is zero, and due to wake at wake.
func pendingRun(id string, status runs.Status, lease, wake time.Time) *runs.Run {
	r := newRun(id, "flw_1", 0)
	r.Status, r.LeaseUntil, r.WakeAt, r.Owner = status, lease, wake, ""
	if !lease.IsZero() {
		r.Owner = "proc_a"
	}
	return r
}

// testClaimRules claims at now runs on either side of each rule: a lease
// that ends at now has not expired, a wake time of now is due.
func testClaimRules(t *testing.T, s store.Store) {
	now, zero := at(1000), time.Time{}
	ms := time.Millisecond
	tests := []struct {
		id          string
		status      runs.Status
		lease, wake time.Time
		claimed     bool
	}{
		{"queued_no_lease", runs.StatusQueued, zero, zero, true},
		{"queued_lapsed", runs.StatusQueued, now.Add(-ms), zero, true},
		{"queued_lease_ends_now", runs.StatusQueued, now, zero, false},
		{"queued_held", runs.StatusQueued, now.Add(time.Minute), zero, false},
		{"running_lapsed", runs.StatusRunning, now.Add(-time.Hour), zero, true},
		{"running_held", runs.StatusRunning, now.Add(ms), zero, false},
		{"waiting_due_now", runs.StatusWaiting, zero, now, true},
		{"waiting_due_lapsed", runs.StatusWaiting, now.Add(-time.Minute), now.Add(-time.Hour), true},
		{"waiting_later", runs.StatusWaiting, zero, now.Add(ms), false},
		{"waiting_due_held", runs.StatusWaiting, now.Add(time.Minute), now.Add(-time.Hour), false},
		{"succeeded", runs.StatusSucceeded, now.Add(-time.Hour), now.Add(-time.Hour), false},
		{"failed", runs.StatusFailed, zero, zero, false},
		{"canceled", runs.StatusCanceled, zero, zero, false},
	}
	var all, want []*runs.Run
	for _, tc := range tests {
		r := pendingRun(tc.id, tc.status, tc.lease, tc.wake)
		all = append(all, r)
		if tc.claimed {
			c := *r
			c.Owner, c.LeaseUntil = "proc_b", now.Add(30*time.Second)
			if r.Owner != "" {
				c.Attempt++ // proc_a may have started it, or woken it, before it died
			}
			want = append(want, &c)
		}
	}
	must(t, "SaveRuns", s.SaveRuns(t.Context(), all))
	got, err := s.ClaimRuns(t.Context(), "proc_b", now, now.Add(30*time.Second), 100)
	must(t, "ClaimRuns", err)
	byID := func(a, b *runs.Run) int { return strings.Compare(a.ID, b.ID) }
	slices.SortFunc(got, byID)
	slices.SortFunc(want, byID)
	requireIDs(t, "claimed runs", got, idsOf(want, false))
	for i := range want {
		requireRun(t, got[i], want[i]) // in full
		saved, err := s.GetRun(t.Context(), want[i].ID)
		must(t, "GetRun", err)
		requireRun(t, saved, want[i])
	}
	again, err := s.ClaimRuns(t.Context(), "proc_c", now, now.Add(time.Minute), 100)
	must(t, "ClaimRuns again", err)
	requireEmpty(t, "runs claimed twice", again)
	for i, tc := range tests {
		if !tc.claimed {
			r, err := s.GetRun(t.Context(), tc.id)
			must(t, "GetRun", err)
			requireRun(t, r, all[i])
		}
	}
}

// testClaimConcurrent claims 100 lapsed runs from 4 goroutines at once,
// each as another process: every run is claimed exactly once.
func testClaimConcurrent(t *testing.T, s store.Store) {
	now := at(1000)
	var batch []*runs.Run
	statuses := []runs.Status{runs.StatusQueued, runs.StatusRunning, runs.StatusWaiting}
	for i := range 100 {
		r := bareRun(fmt.Sprintf("run_%03d", i), "flw_1", 0)
		r.Status, r.Owner, r.LeaseUntil, r.WakeAt = statuses[i%3], "proc_dead", now.Add(-time.Minute), now.Add(-time.Hour)
		batch = append(batch, r)
	}
	must(t, "SaveRuns", s.SaveRuns(t.Context(), batch))
	claimRace(t, "run", len(batch),
		func(owner string) ([]*runs.Run, error) {
			return s.ClaimRuns(t.Context(), owner, now, now.Add(time.Minute), 10)
		},
		func(id string) (*runs.Run, error) { return s.GetRun(t.Context(), id) },
		func(r *runs.Run) (string, string) { return r.ID, r.Owner })
}

func testRenew(t *testing.T, s store.Store) {
	lease := at(60)
	r1, r2 := pendingRun("run_1", runs.StatusRunning, lease, time.Time{}), pendingRun("run_2", runs.StatusRunning, lease, time.Time{})
	r3 := pendingRun("run_3", runs.StatusRunning, lease, time.Time{})
	r3.Owner = "proc_b"
	must(t, "SaveRuns", s.SaveRuns(t.Context(), []*runs.Run{r1, r2, r3}))
	must(t, "RenewLeases", s.RenewLeases(t.Context(), "proc_a", []string{"run_1", "run_3", "run_none"}, at(500)))
	must(t, "RenewLeases of nothing", s.RenewLeases(t.Context(), "proc_a", nil, at(900)))
	renewed := *r1
	renewed.LeaseUntil = at(500)
	for _, want := range []*runs.Run{&renewed, r2, r3} {
		got, err := s.GetRun(t.Context(), want.ID)
		must(t, "GetRun", err)
		requireRun(t, got, want)
	}
}

// testDeleteRules deletes before at(100): finished runs of the flow created
// before it go; unfinished ones, later ones, one created exactly at it and
// other flows' stay.
func testDeleteRules(t *testing.T, s store.Store) {
	mk := func(id, flowID string, status runs.Status, n int) *runs.Run {
		r := newRun(id, flowID, n)
		r.Status = status
		return r
	}
	gone := []*runs.Run{
		mk("old_succeeded", "flw_1", runs.StatusSucceeded, 10),
		mk("old_failed", "flw_1", runs.StatusFailed, 11),
		mk("old_canceled", "flw_1", runs.StatusCanceled, 12),
	}
	kept := []*runs.Run{
		mk("old_queued", "flw_1", runs.StatusQueued, 13),
		mk("old_running", "flw_1", runs.StatusRunning, 14),
		mk("old_waiting", "flw_1", runs.StatusWaiting, 15),
		mk("at_cutoff", "flw_1", runs.StatusSucceeded, 100),
		mk("new", "flw_1", runs.StatusFailed, 200),
		mk("other_flow", "flw_2", runs.StatusSucceeded, 10),
	}
	must(t, "SaveRuns", s.SaveRuns(t.Context(), append(slices.Clone(gone), kept...)))
	n, err := s.DeleteRuns(t.Context(), "flw_1", at(100), 100)
	must(t, "DeleteRuns", err)
	if n != len(gone) {
		t.Fatalf("DeleteRuns = %d, want %d", n, len(gone))
	}
	for _, r := range gone {
		_, err := s.GetRun(t.Context(), r.ID)
		requireErr(t, "GetRun of a deleted run", err, store.ErrNotFound)
		requireIDs(t, "q of a deleted run", listAll(t, s, runs.Filter{Q: r.Fields["agent_email"]}), nil)
	}
	requireIDs(t, "runs left", listAll(t, s, runs.Filter{}), idsOf(kept, true))
	n, err = s.DeleteRuns(t.Context(), "flw_1", at(100), 100)
	if err != nil || n != 0 {
		t.Fatalf("DeleteRuns again = %d, %v; want 0", n, err)
	}
}
