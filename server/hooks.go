package server

import (
	"errors"
	"math"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/hookflow/hookflow/engine/intake"
	"github.com/hookflow/hookflow/nodes/webhook"
)

// hook receives a request to a flow's webhook URL.
func (h *handlers) hook(c *fiber.Ctx) error {
	// Fiber's strings point into the request buffer, which the next
	// request on the connection overwrites; the intake keeps these (a
	// cache keyed by token, the inbox written later), so they are copied.
	req := webhook.Request{
		Method:      utils.CopyString(c.Method()),
		Path:        utils.CopyString(c.Path()),
		ContentType: string(c.Request().Header.ContentType()),
		Body:        c.Body(),
	}
	c.Request().Header.VisitAll(func(k, v []byte) {
		req.Headers = append(req.Headers, [2]string{string(k), string(v)})
	})
	c.Request().URI().QueryArgs().VisitAll(func(k, v []byte) {
		req.Query = append(req.Query, [2]string{string(k), string(v)})
	})
	ans, err := h.d.Intake.Accept(c.UserContext(), utils.CopyString(c.Params("token")), req)
	if err != nil {
		var ie *intake.Error
		if errors.As(err, &ie) {
			if ie.RetryAfter > 0 {
				c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(ie.RetryAfter.Seconds()))))
			}
			return errorf(ie.Status, "webhook_refused", "%s", ie.Message)
		}
		return err
	}
	for k, v := range ans.Headers {
		c.Set(k, v)
	}
	c.Set(fiber.HeaderContentType, ans.ContentType)
	return c.Status(ans.Status).Send(ans.Body)
}
