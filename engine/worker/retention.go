package worker

import (
	"context"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/store"
)

// Retention deletes finished runs older than each flow's retention (its
// own setting, or Default), and platform events older than Default: an
// event is kept for captures, samples and telling a sender's repeat from a
// new event, none of which needs it for long.
type Retention struct {
	Runs  store.Runs
	Flows store.Flows
	// Events, when set, has its old events deleted too.
	Events  store.Events
	Default time.Duration
	Now     func() time.Time
}

// sweepBatch bounds one delete, so a large backlog does not hold the
// store's writer for long.
const sweepBatch = 1000

// Sweep deletes what is due and returns how many runs and events went.
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
		n, err := inBatches(func() (int, error) { return r.Runs.DeleteRuns(ctx, f.ID, now.Add(-keep), sweepBatch) })
		total += n
		if err != nil {
			return total, fmt.Errorf("delete runs of flow %s: %w", f.ID, err)
		}
	}
	if r.Events != nil && r.Default > 0 {
		n, err := inBatches(func() (int, error) { return r.Events.DeleteEventsBefore(ctx, now.Add(-r.Default), sweepBatch) })
		total += n
		if err != nil {
			return total, fmt.Errorf("delete events: %w", err)
		}
	}
	return total, nil
}

// inBatches calls del, which deletes up to sweepBatch, until a call
// deletes fewer, and returns how many went in all.
func inBatches(del func() (int, error)) (int, error) {
	total := 0
	for {
		n, err := del()
		total += n
		if err != nil || n < sweepBatch {
			return total, err
		}
	}
}
