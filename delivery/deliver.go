package delivery

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/internal/ids"
	"github.com/hookflow/hookflow/nodes/event"
	"github.com/hookflow/hookflow/store"
)

// Event is a platform event to deliver, as the ingest accepted it.
type Event struct {
	// ID is the event's unique id; deliveries are keyed by it, so an
	// event offered twice is delivered once. Empty: one is made.
	ID string
	// Type is an event type name of the catalog (aliases are accepted).
	Type string
	// Channel is the WABA number or chat source the event happened on.
	Channel    string
	Data       json.RawMessage
	ReceivedAt time.Time
}

// Deliver makes one delivery of ev for each subscription that lists its
// type and channel, stores them in one batch, and queues those of active
// subscriptions to this process's workers (or, without workers, leaves
// them for any process to claim); those of paused or disabled ones are
// held. It returns how many deliveries ev has once it returns nil, which
// is when they are durable.
func (s *Service) Deliver(ctx context.Context, ev Event) (int, error) {
	typ, ok := event.Canonical(ev.Type)
	if !ok {
		return 0, fmt.Errorf("deliver event: unknown event type %q", ev.Type)
	}
	ev.Channel = event.NormalizeChannel(ev.Channel)
	subs, err := s.st.MatchSubscriptions(ctx, typ, ev.Channel)
	if err != nil || len(subs) == 0 {
		return 0, err
	}
	if ev.ID == "" {
		ev.ID = ids.New("evt")
	}
	now := s.now()
	if ev.ReceivedAt.IsZero() {
		ev.ReceivedAt = now
	}
	// Deliveries are held here only when the queue has a place for each:
	// otherwise they are stored unheld, for the next claim to take.
	active := 0
	for _, sub := range subs {
		if sub.Status == store.SubscriptionActive {
			active++
		}
	}
	owned := s.running() && active > 0 && s.pool.reserve(active, true) == active
	if s.running() && active > 0 && !owned {
		defer s.pool.spill()
	}
	items := make([]*createItem, len(subs))
	for i, sub := range subs {
		d := &store.Delivery{
			ID: DeliveryID(ev.ID, sub.ID), SubscriptionID: sub.ID, EventID: ev.ID, EventType: typ,
			Channel: ev.Channel, Data: ev.Data, EventAt: ev.ReceivedAt.UTC(),
			Status: store.DeliveryPending, NextAttemptAt: now, CreatedAt: now,
		}
		switch {
		case sub.Status != store.SubscriptionActive:
			d.Status, d.NextAttemptAt = store.DeliveryHeld, time.Time{}
		case owned:
			d.Owner, d.LeaseUntil = s.cfg.Owner, now.Add(s.cfg.Lease)
		}
		items[i] = &createItem{d: d}
	}
	if err := s.create.Save(ctx, items...); err != nil {
		if owned {
			s.pool.unreserve(active)
		}
		return 0, fmt.Errorf("store deliveries of event %q: %w", ev.ID, err)
	}
	for _, it := range items {
		switch {
		case it.d.Owner == "":
		case it.created:
			s.pool.submit(it.d)
		default: // delivered before: its place goes back
			s.pool.unreserve(1)
		}
	}
	return len(items), nil
}

// deliveryIDs encodes delivery ids: lower case, no padding.
var deliveryIDs = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// DeliveryID returns the id of the delivery of event eventID to
// subscription subID: "dlv_" and 128 bits of their SHA-256, the same each
// time, so that a repeated event finds its delivery stored.
func DeliveryID(eventID, subID string) string {
	sum := sha256.Sum256([]byte(eventID + "\x00" + subID))
	return "dlv_" + deliveryIDs.EncodeToString(sum[:16])
}

// createItem is a new delivery in a batch of CreateDeliveries; created is
// set once the batch is written.
type createItem struct {
	d       *store.Delivery
	created bool
}

// writeCreated writes a batch of new deliveries.
func (s *Service) writeCreated(ctx context.Context, items []*createItem) error {
	ds := make([]*store.Delivery, len(items))
	for i, it := range items {
		ds[i] = it.d
	}
	created, err := s.st.CreateDeliveries(ctx, ds)
	if err != nil {
		return err
	}
	for i, it := range items {
		it.created = created[i]
	}
	return nil
}
