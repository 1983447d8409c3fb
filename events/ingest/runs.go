package ingest

import (
	"context"
	"errors"
	"time"

	"github.com/hookflow/hookflow/internal/ids"
	"github.com/hookflow/hookflow/nodes/event"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

// newRuns returns one queued run of ev per target, in target order. The
// run's fields hold the channel, so that run search finds the runs of a
// business number; the trigger's mappings add theirs.
func (s *Service) newRuns(ev *store.Event, targets []*Target) []*runs.Run {
	trigger := event.TriggerData(ev.ID, ev.Type, ev.Channel, ev.Data, ev.ReceivedAt)
	out := make([]*runs.Run, len(targets))
	for i, t := range targets {
		r := &runs.Run{ID: ids.NewSortable("run", ev.ReceivedAt), FlowID: t.FlowID, Version: t.Version,
			Status: runs.StatusQueued, Trigger: trigger, CreatedAt: ev.ReceivedAt,
			Owner: s.Owner, LeaseUntil: ev.ReceivedAt.Add(s.Lease)}
		if ev.Channel != "" {
			r.Fields = map[string]string{"channel": ev.Channel}
		}
		out[i] = r
	}
	return out
}

// start executes the runs of in-memory flows, stores every run in one
// group commit and queues the others. When the runs cannot be stored the
// event is deleted again, so that the sender's retry is not taken for a
// repeat of an event that started nothing.
func (s *Service) start(ctx context.Context, ev *store.Event, rs []*runs.Run, targets []*Target) error {
	if len(rs) == 0 {
		return nil
	}
	for i, r := range rs {
		if targets[i].InMemory {
			s.runInline(ctx, r)
		}
	}
	if err := s.Save(ctx, rs...); err != nil {
		s.warn("store the runs of an event", ev, err)
		if err := s.Store.DeleteEvent(context.WithoutCancel(ctx), ev.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			s.warn("forget an event whose runs were not stored", ev, err)
		}
		return ErrUnavailable
	}
	for i, r := range rs {
		if !targets[i].InMemory {
			s.Submit(r)
		}
	}
	return nil
}

// runInline executes r now, leaving it finished and held by nobody.
func (s *Service) runInline(ctx context.Context, r *runs.Run) {
	r.Attempt, r.StartedAt, r.Status = 1, r.CreatedAt, runs.StatusRunning
	if err := s.RunInline(ctx, r); err != nil {
		r.Status, r.Error = runs.StatusFailed, err.Error()
	}
	r.Owner, r.LeaseUntil = "", time.Time{}
}
