// Package server is hookflow's HTTP face: routes, thin handlers, auth,
// limits and error rendering. A handler parses, calls one use case with
// explicit dependencies, and renders; it never reads global config.
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/delivery"
	"github.com/hookflow/hookflow/engine/capture"
	"github.com/hookflow/hookflow/engine/intake"
	"github.com/hookflow/hookflow/engine/live"
	"github.com/hookflow/hookflow/events/channels"
	"github.com/hookflow/hookflow/events/ingest"
	"github.com/hookflow/hookflow/flows/flowsvc"
	"github.com/hookflow/hookflow/internal/apikey"
	"github.com/hookflow/hookflow/internal/metrics"
	"github.com/hookflow/hookflow/nodes"
	"github.com/hookflow/hookflow/stats"
	"github.com/hookflow/hookflow/store"
)

// MaxBodySize is the largest request body the server reads at all; larger
// ones get 413 before their body is read. Per-route limits are lower.
const MaxBodySize = 16 << 20

// Deps are what the handlers need.
type Deps struct {
	Flows    *flowsvc.Service
	Keys     *apikey.Service
	Registry *nodes.Registry
	// Ping checks the store for /readyz.
	Ping    func(ctx context.Context) error
	Log     *slog.Logger
	Metrics *metrics.Registry
	Version string
	Intake  *intake.Service
	Runs    store.Runs
	// Live follows runs for their streams; one over Runs when nil.
	Live *live.Service
	// StreamHeartbeat is how often a run stream without news sends a
	// comment; 10s when zero.
	StreamHeartbeat time.Duration
	// Credentials manages the secrets actions use; nil leaves its routes out.
	Credentials *credentials.Service
	// Capture serves the inbox, Capture Response, samples and test steps.
	Capture *capture.Service
	// Events ingests platform events, Channels manages channels and
	// WhatsApp receives the WhatsApp Cloud API's webhooks.
	Events   *ingest.Service
	Channels *channels.Service
	WhatsApp *ingest.WhatsApp
	// Webhooks is the outbound webhook registry and its delivery log.
	Webhooks *delivery.Service
	// Stats answers the overview's charts and the flows list's summary.
	Stats *stats.Service
	// CancelRun stops a run this process executes; it reports whether it did.
	CancelRun func(id string) bool
	// MaxAPIBody bounds management request bodies (default 2 MiB).
	MaxAPIBody int
	// Streams ends when the server begins to shut down: run streams and
	// captures, which would otherwise hold the shutdown for minutes, end
	// then. Never ends when nil.
	Streams context.Context
}

// New builds the Fiber app with every route.
func New(d Deps) *fiber.App {
	if d.MaxAPIBody == 0 {
		d.MaxAPIBody = 2 << 20
	}
	if d.Streams == nil {
		d.Streams = context.Background()
	}
	if d.Live == nil && d.Runs != nil {
		d.Live = &live.Service{Store: d.Runs, Log: d.Log}
	}
	h := &handlers{d: d}
	app := fiber.New(fiber.Config{
		AppName:               "hookflow",
		BodyLimit:             MaxBodySize,
		DisableStartupMessage: true,
		ErrorHandler:          errorHandler(d.Log, h.bodyLimit),
		ReadTimeout:           30 * time.Second,
		IdleTimeout:           120 * time.Second,
		JSONEncoder:           marshalJSON,
		JSONDecoder:           json.Unmarshal,
	})
	app.Server().HeaderReceived = h.bodyLimit
	app.Use(h.countRequests(d.Metrics))

	app.Get("/", h.home)
	app.Get("/healthz", h.healthz)
	app.Get("/readyz", h.readyz)
	app.Get("/metrics", h.metrics)
	app.Get("/openapi.yaml", h.openapi)
	app.All("/hook/:token", h.hook)

	h.registerSession(app)
	api := app.Group("/api", h.limitBody(d.MaxAPIBody), h.requireKey)
	api.Get("/node-types", h.nodeTypes)
	api.Get("/flows", h.listFlows)
	api.Post("/flows", h.createFlow)
	api.Get("/flows/:id", h.getFlow)
	api.Put("/flows/:id", h.updateFlow)
	api.Delete("/flows/:id", h.deleteFlow)
	api.Post("/flows/:id/validate", h.validateFlow)
	api.Post("/flows/:id/publish", h.publishFlow)
	api.Post("/flows/:id/activate", h.activateFlow)
	api.Post("/flows/:id/pause", h.pauseFlow)
	api.Get("/flows/:id/versions", h.listVersions)
	api.Get("/flows/:id/versions/:n", h.getVersion)
	api.Post("/flows/:id/versions/:n/restore", h.restoreVersion)
	api.Get("/runs", h.listRuns)
	api.Get("/runs/:id", h.getRun)
	api.Get("/runs/:id/stream", h.streamRun)
	api.Post("/runs/:id/replay", h.replayRun)
	api.Post("/runs/:id/resume", h.resumeRun)
	api.Post("/runs/:id/cancel", h.cancelRun)
	if d.Credentials != nil {
		h.registerCredentials(api)
	}
	h.registerCapture(api)
	h.registerEvents(app, api)
	h.registerWebhooks(app, api)
	api.Get("/session", h.currentSession)
	h.registerStats(api)
	api.Get("/keys", h.listKeys)
	api.Post("/keys", h.requireAdmin, h.createKey)
	api.Delete("/keys/:id", h.requireAdmin, h.deleteKey)
	h.registerUI(app)
	return app
}

