package delivery

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/internal/fuzzcheck"
)

// FuzzParseRegistration: any body of POST /v2/webhook/register is either
// refused with a 400 whose message names what to fix, or gives a
// registration within every bound, with allowed enums and header names.
func FuzzParseRegistration(f *testing.F) {
	for _, s := range []string{
		`{"name": "crm", "method": "post", "url": "https://crm.test/hook", "webhookEvents": ["CHAT_CREATED"], "wabaNumbers": ["919800000000"], "bodyFormat": "JSON", "retryOnTimeout": true}`,
		`{"name": "x", "method": "GET", "url": "http://127.0.0.1/", "webhookEvents": ["A", "A", "B"], "wabaNumbers": ["1"], "bodyFormat": "FORM_DATA", "retryOnTimeout": false,
		  "headers": {"X-A": 1, "Host": "evil"}, "query": {"q": true}, "body": {"event": "x", "extra": [1]}, "authorization": {"type": "BEARER", "payload": "tok"}}`,
		`{"headers": {"Bad Name": "v", "X": "a\r\nb"}}`, `[]`, `null`, `"x"`, `{"name": 1}`, `{"webhookEvents": []}`,
		`{"name": "` + strings.Repeat("n", 300) + `"}`, `{"authorization": {"type": "BASIC", "payload": "dTpw"}}`,
		`{"body": [1]}`, `{"query": {"a": {"b": 1}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := ParseRegistration(body)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Status != http.StatusBadRequest {
				t.Fatalf("refusal %v is not a 400 *Error", err)
			}
			fuzzcheck.NonEmpty(t, e.Message)
			fuzzcheck.Message(t, e.Message, string(body))
			return
		}
		switch {
		case r.Name == "" || len(r.Name) > maxNameLen, r.URL == "" || len(r.URL) > maxURLLen:
			t.Fatalf("name %q or url %q out of bounds", r.Name, r.URL)
		case !slices.Contains(Methods, r.Method), r.BodyFormat != FormatJSON && r.BodyFormat != FormatForm:
			t.Fatalf("method %q or body format %q not allowed", r.Method, r.BodyFormat)
		case len(r.Events) == 0 || len(r.Events) > maxEvents, len(r.WabaNumbers) == 0 || len(r.WabaNumbers) > maxNumbers:
			t.Fatalf("%d events, %d numbers", len(r.Events), len(r.WabaNumbers))
		case len(r.Headers) > maxHeaders, len(r.Query) > maxQuery:
			t.Fatalf("%d headers, %d query values", len(r.Headers), len(r.Query))
		case r.Auth.Type != "" && r.Auth.Type != AuthBasic && r.Auth.Type != AuthBearer:
			t.Fatalf("auth type %q", r.Auth.Type)
		}
		for _, list := range [][]string{r.Events, r.WabaNumbers} {
			for i, s := range list {
				if s == "" || slices.Contains(list[:i], s) {
					t.Fatalf("list %q has an empty or repeated entry", list)
				}
			}
		}
		for k, v := range r.Headers {
			if !validHeaderName(k) || !validHeaderValue(v) {
				t.Fatalf("header %q: %q accepted", k, v)
			}
			for _, reserved := range reservedHeaders {
				if strings.EqualFold(k, reserved) {
					t.Fatalf("reserved header %s accepted", k)
				}
			}
		}
	})
}
