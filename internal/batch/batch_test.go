package batch

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// TestCommitter_GroupsConcurrentSaves: while one batch is being written the
// others queue up, so 200 concurrent saves take far fewer than 200 writes,
// and every caller learns the outcome of its own write.
func TestCommitter_GroupsConcurrentSaves(t *testing.T) {
	t.Parallel()
	var writes, saved, first atomic.Int64
	gate := make(chan struct{})
	var once sync.Once
	save := func(_ context.Context, items []int) error {
		once.Do(func() { // hold the first write until everyone queued
			first.Store(int64(len(items)))
			<-gate
		})
		writes.Add(1)
		saved.Add(int64(len(items)))
		return nil
	}
	c := NewCommitter(save, 1, 500)
	defer c.Stop()
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Save(context.Background(), i); err != nil {
				t.Error(err)
			}
		}()
	}
	// The first batch is held in save; the rest wait in the queue.
	for first.Load() == 0 || first.Load()+int64(len(c.in)) < 200 {
		if t.Context().Err() != nil {
			return
		}
		runtime.Gosched()
	}
	close(gate)
	wg.Wait()
	if saved.Load() != 200 {
		t.Fatalf("saved %d items, want 200", saved.Load())
	}
	if writes.Load() > 3 {
		t.Fatalf("%d writes for 200 concurrent saves; want them grouped", writes.Load())
	}
}

func TestCommitter_ReportsErrorsAndStop(t *testing.T) {
	t.Parallel()
	boom := errors.New("disk full")
	c := NewCommitter(func(context.Context, []string) error { return boom }, 1, 10)
	if err := c.Save(context.Background(), "x"); !errors.Is(err, boom) {
		t.Fatalf("Save = %v, want the write's error", err)
	}
	c.Stop()
	if err := c.Save(context.Background(), "y"); !errors.Is(err, ErrClosed) {
		t.Fatalf("Save after Stop = %v, want ErrClosed", err)
	}
}