type handlers struct {
	d Deps
}

// errShuttingDown ends a stream or a capture when the server shuts down.
var errShuttingDown = errors.New("hookflow is restarting; try again in a moment")

// untilShutdown returns a context of parent that also ends when the server
// begins to shut down.
func (h *handlers) untilShutdown(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(parent)
	stop := context.AfterFunc(h.d.Streams, func() { cancel(errShuttingDown) })
	return ctx, func() {
		stop()
		cancel(context.Canceled)
	}
}

// decode reads a JSON body into v, with an error that says where it broke.
func decode(c *fiber.Ctx, v any) error {
	body := c.Body()
	if len(body) == 0 {
		return errorf(fiber.StatusBadRequest, "bad_json", "the request needs a JSON body")
	}
	if err := json.Unmarshal(body, v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return errorf(fiber.StatusBadRequest, "bad_json", "the body is not valid JSON: %v (at byte %d)", se, se.Offset)
		case errors.As(err, &te):
			return errorf(fiber.StatusBadRequest, "bad_json", "the body has a wrong type at %q: expected %s, got JSON %s", te.Field, te.Type, te.Value)
		default:
			return errorf(fiber.StatusBadRequest, "bad_json", "the body is not valid JSON: %v", err)
		}
	}
	return nil
}

// limitBody answers 413 for bodies over max on this group of routes.
func (h *handlers) limitBody(max int) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if len(c.Body()) > max || c.Request().Header.ContentLength() > max {
			return errorf(fiber.StatusRequestEntityTooLarge, "too_large",
				"the request body is larger than %d bytes, the most this endpoint accepts", max)
		}
		return c.Next()
	}
}

// bodyLimit sets, once a request's headers are read and before its body
// is, the most its route takes: a webhook trigger's own limit, or the
// management API's. A larger Content-Length is then answered 413 without
// reading the body, and a chunked body is read no further than the limit.
func (h *handlers) bodyLimit(header *fasthttp.RequestHeader) fasthttp.RequestConfig {
	path, _, _ := strings.Cut(string(header.RequestURI()), "?")
	limit := 0
	switch {
	case strings.HasPrefix(path, "/hook/") && h.d.Intake != nil:
		token, _, _ := strings.Cut(strings.TrimPrefix(path, "/hook/"), "/")
		limit = int(h.d.Intake.BodyLimit(context.Background(), token))
	case strings.HasPrefix(path, "/api/"), strings.HasPrefix(path, "/v2/"):
		limit = h.d.MaxAPIBody
	}
	if limit <= 0 {
		limit = MaxBodySize
	}
	return fasthttp.RequestConfig{MaxRequestBodySize: limit}
}

// requireKey lets a request through only with a valid API key, from the
// Authorization header or the studio's session cookie.
func (h *handlers) requireKey(c *fiber.Ctx) error {
	header, fromSession := authHeader(c)
	if header == "" {
		return errorf(fiber.StatusUnauthorized, "unauthorized",
			"this route needs an API key: send it as 'Authorization: Bearer <key>'")
	}
	key, err := h.d.Keys.Authenticate(c.UserContext(), header)
	if err != nil {
		return err
	}
	if fromSession {
		if err := checkSessionRequest(c); err != nil {
			return err
		}
	}
	c.Locals(localKey, key)
	return c.Next()
}

type localKeyType struct{}

var localKey = localKeyType{}

func (h *handlers) countRequests(m *metrics.Registry) fiber.Handler {
	requests := m.Counter("hookflow_http_requests_total", "HTTP requests by route group and status class.", "group", "class")
	return func(c *fiber.Ctx) error {
		err := c.Next()
		status := c.Response().StatusCode()
		if err != nil {
			status = toHTTP(err).Status
		}
		requests.Inc(routeGroup(c.Path()), fmt.Sprintf("%dxx", status/100))
		return err
	}
}

func routeGroup(path string) string {
	for _, g := range []string{"/api/", "/hook/", "/v2/", "/whatsapp/"} {
		if len(path) >= len(g) && path[:len(g)] == g {
			return g[1 : len(g)-1]
		}
	}
	return "other"
}

// marshalJSON encodes API answers as JSON without HTML escaping: they are
// served as application/json, so "Assigned chat -> CRM" stays readable
// instead of becoming "Assigned chat -\u003e CRM".
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
