package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/hookflow/hookflow/events/catalog"
	"github.com/hookflow/hookflow/events/ingest"
	"github.com/hookflow/hookflow/flows"
)

// registerEvents adds the routes of the event catalog, event ingest,
// channels and the WhatsApp Cloud API adapter. The adapter's routes are
// outside /api: Meta authenticates by the verify token and the signature.
func (h *handlers) registerEvents(app *fiber.App, api fiber.Router) {
	api.Get("/event-types", h.eventTypes)
	api.Post("/events", h.postEvent)
	api.Get("/channels", h.listChannels)
	api.Post("/channels", h.createChannel)
	api.Delete("/channels/:number", h.deleteChannel)
	wa := app.Group("/whatsapp", h.limitBody(h.d.MaxAPIBody))
	wa.Get("/webhook", h.whatsappHandshake)
	wa.Post("/webhook", h.whatsappWebhook)
}

func (h *handlers) eventTypes(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"items": catalog.All()})
}

// postEvent ingests one platform event: 202 with what it started, or 200
// with the first one's result for a repeat of its id.
func (h *handlers) postEvent(c *fiber.Ctx) error {
	var in ingest.Input
	if err := decode(c, &in); err != nil {
		return err
	}
	res, err := h.d.Events.FromAPI(c.UserContext(), in)
	if err != nil {
		return eventErr(err)
	}
	status := fiber.StatusAccepted
	if res.Duplicate {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(res)
}

// eventErr maps the errors of event ingest; the catalog's problems are
// listed like a flow's, with the path as the field.
func eventErr(err error) error {
	var ve *catalog.ValidationError
	switch {
	case errors.Is(err, ingest.ErrBadEvent):
		return errorf(fiber.StatusBadRequest, "bad_event", "%s", err.Error())
	case errors.Is(err, catalog.ErrUnknownType):
		return errorf(fiber.StatusUnprocessableEntity, "unknown_event_type", "%s", err.Error())
	case errors.As(err, &ve):
		e := errorf(fiber.StatusUnprocessableEntity, "invalid_event", "%s", ve.Error())
		for _, p := range ve.Problems {
			e.Problems = append(e.Problems, flows.Problem{Field: p.Path, Message: p.Message})
		}
		return e
	case errors.Is(err, ingest.ErrUnavailable):
		return errorf(fiber.StatusServiceUnavailable, "unavailable", "%s", err.Error())
	}
	return err
}
