package capture

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/events/catalog"
	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/nodes/event"
	"github.com/hookflow/hookflow/store"
)

// Where a sample came from.
const (
	SourceCapture = "capture" // Capture Response
	SourceInbox   = "inbox"   // an inbox entry chosen in the editor
	SourceManual  = "manual"  // data given as it is
	SourceTest    = "test"    // a test step's output
	SourceCatalog = "catalog" // the event catalog's example, never stored
)

// Inbox returns the last requests of the trigger nodeID of flowID, newest
// first. An event trigger's inbox is the last stored events it takes.
func (s *Service) Inbox(ctx context.Context, flowID, nodeID string) ([]*store.InboxEntry, error) {
	t, err := s.trigger(ctx, flowID, nodeID)
	if err != nil {
		return nil, err
	}
	if t.isEvent() {
		return s.events(ctx, t, time.Time{})
	}
	return s.Store.ListInbox(ctx, flowID, nodeID, time.Time{})
}

// SampleInput sets a node's sample: from an entry of a trigger's inbox,
// or as data given as it is (any node). Exactly one is set.
type SampleInput struct {
	InboxID string          `json:"inboxId"`
	Data    json.RawMessage `json:"data"`
}

// SetSample makes in the sample of node nodeID of flowID.
func (s *Service) SetSample(ctx context.Context, flowID, nodeID string, in SampleInput) (*store.Sample, error) {
	sm := &store.Sample{FlowID: flowID, NodeID: nodeID, UpdatedAt: s.now().UTC()}
	switch {
	case (in.InboxID == "") == (len(in.Data) == 0):
		return nil, fmt.Errorf("%w: give either inboxId, an entry of the trigger's inbox, or data, the sample itself", ErrBadSample)
	case in.InboxID != "":
		e, err := s.inboxEntry(ctx, flowID, nodeID, in.InboxID)
		if err != nil {
			return nil, err
		}
		sm.Data, sm.Source = e.Data, SourceInbox
	default:
		if _, _, err := s.loadFlow(ctx, flowID, nodeID); err != nil {
			return nil, err
		}
		if !json.Valid(in.Data) {
			return nil, fmt.Errorf("%w: data is not valid JSON", ErrBadSample)
		}
		sm.Data, sm.Source = in.Data, SourceManual
	}
	if err := s.Store.PutSample(ctx, sm); err != nil {
		return nil, err
	}
	return sm, nil
}

// inboxEntry returns the entry id of the inbox of a trigger: stored, or
// still waiting for a flush; for an event trigger, the stored event.
func (s *Service) inboxEntry(ctx context.Context, flowID, nodeID, id string) (*store.InboxEntry, error) {
	t, err := s.trigger(ctx, flowID, nodeID)
	if err != nil {
		return nil, err
	}
	if t.isEvent() {
		ev, err := s.Store.GetEvent(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("%w: no event has the id %q", ErrNoEntry, id)
		}
		if err != nil {
			return nil, err
		}
		return eventEntry(t, ev), nil
	}
	e, err := s.Store.GetInboxEntry(ctx, flowID, nodeID, id)
	if errors.Is(err, store.ErrNotFound) {
		if p, ok := s.rec.find(flowID, nodeID, id); ok {
			return p, nil
		}
		return nil, fmt.Errorf("%w: the inbox of node %q has no entry %q; it keeps the last %d requests", ErrNoEntry, nodeID, id, store.InboxSize)
	}
	return e, err
}

// Samples returns the sample of each node of the draft of flowID that has
// one, by node id. An event trigger without a sample gets the catalog's
// example of its first event type, so that its fields can be mapped
// before any event came.
func (s *Service) Samples(ctx context.Context, flowID string) (map[string]*store.Sample, error) {
	f, err := s.Store.GetFlow(ctx, flowID)
	if err != nil {
		return nil, err
	}
	return s.samples(ctx, f)
}

func (s *Service) samples(ctx context.Context, f *flows.Flow) (map[string]*store.Sample, error) {
	list, err := s.Store.ListSamples(ctx, f.ID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*store.Sample, len(list))
	for _, sm := range list {
		if _, ok := f.Node(sm.NodeID); ok {
			out[sm.NodeID] = sm
		}
	}
	if t, ok := flows.Trigger(s.Registry, f.Nodes); ok && t.Type == event.Type && out[t.ID] == nil {
		if sm := s.exampleSample(ctx, f, t); sm != nil {
			out[t.ID] = sm
		}
	}
	return out, nil
}

// exampleSample returns the catalog's example of the first event type of
// the event trigger n, or nil when it names none the catalog has.
func (s *Service) exampleSample(ctx context.Context, f *flows.Flow, n *flows.Node) *store.Sample {
	t, err := s.trigger(ctx, f.ID, n.ID)
	if err != nil || len(t.event.EventTypes) == 0 {
		return nil
	}
	typ, ok := catalog.Lookup(t.event.EventTypes[0])
	if !ok {
		return nil
	}
	channel := ""
	if len(t.event.Channels) > 0 {
		channel = event.NormalizeChannel(t.event.Channels[0])
	}
	return &store.Sample{FlowID: f.ID, NodeID: n.ID, Data: event.ExampleData(typ.Name, channel, typ.Example),
		Source: SourceCatalog, UpdatedAt: f.UpdatedAt}
}
