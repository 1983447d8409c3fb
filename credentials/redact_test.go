package credentials

import (
	"testing"

	"github.com/tidwall/gjson"
)

func TestRedactJSON(t *testing.T) {
	t.Parallel()
	secrets := []string{"tok<&>\"x", "abc", "s3cret-value", "s3cret"}
	for _, tc := range []struct{ in, want string }{
		{`{"a":"Bearer s3cret-value"}`, `{"a":"Bearer [redacted]"}`},
		{`{"a":"tok<&>\"x"}`, `{"a":"[redacted]"}`},
		{`{"a":"tok\u003c\u0026\u003e\"x"}`, `{"a":"[redacted]"}`},
		{`{"abc":"short secrets stay"}`, `{"abc":"short secrets stay"}`},
		{`{"s3cret":1}`, `{"[redacted]":1}`},
		{`{"a":1}`, `{"a":1}`},
	} {
		got := RedactJSON([]byte(tc.in), secrets)
		if string(got) != tc.want {
			t.Errorf("RedactJSON(%s) = %s, want %s", tc.in, got, tc.want)
		}
		if !gjson.ValidBytes(got) {
			t.Errorf("RedactJSON(%s) is not JSON", tc.in)
		}
	}
	if got := RedactJSON([]byte(`{"a":"x","b":"y"}`), []string{`x","b":"y`}); string(got) != `{"a":"[redacted]"}` {
		t.Errorf("a secret spanning strings gave %s", got)
	}
	if got := RedactJSON([]byte(`{"a":1,"b":2}`), []string{`1,"b`}); string(got) != `"[redacted]"` {
		t.Errorf("a secret spanning JSON syntax gave %s", got)
	}
	doc := []byte(`{"a":"b"}`)
	if got := RedactJSON(doc, []string{"zzzz"}); &got[0] != &doc[0] {
		t.Error("a document without secrets was copied")
	}
}

func TestRedactString(t *testing.T) {
	t.Parallel()
	if got := RedactString("token s3cret-value and s3cret", []string{"s3cret", "s3cret-value"}); got != "token [redacted] and [redacted]" {
		t.Errorf("got %q", got)
	}
}
