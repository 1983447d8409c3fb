// Package crmtest holds local fakes of the HubSpot, Zoho CRM and
// Salesforce APIs for tests. Each fake is an httptest server that checks
// what the real API checks (paths and versions, the Authorization scheme
// and token, required body fields and their shapes) and answers with the
// documented shapes, errors included: 401, 404, 409, 429. Tests seed
// records and users, inject failures, and read what was written.
package crmtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Request is a request a fake received.
type Request struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   string
}

// failure is an answer given instead of the real one.
type failure struct {
	prefix string // path prefix it applies to; "" for all
	status int
	header http.Header
	body   string
}

// fake is what the three fakes share: the server, a request log and
// injected failures. Handlers run under mu.
type fake struct {
	*httptest.Server
	mu       sync.Mutex
	requests []Request
	failures []failure
	serial   int
}

// start serves handle, with failures and logging around it.
func (f *fake) start(t testing.TB, handle func(w http.ResponseWriter, r *http.Request, body []byte)) {
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body)) // for FormValue
		f.mu.Lock()
		defer f.mu.Unlock()
		f.requests = append(f.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
			Header: r.Header.Clone(), Body: string(body)})
		for i, fl := range f.failures {
			if strings.HasPrefix(r.URL.Path, fl.prefix) {
				f.failures = append(f.failures[:i], f.failures[i+1:]...)
				for k, v := range fl.header {
					w.Header()[k] = v
				}
				writeRaw(w, fl.status, fl.body)
				return
			}
		}
		handle(w, r, body)
	}))
	t.Cleanup(f.Close)
}

// fail queues n answers of status with body (and headers) to requests
// whose path starts with prefix.
func (f *fake) fail(prefix string, n, status int, body string, header http.Header) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.failures = append(f.failures, failure{prefix: prefix, status: status, header: header, body: body})
	}
}

// Requests returns the requests received so far.
func (f *fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.requests...)
}

// Count returns how many requests had method and a path starting with
// prefix.
func (f *fake) Count(method, prefix string) int {
	n := 0
	for _, r := range f.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}

// nextID returns prefix followed by a serial number, padded to width.
func (f *fake) nextID(prefix string, width int) string {
	f.serial++
	return fmt.Sprintf("%s%0*d", prefix, width-len(prefix), f.serial)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	writeRaw(w, status, string(b))
}

func writeRaw(w http.ResponseWriter, status int, body string) {
	if body != "" {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	}
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// bearer returns the token of an "Authorization: <scheme> <token>"
// header, "" when the scheme differs.
func bearer(r *http.Request, scheme string) string {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), scheme+" ")
	if !ok {
		return ""
	}
	return tok
}

// decode decodes a JSON request body into v; false when it is not JSON
// or the content type is not JSON.
func decode(r *http.Request, body []byte, v any) bool {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return false
	}
	return json.Unmarshal(body, v) == nil
}

// sortedIDs returns the keys of m in order.
func sortedIDs[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
