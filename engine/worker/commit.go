// Package worker runs accepted runs: it writes them durably in group
// commits, executes them on a pool of goroutines, holds leases on them while
// they are unfinished, takes over the runs of processes that died, wakes
// delayed runs, and deletes old history. Nothing here knows HTTP.
package worker

import (
	"context"

	"github.com/hookflow/hookflow/internal/batch"
	"github.com/hookflow/hookflow/runs"
)

// ErrClosed is returned by a Committer that was stopped.
var ErrClosed = batch.ErrClosed

// Committer writes runs in group commits (see package batch): each caller
// waits until its own runs are durable, and concurrent callers share one
// write.
type Committer = batch.Committer[*runs.Run]

// NewCommitter starts writers goroutines that save batches of at most
// maxBatch runs with save. Stop ends them.
func NewCommitter(save func(ctx context.Context, rs []*runs.Run) error, writers, maxBatch int) *Committer {
	return batch.NewCommitter(save, writers, maxBatch)
}
