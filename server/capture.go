package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/hookflow/hookflow/engine/capture"
	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/store"
)

// Bounds of a capture's wait.
const (
	defaultCaptureWait = 30 * time.Second
	maxCaptureWait     = 120 * time.Second
	// sseHeartbeat is how often a waiting SSE capture sends a comment,
	// so that proxies keep the connection open.
	sseHeartbeat = 10 * time.Second
)

// registerCapture adds the routes of the inbox, Capture Response, samples
// and test steps.
func (h *handlers) registerCapture(api fiber.Router) {
	api.Post("/flows/:id/nodes/:nodeId/capture", h.captureRequest)
	api.Get("/flows/:id/nodes/:nodeId/inbox", h.inbox)
	api.Put("/flows/:id/nodes/:nodeId/sample", h.setSample)
	api.Post("/flows/:id/nodes/:nodeId/test", h.testStep)
	api.Get("/flows/:id/samples", h.samples)
}

// captureRequest waits for the next request to a trigger: a long poll,
// or an SSE stream when the client accepts text/event-stream.
func (h *handlers) captureRequest(c *fiber.Ctx) error {
	wait, err := waitParam(c.Query("wait"))
	if err != nil {
		return err
	}
	sample := c.Query("sample") != "false"
	// Copies: the parameters point into the request's buffer, which the
	// connection reuses while an SSE capture is still streaming.
	capt, err := h.d.Capture.Begin(c.UserContext(), utils.CopyString(c.Params("id")), utils.CopyString(c.Params("nodeId")))
	if err != nil {
		return captureErr(c, err)
	}
	if strings.Contains(c.Get(fiber.HeaderAccept), "text/event-stream") {
		h.streamCapture(c, capt, wait, sample)
		return nil
	}
	defer capt.Close()
	ctx, stop := h.untilShutdown(c.UserContext())
	defer stop()
	e, err := capt.Wait(ctx, wait, sample)
	switch {
	case errors.Is(context.Cause(ctx), errShuttingDown):
		return errorf(fiber.StatusServiceUnavailable, "shutting_down", "the capture stopped: %v", errShuttingDown)
	case err != nil:
		return err
	case e == nil:
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.JSON(e)
}

// waitParam reads ?wait: a duration ("30s", "2m") or whole seconds.
func waitParam(s string) (time.Duration, error) {
	if s == "" {
		return defaultCaptureWait, nil
	}
	d, err := time.ParseDuration(s)
	if n, nerr := strconv.Atoi(s); nerr == nil {
		d, err = time.Duration(n)*time.Second, nil
	}
	if err != nil || d <= 0 || d > maxCaptureWait {
		return 0, errorf(fiber.StatusBadRequest, "bad_wait", "wait must be a duration up to %s, such as 30s; got %q", maxCaptureWait, s)
	}
	return d, nil
}

// streamCapture answers with an SSE stream: a comment at once and every
// sseHeartbeat while it waits, then one event, "request" with the entry,
// "timeout" or "error", and the end of the stream. A client that hangs
// up ends the wait at the next heartbeat.
func (h *handlers) streamCapture(c *fiber.Ctx, capt *capture.Capture, wait time.Duration, sample bool) {
	c.Set(fiber.HeaderContentType, "text/event-stream")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set("X-Accel-Buffering", "no")
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer capt.Close()
		ctx, cancel := h.untilShutdown(context.Background())
		defer cancel()
		type result struct {
			e   *store.InboxEntry
			err error
		}
		done := make(chan result, 1)
		go func() {
			e, err := capt.Wait(ctx, wait, sample)
			done <- result{e, err}
		}()
		beat := time.NewTicker(sseHeartbeat)
		defer beat.Stop()
		for comment := "waiting for the next request"; ; comment = "still waiting" {
			if _, err := fmt.Fprintf(w, ": %s\n\n", comment); err != nil || w.Flush() != nil {
				return
			}
			select {
			case r := <-done:
				if errors.Is(context.Cause(ctx), errShuttingDown) {
					r.err = errShuttingDown
				}
				writeCaptureEvent(w, r.e, r.err, wait)
				return
			case <-beat.C:
			}
		}
	})
}

// writeCaptureEvent writes the one event that ends a capture stream.
func writeCaptureEvent(w *bufio.Writer, e *store.InboxEntry, err error, wait time.Duration) {
	name, data := "request", any(e)
	switch {
	case err != nil:
		name, data = "error", fiber.Map{"message": "the capture stopped: " + err.Error()}
	case e == nil:
		name, data = "timeout", fiber.Map{"message": fmt.Sprintf("no request came within %s", wait)}
	}
	b, _ := json.Marshal(data)
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, b)
	_ = w.Flush()
}

func (h *handlers) inbox(c *fiber.Ctx) error {
	list, err := h.d.Capture.Inbox(c.UserContext(), c.Params("id"), c.Params("nodeId"))
	if err != nil {
		return captureErr(c, err)
	}
	return c.JSON(fiber.Map{"items": list})
}

func (h *handlers) setSample(c *fiber.Ctx) error {
	var in capture.SampleInput
	if err := decode(c, &in); err != nil {
		return err
	}
	sm, err := h.d.Capture.SetSample(c.UserContext(), c.Params("id"), c.Params("nodeId"), in)
	if err != nil {
		return captureErr(c, err)
	}
	return c.JSON(sm)
}

// testInput is the optional body of a test step: the nodes and edges of
// the flow as edited, to test in place of the saved draft's.
type testInput struct {
	Nodes []flows.Node `json:"nodes"`
	Edges []flows.Edge `json:"edges"`
}

func (h *handlers) testStep(c *fiber.Ctx) error {
	var in testInput
	if len(c.Body()) > 0 {
		if err := decode(c, &in); err != nil {
			return err
		}
	}
	opt := capture.TestOptions{Nodes: in.Nodes, Edges: in.Edges, Preview: c.Query("sample") == "false"}
	st, err := h.d.Capture.TestStep(c.UserContext(), c.Params("id"), c.Params("nodeId"), opt)
	if err != nil {
		return captureErr(c, err)
	}
	return c.JSON(st)
}

func (h *handlers) samples(c *fiber.Ctx) error {
	m, err := h.d.Capture.Samples(c.UserContext(), c.Params("id"))
	if err != nil {
		return flowErr(c, err)
	}
	return c.JSON(fiber.Map{"samples": m})
}

// captureErr maps the errors of the capture use cases.
func captureErr(c *fiber.Ctx, err error) error {
	var ve *flows.ValidationError
	switch {
	case errors.Is(err, capture.ErrNoNode):
		return errorf(fiber.StatusNotFound, "node_not_found", "flow %q has no node %q", c.Params("id"), c.Params("nodeId"))
	case errors.Is(err, capture.ErrNoEntry):
		return errorf(fiber.StatusNotFound, "entry_not_found", "%s", err.Error())
	case errors.Is(err, capture.ErrNotTrigger), errors.Is(err, capture.ErrBadSample):
		return errorf(fiber.StatusBadRequest, "bad_request", "%s", err.Error())
	case errors.As(err, &ve):
		return &Error{Status: fiber.StatusUnprocessableEntity, Code: "invalid_flow", Problems: ve.Problems,
			Message: fmt.Sprintf("the step cannot be tested until %d problem(s) of it or of the steps before it are fixed", len(ve.Problems))}
	}
	return flowErr(c, err)
}
