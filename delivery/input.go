package delivery

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// Methods a subscription may be called with, as the API names them.
var Methods = []string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"}

// Body formats and authorization types of a registration.
const (
	FormatJSON = "JSON"
	FormatForm = "FORM_DATA"
	AuthBasic  = "BASIC"
	AuthBearer = "BEARER"
)

// Bounds of a registration, so that one subscription cannot make every
// event fan out without end.
const (
	maxNameLen  = 200
	maxURLLen   = 2048
	maxNumbers  = 500
	maxEvents   = 100
	maxHeaders  = 50
	maxQuery    = 50
	maxBodyKeys = 50
)

// reservedBody are the body fields the event fills.
var reservedBody = []string{"event", "wabaNumber", "data"}

// reservedHeaders are set by hookflow on every delivery.
var reservedHeaders = []string{"Host", "Content-Length", "Content-Type", "Transfer-Encoding", "Connection",
	"User-Agent", "Webhook-Id", "Webhook-Timestamp", "Webhook-Signature"}

// Registration is the body of a registration (POST /v2/webhook/register)
// or of an update (PUT /v2/webhook/{id}), checked for shape.
type Registration struct {
	Name           string
	Method         string
	URL            string
	Headers        map[string]string
	Query          map[string]string
	Body           json.RawMessage // a JSON object, or nil
	BodyFormat     string
	Auth           Auth
	Events         []string // as given, each once
	WabaNumbers    []string // as given, each once
	RetryOnTimeout bool
}

// Auth is the authorization of a registration.
type Auth struct {
	// Type is "", AuthBasic or AuthBearer.
	Type string
	// Payload is the token; an update that leaves it out or empty keeps
	// the stored one.
	Payload string
}

// ParseRegistration reads a registration body and reports every field
// that is missing or malformed at once, as a 400 *Error naming each.
func ParseRegistration(body []byte) (*Registration, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
		return nil, errorf(http.StatusBadRequest, "the body must be a JSON object with the registration fields")
	}
	var p problems
	r := &Registration{
		Method:         enumField(&p, raw["method"], Methods, "method must be one of GET, POST, PUT, DELETE, PATCH, HEAD"),
		BodyFormat:     enumField(&p, raw["bodyFormat"], []string{FormatJSON, FormatForm}, "bodyFormat must be JSON or FORM_DATA"),
		Name:           stringField(&p, raw["name"], maxNameLen, "name must be a non-empty string of at most 200 characters"),
		URL:            stringField(&p, raw["url"], maxURLLen, "url must be a non-empty string of at most 2048 characters"),
		RetryOnTimeout: boolField(&p, raw["retryOnTimeout"], "retryOnTimeout must be a boolean"),
		Events:         listField(&p, raw["webhookEvents"], maxEvents, "webhookEvents must be a non-empty array of at most 100 event names"),
		WabaNumbers:    listField(&p, raw["wabaNumbers"], maxNumbers, "wabaNumbers must be a non-empty array of at most 500 numbers"),
		Headers:        scalarMap(&p, raw["headers"], maxHeaders, "headers must be an object of at most 50 string values"),
		Query:          scalarMap(&p, raw["query"], maxQuery, "query must be an object of at most 50 string values"),
		Body:           bodyField(&p, raw["body"]),
		Auth:           authField(&p, raw["authorization"]),
	}
	checkHeaders(&p, r.Headers, r.Auth.Type != "")
	return r, p.err(http.StatusBadRequest)
}

// present reports whether a field was given, JSON null counting as not.
func present(v json.RawMessage) bool { return len(v) > 0 && !bytes.Equal(v, []byte("null")) }

func enumField(p *problems, v json.RawMessage, allowed []string, msg string) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		if up := strings.ToUpper(strings.TrimSpace(s)); slices.Contains(allowed, up) {
			return up
		}
	}
	p.add("%s", msg)
	return ""
}

func stringField(p *problems, v json.RawMessage, maxLen int, msg string) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		if s = strings.TrimSpace(s); s != "" && len(s) <= maxLen {
			return s
		}
	}
	p.add("%s", msg)
	return ""
}

func boolField(p *problems, v json.RawMessage, msg string) bool {
	var b bool
	if !present(v) || json.Unmarshal(v, &b) != nil {
		p.add("%s", msg)
	}
	return b
}

