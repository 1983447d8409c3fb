package server

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// Every 503 tells the sender when to come back; a handler's own
// Retry-After is kept.
func TestErrorHandler_RetryAfterOnEvery503(t *testing.T) {
	app := fiber.New(fiber.Config{ErrorHandler: errorHandler(slog.New(slog.NewTextHandler(io.Discard, nil)),
		func(*fasthttp.RequestHeader) fasthttp.RequestConfig { return fasthttp.RequestConfig{} })})
	app.Get("/busy", func(*fiber.Ctx) error {
		return errorf(fiber.StatusServiceUnavailable, "unavailable", "not now")
	})
	app.Get("/later", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderRetryAfter, "7")
		return errorf(fiber.StatusServiceUnavailable, "unavailable", "not now")
	})
	app.Get("/bad", func(*fiber.Ctx) error {
		return errorf(fiber.StatusBadRequest, "bad", "no")
	})
	for path, want := range map[string]string{"/busy": "1", "/later": "7", "/bad": ""} {
		res, err := app.Test(httptest.NewRequest("GET", path, nil))
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Header.Get(fiber.HeaderRetryAfter); got != want {
			t.Errorf("%s: Retry-After %q, want %q", path, got, want)
		}
	}
}
