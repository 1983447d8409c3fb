package intake

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/hookflow/hookflow/internal/ids"
	"github.com/hookflow/hookflow/runs"
)

var zeroTime time.Time

// ErrConflict means the run is not in a state that allows the action.
var ErrConflict = errors.New("conflict")

// Replay versions.
const (
	VersionOriginal = "original"
	VersionLatest   = "latest"
)

// Replay starts a new run of the same trigger data, on the run's original
// version or on the flow's latest published one. With fromNode, the steps
// before that node are copied and it runs from there (original version only).
func (s *Service) Replay(ctx context.Context, id, version, fromNode string) (*runs.Run, error) {
	old, err := s.Store.GetRun(ctx, id)
	if err != nil {
		return nil, err
	}
	r := &runs.Run{ID: ids.NewSortable("run", s.now()), FlowID: old.FlowID, Version: old.Version, Status: runs.StatusQueued,
		Trigger: old.Trigger, ReplayOf: old.ID}
	switch version {
	case "", VersionOriginal:
	case VersionLatest:
		f, err := s.flows.store.GetFlow(ctx, old.FlowID)
		if err != nil {
			return nil, fmt.Errorf("flow of run %s: %w", id, err)
		}
		if f.Version == 0 {
			return nil, fmt.Errorf("%w: the flow has no published version", ErrConflict)
		}
		r.Version = f.Version
	default:
		return nil, fmt.Errorf("%w: version must be %q or %q", ErrConflict, VersionOriginal, VersionLatest)
	}
	if fromNode != "" {
		if r.Version != old.Version {
			return nil, fmt.Errorf("%w: replay from a node works on the original version only", ErrConflict)
		}
		if _, ok := old.Step(fromNode); !ok {
			return nil, fmt.Errorf("%w: the run has no step %q", ErrConflict, fromNode)
		}
		r.Steps, r.ResumeFrom = append([]runs.Step(nil), old.Steps...), fromNode
	}
	return s.enqueue(ctx, r)
}

// Resume runs a failed run again from its failed node; the steps before it
// keep their recorded outputs.
func (s *Service) Resume(ctx context.Context, id string) (*runs.Run, error) {
	r, err := s.Store.GetRun(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.Status != runs.StatusFailed {
		return nil, fmt.Errorf("%w: only a failed run can be resumed; this one is %s", ErrConflict, r.Status)
	}
	failed := ""
	for _, st := range r.Steps {
		if st.Status == runs.StepFailed {
			failed = st.NodeID
			break
		}
	}
	if failed == "" {
		return nil, fmt.Errorf("%w: the run has no failed step to resume from", ErrConflict)
	}
	r.Status, r.Error, r.ResumeFrom, r.FinishedAt = runs.StatusQueued, "", failed, zeroTime
	return s.enqueue(ctx, r)
}

// Cancel stops an unfinished run. cancelLocal stops it if this process is
// executing it; a queued or waiting run is marked canceled in the store.
func (s *Service) Cancel(ctx context.Context, id string, cancelLocal func(string) bool) (*runs.Run, error) {
	r, err := s.Store.GetRun(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.Status.Finished() {
		return nil, fmt.Errorf("%w: the run has already finished (%s)", ErrConflict, r.Status)
	}
	if cancelLocal(id) {
		return r, nil
	}
	r.Status, r.Error, r.FinishedAt = runs.StatusCanceled, "canceled by a user", s.now().UTC()
	r.Owner, r.LeaseUntil = "", zeroTime
	return r, s.Save(ctx, r)
}

// enqueue stores r as queued under this process's lease and queues it.
// It returns a copy of r as queued: once submitted, r belongs to the
// worker that runs it.
func (s *Service) enqueue(ctx context.Context, r *runs.Run) (*runs.Run, error) {
	now := s.now()
	if r.CreatedAt.IsZero() {
		r.CreatedAt = now.UTC()
	}
	r.Owner, r.LeaseUntil = s.Owner, now.Add(s.Lease)
	if err := s.Save(ctx, r); err != nil {
		return nil, fmt.Errorf("record run: %w", err)
	}
	queued := *r
	queued.Steps = slices.Clone(r.Steps)
	s.Submit(r)
	return &queued, nil
}
