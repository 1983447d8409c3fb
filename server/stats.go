package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/hookflow/hookflow/stats"
)

func (h *handlers) registerStats(api fiber.Router) {
	api.Get("/stats/flows", h.flowStats)
	api.Get("/stats/webhooks", h.webhookStats)
	api.Get("/stats/summary", h.flowSummary)
}

// flowStats serves the runs per hour, totals and duration percentiles of
// every flow, or of the one flowId names.
func (h *handlers) flowStats(c *fiber.Ctx) error {
	w, err := windowParam(c)
	if err != nil {
		return err
	}
	id := c.Query("flowId")
	rep, err := h.d.Stats.Flows(c.UserContext(), w, id)
	if isNotFound(err) {
		return errorf(fiber.StatusNotFound, "flow_not_found", "there is no flow with id %q", id)
	}
	if err != nil {
		return err
	}
	return c.JSON(rep)
}

// webhookStats serves the deliveries per hour and success rate of every
// outbound webhook.
func (h *handlers) webhookStats(c *fiber.Ctx) error {
	w, err := windowParam(c)
	if err != nil {
		return err
	}
	rep, err := h.d.Stats.Webhooks(c.UserContext(), w)
	if err != nil {
		return err
	}
	return c.JSON(rep)
}

// flowSummary serves each flow's newest run and its counts since the start
// of the caller's day.
func (h *handlers) flowSummary(c *fiber.Ctx) error {
	since, err := timeParam(c, "since")
	if err != nil {
		return err
	}
	sum, err := h.d.Stats.Summary(c.UserContext(), since)
	if errors.Is(err, stats.ErrBadSince) {
		return errorf(fiber.StatusBadRequest, "bad_since",
			"since must be a time within the last %.0f hours, such as the start of today; leave it out for the start of today in UTC", stats.MaxSince.Hours())
	}
	if err != nil {
		return err
	}
	return c.JSON(sum)
}

func windowParam(c *fiber.Ctx) (stats.Window, error) {
	w, err := stats.ParseWindow(c.Query("window"))
	if err != nil {
		return w, errorf(fiber.StatusBadRequest, "bad_window",
			"window must be 24h (the last 24 hours) or 7d (the last 7 days), not %q", c.Query("window"))
	}
	return w, nil
}
