package stats

import (
	"context"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

// FlowsReport is the runs of each flow over a window.
type FlowsReport struct {
	Window string `json:"window"`
	// From and To bound the buckets: From is the start of the first, To
	// the end of the last (the end of the current hour).
	From  time.Time   `json:"from"`
	To    time.Time   `json:"to"`
	Flows []FlowStats `json:"flows"`
}

// FlowStats is the runs of one flow over a window.
type FlowStats struct {
	FlowID string `json:"flowId"`
	Name   string `json:"name"`
	// Buckets holds one entry per hour of the window, oldest first, empty
	// hours included.
	Buckets []RunBucket `json:"buckets"`
	Totals  RunTotals   `json:"totals"`
	// P50Ms and P95Ms are percentiles of the duration of the runs that
	// succeeded or failed in the window; nil when none did.
	P50Ms *float64 `json:"p50Ms"`
	P95Ms *float64 `json:"p95Ms"`
}

// RunBucket counts the runs created in one hour. Other holds the queued,
// running, waiting and canceled ones.
type RunBucket struct {
	Start     time.Time `json:"start"`
	Succeeded int       `json:"succeeded"`
	Failed    int       `json:"failed"`
	Other     int       `json:"other"`
}

// RunTotals counts the runs of a window by status.
type RunTotals struct {
	Total     int `json:"total"`
	Succeeded int `json:"succeeded"`
	Failed    int `json:"failed"`
	Canceled  int `json:"canceled"`
	Queued    int `json:"queued"`
	Running   int `json:"running"`
	Waiting   int `json:"waiting"`
}

func (t *RunTotals) add(s runs.Status) {
	t.Total++
	switch s {
	case runs.StatusSucceeded:
		t.Succeeded++
	case runs.StatusFailed:
		t.Failed++
	case runs.StatusCanceled:
		t.Canceled++
	case runs.StatusQueued:
		t.Queued++
	case runs.StatusRunning:
		t.Running++
	case runs.StatusWaiting:
		t.Waiting++
	}
}

// flowRuns gathers the runs of one flow over some hours.
type flowRuns struct {
	hours     Hours
	buckets   []RunBucket
	totals    RunTotals
	durations []float64
}

func newFlowRuns(h Hours) *flowRuns {
	b := make([]RunBucket, h.N)
	for i := range b {
		b[i].Start = h.Start(i)
	}
	return &flowRuns{hours: h, buckets: b}
}

// add counts r, if it falls within the hours.
func (f *flowRuns) add(r store.RunStat) {
	i, ok := f.hours.Index(r.CreatedAt)
	if !ok {
		return
	}
	b := &f.buckets[i]
	switch r.Status {
	case runs.StatusSucceeded:
		b.Succeeded++
		f.durations = append(f.durations, r.DurationMs)
	case runs.StatusFailed:
		b.Failed++
		f.durations = append(f.durations, r.DurationMs)
	default:
		b.Other++
	}
	f.totals.add(r.Status)
}

func (f *flowRuns) stats(fl *flows.Flow) FlowStats {
	return FlowStats{FlowID: fl.ID, Name: fl.Name, Buckets: f.buckets, Totals: f.totals,
		P50Ms: Percentile(f.durations, 50), P95Ms: Percentile(f.durations, 95)}
}

// Flows returns the runs per hour, totals and duration percentiles of
// every flow over w, or of flowID alone when it is not "" (ErrNotFound
// from the store when there is no such flow). Flows come in the store's
// order, newest first.
func (s *Service) Flows(ctx context.Context, w Window, flowID string) (*FlowsReport, error) {
	var list []*flows.Flow
	if flowID != "" {
		f, err := s.Store.GetFlow(ctx, flowID)
		if err != nil {
			return nil, err
		}
		list = []*flows.Flow{f}
	} else {
		var err error
		if list, err = s.Store.ListFlows(ctx); err != nil {
			return nil, fmt.Errorf("flow stats: %w", err)
		}
	}
	h := HoursOf(w, s.now())
	byFlow := make(map[string]*flowRuns, len(list))
	for _, f := range list {
		byFlow[f.ID] = newFlowRuns(h)
	}
	err := s.Store.RunStats(ctx, flowID, h.From, h.To(), func(r store.RunStat) {
		if f := byFlow[r.FlowID]; f != nil { // runs of a flow deleted since are left out
			f.add(r)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("flow stats: %w", err)
	}
	out := &FlowsReport{Window: w.Name, From: h.From, To: h.To(), Flows: make([]FlowStats, len(list))}
	for i, f := range list {
		out.Flows[i] = byFlow[f.ID].stats(f)
	}
	return out, nil
}
