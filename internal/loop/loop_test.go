package loop

import (
	"context"
	"testing"
	"time"
)

func TestEvery_CallsAtOnceAndStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	calls := make(chan struct{}, 10)
	done := make(chan struct{})
	go func() {
		defer close(done)
		Every(ctx, time.Millisecond, func(context.Context) { calls <- struct{}{} })
	}()
	for range 3 { // the first at once, then on the ticker
		select {
		case <-calls:
		case <-time.After(10 * time.Second):
			t.Fatal("fn was not called")
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Every did not return after its context ended")
	}
}
