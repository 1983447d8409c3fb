package server

import (
	"errors"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/hookflow/hookflow/ui"
)

// sessionCookie carries the API key of a browser signed in to the studio.
// It is HTTP-only and SameSite=Strict, and only sent to /api.
const sessionCookie = "hookflow_session"

// Cache lifetimes of the studio's files: hashed assets never change under
// their name; the page itself is checked on every load.
const (
	cacheAssets = "public, max-age=31536000, immutable"
	cachePage   = "no-cache"
)

// registerSession adds sign-in and sign-out. They sit outside the /api
// group, whose middleware would demand a key before one can be given.
func (h *handlers) registerSession(app *fiber.App) {
	app.Post("/api/session", h.limitBody(4<<10), h.signIn)
	app.Delete("/api/session", h.signOut)
}

type signInRequest struct {
	Key string `json:"key"`
}

// signIn checks an API key and keeps it in the session cookie, so that the
// browser's later /api requests are authenticated without script access
// to the key.
func (h *handlers) signIn(c *fiber.Ctx) error {
	var in signInRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Key) == "" {
		return errorf(fiber.StatusBadRequest, "missing_key", "enter an API key; the admin key was printed when hookflow first started")
	}
	key, err := h.d.Keys.Authenticate(c.UserContext(), in.Key)
	if err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: strings.TrimSpace(in.Key), Path: "/api",
		HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode, Secure: c.Protocol() == "https",
	})
	return c.JSON(fiber.Map{"apiKey": key})
}

// signOut clears the session cookie.
func (h *handlers) signOut(c *fiber.Ctx) error {
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: "", Path: "/api", MaxAge: -1,
		HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode, Secure: c.Protocol() == "https",
	})
	return c.SendStatus(fiber.StatusNoContent)
}

// authHeader is the request's API key: the Authorization header, else the
// studio's session cookie; fromSession says it came from the cookie.
func authHeader(c *fiber.Ctx) (key string, fromSession bool) {
	if header := c.Get(fiber.HeaderAuthorization); header != "" {
		return header, false
	}
	key = c.Cookies(sessionCookie)
	return key, key != ""
}

// checkSessionRequest refuses a request that changes something on the
// strength of the session cookie alone unless it is JSON. SameSite=Strict
// keeps the cookie off requests from other sites; the JSON content type
// also shuts out pages of sibling hosts of the same site, since an HTML
// form cannot send it and a script can only after a CORS preflight that
// hookflow never grants.
func checkSessionRequest(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return nil
	}
	ctype, _, _ := strings.Cut(c.Get(fiber.HeaderContentType), ";")
	if strings.EqualFold(strings.TrimSpace(ctype), fiber.MIMEApplicationJSON) {
		return nil
	}
	return errorf(fiber.StatusUnsupportedMediaType, "session_needs_json",
		"a request signed in with the studio's session must be sent as JSON (Content-Type: application/json); "+
			"scripts and other tools should send an API key in the Authorization header instead")
}

// currentSession says which API key the request is signed in with, so the
// studio can tell it apart from the others.
func (h *handlers) currentSession(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"apiKey": c.Locals(localKey)})
}

// home serves the studio at / when it is built into the binary, and the
// plain index page otherwise.
func (h *handlers) home(c *fiber.Ctx) error {
	if !ui.Built() {
		return h.index(c)
	}
	return sendUIFile(c, ui.AppFile)
}

// registerUI serves the studio's files and, for any other GET of a path
// outside the API, the app's page, so that its own routes (/flows/x) load
// on refresh. It is middleware, registered after every route, so that it
// only sees requests no route took.
func (h *handlers) registerUI(app *fiber.App) {
	if !ui.Built() {
		return
	}
	app.Use(func(c *fiber.Ctx) error {
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			return c.Next()
		}
		p := c.Path()
		for _, prefix := range []string{"/api/", "/hook/", "/v2/", "/whatsapp/"} {
			if strings.HasPrefix(p, prefix) {
				return c.Next()
			}
		}
		name := strings.TrimPrefix(path.Clean(p), "/")
		if strings.HasPrefix(name, "assets/") {
			return sendUIFile(c, name)
		}
		return sendUIFile(c, ui.AppFile)
	})
}

// sendUIFile answers with one embedded file, or 404.
func sendUIFile(c *fiber.Ctx, name string) error {
	data, err := fs.ReadFile(ui.Dist(), name)
	if errors.Is(err, fs.ErrNotExist) {
		return errorf(fiber.StatusNotFound, "not_found", "no such file: /%s", name)
	}
	if err != nil {
		return err
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = fiber.MIMEOctetStream
	}
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderCacheControl, cachePage)
	if strings.HasPrefix(name, "assets/") {
		c.Set(fiber.HeaderCacheControl, cacheAssets)
	}
	c.Set("X-Content-Type-Options", "nosniff")
	return c.Send(data)
}
