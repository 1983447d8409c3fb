package delivery

import (
	"context"
	"errors"
	"time"

	"github.com/hookflow/hookflow/internal/batch"
	"github.com/hookflow/hookflow/store"
)

// saveItem is a delivery in a batch of SaveDeliveries, with the outcome
// of the attempt it records, if any.
type saveItem struct {
	d       *store.Delivery
	outcome *outcome
}

// persist saves d, and the outcome o of its attempt, in a batch, in the
// background: the worker goes on with its next delivery while the batch
// is written, and d stays held, its lease renewed, until it is durable.
// At most cap(s.saving) saves are under way; past that the worker waits.
func (s *Service) persist(d *store.Delivery, o *outcome) {
	s.saving <- struct{}{}
	s.saves.Add(1)
	go func() {
		defer s.saves.Done()
		s.saveWithRetry(d, o)
		s.pool.release(d.ID)
		<-s.saving
	}()
}

// saveWithRetry saves d and o, trying a failed save again a few times:
// the attempt was made already, and losing its record would make it be
// made again. The writers stop only after every save is over.
func (s *Service) saveWithRetry(d *store.Delivery, o *outcome) {
	var err error
	for attempt, wait := 0, 50*time.Millisecond; attempt < 5; attempt, wait = attempt+1, wait*4 {
		if err = s.save.Save(context.Background(), &saveItem{d: d, outcome: o}); err == nil || errors.Is(err, batch.ErrClosed) {
			break
		}
		time.Sleep(wait)
	}
	if err != nil {
		s.cfg.Log.Error("save delivery", "delivery", d.ID, "error", err)
	}
}

// writeSaved writes a batch of deliveries, then the health of their
// webhooks, once per webhook, and disables the webhooks that must be.
// A failed health update is logged, not returned: the deliveries are
// durable.
func (s *Service) writeSaved(ctx context.Context, items []*saveItem) error {
	ds := make([]*store.Delivery, len(items))
	byWebhook := map[string][]*outcome{}
	var order []string
	for i, it := range items {
		ds[i] = it.d
		if o := it.outcome; o != nil {
			if _, ok := byWebhook[o.webhookID]; !ok {
				order = append(order, o.webhookID)
			}
			byWebhook[o.webhookID] = append(byWebhook[o.webhookID], o)
		}
	}
	if err := s.st.SaveDeliveries(ctx, ds); err != nil {
		return err
	}
	for _, id := range order {
		outs := byWebhook[id]
		var reason string
		err := s.st.UpdateSubscriptionHealth(ctx, id, func(h *store.SubscriptionHealth) {
			recordHealth(h, outs)
			reason = disableReason(h, outs)
		})
		if err != nil {
			s.cfg.Log.Warn("record webhook health", "webhook", id, "error", err)
			continue
		}
		if reason != "" {
			s.disable(ctx, id, reason)
		}
	}
	return nil
}
