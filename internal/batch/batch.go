// Package batch groups concurrent writes into batch commits. Its rule:
// every caller waits for the write that holds its own items, and learns
// that write's outcome; nothing is acknowledged before it is durable.
package batch

import (
	"context"
	"errors"
	"sync"
)

// ErrClosed is returned by a Committer that was stopped.
var ErrClosed = errors.New("the writer has stopped")

// Committer writes items in batches: while one batch is being written, the
// items that arrive queue up and go together in the next one. Each caller
// waits until its own items are durable. Under load this turns one disk
// sync per request into one per batch; alone, a request waits for exactly
// one write.
type Committer[T any] struct {
	save     func(ctx context.Context, items []T) error
	maxBatch int
	in       chan *pending[T]
	wg       sync.WaitGroup
	stop     chan struct{}
	pool     sync.Pool
	// mu orders Save's enqueue against Stop: once closed is set, nothing
	// more enters the queue, so Stop's drain answers every waiter.
	mu     sync.RWMutex
	closed bool
}

type pending[T any] struct {
	items []T
	done  chan error
}

// NewCommitter starts writers goroutines that save batches of at most
// maxBatch items with save. Stop ends them.
func NewCommitter[T any](save func(ctx context.Context, items []T) error, writers, maxBatch int) *Committer[T] {
	c := &Committer[T]{save: save, maxBatch: max(maxBatch, 1), in: make(chan *pending[T], 4096), stop: make(chan struct{})}
	c.pool.New = func() any { return &pending[T]{done: make(chan error, 1)} }
	for range max(writers, 1) {
		c.wg.Add(1)
		go c.loop()
	}
	return c
}

// Save writes items durably, in a batch with other callers' items, and
// returns when they are written or the write failed.
func (c *Committer[T]) Save(ctx context.Context, items ...T) error {
	p := c.pool.Get().(*pending[T])
	p.items = items
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
	// so the caller knows whether its items are durable.
	err := <-p.done
	p.items = nil
	c.pool.Put(p)
	return err
}

func (c *Committer[T]) loop() {
	defer c.wg.Done()
	batch := make([]*pending[T], 0, c.maxBatch)
	all := make([]T, 0, c.maxBatch)
	for {
		select {
		case p := <-c.in:
			batch, all = append(batch[:0], p), append(all[:0], p.items...)
		case <-c.stop:
			return
		}
	drain:
		for len(all) < c.maxBatch {
			select {
			case p := <-c.in:
				batch = append(batch, p)
				all = append(all, p.items...)
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

// Stop ends the writers after the batch under way. Items not yet taken are
// answered with ErrClosed.
func (c *Committer[T]) Stop() {
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
