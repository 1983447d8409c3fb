package delivery

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookflow/hookflow/internal/loop"
	"github.com/hookflow/hookflow/store"
)

// claimBatch bounds the deliveries one claim takes.
const claimBatch = 256

// pool sends deliveries on a fixed number of goroutines. Every delivery it
// holds, queued or being sent, keeps a lease in the store, renewed while
// it is held; one whose lease lapses is taken over by whichever process
// claims it first, so a crash loses no delivery.
type pool struct {
	s     *Service
	queue chan *store.Delivery
	// queued counts the places of the queue taken or promised (reserve),
	// so that a delivery is only ever held when it has a place.
	queued atomic.Int64
	// spilled says that deliveries were stored unheld for want of a
	// place; kick asks the claim loop to claim now rather than at its
	// next tick, once a place is free.
	spilled atomic.Bool
	kick    chan struct{}
	mu      sync.Mutex
	ids     map[string]struct{} // the deliveries held
	wg      sync.WaitGroup
}

func newPool(s *Service) *pool {
	return &pool{s: s, queue: make(chan *store.Delivery, s.cfg.QueueSize), ids: map[string]struct{}{},
		kick: make(chan struct{}, 1)}
}

// start launches the workers and the lease and claim loops; they stop
// when ctx ends.
func (p *pool) start(ctx context.Context) {
	for range p.s.cfg.Workers {
		p.wg.Add(1)
		go p.work(ctx)
	}
	p.wg.Add(2)
	go func() {
		defer p.wg.Done()
		loop.Every(ctx, p.s.cfg.Lease/3, p.renew)
	}()
	go p.claimLoop(ctx)
}

// claimLoop claims due deliveries every Poll, and when kicked.
func (p *pool) claimLoop(ctx context.Context) {
	defer p.wg.Done()
	t := time.NewTicker(p.s.cfg.Poll)
	defer t.Stop()
	for {
		p.s.ClaimDue(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-p.kick:
		}
	}
}

// spill notes that a delivery was stored unheld for want of a place, so
// that the claim loop takes it as soon as one is free.
func (p *pool) spill() {
	p.spilled.Store(true)
	p.kickClaims()
}

// kickClaims asks the claim loop for a claim now.
func (p *pool) kickClaims() {
	select {
	case p.kick <- struct{}{}:
	default: // one is asked for already
	}
}

// wait blocks until every goroutine of the pool has stopped.
func (p *pool) wait() { p.wg.Wait() }

// held reports how many deliveries the pool holds.
func (p *pool) held() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.ids)
}

// reserve promises up to n places of the queue and returns how many it
// got: n, unless fewer are left and all is false, in which case it gets
// what is left; with all set, it gets n or none.
func (p *pool) reserve(n int, all bool) int {
	for {
		taken := p.queued.Load()
		got := min(int64(n), int64(cap(p.queue))-taken)
		if got <= 0 || (all && got < int64(n)) {
			return 0
		}
		if p.queued.CompareAndSwap(taken, taken+got) {
			return int(got)
		}
	}
}

// unreserve gives back n places promised by reserve.
func (p *pool) unreserve(n int) { p.queued.Add(int64(-n)) }

// submit queues, in a place reserved for it, a delivery that is durable
// with this process's lease.
func (p *pool) submit(d *store.Delivery) {
	p.mu.Lock()
	p.ids[d.ID] = struct{}{}
	p.mu.Unlock()
	select {
	case p.queue <- d:
	default: // never, with its place reserved; if it were, the lease would lapse
		p.unreserve(1)
		p.release(d.ID)
		p.s.cfg.Log.Error("delivery queue full; the delivery waits for its lease to lapse", "delivery", d.ID)
	}
}

func (p *pool) release(id string) {
	p.mu.Lock()
	delete(p.ids, id)
	p.mu.Unlock()
}

func (p *pool) work(ctx context.Context) {
	defer p.wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case d := <-p.queue:
			p.unreserve(1)
			if p.spilled.CompareAndSwap(true, false) {
				p.kickClaims()
			}
			if !p.s.process(ctx, d) {
				p.release(d.ID)
			}
		}
	}
}

// renew extends the leases of the deliveries the pool holds.
func (p *pool) renew(ctx context.Context) {
	p.mu.Lock()
	ids := make([]string, 0, len(p.ids))
	for id := range p.ids {
		ids = append(ids, id)
	}
	p.mu.Unlock()
	if len(ids) == 0 {
		return
	}
	until := p.s.now().Add(p.s.cfg.Lease)
	if err := p.s.st.RenewDeliveryLeases(ctx, p.s.cfg.Owner, ids, until); err != nil && ctx.Err() == nil {
		p.s.cfg.Log.Warn("renew delivery leases", "deliveries", len(ids), "error", err)
	}
}

// ClaimDue takes the deliveries that are due and that no process holds,
// as long as the queue has room, and queues them to this process's
// workers. The workers' loop calls it every Poll; it does nothing in a
// process whose workers do not run.
func (s *Service) ClaimDue(ctx context.Context) {
	if !s.running() {
		return
	}
	p := s.pool
	for {
		room := p.reserve(claimBatch, false)
		if room == 0 {
			return
		}
		now := s.now()
		claimed, err := s.st.ClaimDeliveries(ctx, s.cfg.Owner, now, now.Add(s.cfg.Lease), room)
		p.unreserve(room - len(claimed))
		if err != nil {
			if ctx.Err() == nil {
				s.cfg.Log.Warn("claim deliveries", "error", err)
			}
			return
		}
		for _, d := range claimed {
			p.submit(d)
		}
		if len(claimed) < room {
			return
		}
	}
}
