package webhook

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"sort"
	"strings"

	"github.com/hookflow/hookflow/internal/mapping"
)

// Errors of BuildTrigger, which the intake maps to 400 and 415.
var (
	ErrBadBody         = errors.New("bad body")
	ErrUnsupportedType = errors.New("unsupported content type")
)

// Redacted replaces secret header values in stored requests.
const Redacted = "[redacted]"

// secretHeaders are never stored in run history or the inbox.
var secretHeaders = map[string]bool{
	"authorization": true, "proxy-authorization": true, "cookie": true, "set-cookie": true,
	"x-hub-signature-256": true, "x-hub-signature": true, "stripe-signature": true, "webhook-signature": true,
}

// MaxParts bounds the parts of a multipart body.
const MaxParts = 1000

// Request is an incoming webhook request, as the intake read it.
type Request struct {
	Method      string
	Path        string
	ContentType string
	// Headers and Query are name/value pairs in arrival order.
	Headers [][2]string
	Query   [][2]string
	Body    []byte
}

// BuildTrigger turns a request into the run's trigger data:
// {"method", "path", "headers", "query", "body"}. Header names are lower
// case and secret headers (and extraSecret, the trigger's own auth header)
// are redacted. The body is parsed strictly by its content type: JSON must
// be valid (ErrBadBody), form and multipart fields become objects, text
// stays a string, and other types are refused (ErrUnsupportedType).
func BuildTrigger(req Request, extraSecret string) ([]byte, error) {
	body, err := parseBody(req.ContentType, req.Body)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, len(req.Body)+256+64*len(req.Headers))
	b = append(b, `{"method":`...)
	b = mapping.AppendString(b, req.Method)
	b = append(b, `,"path":`...)
	b = mapping.AppendString(b, req.Path)
	b = append(b, `,"headers":`...)
	b = appendHeaders(b, req.Headers, strings.ToLower(extraSecret))
	b = append(b, `,"query":`...)
	b = appendPairs(b, req.Query)
	b = append(b, `,"body":`...)
	b = append(b, body...)
	return append(b, '}'), nil
}

func appendHeaders(b []byte, headers [][2]string, extraSecret string) []byte {
	pairs := make([][2]string, 0, len(headers))
	for _, h := range headers {
		name := strings.ToLower(h[0])
		value := h[1]
		if secretHeaders[name] || (extraSecret != "" && name == extraSecret) {
			value = Redacted
		}
		pairs = append(pairs, [2]string{name, value})
	}
	return appendPairs(b, pairs)
}

// appendPairs writes pairs as a JSON object; a repeated name becomes an
// array of its values, in order.
func appendPairs(b []byte, pairs [][2]string) []byte {
	order := make([]string, 0, len(pairs))
	values := make(map[string][]string, len(pairs))
	for _, p := range pairs {
		if _, seen := values[p[0]]; !seen {
			order = append(order, p[0])
		}
		values[p[0]] = append(values[p[0]], p[1])
	}
	b = append(b, '{')
	for i, name := range order {
		if i > 0 {
			b = append(b, ',')
		}
		b = mapping.AppendString(b, name)
		b = append(b, ':')
		b = appendValues(b, values[name])
	}
	return append(b, '}')
}

func appendValues(b []byte, vs []string) []byte {
	if len(vs) == 1 {
		return mapping.AppendString(b, vs[0])
	}
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = mapping.AppendString(b, v)
	}
	return append(b, ']')
}

func parseBody(contentType string, body []byte) ([]byte, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return []byte("null"), nil
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if contentType == "" {
		mediaType, err = "", nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: the Content-Type %q cannot be parsed", ErrUnsupportedType, contentType)
	}
	switch {
	case mediaType == "application/json" || strings.HasSuffix(mediaType, "+json"):
		if err := mapping.CheckJSON(body); errors.Is(err, mapping.ErrTooDeep) {
			return nil, fmt.Errorf("%w: the JSON body is nested more than %d levels deep; send a flatter document", ErrBadBody, mapping.MaxJSONDepth)
		} else if err != nil {
			return nil, fmt.Errorf("%w: the body is not valid JSON (Content-Type is %s)", ErrBadBody, mediaType)
		}
		// Invalid UTF-8 can only be inside strings; it becomes U+FFFD, as
		// in text bodies, so that stores and readers get valid text.
		return bytes.ToValidUTF8(body, []byte("\uFFFD")), nil
	case mediaType == "application/x-www-form-urlencoded":
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, fmt.Errorf("%w: the form body cannot be parsed: %v", ErrBadBody, err)
		}
		return appendForm(nil, vals), nil
	case mediaType == "multipart/form-data":
		return parseMultipart(body, params["boundary"])
	case mediaType == "" && mapping.CheckJSON(body) == nil:
		return bytes.ToValidUTF8(body, []byte("\uFFFD")), nil
	case mediaType == "", strings.HasPrefix(mediaType, "text/"), mediaType == "application/xml", strings.HasSuffix(mediaType, "+xml"):
		return mapping.AppendString(nil, string(bytes.ToValidUTF8(body, []byte("\uFFFD")))), nil
	default:
		return nil, fmt.Errorf("%w: %s bodies are not accepted; send JSON, form fields, multipart form data or text", ErrUnsupportedType, mediaType)
	}
}

func appendForm(b []byte, vals url.Values) []byte {
	names := make([]string, 0, len(vals))
	for k := range vals {
		names = append(names, k)
	}
	sort.Strings(names)
	pairs := make([][2]string, 0, len(vals))
	for _, k := range names {
		for _, v := range vals[k] {
			pairs = append(pairs, [2]string{k, v})
		}
	}
	return appendPairs(b, pairs)
}

// parseMultipart reads the fields of a multipart body; a file becomes
// {"filename", "contentType", "size"}, its content is not kept.
func parseMultipart(body []byte, boundary string) ([]byte, error) {
	if boundary == "" {
		return nil, fmt.Errorf("%w: the multipart Content-Type has no boundary", ErrBadBody)
	}
	r := multipart.NewReader(bytes.NewReader(body), boundary)
	b := []byte{'{'}
	for n := 0; ; n++ {
		part, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil || n >= MaxParts {
			return nil, fmt.Errorf("%w: the multipart body cannot be read (or has over %d parts)", ErrBadBody, MaxParts)
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, fmt.Errorf("%w: multipart part %q cannot be read: %v", ErrBadBody, part.FormName(), err)
		}
		if n > 0 {
			b = append(b, ',')
		}
		b = mapping.AppendString(b, part.FormName())
		b = append(b, ':')
		if part.FileName() != "" {
			b = fmt.Appendf(b, `{"filename":%s,"contentType":%s,"size":%d}`, mapping.AppendString(nil, part.FileName()), mapping.AppendString(nil, part.Header.Get("Content-Type")), len(data))
		} else {
			b = mapping.AppendString(b, string(data))
		}
	}
	return append(b, '}'), nil
}
