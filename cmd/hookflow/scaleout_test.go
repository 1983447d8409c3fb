package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hookflow/hookflow/internal/fleet"
	"github.com/hookflow/hookflow/store/mongo/mongotest"
)

// scaleOutLease is the lease of the scale-out processes.
const scaleOutLease = 10 * time.Second

// TestScaleOut_SharedMongo runs two and then three hookflow processes on
// one MongoDB-wire store (the embedded FerretDB) with requests spread over
// them, and checks that every run is executed exactly once (the queued
// flow's HTTP call is made once per run); that when one process is killed
// with runs and deliveries in hand, the others finish them; that a Capture
// Response begun on one process catches a request sent to another; and
// that a run reads the same from every process.
//
// The processes run with a 10 s lease: the 2 s of the crash test is short
// enough that, on a loaded machine, a renewal on the embedded FerretDB can
// come after the lease lapsed, and then another process takes the run over
// (recorded as a retry, but executed twice).
//
// HOOKFLOW_SCALEOUT_SECONDS sets how long each load phase lasts (1 s by
// default).
func TestScaleOut_SharedMongo(t *testing.T) {
	bin := buildBinary(t)
	uri := mongotest.Start(t)
	phase := time.Duration(envInt(t, "HOOKFLOW_SCALEOUT_SECONDS", 1)) * time.Second
	for _, n := range []int{2, 3} {
		t.Run(fmt.Sprintf("%d processes", n), func(t *testing.T) {
			env := []string{"HOOKFLOW_MONGO_URI=" + uri, "HOOKFLOW_MONGO_DB=" + mongotest.DatabaseName()}
			var procs []*fleet.Proc
			var clients []*fleet.Client
			for range n {
				p := startProcLease(t, bin, append(env, "HOOKFLOW_DATA_DIR="+t.TempDir()), scaleOutLease)
				procs, clients = append(procs, p), append(clients, p.Client())
			}
			recv, err := fleet.NewReceiver()
			if err != nil {
				t.Fatal(err)
			}
			defer recv.Close()
			w, err := fleet.Setup(clients[0], recv.URL)
			if err != nil {
				t.Fatal(err)
			}
			l := fleet.NewLedger("scale")
			spread(t, l, clients, w, phase, nil)
			rep := settle(t, clients[len(clients)-1], w, l, recv)
			for key, calls := range recv.Calls() {
				if calls != 1 {
					t.Errorf("with no crash, the HTTP call %s was made %d times", key, calls)
				}
			}
			t.Logf("spread over %d processes: %d runs, all executed once", n, rep.Runs)

			victim := procs[n-1]
			held := 0.0
			spread(t, l, clients, w, phase, func() {
				if m, err := clients[n-1].Metrics(); err == nil {
					held = m["hookflow_runs_held"] + m["hookflow_deliveries_held"]
				}
				victim.Kill()
			})
			survivors := clients[:n-1]
			killed := time.Now()
			ctx, cancel := context.WithTimeout(context.Background(), settleWithin)
			resent := l.Retry(ctx, survivors, w)
			cancel()
			rep = settle(t, survivors[0], w, l, recv)
			t.Logf("killed one of %d processes holding %.0f runs and deliveries; %d requests sent again to the others; all %d runs finished and every event delivered %s after the kill (lease %s)",
				n, held, resent, rep.Runs, time.Since(killed).Round(time.Millisecond), scaleOutLease)

			captureAcross(t, survivors, w)
			sameEverywhere(t, survivors, w)
		})
	}
}

// spread sends requests spread over clients for d; kill, if set, is
// called half-way and the load goes on over the others.
func spread(t *testing.T, l *fleet.Ledger, clients []*fleet.Client, w *fleet.Workload, d time.Duration, kill func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		l.Drive(ctx, clients, w, 8, 40*time.Millisecond)
	}()
	if kill != nil {
		time.Sleep(d / 2)
		kill()
	}
	<-done
}

// settle waits until every run finished and every event was delivered,
// and fails the test on a problem or when that does not happen in time.
func settle(t *testing.T, c *fleet.Client, w *fleet.Workload, l *fleet.Ledger, recv *fleet.Receiver) *fleet.Report {
	t.Helper()
	if left := l.Unanswered(); len(left) > 0 {
		ctx, cancel := context.WithTimeout(context.Background(), settleWithin)
		l.Retry(ctx, []*fleet.Client{c}, w)
		cancel()
	}
	rep, _, err := fleet.Settle(context.Background(), c, w, l, recv, settleWithin)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Error(p)
	}
	if len(rep.Problems) == 0 && !rep.Settled() {
		logOpen(t, c, rep)
		t.Fatalf("stuck: %d runs unfinished, %d accepted events not delivered after %s", rep.Unfinished, rep.Undelivered, settleWithin)
	}
	if t.Failed() {
		t.FailNow()
	}
	return rep
}

// captureAcross begins a Capture Response on the first process and sends
// the request to the last one.
func captureAcross(t *testing.T, clients []*fleet.Client, w *fleet.Workload) {
	t.Helper()
	flow := w.Flows[fleet.KindInMemory]
	cp, err := clients[0].Capture(flow.ID, "trigger", "20s")
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	other := clients[len(clients)-1]
	status, body, err := other.Do("POST", "/hook/"+flow.Token, `{"n": 7, "captured": "across processes"}`, "Idempotency-Key", "capture-across")
	if err != nil || status != 202 {
		t.Fatalf("request to %s: %d %s %v", other.Base, status, body, err)
	}
	name, entry, err := cp.Next()
	if err != nil {
		t.Fatal(err)
	}
	data, _ := entry["data"].(map[string]any)
	got, _ := data["body"].(map[string]any)
	if name != "request" || got["captured"] != "across processes" {
		t.Fatalf("capture on %s got %s %v; want the request sent to %s", clients[0].Base, name, entry, other.Base)
	}
}

// sameEverywhere reads runs of every flow from every process and compares.
func sameEverywhere(t *testing.T, clients []*fleet.Client, w *fleet.Workload) {
	t.Helper()
	for _, kind := range fleet.Kinds {
		runs, err := clients[0].Runs(w.Flows[kind].ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range runs[:min(len(runs), 5)] {
			for _, c := range clients {
				got, found, err := c.Run(want.ID)
				if err != nil || !found || got != want {
					t.Errorf("run %s reads %+v (found %v, %v) from %s, %+v from %s", want.ID, got, found, err, c.Base, want, clients[0].Base)
				}
			}
		}
	}
}
