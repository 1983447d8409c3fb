package delivery

import (
	"context"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/store"
)

// SecretOverlap is how long a rotated-out signing secret still signs
// deliveries, beside the new one, so that receivers can switch without
// losing any.
const SecretOverlap = 24 * time.Hour

// List returns every webhook with its health, oldest first.
func (s *Service) List(ctx context.Context) ([]*Webhook, error) {
	subs, err := s.st.ListSubscriptions(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(subs))
	for i, sub := range subs {
		ids[i] = sub.ID
	}
	health, err := s.st.SubscriptionHealth(ctx, ids...)
	if err != nil {
		return nil, err
	}
	out := make([]*Webhook, len(subs))
	for i, sub := range subs {
		out[i] = s.view(sub, health[sub.ID])
	}
	return out, nil
}

// Get returns webhook id with its health.
func (s *Service) Get(ctx context.Context, id string) (*Webhook, error) {
	sub, err := s.st.GetSubscription(ctx, id)
	if err != nil {
		return nil, notFound(err, "webhook", id)
	}
	health, err := s.st.SubscriptionHealth(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.view(sub, health[id]), nil
}

// Delete removes webhook id. Its delivery log stays until the retention
// sweep; its pending deliveries fail when their next attempt comes up.
func (s *Service) Delete(ctx context.Context, id string) error {
	return notFound(s.st.DeleteSubscription(ctx, id), "webhook", id)
}

// Pause stops deliveries to webhook id: its pending deliveries and those
// of later events are held until Resume.
func (s *Service) Pause(ctx context.Context, id string) (*Webhook, error) {
	if err := s.setStatus(ctx, id, store.SubscriptionPaused, ""); err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// Resume makes webhook id active again, whether paused or disabled, and
// sends its held deliveries.
func (s *Service) Resume(ctx context.Context, id string) (*Webhook, error) {
	if err := s.st.SetSubscriptionStatus(ctx, id, store.SubscriptionActive, "", s.now()); err != nil {
		return nil, notFound(err, "webhook", id)
	}
	q := store.Requeue{SubscriptionID: id, Statuses: []store.DeliveryStatus{store.DeliveryHeld}, Now: s.now()}
	if _, err := s.st.RequeueDeliveries(ctx, q); err != nil {
		return nil, fmt.Errorf("resume webhook %q: %w", id, err)
	}
	s.ClaimDue(ctx)
	return s.Get(ctx, id)
}

// setStatus stops deliveries to webhook id with status (paused or
// disabled) and holds its pending deliveries that no process holds; the
// others are held when they next come up.
func (s *Service) setStatus(ctx context.Context, id, status, reason string) error {
	now := s.now()
	if err := s.st.SetSubscriptionStatus(ctx, id, status, reason, now); err != nil {
		return notFound(err, "webhook", id)
	}
	if _, err := s.st.HoldDeliveries(ctx, id, now); err != nil {
		return fmt.Errorf("hold deliveries of webhook %q: %w", id, err)
	}
	return nil
}

// disable stops a webhook that hookflow gave up on, and says why in the
// log.
func (s *Service) disable(ctx context.Context, id, reason string) {
	if err := s.setStatus(ctx, id, store.SubscriptionDisabled, reason); err != nil {
		s.cfg.Log.Error("disable webhook", "webhook", id, "error", err)
		return
	}
	s.cfg.Log.Warn("webhook disabled", "webhook", id, "reason", reason)
}

// Rotated is the answer to a secret rotation.
type Rotated struct {
	// SigningSecret is the new secret, shown this once.
	SigningSecret string `json:"signingSecret"`
	// PreviousSecretExpiresAt is when the old secret stops signing.
	PreviousSecretExpiresAt time.Time `json:"previousSecretExpiresAt"`
}

// RotateSecret gives webhook id a new signing secret. The old one keeps
// signing beside it for SecretOverlap; one rotated out before is dropped.
func (s *Service) RotateSecret(ctx context.Context, id string) (*Rotated, error) {
	sub, err := s.st.GetSubscription(ctx, id)
	if err != nil {
		return nil, notFound(err, "webhook", id)
	}
	secret := NewSecret()
	sealed, err := s.seal(id, sealSecret, secret)
	if err != nil {
		return nil, err
	}
	now := s.now()
	sub.PrevSecret, sub.PrevSecretUntil, sub.Secret = sub.Secret, now.Add(SecretOverlap), sealed
	sub.UpdatedAt = now
	if err := s.st.UpdateSubscription(ctx, sub); err != nil {
		return nil, notFound(err, "webhook", id)
	}
	return &Rotated{SigningSecret: secret, PreviousSecretExpiresAt: sub.PrevSecretUntil}, nil
}
