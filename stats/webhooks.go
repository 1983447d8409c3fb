package stats

import (
	"context"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/store"
)

// WebhooksReport is the deliveries of each outbound webhook over a window.
type WebhooksReport struct {
	Window   string         `json:"window"`
	From     time.Time      `json:"from"`
	To       time.Time      `json:"to"`
	Webhooks []WebhookStats `json:"webhooks"`
}

// WebhookStats is the deliveries of one outbound webhook over a window,
// counted by the hour their event came in and by where they stand now.
type WebhookStats struct {
	ID      string           `json:"id"`
	Name    string           `json:"name"`
	URL     string           `json:"url"`
	Status  string           `json:"status"`
	Buckets []DeliveryBucket `json:"buckets"`
	Totals  DeliveryTotals   `json:"totals"`
	// SuccessRate is Succeeded / (Succeeded + Failed) over the window;
	// nil while no delivery has finished.
	SuccessRate *float64 `json:"successRate"`
}

// DeliveryBucket counts the deliveries created in one hour. Pending holds
// those still being tried and those held while the webhook is paused or
// disabled.
type DeliveryBucket struct {
	Start     time.Time `json:"start"`
	Succeeded int       `json:"succeeded"`
	Failed    int       `json:"failed"`
	Pending   int       `json:"pending"`
}

// DeliveryTotals counts the deliveries of a window.
type DeliveryTotals struct {
	Total     int `json:"total"`
	Succeeded int `json:"succeeded"`
	Failed    int `json:"failed"`
	Pending   int `json:"pending"`
}

// webhookDeliveries gathers the deliveries of one webhook over some hours.
type webhookDeliveries struct {
	hours   Hours
	buckets []DeliveryBucket
	totals  DeliveryTotals
}

func newWebhookDeliveries(h Hours) *webhookDeliveries {
	b := make([]DeliveryBucket, h.N)
	for i := range b {
		b[i].Start = h.Start(i)
	}
	return &webhookDeliveries{hours: h, buckets: b}
}

// add counts d, if it falls within the hours.
func (w *webhookDeliveries) add(d store.DeliveryStat) {
	i, ok := w.hours.Index(d.CreatedAt)
	if !ok {
		return
	}
	b := &w.buckets[i]
	w.totals.Total++
	switch d.Status {
	case store.DeliverySucceeded:
		b.Succeeded++
		w.totals.Succeeded++
	case store.DeliveryFailed:
		b.Failed++
		w.totals.Failed++
	default:
		b.Pending++
		w.totals.Pending++
	}
}

func (w *webhookDeliveries) stats(sub *store.Subscription) WebhookStats {
	return WebhookStats{ID: sub.ID, Name: sub.Name, URL: sub.URL, Status: sub.Status,
		Buckets: w.buckets, Totals: w.totals, SuccessRate: SuccessRate(w.totals.Succeeded, w.totals.Failed)}
}

// SuccessRate is succeeded / (succeeded + failed), from 0 to 1; nil when
// both are 0.
func SuccessRate(succeeded, failed int) *float64 {
	if succeeded+failed == 0 {
		return nil
	}
	r := float64(succeeded) / float64(succeeded+failed)
	return &r
}

// Webhooks returns the deliveries per hour, totals and success rate of
// every outbound webhook over w, oldest webhook first.
func (s *Service) Webhooks(ctx context.Context, w Window) (*WebhooksReport, error) {
	list, err := s.Store.ListSubscriptions(ctx)
	if err != nil {
		return nil, fmt.Errorf("webhook stats: %w", err)
	}
	h := HoursOf(w, s.now())
	bySub := make(map[string]*webhookDeliveries, len(list))
	for _, sub := range list {
		bySub[sub.ID] = newWebhookDeliveries(h)
	}
	err = s.Store.DeliveryStats(ctx, "", h.From, h.To(), func(d store.DeliveryStat) {
		if w := bySub[d.SubscriptionID]; w != nil { // deliveries of a webhook deleted since are left out
			w.add(d)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("webhook stats: %w", err)
	}
	out := &WebhooksReport{Window: w.Name, From: h.From, To: h.To(), Webhooks: make([]WebhookStats, len(list))}
	for i, sub := range list {
		out.Webhooks[i] = bySub[sub.ID].stats(sub)
	}
	return out, nil
}
