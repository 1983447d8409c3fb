package server

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hookflow/hookflow/engine/intake"
	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

func (h *handlers) listRuns(c *fiber.Ctx) error {
	f := runs.Filter{FlowID: c.Query("flowId"), Status: runs.Status(c.Query("status")), Q: c.Query("q"), Cursor: c.Query("cursor")}
	var err error
	if f.From, err = timeParam(c, "from"); err != nil {
		return err
	}
	if f.To, err = timeParam(c, "to"); err != nil {
		return err
	}
	if s := c.Query("limit"); s != "" {
		if f.Limit, err = strconv.Atoi(s); err != nil || f.Limit < 1 || f.Limit > 500 {
			return errorf(fiber.StatusBadRequest, "bad_limit", "limit must be a whole number from 1 to 500")
		}
	}
	switch f.Status {
	case "", runs.StatusQueued, runs.StatusRunning, runs.StatusWaiting, runs.StatusSucceeded, runs.StatusFailed, runs.StatusCanceled:
	default:
		return errorf(fiber.StatusBadRequest, "bad_status", "status must be queued, running, waiting, succeeded, failed or canceled")
	}
	items, next, err := h.d.Runs.ListRuns(c.UserContext(), f)
	if errors.Is(err, store.ErrBadCursor) {
		return errorf(fiber.StatusBadRequest, "bad_cursor", "the cursor is not one this server made; start again without it")
	}
	if err != nil {
		return err
	}
	if items == nil {
		items = []*runs.Run{}
	}
	return c.JSON(fiber.Map{"items": items, "next": next})
}

func timeParam(c *fiber.Ctx, name string) (time.Time, error) {
	s := c.Query(name)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, errorf(fiber.StatusBadRequest, "bad_time", "%s must be an RFC 3339 time such as 2026-01-02T15:04:05Z", name)
	}
	return t, nil
}

func (h *handlers) getRun(c *fiber.Ctx) error {
	r, err := h.d.Runs.GetRun(c.UserContext(), c.Params("id"))
	if err != nil {
		return runErr(c, err)
	}
	return c.JSON(r)
}

type replayRequest struct {
	Version  string `json:"version"`
	FromNode string `json:"fromNode"`
}

func (h *handlers) replayRun(c *fiber.Ctx) error {
	var in replayRequest
	if len(c.Body()) > 0 {
		if err := decode(c, &in); err != nil {
			return err
		}
	}
	r, err := h.d.Intake.Replay(c.UserContext(), c.Params("id"), in.Version, in.FromNode)
	if err != nil {
		return runErr(c, err)
	}
	return c.Status(fiber.StatusAccepted).JSON(r)
}

func (h *handlers) resumeRun(c *fiber.Ctx) error {
	r, err := h.d.Intake.Resume(c.UserContext(), c.Params("id"))
	if err != nil {
		return runErr(c, err)
	}
	return c.Status(fiber.StatusAccepted).JSON(r)
}

func (h *handlers) cancelRun(c *fiber.Ctx) error {
	r, err := h.d.Intake.Cancel(c.UserContext(), c.Params("id"), h.d.CancelRun)
	if err != nil {
		return runErr(c, err)
	}
	return c.Status(fiber.StatusAccepted).JSON(r)
}

func runErr(c *fiber.Ctx, err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errorf(fiber.StatusNotFound, "run_not_found", "there is no run with id %q", c.Params("id"))
	case errors.Is(err, intake.ErrConflict):
		return errorf(fiber.StatusConflict, "conflict", "%s", err.Error())
	}
	return err
}
