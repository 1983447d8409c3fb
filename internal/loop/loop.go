// Package loop runs periodic work until its context ends.
package loop

import (
	"context"
	"time"
)

// Every calls fn(ctx) at once and then every d until ctx ends. A call that
// takes longer than d delays the next one; calls never overlap.
func Every(ctx context.Context, d time.Duration, fn func(context.Context)) {
	fn(ctx)
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn(ctx)
		}
	}
}
