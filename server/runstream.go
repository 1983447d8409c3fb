package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/hookflow/hookflow/runs"
)

// maxRunStream bounds one run stream. A stream that ends without its
// "end" event is opened again by the browser's EventSource, so a long
// delay is followed across several; and a shutdown never waits on one.
const maxRunStream = 5 * time.Minute

// streamRun answers with an SSE stream of a run: a "run" event with the
// run at once and after each change, a comment every heartbeat while
// nothing changes, and once the run has finished, an "end" event and the
// end of the stream. A client that hangs up ends it at the next write.
func (h *handlers) streamRun(c *fiber.Ctx) error {
	// A copy: the parameter points into the request's buffer, which the
	// connection reuses while the stream lives on after the handler.
	f, err := h.d.Live.Follow(c.UserContext(), utils.CopyString(c.Params("id")))
	if err != nil {
		return runErr(c, err)
	}
	beat := h.d.StreamHeartbeat
	if beat <= 0 {
		beat = sseHeartbeat
	}
	c.Set(fiber.HeaderContentType, "text/event-stream")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set("X-Accel-Buffering", "no")
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer f.Close()
		ctx, stop := h.untilShutdown(context.Background())
		defer stop()
		ctx, cancel := context.WithTimeout(ctx, maxRunStream)
		defer cancel()
		// How long the browser waits before it connects again.
		fmt.Fprint(w, "retry: 2000\n\n")
		for {
			r, err := f.Next(ctx, beat)
			if err != nil {
				return
			}
			if r == nil {
				fmt.Fprint(w, ": no change\n\n")
			} else if err := writeRunEvent(w, r); err != nil {
				return
			}
			if w.Flush() != nil || r != nil && r.Status.Finished() {
				return
			}
		}
	})
	return nil
}

// writeRunEvent writes r as a "run" event, followed by "end" when r has
// finished.
func writeRunEvent(w *bufio.Writer, r *runs.Run) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "event: run\ndata: %s\n\n", b)
	if r.Status.Finished() {
		fmt.Fprintf(w, "event: end\ndata: {\"status\":%q}\n\n", r.Status)
	}
	return w.Flush()
}
