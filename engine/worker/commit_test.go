package worker

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hookflow/hookflow/runs"
)

// TestCommitter_GroupsConcurrentSaves: while one batch is being written the
// others queue up, so 200 concurrent saves take far fewer than 200 writes,
// and every caller learns the outcome of its own write.
func TestCommitter_GroupsConcurrentSaves(t *testing.T) {
	t.Parallel()
	var writes, saved atomic.Int64
	gate := make(chan struct{})
	var once sync.Once
	save := func(_ context.Context, rs []*runs.Run) error {
		once.Do(func() { <-gate }) // hold the first write until everyone queued
		writes.Add(1)
		saved.Add(int64(len(rs)))
		return nil
	}
	c := NewCommitter(save, 1, 500)
	defer c.Stop()
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Save(context.Background(), &runs.Run{ID: string(rune('a' + i%26))}); err != nil {
				t.Error(err)
			}
		}()
	}
	for len(c.in) < 199 { // the first is held in save; the rest wait in the queue
		if t.Context().Err() != nil {
			return
		}
	}
	close(gate)
	wg.Wait()
	if saved.Load() != 200 {
		t.Fatalf("saved %d runs, want 200", saved.Load())
	}
	if writes.Load() > 3 {
		t.Fatalf("%d writes for 200 concurrent saves; want them grouped", writes.Load())
	}
}

func TestCommitter_ReportsErrorsAndStop(t *testing.T) {
	t.Parallel()
	boom := errors.New("disk full")
	c := NewCommitter(func(context.Context, []*runs.Run) error { return boom }, 1, 10)
	if err := c.Save(context.Background(), &runs.Run{ID: "x"}); !errors.Is(err, boom) {
		t.Fatalf("Save = %v, want the write's error", err)
	}
	c.Stop()
	if err := c.Save(context.Background(), &runs.Run{ID: "y"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Save after Stop = %v, want ErrClosed", err)
	}
}
