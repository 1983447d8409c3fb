package app

import (
	"context"
	"fmt"

	"github.com/hookflow/hookflow/delivery"
	"github.com/hookflow/hookflow/internal/secrets"
	"github.com/hookflow/hookflow/nodes/event"
	"github.com/hookflow/hookflow/store"
)

// wireOutbound builds the outbound webhook registry and makes it the
// event ingest's sink, so that every accepted event is also delivered to
// the subscriptions that take it.
func (a *App) wireOutbound(box *secrets.Box, o Options) error {
	svc, err := delivery.New(delivery.Config{Store: a.Store, Box: box, IsChannel: a.isChannel,
		Allow: o.AllowNetworks, Owner: a.Owner, Version: o.Version, Log: o.Log,
		Lease: o.Lease, Poll: o.Poll, Retention: o.Retention, Writers: o.Writers})
	if err != nil {
		return fmt.Errorf("outbound webhooks: %w", err)
	}
	a.Webhooks = svc
	a.Events.Sink = deliverySink{svc}
	a.deliveryMetrics(svc)
	return nil
}

// deliveryMetrics reports the registry's work on /metrics.
func (a *App) deliveryMetrics(svc *delivery.Service) {
	m := a.Metrics
	m.CounterFunc("hookflow_deliveries_delivered_total", "Outbound deliveries this process sent successfully (a 2xx answer).",
		func() uint64 { return svc.Stats().Delivered })
	m.CounterFunc("hookflow_deliveries_failed_total", "Outbound deliveries this process ended as failed (out of attempts, refused for good, webhook deleted).",
		func() uint64 { return svc.Stats().Failed })
	m.CounterFunc("hookflow_deliveries_retried_total", "Failed delivery attempts of this process after which another attempt was scheduled.",
		func() uint64 { return svc.Stats().Retried })
	m.Gauge("hookflow_deliveries_held", "Outbound deliveries this process holds (waiting for a worker or being sent).",
		func() float64 { return float64(svc.Held()) })
	m.Gauge("hookflow_deliveries_queued", "Outbound deliveries this process holds that wait for a worker.",
		func() float64 { return float64(svc.Queued()) })
}

// isChannel reports whether number is one of the installation's channels.
func (a *App) isChannel(ctx context.Context, number string) (bool, error) {
	list, err := a.Store.ListChannels(ctx)
	if err != nil {
		return false, err
	}
	want := event.NormalizeChannel(number)
	for _, c := range list {
		if c.Number == want || c.Number == number {
			return true, nil
		}
	}
	return false, nil
}

// deliverySink adapts the registry to the ingest's Sink.
type deliverySink struct{ s *delivery.Service }

func (d deliverySink) Deliver(ctx context.Context, ev *store.Event) (int, error) {
	return d.s.Deliver(ctx, delivery.Event{ID: ev.ID, Type: ev.Type, Channel: ev.Channel, Data: ev.Data, ReceivedAt: ev.ReceivedAt})
}
