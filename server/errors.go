package server

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/flows/flowsvc"
	"github.com/hookflow/hookflow/internal/apikey"
	"github.com/hookflow/hookflow/internal/ids"
	"github.com/hookflow/hookflow/store"
)

// Error is an error with the HTTP status and message a caller should see.
// Handlers return it (or a domain error that toHTTP maps) and one error
// handler renders it.
type Error struct {
	Status  int
	Code    string
	Message string
	// Problems lists validation problems, for 422 on publish.
	Problems []flows.Problem
	// Err is the cause, logged but never shown.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Err)
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// errorf makes an *Error with a formatted message.
func errorf(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// errorBody is the JSON shape of every error answer.
type errorBody struct {
	Message   string          `json:"message"`
	Code      string          `json:"code"`
	RequestID string          `json:"requestId"`
	Problems  []flows.Problem `json:"problems,omitempty"`
}

// toHTTP maps domain errors to what the caller sees.
func toHTTP(err error) *Error {
	var he *Error
	var fe *fiber.Error
	var ve *flows.ValidationError
	switch {
	case errors.As(err, &he):
		return he
	case errors.As(err, &ve):
		return &Error{Status: fiber.StatusUnprocessableEntity, Code: "invalid_flow",
			Message: fmt.Sprintf("the flow cannot be published: %d problem(s) to fix", len(ve.Problems)), Problems: ve.Problems}
	case errors.Is(err, store.ErrNotFound):
		return &Error{Status: fiber.StatusNotFound, Code: "not_found", Message: "not found", Err: err}
	case errors.Is(err, store.ErrConflict):
		return &Error{Status: fiber.StatusConflict, Code: "conflict", Message: "it exists already", Err: err}
	case errors.Is(err, flowsvc.ErrNotPublished):
		return &Error{Status: fiber.StatusConflict, Code: "not_published", Message: err.Error()}
	case errors.Is(err, flowsvc.ErrInvalid):
		return &Error{Status: fiber.StatusUnprocessableEntity, Code: "invalid_flow", Message: err.Error()}
	case errors.Is(err, apikey.ErrInvalid):
		return &Error{Status: fiber.StatusUnauthorized, Code: "unauthorized",
			Message: "a valid API key is required: send it as 'Authorization: Bearer <key>'"}
	case errors.As(err, &fe):
		return fromFiber(fe)
	default:
		return &Error{Status: fiber.StatusInternalServerError, Code: "internal",
			Message: "something went wrong on our side; the request id is in the log", Err: err}
	}
}

func fromFiber(fe *fiber.Error) *Error {
	switch fe.Code {
	case fiber.StatusRequestEntityTooLarge:
		return errorf(fe.Code, "too_large", "the request body is larger than this endpoint accepts; send a smaller body")
	case fiber.StatusNotFound:
		return errorf(fe.Code, "not_found", "there is no such route: %s", fe.Message)
	case fiber.StatusMethodNotAllowed:
		return errorf(fe.Code, "method_not_allowed", "this route does not take that method")
	default:
		return errorf(fe.Code, "http_error", "%s", fe.Message)
	}
}

// errorHandler renders every error as JSON and logs it with the same
// request id. limit gives the body limit of a request, for the message of a 413 that
// the HTTP server answered before any handler ran.
func errorHandler(log *slog.Logger, limit func(*fasthttp.RequestHeader) fasthttp.RequestConfig) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		he := toHTTP(err)
		var fe *fiber.Error
		// The server may have reset a request it refused (a chunked body),
		// leaving "/" as its path; then the limit is not known here.
		if errors.As(err, &fe) && fe.Code == fiber.StatusRequestEntityTooLarge && c.Path() != "/" {
			max := limit(&c.Request().Header).MaxRequestBodySize
			he.Message = fmt.Sprintf("the request body is larger than %d bytes; this endpoint takes at most %d, so send a smaller body", max, max)
		}
		// Every 503 is "not now": a sender that honours Retry-After comes back
		// in a second unless the handler named a better time.
		if he.Status == fiber.StatusServiceUnavailable && len(c.Response().Header.Peek(fiber.HeaderRetryAfter)) == 0 {
			c.Set(fiber.HeaderRetryAfter, "1")
		}
		reqID := logFailure(c, log, he)
		return c.Status(he.Status).JSON(errorBody{Message: he.Message, Code: he.Code, RequestID: reqID, Problems: he.Problems})
	}
}

// logFailure logs a failed request under a new request id, which it
// returns for the answer.
func logFailure(c *fiber.Ctx, log *slog.Logger, he *Error) string {
	reqID := ids.Random(8)
	level := slog.LevelInfo
	switch key, _ := authHeader(c); {
	case he.Status >= 500:
		level = slog.LevelError
	case he.Status == fiber.StatusUnauthorized && key == "":
		// No key at all: the studio's first look before sign-in, or a
		// probe. A wrong key stays at info, where it can be noticed.
		level = slog.LevelDebug
	}
	log.Log(c.UserContext(), level, "request failed", "requestId", reqID, "method", c.Method(),
		"path", c.Path(), "status", he.Status, "code", he.Code, "error", he.Error())
	return reqID
}
