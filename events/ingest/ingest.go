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

// RunReader reads a stored run.
type RunReader interface {
	GetRun(ctx context.Context, id string) (*runs.Run, error)
}

// Service is the ingest. Set every field but Now, Log, Received and
// LostAfter.
type Service struct {
	Store store.Events
	// Runs reads the runs a repeated event started, to find those a
	// crash kept from being stored.
	Runs  RunReader
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
	// LostAfter is how long after an event was accepted its runs may be
	// missing while the first ingest is still storing them (the lease;
	// 30s if zero). A repeat that finds them missing past it takes the
	// first ingest as dead with its process and stores them.
	LostAfter time.Duration
	Now       func() time.Time
	Log       *slog.Logger
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
	n, err := s.deliver(ctx, ev)
	if err != nil {
		return nil, err
	}
	return &Result{EventID: ev.ID, Runs: ev.Runs, Deliveries: n}, nil
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

// repeat answers an event whose id was stored before with its result,
// once what the first ingest promised is stored: the event is written
// first, so a crash may have kept its runs or deliveries from being
// stored. Runs missing while the first ingest may still be at work are
// answered ErrUnavailable (send it again); missing past LostAfter, they
// are stored again under their recorded ids. The deliveries are offered
// again each time: those stored already are kept as they are.
func (s *Service) repeat(ctx context.Context, id string) (*Result, error) {
	first, err := s.Store.GetEvent(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("read the first event %q: %w", id, err)
	}
	missing, err := s.missingRuns(ctx, first)
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		lostAfter := s.LostAfter
		if lostAfter <= 0 {
			lostAfter = 30 * time.Second
		}
		if s.now().Sub(first.ReceivedAt) < lostAfter {
			return nil, ErrUnavailable
		}
		if err := s.restore(ctx, first, missing); err != nil {
			return nil, err
		}
	}
	n, err := s.deliver(ctx, first)
	if err != nil {
		return nil, err
	}
	return &Result{EventID: first.ID, Runs: first.Runs, Deliveries: n, Duplicate: true}, nil
}

// missingRuns returns the indexes, in ev.Runs, of the runs not stored.
func (s *Service) missingRuns(ctx context.Context, ev *store.Event) ([]int, error) {
	var missing []int
	for i, id := range ev.Runs {
		if _, err := s.Runs.GetRun(ctx, id); errors.Is(err, store.ErrNotFound) {
			missing = append(missing, i)
		} else if err != nil {
			return nil, fmt.Errorf("read run %q of event %q: %w", id, ev.ID, err)
		}
	}
	return missing, nil
}

// restore stores the runs of ev at the indexes missing, as the first
// ingest made them: the matching flows in the same order, the same ids.
// They are held by no process, so that exactly one worker claims each
// even when two repeats restore them at once.
func (s *Service) restore(ctx context.Context, ev *store.Event, missing []int) error {
	targets, err := s.Flows.Match(ctx, ev.Type, ev.Channel, s.now())
	if err != nil {
		return err
	}
	if len(targets) != len(ev.Runs) {
		s.warn("restore the runs of an event: its flows changed since it came; the runs of the flows it no longer matches are not started", ev,
			fmt.Errorf("%d flows match now, %d did", len(targets), len(ev.Runs)))
	}
	rs := s.newRuns(ev, targets)
	var lost []*runs.Run
	for _, i := range missing {
		if i < len(rs) {
			rs[i].ID, rs[i].Owner, rs[i].LeaseUntil = ev.Runs[i], "", time.Time{}
			lost = append(lost, rs[i])
		}
	}
	if err := s.Save(ctx, lost...); err != nil {
		s.warn("store the runs of a repeated event", ev, err)
		return ErrUnavailable
	}
	return nil
}

// deliver hands ev to the Sink and records how many deliveries it
// queued. A Sink that fails is ErrUnavailable: the event and its runs are
// stored, and the sender's retry, a repeat, offers it to the Sink again.
func (s *Service) deliver(ctx context.Context, ev *store.Event) (int, error) {
	if s.Sink == nil {
		return 0, nil
	}
	n, err := s.Sink.Deliver(ctx, ev)
	if err != nil {
		s.warn("queue the deliveries of an event", ev, err)
		return 0, ErrUnavailable
	}
	if n > 0 && n != ev.Deliveries {
		if err := s.Store.SetEventDeliveries(ctx, ev.ID, n); err != nil {
			s.warn("record the deliveries of an event", ev, err)
		}
	}
	return n, nil
}

func (s *Service) warn(msg string, ev *store.Event, err error) {
	if s.Log != nil {
		s.Log.Warn(msg, "event", ev.ID, "type", ev.Type, "error", err)
	}
}
