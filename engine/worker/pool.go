package worker

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/hookflow/hookflow/internal/loop"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

// ErrCanceled is the cause of a run's context when the run is canceled.
var ErrCanceled = errors.New("the run was canceled")

// Pool executes runs on a fixed number of goroutines. Every run it holds
// (queued in memory or executing) keeps a lease in the store, renewed while
// it is held; a run whose lease lapses is taken over by whichever process
// claims it first, so a crash loses no accepted run.
type Pool struct {
	Store  store.Runs
	Commit *Committer
	// Execute runs or continues r against its flow version and leaves it
	// finished or waiting. An error means the run could not be executed at
	// all (its flow version is gone, the store failed).
	Execute func(ctx context.Context, r *runs.Run) error
	// OnDone is called after a run was executed and saved (or saving it
	// failed), for sync webhook answers and live views.
	OnDone  func(r *runs.Run)
	Owner   string
	Lease   time.Duration
	Workers int
	// Poll is how often due delayed runs and lapsed leases are claimed.
	Poll time.Duration
	Now  func() time.Time
	Log  *slog.Logger

	queue chan *runs.Run
	mu    sync.Mutex
	held  map[string]context.CancelCauseFunc // nil func: queued, not started
	wg    sync.WaitGroup
}

// QueueSize bounds the in-memory queue; runs beyond it stay in the store
// and are claimed when their lease lapses.
const QueueSize = 1 << 16

func (p *Pool) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// Start launches the workers and the lease, claim loops; they stop when
// ctx ends. Wait waits for them.
func (p *Pool) Start(ctx context.Context) {
	p.queue = make(chan *runs.Run, QueueSize)
	p.held = map[string]context.CancelCauseFunc{}
	for range max(p.Workers, 1) {
		p.wg.Add(1)
		go p.work(ctx)
	}
	p.wg.Go(func() { loop.Every(ctx, p.Lease/3, p.renew) })
	p.wg.Go(func() { loop.Every(ctx, p.Poll, p.claim) })
}

// Wait blocks until every goroutine of the pool has stopped.
func (p *Pool) Wait() { p.wg.Wait() }

// Submit queues an accepted run that is already durable in the store with
// this pool's lease.
func (p *Pool) Submit(r *runs.Run) {
	p.mu.Lock()
	p.held[r.ID] = nil
	p.mu.Unlock()
	select {
	case p.queue <- r:
	default:
		// Full: let go of it; it is claimed again once its lease lapses.
		p.release(r.ID)
		p.Log.Warn("run queue full; the run waits for its lease to lapse", "run", r.ID)
	}
}

// Held reports how many runs the pool holds, for metrics.
func (p *Pool) Held() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.held)
}

// Cancel stops a run this process is executing. It reports whether it held it.
func (p *Pool) Cancel(id string) bool {
	p.mu.Lock()
	cancel, ok := p.held[id]
	p.mu.Unlock()
	if ok && cancel != nil {
		cancel(ErrCanceled)
	}
	return ok
}

func (p *Pool) release(id string) {
	p.mu.Lock()
	delete(p.held, id)
	p.mu.Unlock()
}

func (p *Pool) work(ctx context.Context) {
	defer p.wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case r := <-p.queue:
			p.execute(ctx, r)
		}
	}
}

func (p *Pool) execute(ctx context.Context, r *runs.Run) {
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	p.mu.Lock()
	p.held[r.ID] = cancel
	p.mu.Unlock()
	defer p.release(r.ID)

	// A run woken after its delay goes on with the start it had (a claim
	// from a process that died after waking it counted one); any other is
	// started again: a new run, a resumed one, or one taken over.
	if r.Status != runs.StatusWaiting || r.Attempt == 0 {
		r.Attempt++
	}
	if r.StartedAt.IsZero() {
		r.StartedAt = p.now().UTC()
	}
	r.Status = runs.StatusRunning
	if err := p.Execute(runCtx, r); err != nil {
		r.Status, r.Error = runs.StatusFailed, err.Error()
	}
	if context.Cause(runCtx) == ErrCanceled {
		r.Status, r.Error = runs.StatusCanceled, ErrCanceled.Error()
	}
	if ctx.Err() != nil && !r.Status.Finished() {
		return // shutting down: the lease lapses and another process goes on
	}
	// A finished or waiting run belongs to no process; a waiting one is
	// claimed by whoever polls after its WakeAt.
	r.Owner, r.LeaseUntil = "", time.Time{}
	if err := p.saveWithRetry(ctx, r); err != nil {
		p.Log.Error("save run", "run", r.ID, "error", err)
	}
	if p.OnDone != nil {
		p.OnDone(r)
	}
}

// saveWithRetry retries a failed save a few times: the run is executed
// already, and losing its record would make it run again.
func (p *Pool) saveWithRetry(ctx context.Context, r *runs.Run) error {
	var err error
	for attempt, wait := 0, 50*time.Millisecond; attempt < 5; attempt, wait = attempt+1, wait*4 {
		if err = p.Commit.Save(ctx, r); err == nil || errors.Is(err, ErrClosed) {
			return err
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return err
		}
	}
	return err
}

func (p *Pool) renew(ctx context.Context) {
	p.mu.Lock()
	ids := make([]string, 0, len(p.held))
	for id := range p.held {
		ids = append(ids, id)
	}
	p.mu.Unlock()
	if len(ids) == 0 {
		return
	}
	if err := p.Store.RenewLeases(ctx, p.Owner, ids, p.now().Add(p.Lease)); err != nil && ctx.Err() == nil {
		p.Log.Warn("renew leases", "runs", len(ids), "error", err)
	}
}

// claim takes over runs whose lease lapsed and delayed runs that are due,
// as long as the queue has room for them.
func (p *Pool) claim(ctx context.Context) {
	for {
		room := min(cap(p.queue)-len(p.queue), 256)
		if room <= 0 {
			return
		}
		now := p.now()
		claimed, err := p.Store.ClaimRuns(ctx, p.Owner, now, now.Add(p.Lease), room)
		if err != nil {
			if ctx.Err() == nil {
				p.Log.Warn("claim runs", "error", err)
			}
			return
		}
		for _, r := range claimed {
			p.Log.Info("took over run", "run", r.ID, "flow", r.FlowID, "status", string(r.Status))
			p.Submit(r)
		}
		if len(claimed) < room {
			return
		}
	}
}
