package webhook

import (
	"errors"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

func TestBuildTrigger_ContentTypes(t *testing.T) {
	t.Parallel()
	multipartBody := "--XX\r\nContent-Disposition: form-data; name=\"phone\"\r\n\r\n+91 98765\r\n" +
		"--XX\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1\r\n--XX--\r\n"
	tests := []struct {
		name, ctype, body string
		path, want        string
		err               error
	}{
		{"json", "application/json", `{"customer":{"phone":"+9198"}}`, "body.customer.phone", "+9198", nil},
		{"json with charset", "application/json; charset=utf-8", `{"n":7}`, "body.n", "7", nil},
		{"vendor json", "application/vnd.api+json", `{"n":1}`, "body.n", "1", nil},
		{"broken json", "application/json", `{"customer":`, "", "", ErrBadBody},
		{"form", "application/x-www-form-urlencoded", "phone=%2B91&tag=a&tag=b", "body.tag.1", "b", nil},
		{"multipart field", "multipart/form-data; boundary=XX", multipartBody, "body.phone", "+91 98765", nil},
		{"multipart file", "multipart/form-data; boundary=XX", multipartBody, "body.doc.size", "6", nil},
		{"multipart no boundary", "multipart/form-data", multipartBody, "", "", ErrBadBody},
		{"text", "text/plain", "hello there", "body", "hello there", nil},
		{"no type json", "", `{"a":1}`, "body.a", "1", nil},
		{"no type text", "", `hello`, "body", "hello", nil},
		{"empty body", "application/json", "", "body", "", nil},
		{"binary", "application/octet-stream", "\x00\x01", "", "", ErrUnsupportedType},
		{"unparseable type", "application/", "x", "", "", ErrUnsupportedType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := BuildTrigger(Request{Method: "POST", Path: "/hook/x", ContentType: tt.ctype, Body: []byte(tt.body)}, "")
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !gjson.ValidBytes(out) {
				t.Fatalf("trigger is not valid JSON: %s", out)
			}
			if got := gjson.GetBytes(out, tt.path).String(); got != tt.want {
				t.Fatalf("%s = %q, want %q in %s", tt.path, got, tt.want, out)
			}
		})
	}
}

func TestBuildTrigger_RedactsSecretsAndKeepsHeaders(t *testing.T) {
	t.Parallel()
	out, err := BuildTrigger(Request{
		Method: "POST", Path: "/hook/x", ContentType: "application/json", Body: []byte(`{}`),
		Headers: [][2]string{{"Authorization", "Bearer s3cret"}, {"X-Api-Key", "k3y"}, {"X-Trace", "1"}, {"X-Trace", "2"}},
		Query:   [][2]string{{"source", "crm"}},
	}, "X-Api-Key")
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if strings.Contains(s, "s3cret") || strings.Contains(s, "k3y") {
		t.Fatalf("a secret header was stored: %s", s)
	}
	if gjson.Get(s, "headers.x-trace.1").String() != "2" || gjson.Get(s, "query.source").String() != "crm" {
		t.Fatalf("headers or query lost: %s", s)
	}
}

func TestBuildTrigger_ControlCharactersStayValidJSON(t *testing.T) {
	t.Parallel()
	out, err := BuildTrigger(Request{Method: "POST", Path: "/hook/x", ContentType: "text/plain", Body: []byte("a\x00b\x07c\xffd"),
		Headers: [][2]string{{"X-Odd", "v\x01"}}}, "")
	if err != nil {
		t.Fatal(err)
	}
	if !gjson.ValidBytes(out) {
		t.Fatalf("trigger with control characters is not valid JSON: %q", out)
	}
	if got := gjson.GetBytes(out, "body").String(); got != "a\x00b\x07c\uFFFDd" {
		t.Fatalf("body = %q", got)
	}
}
