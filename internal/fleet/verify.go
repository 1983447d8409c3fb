package fleet

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/hookflow/hookflow/delivery"
)

// Report is what Verify found.
type Report struct {
	// Problems are broken promises: a 2xx request without its run, two
	// runs for one key, a run or delivery that ran more often than it
	// recorded, a failed run, a delivery nobody asked for.
	Problems []string
	// Unfinished counts runs not finished yet; Undelivered the accepted
	// events whose delivery the receiver has not had yet.
	Unfinished, Undelivered int
	// Open lists up to 10 of the unfinished runs.
	Open []Run
	Runs int
	// Retried counts runs that were started more than once (Attempt > 1):
	// taken over after a crash.
	Retried int
	// Redelivered counts deliveries received more than once (with the
	// same webhook-id).
	Redelivered int
}

// Settled reports whether every run finished and every delivery arrived.
func (r *Report) Settled() bool { return r.Unfinished == 0 && r.Undelivered == 0 }

// Verify checks the store (through c) and the receiver against the
// ledger: every answered request has exactly its runs, one per key and
// flow and no other; every run succeeded; the queued flow called the
// receiver at least once and at most once per recorded attempt; every
// answered event was delivered, more than once only with its one
// webhook-id. Requests not answered yet are left out, and so are, for
// the count of runs, flows where some are.
func Verify(c *Client, w *Workload, l *Ledger, r *Receiver) (*Report, error) {
	rep := &Report{}
	entries := l.entries()
	l.mu.Lock()
	rep.Problems = append(rep.Problems, l.problems...)
	l.mu.Unlock()
	want := map[string]map[string]string{} // kind → run id → key
	allAnswered := map[string]bool{}
	for _, kind := range Kinds {
		want[kind], allAnswered[kind] = map[string]string{}, true
	}
	for key, e := range entries {
		if !e.Answered {
			allAnswered[e.Kind] = false
			continue
		}
		if len(e.Runs) != 1 {
			rep.Problems = append(rep.Problems, fmt.Sprintf("%s (%s) answered with %d runs, want 1", key, e.Kind, len(e.Runs)))
			continue
		}
		want[e.Kind][e.Runs[0]] = key
	}
	calls := r.Calls()
	for _, kind := range Kinds {
		runs, err := c.Runs(w.Flows[kind].ID)
		if err != nil {
			return nil, err
		}
		rep.Runs += len(runs)
		seen := map[string]bool{}
		for _, run := range runs {
			if seen[run.ID] {
				rep.Problems = append(rep.Problems, fmt.Sprintf("run %s listed twice", run.ID))
			}
			seen[run.ID] = true
			switch run.Status {
			case "succeeded":
			case "failed", "canceled":
				rep.Problems = append(rep.Problems, fmt.Sprintf("run %s (%s) ended %s", run.ID, kind, run.Status))
			default:
				rep.Unfinished++
				if len(rep.Open) < 10 {
					rep.Open = append(rep.Open, run)
				}
			}
			if run.Attempt > 1 {
				rep.Retried++
			}
			if kind == KindQueued && run.Status == "succeeded" {
				n := calls[run.ID+":call"]
				if n < 1 || n > run.Attempt {
					rep.Problems = append(rep.Problems, fmt.Sprintf("run %s called the receiver %d times in %d attempts", run.ID, n, run.Attempt))
				}
			}
		}
		for id, key := range want[kind] {
			if !seen[id] {
				rep.Problems = append(rep.Problems, fmt.Sprintf("%s got a 2xx with run %s, which the store does not have", key, id))
			}
		}
		if allAnswered[kind] && len(runs) != len(want[kind]) {
			rep.Problems = append(rep.Problems, fmt.Sprintf("flow %s has %d runs for %d requests", kind, len(runs), len(want[kind])))
		}
	}
	got := r.Deliveries()
	// known holds the delivery ids of every event sent: one sent but not
	// answered may have been stored before its answer was lost.
	known := map[string]bool{}
	for key, e := range entries {
		if e.Kind != KindEvent {
			continue
		}
		id := delivery.DeliveryID(key, w.Webhook)
		known[id] = true
		if !e.Answered {
			continue
		}
		switch n := got[id]; {
		case n == 0:
			rep.Undelivered++
		case n > 1:
			rep.Redelivered++
		}
	}
	for id := range got {
		if !known[id] {
			rep.Problems = append(rep.Problems, fmt.Sprintf("the receiver got delivery %s, of no event sent", id))
		}
	}
	sort.Strings(rep.Problems)
	return rep, nil
}

// Settle verifies until every run finished and every delivery arrived,
// or a problem shows, or within has passed; it returns the last report
// and how long settling took. A check that could not be made (the store
// is slow to answer a listing) is tried again until within has passed.
func Settle(ctx context.Context, c *Client, w *Workload, l *Ledger, r *Receiver, within time.Duration) (*Report, time.Duration, error) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	for {
		rep, err := Verify(c, w, l, r)
		switch {
		case err != nil && ctx.Err() != nil:
			return nil, time.Since(start), err
		case err != nil:
		case rep.Settled() || len(rep.Problems) > 0 || ctx.Err() != nil:
			return rep, time.Since(start), nil
		}
		sleep(ctx, 200*time.Millisecond)
	}
}
