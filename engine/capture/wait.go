package capture

import (
	"context"
	"time"

	"github.com/hookflow/hookflow/store"
)

// Capture is one wait for the next request to a trigger: one that arrives
// after Begin, never one that was there before. Close it when done.
type Capture struct {
	s *Service
	w *waiter
}

// Begin starts a capture on the trigger nodeID of the draft of flowID.
// From its return on, a request that reaches this process is handed to
// it at once; one that reaches another process is found in the store.
func (s *Service) Begin(ctx context.Context, flowID, nodeID string) (*Capture, error) {
	t, err := s.trigger(ctx, flowID, nodeID)
	if err != nil {
		return nil, err
	}
	w := &waiter{t: t, since: s.now(), ch: make(chan *store.InboxEntry, 1)}
	s.hub.add(w)
	return &Capture{s: s, w: w}, nil
}

// Close ends the capture.
func (c *Capture) Close() { c.s.hub.remove(c.w) }

// Wait returns the first request (or matching event) that arrived since
// Begin, waiting up to timeout for one; nil when none came. With sample
// it becomes the trigger's sample.
func (c *Capture) Wait(ctx context.Context, timeout time.Duration, sample bool) (*store.InboxEntry, error) {
	e, err := c.next(ctx, timeout)
	if e == nil || err != nil || !sample {
		return e, err
	}
	err = c.s.Store.PutSample(ctx, &store.Sample{FlowID: e.FlowID, NodeID: e.NodeID, Data: e.Data,
		Source: "capture", UpdatedAt: c.s.now().UTC()})
	return e, err
}

// next waits for the entry: from the hub, or from the store, which it
// reads every Poll.
func (c *Capture) next(ctx context.Context, timeout time.Duration) (*store.InboxEntry, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	poll := time.NewTicker(orDefault(c.s.Poll, 250*time.Millisecond))
	defer poll.Stop()
	for {
		select {
		case e := <-c.w.ch:
			return e, nil
		case <-poll.C:
			e, err := c.find(ctx)
			if err != nil && ctx.Err() == nil && c.s.Log != nil {
				c.s.Log.Warn("capture: read the store", "flow", c.w.t.flow.ID, "error", err)
			}
			if e != nil {
				return e, nil
			}
		case <-timer.C:
			return nil, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// find returns the oldest entry stored since the capture began, if any.
func (c *Capture) find(ctx context.Context) (*store.InboxEntry, error) {
	t := c.w.t
	if t.isEvent() {
		list, err := c.s.events(ctx, t, c.w.since)
		if err != nil || len(list) == 0 {
			return nil, err
		}
		return list[len(list)-1], nil
	}
	list, err := c.s.Store.ListInbox(ctx, t.flow.ID, t.node.ID, c.w.since)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return list[len(list)-1], nil
}

// eventScan bounds how many recent events of its types an event trigger's
// inbox reads, before its channel filter.
const eventScan = 200

// events returns, newest first, up to store.InboxSize stored events
// received since since that t takes, as entries of its inbox.
func (s *Service) events(ctx context.Context, t *trigger, since time.Time) ([]*store.InboxEntry, error) {
	list, err := s.Store.ListEvents(ctx, store.EventFilter{Types: t.types(), Since: since, Limit: eventScan})
	if err != nil {
		return nil, err
	}
	out := []*store.InboxEntry{}
	for _, ev := range list {
		if t.matches(ev) && len(out) < store.InboxSize {
			out = append(out, eventEntry(t, ev))
		}
	}
	return out, nil
}
