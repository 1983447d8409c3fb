package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/hookflow/hookflow/nodes/event"
	"github.com/hookflow/hookflow/store"
)

// listDeliveries serves the delivery log, newest first, one page at a
// time; eventType takes the aliases the catalog takes.
func (h *handlers) listDeliveries(c *fiber.Ctx) error {
	f := store.DeliveryFilter{SubscriptionID: c.Query("subscriptionId"), Status: store.DeliveryStatus(c.Query("status")),
		EventType: c.Query("eventType"), Cursor: c.Query("cursor")}
	if canonical, ok := event.Canonical(f.EventType); ok {
		f.EventType = canonical
	}
	if s := c.Query("limit"); s != "" {
		var err error
		if f.Limit, err = strconv.Atoi(s); err != nil || f.Limit < 1 || f.Limit > store.MaxPageSize {
			return errorf(fiber.StatusBadRequest, "bad_limit", "limit must be a whole number from 1 to %d", store.MaxPageSize)
		}
	}
	items, next, err := h.d.Webhooks.Deliveries(c.UserContext(), f)
	if err != nil {
		return webhookErr(err)
	}
	return c.JSON(fiber.Map{"items": items, "next": next})
}

func (h *handlers) getDelivery(c *fiber.Ctx) error {
	d, err := h.d.Webhooks.Delivery(c.UserContext(), c.Params("id"))
	if err != nil {
		return webhookErr(err)
	}
	return c.JSON(d)
}

// redeliver sends a delivery again now: 202 with the delivery.
func (h *handlers) redeliver(c *fiber.Ctx) error {
	d, err := h.d.Webhooks.Redeliver(c.UserContext(), c.Params("id"))
	if err != nil {
		return webhookErr(err)
	}
	return c.Status(fiber.StatusAccepted).JSON(d)
}
