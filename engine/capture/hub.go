package capture

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookflow/hookflow/nodes/event"
	"github.com/hookflow/hookflow/store"
)

// hub hands requests and events to the captures of this process that
// wait for them, as they arrive.
type hub struct {
	n       atomic.Int32 // waiters, read without the lock on the hot path
	mu      sync.Mutex
	waiters map[*waiter]bool
}

// waiter is one capture's place in the hub.
type waiter struct {
	t     *trigger
	since time.Time
	ch    chan *store.InboxEntry // holds the first one handed over
}

func (h *hub) add(w *waiter) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.waiters == nil {
		h.waiters = map[*waiter]bool{}
	}
	h.waiters[w] = true
	h.n.Store(int32(len(h.waiters)))
}

func (h *hub) remove(w *waiter) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.waiters, w)
	h.n.Store(int32(len(h.waiters)))
}

// request hands e to the waiters of its webhook trigger.
func (h *hub) request(e *store.InboxEntry) {
	h.each(func(w *waiter) *store.InboxEntry {
		if w.t.isEvent() || w.t.flow.ID != e.FlowID || w.t.node.ID != e.NodeID || e.ReceivedAt.Before(w.since) {
			return nil
		}
		return e
	})
}

// event hands ev to the waiters of the event triggers it matches.
func (h *hub) event(ev *store.Event) {
	h.each(func(w *waiter) *store.InboxEntry {
		if !w.t.isEvent() || !w.t.matches(ev) || ev.ReceivedAt.Before(w.since) {
			return nil
		}
		return eventEntry(w.t, ev)
	})
}

// each offers every waiter what pick makes for it, if anything; a waiter
// keeps the first it got.
func (h *hub) each(pick func(*waiter) *store.InboxEntry) {
	if h.n.Load() == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for w := range h.waiters {
		if e := pick(w); e != nil {
			select {
			case w.ch <- e:
			default:
			}
		}
	}
}

// eventEntry shows ev as an entry of the inbox of t.
func eventEntry(t *trigger, ev *store.Event) *store.InboxEntry {
	return &store.InboxEntry{ID: ev.ID, FlowID: t.flow.ID, NodeID: t.node.ID, ReceivedAt: ev.ReceivedAt,
		Data: event.TriggerData(ev.ID, ev.Type, ev.Channel, ev.Data, ev.ReceivedAt)}
}

// EventReceived hands an accepted platform event to the captures of this
// process that wait for one like it.
func (s *Service) EventReceived(ev *store.Event) { s.hub.event(ev) }
