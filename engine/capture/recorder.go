package capture

import (
	"context"
	"sync"
	"time"

	"github.com/hookflow/hookflow/store"
)

// flushTimeout bounds one write of the inbox.
const flushTimeout = 10 * time.Second

// recorder holds the requests of active flows until the next flush. It
// keeps the newest store.InboxSize of each trigger: older ones would be
// trimmed from the inbox anyway, so a trigger flooded with requests costs
// at most that many inserts per flush, whatever its rate.
type recorder struct {
	mu      sync.Mutex
	pending map[[2]string][]*store.InboxEntry
}

// add keeps e for the next flush.
func (r *recorder) add(e *store.InboxEntry) {
	key := [2]string{e.FlowID, e.NodeID}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pending == nil {
		r.pending = map[[2]string][]*store.InboxEntry{}
	}
	list := append(r.pending[key], e)
	if len(list) > store.InboxSize {
		list = append(list[:0], list[len(list)-store.InboxSize:]...)
	}
	r.pending[key] = list
}

// take returns what is pending and forgets it.
func (r *recorder) take() []*store.InboxEntry {
	r.mu.Lock()
	pending := r.pending
	r.pending = nil
	r.mu.Unlock()
	var all []*store.InboxEntry
	for _, list := range pending {
		all = append(all, list...)
	}
	return all
}

// find returns the pending entry id of a trigger, if it waits for a flush.
func (r *recorder) find(flowID, nodeID, id string) (*store.InboxEntry, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.pending[[2]string{flowID, nodeID}] {
		if e.ID == id {
			return e, true
		}
	}
	return nil, false
}

// Record keeps a request to a webhook trigger in its inbox and hands it to
// the captures of this process that wait for it. With wait (a flow that
// does not run, whose answer says the request was recorded) it is written
// at once; otherwise (an active flow, on its hot path) it is written with
// the next flush, so that a request never waits for an inbox write.
func (s *Service) Record(ctx context.Context, e *store.InboxEntry, wait bool) error {
	s.hub.request(e)
	if wait {
		return s.Store.AddInbox(ctx, []*store.InboxEntry{e})
	}
	s.rec.add(e)
	return nil
}

// Start writes the pending inbox entries every Flush until ctx ends or
// Stop is called.
func (s *Service) Start(ctx context.Context) {
	ctx, s.stop = context.WithCancel(ctx)
	every := orDefault(s.Flush, 250*time.Millisecond)
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				s.flush(context.Background())
				return
			case <-t.C:
				s.flush(ctx)
			}
		}
	}()
}

// Stop ends Start's writer after a last flush.
func (s *Service) Stop() {
	if s.stop != nil {
		s.stop()
	}
	s.done.Wait()
}

// flush writes the pending entries in one batch. A batch that fails is
// dropped: the inbox is a view for the editor, not a record of runs.
func (s *Service) flush(ctx context.Context) {
	batch := s.rec.take()
	if len(batch) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, flushTimeout)
	defer cancel()
	if err := s.Store.AddInbox(ctx, batch); err != nil && s.Log != nil {
		s.Log.Warn("write the inbox", "entries", len(batch), "error", err)
	}
}
