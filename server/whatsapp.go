package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/hookflow/hookflow/events/ingest"
	"github.com/hookflow/hookflow/events/whatsapp"
)

// whatsappHandshake answers Meta's verification request with the
// challenge, as plain text.
func (h *handlers) whatsappHandshake(c *fiber.Ctx) error {
	challenge, err := h.d.WhatsApp.Handshake(c.Query("hub.mode"), c.Query("hub.verify_token"), c.Query("hub.challenge"))
	if err != nil {
		return whatsappErr(err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
	return c.SendString(challenge)
}

// whatsappWebhook turns a signed Cloud API webhook into platform events,
// each stored and fanned out before the answer.
func (h *handlers) whatsappWebhook(c *fiber.Ctx) error {
	results, err := h.d.WhatsApp.Receive(c.UserContext(), c.Body(), c.Get("X-Hub-Signature-256"))
	if err != nil {
		return whatsappErr(err)
	}
	return c.JSON(fiber.Map{"events": len(results)})
}

// whatsappErr maps the adapter's errors.
func whatsappErr(err error) error {
	switch {
	case errors.Is(err, ingest.ErrNotConfigured):
		return errorf(fiber.StatusNotFound, "not_configured", "%s", err.Error())
	case errors.Is(err, ingest.ErrBadHandshake):
		return errorf(fiber.StatusForbidden, "bad_handshake", "%s", err.Error())
	case errors.Is(err, ingest.ErrBadSignature):
		return errorf(fiber.StatusUnauthorized, "bad_signature", "%s", err.Error())
	case errors.Is(err, whatsapp.ErrMalformed), errors.Is(err, whatsapp.ErrNotWhatsApp):
		return errorf(fiber.StatusBadRequest, "bad_webhook", "%s", err.Error())
	case errors.Is(err, ingest.ErrUnavailable):
		return &Error{Status: fiber.StatusServiceUnavailable, Code: "unavailable", Message: ingest.ErrUnavailable.Error(), Err: err}
	}
	return err
}