// listField reads a non-empty array of non-empty strings, each kept once
// in the order first given.
func listField(p *problems, v json.RawMessage, maxLen int, msg string) []string {
	var list []string
	if json.Unmarshal(v, &list) != nil || len(list) == 0 || len(list) > maxLen {
		p.add("%s", msg)
		return nil
	}
	out := make([]string, 0, len(list))
	for _, s := range list {
		if s = strings.TrimSpace(s); s == "" {
			p.add("%s", msg)
			return nil
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// scalarMap reads an optional object whose values are strings, numbers or
// booleans, as strings; nil when absent or empty.
func scalarMap(p *problems, v json.RawMessage, maxLen int, msg string) map[string]string {
	if !present(v) {
		return nil
	}
	var raw map[string]json.RawMessage
	if json.Unmarshal(v, &raw) != nil || len(raw) > maxLen {
		p.add("%s", msg)
		return nil
	}
	out := make(map[string]string, len(raw))
	for k, rv := range raw {
		s, ok := scalarText(rv)
		if !ok {
			p.add("%s", msg)
			return nil
		}
		out[k] = s
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// scalarText returns a JSON string's text, or a number's or boolean's
// literal; false for anything else.
func scalarText(v json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s, true
	}
	var n json.Number
	if json.Unmarshal(v, &n) == nil {
		return n.String(), true
	}
	var b bool
	if json.Unmarshal(v, &b) == nil {
		return string(bytes.TrimSpace(v)), true
	}
	return "", false
}

// bodyField reads the optional custom body fields, compacted; nil when
// absent or empty.
func bodyField(p *problems, v json.RawMessage) json.RawMessage {
	if !present(v) {
		return nil
	}
	var raw map[string]json.RawMessage
	if json.Unmarshal(v, &raw) != nil || len(raw) > maxBodyKeys {
		p.add("body must be an object of at most 50 fields")
		return nil
	}
	for _, k := range reservedBody {
		if _, ok := raw[k]; ok {
			p.add("body.%s is reserved: hookflow fills event, wabaNumber and data from the event", k)
		}
	}
	if len(raw) == 0 {
		return nil
	}
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		p.add("body must be an object of at most 50 fields")
		return nil
	}
	return b.Bytes()
}

func authField(p *problems, v json.RawMessage) Auth {
	var raw map[string]json.RawMessage
	if json.Unmarshal(v, &raw) != nil || raw == nil {
		p.add("authorization must be an object, such as {\"type\": \"BEARER\", \"payload\": \"<token>\"} or {}")
		return Auth{}
	}
	var a Auth
	if present(raw["payload"]) && json.Unmarshal(raw["payload"], &a.Payload) != nil {
		p.add("authorization.payload must be a string")
	}
	switch {
	case present(raw["type"]):
		a.Type = enumField(p, raw["type"], []string{AuthBasic, AuthBearer}, "authorization.type must be BASIC or BEARER")
	case a.Payload != "":
		p.add("authorization.type must be BASIC or BEARER when a payload is given")
	}
	if strings.ContainsAny(a.Payload, "\r\n\x00") {
		p.add("authorization.payload must not contain line breaks")
	}
	return a
}

// checkHeaders refuses header names HTTP does not allow, values with line
// breaks, the headers hookflow sets itself, and Authorization when the
// authorization object sets it.
func checkHeaders(p *problems, h map[string]string, auth bool) {
	for _, k := range slices.Sorted(maps.Keys(h)) {
		canon := http.CanonicalHeaderKey(k)
		switch {
		case !validHeaderName(k):
			p.add("headers: %q is not a valid header name", k)
		case !validHeaderValue(h[k]):
			p.add("headers.%s has a value with a line break or control character", k)
		case slices.Contains(reservedHeaders, canon):
			p.add("headers.%s cannot be set: hookflow sets it on every delivery", k)
		case canon == "Authorization" && auth:
			p.add("headers.Authorization conflicts with authorization: set one of them")
		}
	}
}

// validHeaderName reports whether k is an HTTP token (RFC 9110, 5.6.2).
func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for _, c := range []byte(k) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

// validHeaderValue reports whether v holds no control character but tab.
func validHeaderValue(v string) bool {
	for _, c := range []byte(v) {
		if c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}
