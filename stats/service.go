package stats

import (
	"context"
	"time"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

// Store is what the statistics read: the windows of runs and deliveries,
// and the flows and webhooks they belong to.
type Store interface {
	store.Stats
	GetFlow(ctx context.Context, id string) (*flows.Flow, error)
	ListFlows(ctx context.Context) ([]*flows.Flow, error)
	ListRuns(ctx context.Context, f runs.Filter) ([]*runs.Run, string, error)
	ListSubscriptions(ctx context.Context) ([]*store.Subscription, error)
}

// Service answers the statistics of the overview and of the flows list.
// It only reads, on the store's read path, so it never slows intake.
type Service struct {
	Store Store
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
