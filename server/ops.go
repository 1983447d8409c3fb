package server

import (
	"bytes"
	"context"
	_ "embed"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hookflow/hookflow/store"
)

//go:embed openapi.yaml
var openapiYAML []byte

//go:embed index.html
var indexHTML []byte

func (h *handlers) index(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(indexHTML)
}

func (h *handlers) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok", "version": h.d.Version})
}

// readyz answers 200 only when the store answers.
func (h *handlers) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := h.d.Ping(ctx); err != nil {
		h.d.Log.Warn("store not ready", "error", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "message": "the store does not answer"})
	}
	return c.JSON(fiber.Map{"status": "ready"})
}

func (h *handlers) metrics(c *fiber.Ctx) error {
	var b bytes.Buffer
	h.d.Metrics.WriteText(&b)
	c.Set(fiber.HeaderContentType, "text/plain; version=0.0.4; charset=utf-8")
	return c.Send(b.Bytes())
}

func (h *handlers) openapi(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "application/yaml")
	return c.Send(openapiYAML)
}

func (h *handlers) nodeTypes(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"items": h.d.Registry.All()})
}

func (h *handlers) listKeys(c *fiber.Ctx) error {
	keys, err := h.d.Keys.Store.ListKeys(c.UserContext())
	if err != nil {
		return err
	}
	if keys == nil {
		keys = []*store.APIKey{}
	}
	return c.JSON(fiber.Map{"items": keys})
}

// requireAdmin lets only admin keys through: they alone make and revoke
// API keys, so a key given to a script cannot mint others or lock people out.
func (h *handlers) requireAdmin(c *fiber.Ctx) error {
	if current, _ := c.Locals(localKey).(*store.APIKey); current == nil || !current.Admin {
		return errorf(fiber.StatusForbidden, "admin_only",
			"only an admin key can make or revoke API keys; the key in use is not an admin key")
	}
	return c.Next()
}

type createKeyRequest struct {
	Name  string `json:"name"`
	Admin bool   `json:"admin"`
}

// createKey answers with the new key, the only time it is shown.
func (h *handlers) createKey(c *fiber.Ctx) error {
	var in createKeyRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	key, rec, err := h.d.Keys.Create(c.UserContext(), in.Name, in.Admin)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"key": key, "apiKey": rec,
		"message": "store this key now: it is not shown again"})
}

func (h *handlers) deleteKey(c *fiber.Ctx) error {
	current, _ := c.Locals(localKey).(*store.APIKey)
	if current != nil && current.ID == c.Params("id") {
		return errorf(fiber.StatusConflict, "own_key", "a key cannot delete itself; use another key")
	}
	if err := h.d.Keys.Store.DeleteKey(c.UserContext(), c.Params("id")); err != nil {
		return err
	}
	h.d.Keys.Forget()
	return c.SendStatus(fiber.StatusNoContent)
}
