package main

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/hookflow/hookflow/internal/fleet"
	"github.com/hookflow/hookflow/store/mongo/mongotest"
)

// testLease is the lease the child processes run with: a process that
// dies holds its runs and deliveries for this long.
const testLease = 2 * time.Second

// settleWithin bounds the time after a restart for every run to finish
// and every delivery to arrive: the lease, the claim polls and the
// 5 s retry of a delivery whose attempt was cut by the kill, with room for
// a machine shared with other work. A run or delivery still open after it
// is stuck.
const settleWithin = 60 * time.Second

// crashStore is a store the crash and scale-out tests run against: env
// configures a process for it; every call gives a store of its own.
type crashStore struct {
	name string
	env  func(t *testing.T) []string
	// every paces each load worker: FerretDB's embedded handler scans a
	// collection for most queries, so its load is kept lighter.
	every time.Duration
}

func crashStores(t *testing.T) []crashStore {
	mongoURI := mongotest.Start(t)
	db := 0
	return []crashStore{
		{name: "sqlite", every: 10 * time.Millisecond, env: func(t *testing.T) []string {
			return []string{"HOOKFLOW_DATA_DIR=" + t.TempDir()}
		}},
		{name: "ferretdb", every: 40 * time.Millisecond, env: func(t *testing.T) []string {
			db++
			return []string{"HOOKFLOW_MONGO_URI=" + mongoURI, "HOOKFLOW_MONGO_DB=" + mongotest.DatabaseName() + strconv.Itoa(db),
				"HOOKFLOW_DATA_DIR=" + t.TempDir()}
		}},
	}
}

// buildBinary builds hookflow once for a test.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "hookflow")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// envInt reads a whole number from the environment, or def.
func envInt(t *testing.T, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("%s must be a whole number of at least 1, not %q", name, s)
	}
	return n
}

// logOpen logs the first unfinished runs of rep in full.
func logOpen(t *testing.T, c *fleet.Client, rep *fleet.Report) {
	t.Helper()
	for _, r := range rep.Open[:min(len(rep.Open), 3)] {
		_, data, err := c.Do("GET", "/api/runs/"+r.ID, "")
		t.Logf("unfinished run %s: %s %v", r.ID, data, err)
	}
}

// startProc starts a child hookflow with the test lease and stops it when
// the test ends, printing its log if the test failed.
func startProc(t *testing.T, bin string, env []string) *fleet.Proc {
	t.Helper()
	return startProcLease(t, bin, env, testLease)
}

// startProcLease is startProc with another lease.
func startProcLease(t *testing.T, bin string, env []string, lease time.Duration) *fleet.Proc {
	t.Helper()
	p, err := fleet.Start(bin, env, "--lease", lease.String(), "--log-level", "warn")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.Kill()
		if t.Failed() {
			t.Logf("log of hookflow at %s:\n%s", p.URL, p.Logs())
		}
	})
	return p
}

// TestCrash_KillNineLosesNoAcceptedRequest kills a hookflow child process
// with SIGKILL at a random moment of each round, while webhooks of an
// in-memory and of a queued flow, and platform events fanned out to a flow
// and to an outbound webhook, come in. After each restart the requests
// whose answer was lost are sent again with their idempotency key, and
// the store and a receiver are checked: every request that got a 2xx has
// exactly one run, the one it was told; every run succeeded, and the
// queued flow's HTTP call was made at most once per recorded attempt;
// every accepted event reached the receiver, more than once only with its
// one webhook-id; nothing is left unfinished.
//
// HOOKFLOW_CRASH_ROUNDS sets the rounds per store (2 by default;
// `make crash` runs 20). HOOKFLOW_CRASH_SEED repeats a run's kill moments.
func TestCrash_KillNineLosesNoAcceptedRequest(t *testing.T) {
	bin := buildBinary(t)
	rounds := envInt(t, "HOOKFLOW_CRASH_ROUNDS", 2)
	seed := uint64(envInt(t, "HOOKFLOW_CRASH_SEED", int(time.Now().UnixNano()%1e9)+1))
	t.Logf("HOOKFLOW_CRASH_SEED=%d, %d rounds", seed, rounds)
	for _, st := range crashStores(t) {
		t.Run(st.name, func(t *testing.T) {
			crashRounds(t, bin, st, rounds, rand.New(rand.NewPCG(seed, 1)))
		})
	}
}

func crashRounds(t *testing.T, bin string, st crashStore, rounds int, rng *rand.Rand) {
	recv, err := fleet.NewReceiver()
	if err != nil {
		t.Fatal(err)
	}
	defer recv.Close()
	env := st.env(t)
	p := startProc(t, bin, env)
	w, err := fleet.Setup(p.Client(), recv.URL)
	if err != nil {
		t.Fatal(err)
	}
	l := fleet.NewLedger("crash")
	var worst time.Duration
	for round := 1; round <= rounds; round++ {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			l.Drive(ctx, []*fleet.Client{p.Client()}, w, 8, st.every)
		}()
		time.Sleep(100*time.Millisecond + time.Duration(rng.Int64N(int64(900*time.Millisecond))))
		p.Kill()
		cancel()
		<-done
		lost := len(l.Unanswered())

		p = startProc(t, bin, env) // same store, new process
		rctx, rcancel := context.WithTimeout(context.Background(), settleWithin)
		resent := l.Retry(rctx, []*fleet.Client{p.Client()}, w)
		rcancel()
		if left := l.Unanswered(); len(left) > 0 {
			t.Fatalf("round %d: %d requests still without a 2xx after %s of retries, such as %s", round, len(left), settleWithin, left[0])
		}
		rep, took, err := fleet.Settle(context.Background(), p.Client(), w, l, recv, settleWithin)
		if err != nil {
			t.Fatal(err)
		}
		for _, pr := range rep.Problems {
			t.Errorf("round %d: %s", round, pr)
		}
		if !rep.Settled() && len(rep.Problems) == 0 {
			logOpen(t, p.Client(), rep)
			t.Fatalf("round %d: stuck %s after the restart: %d runs unfinished, %d accepted events not delivered",
				round, settleWithin, rep.Unfinished, rep.Undelivered)
		}
		if t.Failed() {
			return
		}
		worst = max(worst, took)
		keys, _, sent, refused := l.Summary()
		t.Logf("round %d: %d requests (%d sends), %d lost at the kill and sent again (%d sends); %d runs (%d started more than once: taken over after the kill), %d deliveries received twice; settled %s after the restart; refused %v",
			round, keys, sent, lost, resent, rep.Runs, rep.Retried, rep.Redelivered, took.Round(time.Millisecond), refused)
	}
	t.Logf("slowest settle after a restart: %s (lease %s)", worst.Round(time.Millisecond), testLease)
}
