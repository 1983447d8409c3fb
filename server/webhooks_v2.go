package server

import (
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/hookflow/hookflow/delivery"
	"github.com/hookflow/hookflow/internal/apikey"
)

// registerWebhooks adds the outbound webhook registry: the registration
// API of seed 001 under /v2, which answers errors in that seed's shape,
// and the delivery log under /api. The studio manages the registry through
// /api/webhooks: the same handlers and bodies, the /api error shape, and
// the /api key check, which also takes the studio's session cookie. /v2
// takes only a key in the Authorization header, as third parties send it.
func (h *handlers) registerWebhooks(app *fiber.App, api fiber.Router) {
	v2 := app.Group("/v2", h.seedErrors, h.limitBody(h.d.MaxAPIBody), h.requireSeedKey, h.requireWebhooks)
	v2.Post("/webhook/register", h.registerWebhook)
	v2.Get("/webhook", h.listWebhooks)
	v2.Get("/webhook/:id", h.getWebhook)
	v2.Put("/webhook/:id", h.updateWebhook)
	v2.Delete("/webhook/:id", h.deleteWebhook)
	v2.Post("/webhook/:id/pause", h.pauseWebhook)
	v2.Post("/webhook/:id/resume", h.resumeWebhook)
	v2.Post("/webhook/:id/rotate-secret", h.rotateWebhookSecret)
	v2.Post("/webhook/:id/redeliver-failed", h.redeliverFailed)

	studio := func(method, path string, handler fiber.Handler) {
		api.Add(method, path, h.requireWebhooks, apiWebhookErrors, handler)
	}
	studio(fiber.MethodGet, "/webhooks", h.listWebhooks)
	studio(fiber.MethodPost, "/webhooks", h.registerWebhook)
	studio(fiber.MethodGet, "/webhooks/:id", h.getWebhook)
	studio(fiber.MethodPut, "/webhooks/:id", h.updateWebhook)
	studio(fiber.MethodDelete, "/webhooks/:id", h.deleteWebhook)
	studio(fiber.MethodPost, "/webhooks/:id/pause", h.pauseWebhook)
	studio(fiber.MethodPost, "/webhooks/:id/resume", h.resumeWebhook)
	studio(fiber.MethodPost, "/webhooks/:id/rotate-secret", h.rotateWebhookSecret)
	studio(fiber.MethodPost, "/webhooks/:id/redeliver-failed", h.redeliverFailed)

	api.Get("/deliveries", h.requireWebhooks, h.listDeliveries)
	api.Get("/deliveries/:id", h.requireWebhooks, h.getDelivery)
	api.Post("/deliveries/:id/redeliver", h.requireWebhooks, h.redeliver)
}

// seedError is the error shape of the registration API (seed 001).
type seedError struct {
	Message    string `json:"message"`
	Error      string `json:"error"`
	StatusCode int    `json:"statusCode"`
}

// seedErrors renders the errors of the routes after it as the seed does:
// {"message", "error", "statusCode"}. The request id of the log line goes
// in the X-Request-Id header, since the shape has no room for it.
func (h *handlers) seedErrors(c *fiber.Ctx) error {
	err := c.Next()
	if err == nil {
		return nil
	}
	he := webhookErr(err)
	var fe *fiber.Error
	if errors.As(err, &fe) && fe.Code == fiber.StatusNotFound {
		he.Message = "Cannot " + c.Method() + " " + c.Path()
	}
	c.Set("X-Request-Id", logFailure(c, h.d.Log, he))
	return c.Status(he.Status).JSON(seedError{Message: he.Message, Error: http.StatusText(he.Status), StatusCode: he.Status})
}

// webhookErr maps the errors of the registry to what the caller sees.
func webhookErr(err error) *Error {
	var de *delivery.Error
	if errors.As(err, &de) {
		return &Error{Status: de.Status, Code: codes[de.Status], Message: de.Message, Err: de.Err}
	}
	return toHTTP(err)
}

// apiWebhookErrors renders the registry's errors of the routes after it in
// the /api shape.
func apiWebhookErrors(c *fiber.Ctx) error {
	if err := c.Next(); err != nil {
		return webhookErr(err)
	}
	return nil
}

// codes name the statuses of *delivery.Error in the /api error shape.
var codes = map[int]string{
	fiber.StatusBadRequest:          "bad_request",
	fiber.StatusNotFound:            "not_found",
	fiber.StatusConflict:            "conflict",
	fiber.StatusUnprocessableEntity: "invalid",
}

// requireSeedKey lets a request through only with a valid API key, sent
// bare or as a bearer token, and answers the seed's 401 otherwise.
func (h *handlers) requireSeedKey(c *fiber.Ctx) error {
	key, err := h.d.Keys.Authenticate(c.UserContext(), c.Get(fiber.HeaderAuthorization))
	if errors.Is(err, apikey.ErrInvalid) {
		return &Error{Status: fiber.StatusUnauthorized, Code: "unauthorized", Message: "Invalid public api key"}
	}
	if err != nil {
		return err
	}
	c.Locals(localKey, key)
	return c.Next()
}

// requireWebhooks answers 503 in a process built without the registry.
func (h *handlers) requireWebhooks(c *fiber.Ctx) error {
	if h.d.Webhooks == nil {
		return errorf(fiber.StatusServiceUnavailable, "unavailable", "outbound webhooks are not enabled in this process")
	}
	return c.Next()
}

func (h *handlers) registerWebhook(c *fiber.Ctx) error {
	r, err := delivery.ParseRegistration(c.Body())
	if err != nil {
		return err
	}
	out, err := h.d.Webhooks.Register(c.UserContext(), r)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (h *handlers) listWebhooks(c *fiber.Ctx) error {
	list, err := h.d.Webhooks.List(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": list})
}

func (h *handlers) getWebhook(c *fiber.Ctx) error {
	w, err := h.d.Webhooks.Get(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(w)
}

func (h *handlers) updateWebhook(c *fiber.Ctx) error {
	r, err := delivery.ParseRegistration(c.Body())
	if err != nil {
		return err
	}
	out, err := h.d.Webhooks.Update(c.UserContext(), c.Params("id"), r)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (h *handlers) deleteWebhook(c *fiber.Ctx) error {
	if err := h.d.Webhooks.Delete(c.UserContext(), c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *handlers) pauseWebhook(c *fiber.Ctx) error {
	w, err := h.d.Webhooks.Pause(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(w)
}

func (h *handlers) resumeWebhook(c *fiber.Ctx) error {
	w, err := h.d.Webhooks.Resume(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(w)
}

func (h *handlers) rotateWebhookSecret(c *fiber.Ctx) error {
	out, err := h.d.Webhooks.RotateSecret(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (h *handlers) redeliverFailed(c *fiber.Ctx) error {
	n, err := h.d.Webhooks.RedeliverFailed(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"redelivered": n})
}
