package store

import (
	"context"
	"time"

	"github.com/hookflow/hookflow/runs"
)

// RunStat is the part of a run that statistics read: no trigger, steps or
// response, so that a window of thousands of runs stays cheap to walk.
type RunStat struct {
	FlowID     string
	Status     runs.Status
	CreatedAt  time.Time
	DurationMs float64
}

// DeliveryStat is the part of a delivery that statistics read.
type DeliveryStat struct {
	SubscriptionID string
	Status         DeliveryStatus
	CreatedAt      time.Time
}

// Stats walks the runs and deliveries of a time window for the overview's
// aggregates. Implementations do no arithmetic: they read a creation-time
// index with a plain query (FerretDB serves no aggregation worth the name)
// and hand each record to fn; package stats buckets and ranks them.
type Stats interface {
	// RunStats calls fn, in no particular order, for each run created in
	// [from, to), of flowID only when flowID is not "".
	RunStats(ctx context.Context, flowID string, from, to time.Time, fn func(RunStat)) error
	// DeliveryStats calls fn, in no particular order, for each delivery
	// created in [from, to), of subscriptionID only when it is not "".
	DeliveryStats(ctx context.Context, subscriptionID string, from, to time.Time, fn func(DeliveryStat)) error
}
