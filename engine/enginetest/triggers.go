package enginetest

import (
	"sort"

	"github.com/hookflow/hookflow/internal/mapping"
)

// Request is a webhook request as the intake records it.
type Request struct {
	Method  string
	Path    string
	Headers map[string]string
	Query   map[string]string
	// Body is JSON; empty is null.
	Body string
}

// Webhook returns the trigger data of a POST to /hook/test with a JSON
// body.
func Webhook(body string) []byte {
	return Request{Body: body}.Trigger()
}

// Trigger returns the request as trigger data: {"method", "path",
// "headers", "query", "body"}.
func (q Request) Trigger() []byte {
	if q.Method == "" {
		q.Method = "POST"
	}
	if q.Path == "" {
		q.Path = "/hook/test"
	}
	if q.Headers == nil {
		q.Headers = map[string]string{"content-type": "application/json"}
	}
	if q.Body == "" {
		q.Body = "null"
	}
	b := append(mapping.AppendString([]byte(`{"method":`), q.Method), `,"path":`...)
	b = mapping.AppendString(b, q.Path)
	b = appendObject(append(b, `,"headers":`...), q.Headers)
	b = appendObject(append(b, `,"query":`...), q.Query)
	b = append(append(b, `,"body":`...), q.Body...)
	return append(b, '}')
}

// Event returns the trigger data of a platform event: {"event": {"type",
// "channel", "data"}}; data is JSON.
func Event(typ, channel, data string) []byte {
	if data == "" {
		data = "{}"
	}
	b := append(mapping.AppendString([]byte(`{"event":{"type":`), typ), `,"channel":`...)
	b = mapping.AppendString(b, channel)
	b = append(append(b, `,"data":`...), data...)
	return append(b, "}}"...)
}

func appendObject(b []byte, m map[string]string) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(mapping.AppendString(b, k), ':')
		b = mapping.AppendString(b, m[k])
	}
	return append(b, '}')
}
