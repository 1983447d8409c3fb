package server

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/flows/flowsvc"
)

// registerCredentials adds the credential routes. Answers never hold a
// secret value: only whether each secret field is set.
func (h *handlers) registerCredentials(api fiber.Router) {
	api.Get("/credential-types", h.credentialTypes)
	api.Get("/credentials", h.listCredentials)
	api.Post("/credentials", h.createCredential)
	api.Get("/credentials/:id", h.getCredential)
	api.Get("/credentials/:id/uses", h.credentialUses)
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

// credentialUses lists the flows whose steps name a credential.
func (h *handlers) credentialUses(c *fiber.Ctx) error {
	uses, err := h.usesOf(c)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": uses})
}

// usesOf answers 404 for an unknown credential, else the flows using it.
func (h *handlers) usesOf(c *fiber.Ctx) ([]flowsvc.CredentialUse, error) {
	if _, err := h.d.Credentials.Get(c.UserContext(), c.Params("id")); err != nil {
		return nil, credentialErr(c, err)
	}
	uses, err := h.d.Flows.CredentialUses(c.UserContext(), c.Params("id"))
	if uses == nil {
		uses = []flowsvc.CredentialUse{}
	}
	return uses, err
}

// deleteCredential refuses to delete a credential that flows use, naming
// them, unless force=true: their steps would fail at their next run.
func (h *handlers) deleteCredential(c *fiber.Ctx) error {
	if c.Query("force") != "true" {
		uses, err := h.usesOf(c)
		if err != nil {
			return err
		}
		if len(uses) > 0 {
			return errorf(fiber.StatusConflict, "credential_in_use",
				"the credential is used by %s; give those steps another credential first, or delete it anyway with force=true",
				describeUses(uses))
		}
	}
	if err := h.d.Credentials.Delete(c.UserContext(), c.Params("id")); err != nil {
		return credentialErr(c, err)
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// describeUses names flows and their steps: flow "A" (step crm), ...
func describeUses(uses []flowsvc.CredentialUse) string {
	parts := make([]string, len(uses))
	for i, u := range uses {
		word := "step"
		if len(u.Steps) > 1 {
			word = "steps"
		}
		parts[i] = fmt.Sprintf("flow %q (%s %s)", u.FlowName, word, strings.Join(u.Steps, ", "))
	}
	return strings.Join(parts, ", ")
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
