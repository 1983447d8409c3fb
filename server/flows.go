package server

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/store"
)

func (h *handlers) listFlows(c *fiber.Ctx) error {
	list, err := h.d.Flows.List(c.UserContext())
	if err != nil {
		return err
	}
	if list == nil {
		list = []*flows.Flow{}
	}
	return c.JSON(fiber.Map{"items": list})
}

func (h *handlers) createFlow(c *fiber.Ctx) error {
	var in flows.Flow
	if err := decode(c, &in); err != nil {
		return err
	}
	f, err := h.d.Flows.Create(c.UserContext(), &in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(f)
}

func (h *handlers) getFlow(c *fiber.Ctx) error {
	f, err := h.d.Flows.Get(c.UserContext(), c.Params("id"))
	if err != nil {
		return flowErr(c, err)
	}
	return c.JSON(f)
}

func (h *handlers) updateFlow(c *fiber.Ctx) error {
	var in flows.Flow
	if err := decode(c, &in); err != nil {
		return err
	}
	f, err := h.d.Flows.Update(c.UserContext(), c.Params("id"), &in)
	if err != nil {
		return flowErr(c, err)
	}
	return c.JSON(f)
}

func (h *handlers) deleteFlow(c *fiber.Ctx) error {
	if err := h.d.Flows.Delete(c.UserContext(), c.Params("id")); err != nil {
		return flowErr(c, err)
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *handlers) validateFlow(c *fiber.Ctx) error {
	problems, err := h.d.Flows.Validate(c.UserContext(), c.Params("id"))
	if err != nil {
		return flowErr(c, err)
	}
	if problems == nil {
		problems = []flows.Problem{}
	}
	return c.JSON(fiber.Map{"valid": len(problems) == 0, "problems": problems})
}

func (h *handlers) publishFlow(c *fiber.Ctx) error {
	f, err := h.d.Flows.Publish(c.UserContext(), c.Params("id"))
	if err != nil {
		return flowErr(c, err)
	}
	return c.JSON(f)
}

func (h *handlers) activateFlow(c *fiber.Ctx) error {
	f, err := h.d.Flows.Activate(c.UserContext(), c.Params("id"))
	if err != nil {
		return flowErr(c, err)
	}
	return c.JSON(f)
}

func (h *handlers) pauseFlow(c *fiber.Ctx) error {
	f, err := h.d.Flows.Pause(c.UserContext(), c.Params("id"))
	if err != nil {
		return flowErr(c, err)
	}
	return c.JSON(f)
}

func (h *handlers) listVersions(c *fiber.Ctx) error {
	list, err := h.d.Flows.Versions(c.UserContext(), c.Params("id"))
	if err != nil {
		return flowErr(c, err)
	}
	if list == nil {
		list = []flows.VersionInfo{}
	}
	return c.JSON(fiber.Map{"items": list})
}

func (h *handlers) getVersion(c *fiber.Ctx) error {
	n, err := versionParam(c)
	if err != nil {
		return err
	}
	v, err := h.d.Flows.Version(c.UserContext(), c.Params("id"), n)
	if err != nil {
		return versionErr(c, n, err)
	}
	return c.JSON(v)
}

func (h *handlers) restoreVersion(c *fiber.Ctx) error {
	n, err := versionParam(c)
	if err != nil {
		return err
	}
	f, err := h.d.Flows.Restore(c.UserContext(), c.Params("id"), n)
	if err != nil {
		return versionErr(c, n, err)
	}
	return c.JSON(f)
}

func versionParam(c *fiber.Ctx) (int, error) {
	n, err := strconv.Atoi(c.Params("n"))
	if err != nil || n < 1 {
		return 0, errorf(fiber.StatusBadRequest, "bad_version", "version %q must be a whole number from 1", c.Params("n"))
	}
	return n, nil
}

// flowErr names the flow in a not-found answer.
func flowErr(c *fiber.Ctx, err error) error {
	if isNotFound(err) {
		return errorf(fiber.StatusNotFound, "flow_not_found", "there is no flow with id %q", c.Params("id"))
	}
	return err
}

func versionErr(c *fiber.Ctx, n int, err error) error {
	if isNotFound(err) {
		return errorf(fiber.StatusNotFound, "version_not_found", "flow %q has no version %d", c.Params("id"), n)
	}
	return err
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
