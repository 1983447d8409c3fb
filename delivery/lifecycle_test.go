package delivery_test

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookflow/hookflow/delivery"
	"github.com/hookflow/hookflow/store"
)

// requireWebhook fails t unless webhook id has status and a reason
// containing reason.
func requireWebhook(t *testing.T, s *delivery.Service, id, status, reason string) *delivery.Webhook {
	t.Helper()
	w, err := s.Get(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if w.Status != status || !strings.Contains(w.StatusReason, reason) {
		t.Fatalf("webhook status %s (%q), want %s (%q)", w.Status, w.StatusReason, status, reason)
	}
	return w
}

// waitHealth polls webhook id until cond holds of its health, and returns
// the webhook.
func waitHealth(t *testing.T, s *delivery.Service, id string, cond func(delivery.Health) bool) *delivery.Webhook {
	t.Helper()
	var w *delivery.Webhook
	waitFor(t, "the webhook's health", func() bool {
		var err error
		w, err = s.Get(t.Context(), id)
		return err == nil && cond(w.Health)
	})
	return w
}

// TestGone_DisablesTheWebhook: a 410 answer ends the delivery as failed
// and disables the webhook; the next event's delivery is held, unsent.
func TestGone_DisablesTheWebhook(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rc := newReceiver(t, status(http.StatusGone))
	s := e.service(t, "proc_a")
	webhookID, _ := register(t, s, registration(rc.URL))
	deliver(t, s, event("evt_1"), 1)
	d := e.waitTries(t, delivery.DeliveryID("evt_1", webhookID), 1)
	if d.Status != store.DeliveryFailed {
		t.Fatalf("status %s after 410, want failed", d.Status)
	}
	waitFor(t, "the webhook to be disabled", func() bool {
		w, err := s.Get(t.Context(), webhookID)
		return err == nil && w.Status == store.SubscriptionDisabled
	})
	requireWebhook(t, s, webhookID, store.SubscriptionDisabled, "410 Gone")
	deliver(t, s, event("evt_2"), 1)
	d2, err := e.st.GetDelivery(t.Context(), delivery.DeliveryID("evt_2", webhookID))
	if err != nil || d2.Status != store.DeliveryHeld {
		t.Fatalf("delivery to a disabled webhook: %+v, %v; want held", d2, err)
	}
	if n := len(rc.requests()); n != 1 {
		t.Fatalf("the receiver got %d requests, want 1", n)
	}
}

// TestDisable_AfterFiveDaysOfFailure: a webhook whose every attempt failed
// for five days is disabled, its pending deliveries held; resuming it
// sends them.
func TestDisable_AfterFiveDaysOfFailure(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var up atomic.Bool
	rc := newReceiver(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		if !up.Load() {
			w.WriteHeader(http.StatusInternalServerError)
		}
	})
	s := e.service(t, "proc_a")
	webhookID, _ := register(t, s, registration(rc.URL))
	first, second := delivery.DeliveryID("evt_1", webhookID), delivery.DeliveryID("evt_2", webhookID)

	deliver(t, s, event("evt_1"), 1)
	e.waitTries(t, first, 1)
	// Health is written after the delivery it sums up.
	w := waitHealth(t, s, webhookID, func(h delivery.Health) bool { return h.Attempts == 1 })
	if w.Health.FailingSince == nil || !w.Health.FailingSince.Equal(t0) || w.Status != store.SubscriptionActive {
		t.Fatalf("after the first failure: %s, failingSince %v; want active, failing since %s", w.Status, w.Health.FailingSince, t0)
	}
	// Just short of five days: still active.
	e.clock.Set(t0.Add(delivery.DisableAfter - time.Second))
	ev := event("evt_2")
	deliver(t, s, ev, 1)
	e.waitTries(t, second, 1)
	waitHealth(t, s, webhookID, func(h delivery.Health) bool { return h.Attempts == 2 })
	requireWebhook(t, s, webhookID, store.SubscriptionActive, "")
	// Five days after the first failure, the next failure disables it.
	e.clock.Set(t0.Add(delivery.DisableAfter))
	deliver(t, s, event("evt_3"), 1)
	waitFor(t, "the webhook to be disabled", func() bool {
		w, err := s.Get(t.Context(), webhookID)
		return err == nil && w.Status == store.SubscriptionDisabled
	})
	requireWebhook(t, s, webhookID, store.SubscriptionDisabled, "every attempt failed for 5 days, since 2026-03-02T09:00:00Z")
	third := delivery.DeliveryID("evt_3", webhookID)
	for _, id := range []string{first, second, third} {
		e.waitDelivery(t, id, "held", func(d *store.Delivery) bool { return d.Status == store.DeliveryHeld })
	}
	// Fixed and resumed: the held deliveries go out.
	up.Store(true)
	w, err := s.Resume(t.Context(), webhookID)
	if err != nil || w.Status != store.SubscriptionActive {
		t.Fatalf("Resume = %+v, %v", w, err)
	}
	for _, id := range []string{first, second, third} {
		e.waitDelivery(t, id, "sent", func(d *store.Delivery) bool { return d.Status == store.DeliverySucceeded })
	}
	w = waitHealth(t, s, webhookID, func(h delivery.Health) bool { return h.Attempts == 6 })
	if w.Health.FailingSince != nil || w.Health.LastSuccessAt == nil || w.Health.SuccessRate == nil || *w.Health.SuccessRate != 0.5 {
		t.Fatalf("health after recovery = %+v", w.Health)
	}
}

