package delivery

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hookflow/hookflow/store"
)

// Deliveries returns one page of the delivery log, newest first, without
// event data and attempts, and the cursor of the next page. A cursor this
// server did not make is a 400 *Error.
func (s *Service) Deliveries(ctx context.Context, f store.DeliveryFilter) ([]*store.Delivery, string, error) {
	switch f.Status {
	case "", store.DeliveryPending, store.DeliverySucceeded, store.DeliveryFailed, store.DeliveryHeld:
	default:
		return nil, "", errorf(http.StatusBadRequest, "status must be pending, succeeded, failed or held")
	}
	list, next, err := s.st.ListDeliveries(ctx, f)
	if errors.Is(err, store.ErrBadCursor) {
		return nil, "", errorf(http.StatusBadRequest, "the cursor is not one this server made; start again without it")
	}
	return list, next, err
}

// Delivery returns one delivery with its event data and every attempt.
func (s *Service) Delivery(ctx context.Context, id string) (*store.Delivery, error) {
	d, err := s.st.GetDelivery(ctx, id)
	return d, notFound(err, "delivery", id)
}

// Redeliver sends delivery id again now, starting a new round of the
// retry schedule, whatever its status: succeeded, failed, held, or pending
// until a later attempt. It is a 409 *Error while the delivery is being
// sent, and while its webhook is paused, disabled or deleted.
func (s *Service) Redeliver(ctx context.Context, id string) (*store.Delivery, error) {
	d, err := s.Delivery(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.requireActive(ctx, d.SubscriptionID); err != nil {
		return nil, err
	}
	q := store.Requeue{ID: id, Now: s.now(), Statuses: []store.DeliveryStatus{
		store.DeliverySucceeded, store.DeliveryFailed, store.DeliveryHeld, store.DeliveryPending}}
	n, err := s.st.RequeueDeliveries(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("redeliver %q: %w", id, err)
	}
	if n == 0 {
		return nil, errorf(http.StatusConflict, "delivery %q is being sent right now; try again once the attempt is over", id)
	}
	s.ClaimDue(ctx)
	return s.Delivery(ctx, id)
}

// RedeliverFailed sends every failed and held delivery of webhook id
// again, each in a new round of the retry schedule, and returns how many.
// It is a 409 *Error while the webhook is paused or disabled.
func (s *Service) RedeliverFailed(ctx context.Context, id string) (int, error) {
	sub, err := s.st.GetSubscription(ctx, id)
	if err != nil {
		return 0, notFound(err, "webhook", id)
	}
	if err := inactive(sub); err != nil {
		return 0, err
	}
	q := store.Requeue{SubscriptionID: id, Now: s.now(), Statuses: []store.DeliveryStatus{store.DeliveryFailed, store.DeliveryHeld}}
	n, err := s.st.RequeueDeliveries(ctx, q)
	if err != nil {
		return 0, fmt.Errorf("redeliver failed deliveries of webhook %q: %w", id, err)
	}
	s.ClaimDue(ctx)
	return n, nil
}

// requireActive returns a 409 *Error unless webhook id exists and is
// active.
func (s *Service) requireActive(ctx context.Context, id string) error {
	sub, err := s.st.GetSubscription(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errorf(http.StatusConflict, "webhook %q was deleted; nothing can be sent to it", id)
	case err != nil:
		return err
	}
	return inactive(sub)
}

// inactive returns a 409 *Error when sub is paused or disabled.
func inactive(sub *store.Subscription) error {
	if sub.Status == store.SubscriptionActive {
		return nil
	}
	return errorf(http.StatusConflict, "webhook %q is %s; resume it first (POST /v2/webhook/%s/resume)", sub.ID, sub.Status, sub.ID)
}
