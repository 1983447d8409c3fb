package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/hookflow/hookflow/events/channels"
	"github.com/hookflow/hookflow/store"
)

func (h *handlers) listChannels(c *fiber.Ctx) error {
	list, err := h.d.Channels.List(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": list})
}

func (h *handlers) createChannel(c *fiber.Ctx) error {
	var in channels.Input
	if err := decode(c, &in); err != nil {
		return err
	}
	ch, err := h.d.Channels.Create(c.UserContext(), in)
	switch {
	case errors.Is(err, channels.ErrInvalid):
		return errorf(fiber.StatusBadRequest, "invalid_channel", "%s", err.Error())
	case errors.Is(err, store.ErrConflict):
		return errorf(fiber.StatusConflict, "channel_exists", "a channel with this number exists already: %s", err.Error())
	case err != nil:
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(ch)
}

func (h *handlers) deleteChannel(c *fiber.Ctx) error {
	err := h.d.Channels.Delete(c.UserContext(), c.Params("number"))
	if errors.Is(err, store.ErrNotFound) {
		return errorf(fiber.StatusNotFound, "channel_not_found", "there is no channel with number %q", c.Params("number"))
	}
	if err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
