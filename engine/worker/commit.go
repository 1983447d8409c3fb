// Package worker runs accepted runs: it writes them durably in group
// commits, executes them on a pool of goroutines, holds leases on them while
// they are unfinished, takes over the runs of processes that died, wakes
// delayed runs, and deletes old history. Nothing here knows HTTP.
package worker

import (
	"context"
	"errors"
	"sync"

	"github.com/hookflow/hookflow/runs"
)

// ErrClosed is returned by a Committer that was stopped.
var ErrClosed = errors.New("the run writer has stopped")

// Committer writes runs in batches: while one batch is being written, the
// runs that arrive queue up and go together in the next one. Each caller
// waits until its own runs are durable. Under load this turns one disk
// sync per request into one per batch; alone, a request waits for exactly
// one write.
type Committer struct {
	save     func(ctx context.Context, rs []*runs.Run) error
	maxBatch int
	in       chan *pending
	wg       sync.WaitGroup
	stop     chan struct{}
	// mu orders Save's enqueue against Stop: once closed is set, nothing
	// more enters the queue, so Stop's drain answers every waiter.
	mu     sync.RWMutex
	closed bool
}

type pending struct {
	runs []*runs.Run
	done chan error
}

var pendingPool = sync.Pool{New: func() any { return &pending{done: make(chan error, 1)} }}

// NewCommitter starts writers goroutines that save batches of at most
// maxBatch runs with save. Stop ends them.
func NewCommitter(save func(ctx context.Context, rs []*runs.Run) error, writers, maxBatch int) *Committer {
	c := &Committer{save: save, maxBatch: maxBatch, in: make(chan *pending, 4096), stop: make(chan struct{})}
	for range max(writers, 1) {
		c.wg.Add(1)
		go c.loop()
	}
	return c
}

// Save writes rs durably, in a batch with other callers' runs, and returns
// when they are written or the write failed.
func (c *Committer) Save(ctx context.Context, rs ...*runs.Run) error {
	p := pendingPool.Get().(*pending)
	p.runs = rs
	c.mu.RLock()
	if c.closed {
		c.mu.RUnlock()
		return ErrClosed
	}
	select {
	case c.in <- p:
		c.mu.RUnlock()
	case <-ctx.Done():
		c.mu.RUnlock()
		return ctx.Err()
	}
	// The write is under way and will finish; wait for it even if ctx ends,
	// so the caller knows whether its runs are durable.
	err := <-p.done
	p.runs = nil
	pendingPool.Put(p)
	return err
}

func (c *Committer) loop() {
	defer c.wg.Done()
	batch := make([]*pending, 0, c.maxBatch)
	all := make([]*runs.Run, 0, c.maxBatch)
	for {
		select {
		case p := <-c.in:
			batch, all = append(batch[:0], p), append(all[:0], p.runs...)
		case <-c.stop:
			return
		}
	drain:
		for len(all) < c.maxBatch {
			select {
			case p := <-c.in:
				batch = append(batch, p)
				all = append(all, p.runs...)
			default:
				break drain
			}
		}
		err := c.save(context.Background(), all)
		for _, p := range batch {
			p.done <- err
		}
		clear(all)
	}
}

// Stop ends the writers after the batch under way. Runs not yet taken are
// answered with ErrClosed.
func (c *Committer) Stop() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	c.mu.Unlock()
	close(c.stop)
	c.wg.Wait()
	for {
		select {
		case p := <-c.in:
			p.done <- ErrClosed
		default:
			return
		}
	}
}