// TestPause_HoldsUntilResume: a paused webhook's deliveries are held; one
// cannot be redelivered until the webhook is resumed, which sends it.
func TestPause_HoldsUntilResume(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rc := newReceiver(t, nil)
	s := e.service(t, "proc_a")
	webhookID, _ := register(t, s, registration(rc.URL))
	if _, err := s.Pause(t.Context(), webhookID); err != nil {
		t.Fatal(err)
	}
	deliver(t, s, event("evt_1"), 1)
	id := delivery.DeliveryID("evt_1", webhookID)
	_, err := s.Redeliver(t.Context(), id)
	var de *delivery.Error
	if !errors.As(err, &de) || de.Status != http.StatusConflict || !strings.Contains(de.Message, "is paused; resume it first") {
		t.Fatalf("Redeliver while paused = %v, want 409", err)
	}
	if _, err := s.Resume(t.Context(), webhookID); err != nil {
		t.Fatal(err)
	}
	e.waitDelivery(t, id, "sent", func(d *store.Delivery) bool { return d.Status == store.DeliverySucceeded })
	if n := len(rc.requests()); n != 1 {
		t.Fatalf("the receiver got %d requests, want 1", n)
	}
}

// TestRedeliver sends a succeeded and a failed delivery again, each with a
// new round of attempts, and all failed deliveries of a webhook at once.
func TestRedeliver(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var fail atomic.Bool
	rc := newReceiver(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if fail.Load() {
			<-r.Context().Done()
		}
	})
	s := e.service(t, "proc_a", func(c *delivery.Config) { c.Timeout = 100 * time.Millisecond })
	r := registration(rc.URL)
	r.RetryOnTimeout = false
	webhookID, _ := register(t, s, r)
	ok1 := delivery.DeliveryID("evt_ok", webhookID)
	deliver(t, s, event("evt_ok"), 1)
	e.waitDelivery(t, ok1, "sent", func(d *store.Delivery) bool { return d.Status == store.DeliverySucceeded })

	d, err := s.Redeliver(t.Context(), ok1)
	if err != nil || d.ID != ok1 {
		t.Fatalf("Redeliver = %+v, %v", d, err)
	}
	d = e.waitDelivery(t, ok1, "sent again", func(d *store.Delivery) bool { return d.AttemptCount == 2 })
	if d.Status != store.DeliverySucceeded || d.Tries != 1 || len(d.Attempts) != 2 {
		t.Fatalf("after redelivery: status %s, tries %d, %d attempts", d.Status, d.Tries, len(d.Attempts))
	}

	fail.Store(true)
	for _, ev := range []string{"evt_a", "evt_b"} {
		deliver(t, s, event(ev), 1)
		e.waitDelivery(t, delivery.DeliveryID(ev, webhookID), "failed", func(d *store.Delivery) bool { return d.Status == store.DeliveryFailed })
	}
	fail.Store(false)
	n, err := s.RedeliverFailed(t.Context(), webhookID)
	if err != nil || n != 2 {
		t.Fatalf("RedeliverFailed = %d, %v; want 2", n, err)
	}
	for _, ev := range []string{"evt_a", "evt_b"} {
		d := e.waitDelivery(t, delivery.DeliveryID(ev, webhookID), "sent", func(d *store.Delivery) bool { return d.Status == store.DeliverySucceeded })
		if d.AttemptCount != 2 || !d.Attempts[0].Timeout || d.Attempts[1].Status != 200 {
			t.Fatalf("delivery %s: %+v", ev, d.Attempts)
		}
	}
	if _, err := s.Redeliver(t.Context(), "dlv_none"); !isStatus(err, http.StatusNotFound) {
		t.Fatalf("Redeliver of nothing = %v, want 404", err)
	}
}

// isStatus reports whether err is a *delivery.Error with status.
func isStatus(err error, status int) bool {
	var de *delivery.Error
	return errors.As(err, &de) && de.Status == status
}

