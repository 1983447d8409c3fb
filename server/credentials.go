package server

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/flows"
)

// registerCredentials adds the credential routes. Answers never hold a
// secret value: only whether each secret field is set.
func (h *handlers) registerCredentials(api fiber.Router) {
	api.Get("/credential-types", h.credentialTypes)
	api.Get("/credentials", h.listCredentials)
	api.Post("/credentials", h.createCredential)
	api.Get("/credentials/:id", h.getCredential)
	api.Put("/credentials/:id", h.updateCredential)
	api.Delete("/credentials/:id", h.deleteCredential)
}

func (h *handlers) credentialTypes(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"items": credentials.Types()})
}

func (h *handlers) listCredentials(c *fiber.Ctx) error {
	list, err := h.d.Credentials.List(c.UserContext())
	if err != nil {
		return credentialErr(c, err)
	}
	if list == nil {
		list = []*credentials.View{}
	}
	return c.JSON(fiber.Map{"items": list})
}

func (h *handlers) createCredential(c *fiber.Ctx) error {
	var in credentials.Input
	if err := decode(c, &in); err != nil {
		return err
	}
	v, err := h.d.Credentials.Create(c.UserContext(), in)
	if err != nil {
		return credentialErr(c, err)
	}
	return c.Status(fiber.StatusCreated).JSON(v)
}

func (h *handlers) getCredential(c *fiber.Ctx) error {
	v, err := h.d.Credentials.Get(c.UserContext(), c.Params("id"))
	if err != nil {
		return credentialErr(c, err)
	}
	return c.JSON(v)
}

func (h *handlers) updateCredential(c *fiber.Ctx) error {
	var in credentials.Input
	if err := decode(c, &in); err != nil {
		return err
	}
	v, err := h.d.Credentials.Update(c.UserContext(), c.Params("id"), in)
	if err != nil {
		return credentialErr(c, err)
	}
	return c.JSON(v)
}

func (h *handlers) deleteCredential(c *fiber.Ctx) error {
	if err := h.d.Credentials.Delete(c.UserContext(), c.Params("id")); err != nil {
		return credentialErr(c, err)
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// credentialErr renders the credential service's errors: every input
// problem at once, pinned to its field.
func credentialErr(c *fiber.Ctx, err error) error {
	var ve *credentials.ValidationError
	switch {
	case errors.As(err, &ve):
		problems := make([]flows.Problem, len(ve.Problems))
		msgs := make([]string, len(ve.Problems))
		for i, p := range ve.Problems {
			problems[i] = flows.Problem{Field: p.Field, Message: p.Message}
			msgs[i] = p.Field + ": " + p.Message
		}
		return &Error{Status: fiber.StatusBadRequest, Code: "invalid_credential",
			Message: "the credential has problems: " + strings.Join(msgs, "; "), Problems: problems}
	case errors.Is(err, credentials.ErrNotFound):
		return errorf(fiber.StatusNotFound, "credential_not_found", "there is no credential with id %q", c.Params("id"))
	case errors.Is(err, credentials.ErrConflict):
		return errorf(fiber.StatusConflict, "conflict", "a credential with this id exists already")
	}
	return err
}
