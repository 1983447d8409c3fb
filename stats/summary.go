package stats

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

// ErrBadSince means a summary asked from a time too far back or ahead.
var ErrBadSince = errors.New("bad since")

// MaxSince is how far back a summary's day may start: the start of any
// time zone's today is less than this before now.
const MaxSince = 48 * time.Hour

// Summary is one line per flow for the flows list.
type Summary struct {
	// Since is when "today" started for the counts.
	Since time.Time     `json:"since"`
	Items []FlowSummary `json:"items"`
}

// FlowSummary sums up a flow's runs.
type FlowSummary struct {
	FlowID string `json:"flowId"`
	// LastRunAt and LastStatus are the creation time and status of the
	// flow's newest run; absent when it never ran.
	LastRunAt  time.Time   `json:"lastRunAt,omitzero"`
	LastStatus runs.Status `json:"lastStatus,omitempty"`
	// RunsToday counts the runs created since Since; ErrorsToday those of
	// them that failed.
	RunsToday   int `json:"runsToday"`
	ErrorsToday int `json:"errorsToday"`
}

// Summary returns, for every flow in the store's order, its newest run and
// how many runs it had since since (the start of today in UTC when since
// is zero), and how many of them failed. It walks the runs since since
// once; only a flow that has not run since then costs one more lookup, of
// its newest run, through the listing index.
func (s *Service) Summary(ctx context.Context, since time.Time) (*Summary, error) {
	now := s.now().UTC()
	if since.IsZero() {
		since = now.Truncate(24 * time.Hour)
	}
	if since.After(now) || now.Sub(since) > MaxSince {
		return nil, fmt.Errorf("%w %s: not within the %v before %s", ErrBadSince, since.Format(time.RFC3339), MaxSince, now.Format(time.RFC3339))
	}
	list, err := s.Store.ListFlows(ctx)
	if err != nil {
		return nil, fmt.Errorf("flow summary: %w", err)
	}
	byFlow := make(map[string]*FlowSummary, len(list))
	out := &Summary{Since: since.UTC(), Items: make([]FlowSummary, len(list))}
	for i, f := range list {
		out.Items[i].FlowID = f.ID
		byFlow[f.ID] = &out.Items[i]
	}
	// To is a millisecond past now: stores keep milliseconds, and a run
	// created this very millisecond counts.
	err = s.Store.RunStats(ctx, "", since, now.Add(time.Millisecond), func(r store.RunStat) {
		if f := byFlow[r.FlowID]; f != nil {
			f.add(r)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("flow summary: %w", err)
	}
	for i := range out.Items {
		if err := s.lastRun(ctx, &out.Items[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (f *FlowSummary) add(r store.RunStat) {
	f.RunsToday++
	if r.Status == runs.StatusFailed {
		f.ErrorsToday++
	}
	if r.CreatedAt.After(f.LastRunAt) {
		f.LastRunAt, f.LastStatus = r.CreatedAt, r.Status
	}
}

// lastRun fills in the newest run of a flow that did not run today.
func (s *Service) lastRun(ctx context.Context, f *FlowSummary) error {
	if f.RunsToday > 0 {
		return nil
	}
	list, _, err := s.Store.ListRuns(ctx, runs.Filter{FlowID: f.FlowID, Limit: 1})
	if err != nil {
		return fmt.Errorf("flow summary: newest run of flow %q: %w", f.FlowID, err)
	}
	if len(list) > 0 {
		f.LastRunAt, f.LastStatus = list[0].CreatedAt, list[0].Status
	}
	return nil
}