// TestCrash_LeaseTakenOver: a process dies while it sends a delivery;
// nothing of that attempt was recorded, and once its lease lapses another
// process claims the delivery and sends it, with the same webhook-id.
func TestCrash_LeaseTakenOver(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rc := newReceiver(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 0 {
			<-r.Context().Done() // the first process dies during this one
		}
	})
	a := e.service(t, "proc_a")
	b := e.service(t, "proc_b")
	webhookID, _ := register(t, a, registration(rc.URL))
	deliver(t, a, event("evt_1"), 1)
	waitFor(t, "the first attempt", func() bool { return len(rc.requests()) == 1 })
	a.Stop()

	id := delivery.DeliveryID("evt_1", webhookID)
	d, err := e.st.GetDelivery(t.Context(), id)
	if err != nil || d.Owner != "proc_a" || d.Status != store.DeliveryPending || d.AttemptCount != 0 {
		t.Fatalf("after the crash: %+v, %v; want pending, held by proc_a, no attempt recorded", d, err)
	}
	e.clock.Set(d.LeaseUntil) // a lease that ends now has not lapsed
	b.ClaimDue(t.Context())
	if d, _ := e.st.GetDelivery(t.Context(), id); d.Owner != "proc_a" {
		t.Fatalf("claimed before the lease lapsed, by %q", d.Owner)
	}
	e.clock.Set(d.LeaseUntil.Add(time.Millisecond))
	b.ClaimDue(t.Context())
	d = e.waitDelivery(t, id, "sent by the second process", func(d *store.Delivery) bool { return d.Status == store.DeliverySucceeded })
	got := rc.requests()
	if len(got) != 2 || got[1].Header.Get("webhook-id") != got[0].Header.Get("webhook-id") || d.AttemptCount != 1 {
		t.Fatalf("%d requests, webhook-ids %q and %q, %d attempts recorded", len(got),
			got[0].Header.Get("webhook-id"), got[len(got)-1].Header.Get("webhook-id"), d.AttemptCount)
	}
}

// TestDeliver_Idempotent: an event offered twice is delivered once.
func TestDeliver_Idempotent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rc := newReceiver(t, nil)
	s := e.service(t, "proc_a")
	webhookID, _ := register(t, s, registration(rc.URL))
	deliver(t, s, event("evt_1"), 1)
	e.waitDelivery(t, delivery.DeliveryID("evt_1", webhookID), "sent", func(d *store.Delivery) bool { return d.Status == store.DeliverySucceeded })
	deliver(t, s, event("evt_1"), 1)
	deliver(t, s, delivery.Event{ID: "evt_2", Type: "REMOVE_TAG", Channel: "919000000001"}, 0)
	deliver(t, s, delivery.Event{ID: "evt_3", Type: "ADD_TAG", Channel: "919000000002"}, 0)
	if _, err := s.Deliver(t.Context(), delivery.Event{Type: "NO_SUCH_EVENT"}); err == nil {
		t.Fatal("Deliver of an unknown event type succeeded")
	}
	e.clock.Set(t0.Add(time.Hour))
	s.ClaimDue(t.Context())
	if n := len(rc.requests()); n != 1 {
		t.Fatalf("the receiver got %d requests, want 1", n)
	}
}

// TestDeliver_QueueFull: when the queue has no place left, an event's
// delivery is stored held by no process, and the next claim with room
// takes it, instead of it waiting for a lease to lapse.
func TestDeliver_QueueFull(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	release := make(chan struct{})
	rc := newReceiver(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 0 {
			<-release
		}
	})
	var once sync.Once
	unblock := func() { once.Do(func() { close(release) }) }
	t.Cleanup(unblock) // before the receiver closes, which waits for its handlers
	s := e.service(t, "proc_a", func(c *delivery.Config) { c.Workers, c.QueueSize = 1, 1 })
	webhookID, _ := register(t, s, registration(rc.URL))
	deliver(t, s, event("evt_1"), 1) // taken by the only worker, which waits
	waitFor(t, "the first request", func() bool { return len(rc.requests()) == 1 })
	deliver(t, s, event("evt_2"), 1) // the queue's only place
	deliver(t, s, event("evt_3"), 1) // no place left
	for id, owner := range map[string]string{"evt_2": "proc_a", "evt_3": ""} {
		d, err := e.st.GetDelivery(t.Context(), delivery.DeliveryID(id, webhookID))
		if err != nil || d.Owner != owner || d.Status != store.DeliveryPending {
			t.Fatalf("delivery of %s: %+v, %v; want pending, held by %q", id, d, err, owner)
		}
	}
	unblock()
	// Freeing the queue's place kicks a claim, which takes the third.
	waitFor(t, "the other requests", func() bool { return len(rc.requests()) >= 3 })
	d := e.waitDelivery(t, delivery.DeliveryID("evt_3", webhookID), "sent", func(d *store.Delivery) bool {
		return d.Status == store.DeliverySucceeded
	})
	if n := len(rc.requests()); n != 3 || d.AttemptCount != 1 {
		t.Fatalf("%d requests, %d attempts of the third delivery; want 3 and 1", n, d.AttemptCount)
	}
}
