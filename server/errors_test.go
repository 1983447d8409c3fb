package server

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
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

// A request with no key at all (the studio before sign-in, a probe) is
// logged at debug; one with a wrong key stays at info.
func TestErrorHandler_MissingKeyLoggedQuietly(t *testing.T) {
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	app := fiber.New(fiber.Config{ErrorHandler: errorHandler(log,
		func(*fasthttp.RequestHeader) fasthttp.RequestConfig { return fasthttp.RequestConfig{} })})
	app.Get("/api/flows", func(*fiber.Ctx) error {
		return errorf(fiber.StatusUnauthorized, "unauthorized", "this route needs an API key")
	})
	for _, auth := range []string{"", "Bearer hfk_wrong"} {
		req := httptest.NewRequest("GET", "/api/flows", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		if _, err := app.Test(req); err != nil {
			t.Fatal(err)
		}
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "level=DEBUG") || !strings.Contains(lines[1], "level=INFO") {
		t.Fatalf("log lines:\n%s\nwant the request without a key at DEBUG, the wrong key at INFO", logs.String())
	}
}
