// Package ingest accepts platform events, from POST /api/events or from an
// adapter such as the WhatsApp Cloud API's: it checks an event against the
// catalog, deduplicates it by id, stores it, starts one run in every
// active flow whose event trigger takes it, and hands it to the outbound
// registry through a Sink. Its rule: the event is stored before anything
// starts, and its id is the only thing that makes a repeat a repeat.
package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hookflow/hookflow/events/catalog"
	"github.com/hookflow/hookflow/internal/ids"
	"github.com/hookflow/hookflow/nodes/event"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

// Errors of Ingest, besides the catalog's (catalog.ErrUnknownType and
// *catalog.ValidationError).
var (
	// ErrBadEvent means an event that lacks a required field or has one
	// out of bounds; the message names the field.
	ErrBadEvent = errors.New("bad event")
	// ErrUnavailable means the event could not be stored with its runs;
	// the sender should send it again.
	ErrUnavailable = errors.New("the event could not be recorded, so it was not accepted; send it again")
)

// MaxIDLength bounds a sender's event id.
const MaxIDLength = 200

// Sink hands accepted events to the outbound registry.
type Sink interface {
	// Deliver queues ev for every outbound subscription that takes it
	// and returns how many deliveries it queued.
	Deliver(ctx context.Context, ev *store.Event) (int, error)
}

// NoDeliveries is the Sink of an installation without outbound
// subscriptions: it queues nothing.
type NoDeliveries struct{}

// Deliver queues nothing.
func (NoDeliveries) Deliver(context.Context, *store.Event) (int, error) { return 0, nil }

// Service is the ingest. Set every field but Now, Log and Received.
type Service struct {
	Store store.Events
	Flows *Index
	// Save stores runs durably (the group committer); Submit queues a
	// stored run; RunInline executes a run of an in-memory flow on the
	// caller's goroutine.
	Save      func(ctx context.Context, rs ...*runs.Run) error
	Submit    func(r *runs.Run)
	RunInline func(ctx context.Context, r *runs.Run) error
	Sink      Sink
	// Received, if set, is given every accepted event, after its runs
	// were stored: captures of this process wait on it.
	Received func(ev *store.Event)
	Owner    string
	Lease    time.Duration
	Now      func() time.Time
	Log      *slog.Logger
}

// Input is an event as a sender gives it.
type Input struct {
	Type    string          `json:"type"`
	Channel string          `json:"channel"`
	ID      string          `json:"id"`
	Data    json.RawMessage `json:"data"`
}

// Result is what an event started.
type Result struct {
	EventID    string   `json:"eventId"`
	Runs       []string `json:"runs"`
	Deliveries int      `json:"deliveries"`
	// Duplicate says the event was accepted before; the result is the
	// first one's.
	Duplicate bool `json:"duplicate,omitempty"`
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// FromAPI ingests an event sent to the API, which must name its type and
// channel and carry data.
func (s *Service) FromAPI(ctx context.Context, in Input) (*Result, error) {
	switch {
	case in.Type == "":
		return nil, fmt.Errorf("%w: type is required: the event's name, such as MESSAGE_RECEIVED (GET /api/event-types lists them)", ErrBadEvent)
	case in.Channel == "":
		return nil, fmt.Errorf("%w: channel is required: the business number (WABA number) or chat source of the event", ErrBadEvent)
	}
	return s.Ingest(ctx, in)
}

// Ingest accepts one event: it checks it, stores it unless an event with
// its id was stored before (then the first one's result is returned),
// starts a run in each matching flow and hands it to the Sink.
func (s *Service) Ingest(ctx context.Context, in Input) (*Result, error) {
	ev, err := s.check(in)
	if err != nil {
		return nil, err
	}
	targets, err := s.Flows.Match(ctx, ev.Type, ev.Channel, ev.ReceivedAt)
	if err != nil {
		return nil, err
	}
	rs := s.newRuns(ev, targets)
	for _, r := range rs {
		ev.Runs = append(ev.Runs, r.ID)
	}
	if err := s.Store.CreateEvent(ctx, ev); errors.Is(err, store.ErrConflict) {
		return s.repeat(ctx, ev.ID)
	} else if err != nil {
		s.warn("store an event", ev, err)
		return nil, ErrUnavailable
	}
	if err := s.start(ctx, ev, rs, targets); err != nil {
		return nil, err
	}
	if s.Received != nil {
		s.Received(ev)
	}
	return &Result{EventID: ev.ID, Runs: ev.Runs, Deliveries: s.deliver(ctx, ev)}, nil
}

// check validates in against the catalog and returns the event to store.
func (s *Service) check(in Input) (*store.Event, error) {
	if len(in.Data) == 0 {
		return nil, fmt.Errorf("%w: data is required: the event's payload, in the shape GET /api/event-types shows", ErrBadEvent)
	}
	if len(in.ID) > MaxIDLength {
		return nil, fmt.Errorf("%w: id is longer than %d characters", ErrBadEvent, MaxIDLength)
	}
	typ, ok := event.Canonical(in.Type)
	if !ok {
		return nil, fmt.Errorf("%w %q: GET /api/event-types lists the event types", catalog.ErrUnknownType, in.Type)
	}
	if err := catalog.Validate(typ, in.Data); err != nil {
		return nil, err
	}
	// Kept to the microsecond, as the store keeps it.
	now := s.now().UTC().Truncate(time.Microsecond)
	id := in.ID
	if id == "" {
		id = ids.NewSortable("evt", now)
	}
	return &store.Event{ID: id, Type: typ, Channel: event.NormalizeChannel(in.Channel), Data: in.Data,
		ReceivedAt: now, Runs: []string{}}, nil
}

// repeat answers an event whose id was stored before with its result.
func (s *Service) repeat(ctx context.Context, id string) (*Result, error) {
	first, err := s.Store.GetEvent(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("read the first event %q: %w", id, err)
	}
	return &Result{EventID: first.ID, Runs: first.Runs, Deliveries: first.Deliveries, Duplicate: true}, nil
}

// deliver hands ev to the Sink and records how many deliveries it
// queued. The event and its runs are in already, so a Sink that fails is
// logged, not answered.
func (s *Service) deliver(ctx context.Context, ev *store.Event) int {
	if s.Sink == nil {
		return 0
	}
	n, err := s.Sink.Deliver(ctx, ev)
	if err != nil {
		s.warn("queue the deliveries of an event", ev, err)
	}
	if n > 0 {
		if err := s.Store.SetEventDeliveries(ctx, ev.ID, n); err != nil {
			s.warn("record the deliveries of an event", ev, err)
		}
	}
	return n
}

func (s *Service) warn(msg string, ev *store.Event, err error) {
	if s.Log != nil {
		s.Log.Warn(msg, "event", ev.ID, "type", ev.Type, "error", err)
	}
}
