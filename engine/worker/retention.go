package worker

import (
	"context"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/store"
)

// Retention deletes finished runs older than each flow's retention (its
// own setting, or Default).
type Retention struct {
	Runs    store.Runs
	Flows   store.Flows
	Default time.Duration
	Now     func() time.Time
}

// sweepBatch bounds one delete, so a large backlog does not hold the
// store's writer for long.
const sweepBatch = 1000

// Sweep deletes what is due and returns how many runs went.
func (r *Retention) Sweep(ctx context.Context) (int, error) {
	list, err := r.Flows.ListFlows(ctx)
	if err != nil {
		return 0, fmt.Errorf("list flows: %w", err)
	}
	now := time.Now()
	if r.Now != nil {
		now = r.Now()
	}
	total := 0
	for _, f := range list {
		keep := r.Default
		if d, err := time.ParseDuration(f.Settings.Retention); err == nil && d > 0 {
			keep = d
		}
		for {
			n, err := r.Runs.DeleteRuns(ctx, f.ID, now.Add(-keep), sweepBatch)
			total += n
			if err != nil {
				return total, fmt.Errorf("delete runs of flow %s: %w", f.ID, err)
			}
			if n < sweepBatch {
				break
			}
		}
	}
	return total, nil
}
