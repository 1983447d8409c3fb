package webhook

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/hookflow/hookflow/internal/fuzzcheck"
)

// FuzzBuildTrigger: every body under every content type becomes valid
// JSON trigger data or is refused as a bad body (400) or an unsupported
// type (415) with a plain message; a JSON body is kept as sent, secret
// headers never reach the trigger data.
func FuzzBuildTrigger(f *testing.F) {
	seeds := []struct{ ctype, body string }{
		{"application/json", `{"a": [1, 2, {"b": null}]}`},
		{"application/json; charset=utf-8", `{"a": "\xff"}`},
		{"application/vnd.api+json", `[1`},
		{"application/x-www-form-urlencoded", "a=1&b=%zz&a=2"},
		{"multipart/form-data; boundary=XX", "--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XX\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\nv\r\n--XX--\r\n"},
		{"multipart/form-data", "--XX\r\n"},
		{"text/plain", "hello \x00 \xff"},
		{"application/xml", "<a><b>1</b></a>"},
		{"application/octet-stream", "\x00\x01"},
		{"", `{"no": "type"}`},
		{"", "plain words"},
		{"text/plain; charset=", "x"},
		{"application/json", strings.Repeat("[", 10000)},
	}
	for _, s := range seeds {
		f.Add(s.ctype, []byte(s.body), "Authorization", "Bearer s3cret")
	}
	f.Fuzz(func(t *testing.T, ctype string, body []byte, hname, hvalue string) {
		req := Request{Method: "POST", Path: "/hook/whk_x", ContentType: ctype, Body: body,
			Headers: [][2]string{{"Content-Type", ctype}, {hname, hvalue}, {"Stripe-Signature", "t=1,v1=ab"}, {"X-Secret", "mine"}},
			Query:   [][2]string{{hname, "q"}}}
		out, err := BuildTrigger(req, "x-secret")
		if err != nil {
			if !errors.Is(err, ErrBadBody) && !errors.Is(err, ErrUnsupportedType) {
				t.Fatalf("error %v is neither a bad body nor an unsupported type", err)
			}
			fuzzcheck.NonEmpty(t, err.Error())
			fuzzcheck.Message(t, err.Error(), ctype, string(body))
			return
		}
		if !gjson.ValidBytes(out) || !json.Valid(out) {
			t.Fatalf("trigger data is not valid JSON: %q", out)
		}
		doc := gjson.ParseBytes(out)
		for _, h := range []string{"stripe-signature", "x-secret"} {
			if v := doc.Get("headers." + h); v.String() != Redacted && !(v.IsArray() && allRedacted(v)) {
				t.Fatalf("header %s kept as %s", h, v.Raw)
			}
		}
		if secretHeaders[strings.ToLower(hname)] && strings.Contains(string(out), hvalue) && len(hvalue) > 8 && !strings.Contains(string(body), hvalue) && !strings.Contains(ctype, hvalue) && !strings.Contains(hname, hvalue) {
			t.Fatalf("secret header %s's value is in the trigger data", hname)
		}
		if !utf8.Valid(out) {
			t.Fatalf("trigger data is not valid UTF-8: %q", out)
		}
		if b := doc.Get("body"); strings.HasPrefix(ctype, "application/json") && utf8.Valid(body) && len(strings.TrimSpace(string(body))) > 0 && b.Raw != string(body) {
			t.Fatalf("JSON body changed: %q became %q", body, b.Raw)
		}
	})
}

func allRedacted(v gjson.Result) bool {
	for _, x := range v.Array() {
		if x.String() != Redacted {
			return false
		}
	}
	return true
}

// FuzzAuthenticate: for every preset, a request signed with the flow's
// secret passes, the same request with another body or signature is
// refused with ErrUnauthorized and a plain message, and nothing panics
// whatever the headers hold.
func FuzzAuthenticate(f *testing.F) {
	f.Add(uint8(0), "app-secret", []byte(`{"a":1}`), "sha256=00", int64(0))
	f.Add(uint8(2), "whs", []byte(`{}`), "t=1,v1=zz,v1=", int64(-400))
	f.Add(uint8(3), "whsec_MDEyMzQ1Njc4OWFiY2RlZg==", []byte(`x`), "v1,AAAA v2,BBBB", int64(301))
	f.Add(uint8(4), "tok", []byte(``), "Bearer tok", int64(0))
	f.Add(uint8(5), "u:p", []byte(``), "Basic dTpw", int64(0))
	f.Add(uint8(3), "whsec_", []byte(`x`), "", int64(0))
	f.Fuzz(func(t *testing.T, preset uint8, secret string, body []byte, junk string, skew int64) {
		now := time.Unix(1_750_000_000, 0)
		cfg, signed := signedRequest(preset, secret, body, now)
		if cfg == nil {
			return
		}
		if err := cfg.Authenticate(inbound(signed, body, now)); err != nil {
			t.Fatalf("%s: a correctly signed request was refused: %v", cfg.Auth, err)
		}
		for _, h := range []http.Header{withJunk(signed, junk), signed} {
			b := append(append([]byte{}, body...), 'x')
			at := now.Add(time.Duration(skew) * time.Second)
			err := cfg.Authenticate(inbound(h, b, at))
			if err == nil && (cfg.Auth == AuthHMACMeta || cfg.Auth == AuthStripe || cfg.Auth == AuthStandardWebhooks) {
				t.Fatalf("%s: a changed body passed", cfg.Auth)
			}
			if err != nil {
				if !errors.Is(err, ErrUnauthorized) {
					t.Fatalf("%v does not wrap ErrUnauthorized", err)
				}
				fuzzcheck.NonEmpty(t, err.Error())
				fuzzcheck.Message(t, err.Error(), junk)
				if secret != "" && len(secret) > 6 && strings.Contains(err.Error(), secret) {
					t.Fatalf("the secret is in the message: %v", err)
				}
			}
		}
	})
}

func inbound(h http.Header, body []byte, now time.Time) Inbound {
	return Inbound{Header: h.Get, Body: body, Now: now}
}

func withJunk(h http.Header, junk string) http.Header {
	out := h.Clone()
	for k := range out {
		out.Set(k, junk)
	}
	return out
}

// signedRequest builds a config of the preset and the headers of a
// request to it signed correctly, or nil when secret cannot be one.
func signedRequest(preset uint8, secret string, body []byte, now time.Time) (*Config, http.Header) {
	h := http.Header{}
	ts := strconv.FormatInt(now.Unix(), 10)
	switch preset % 6 {
	case 0, 1:
		cfg := &Config{Auth: AuthHMACMeta, Secret: secret}
		if preset%6 == 1 {
			cfg.Auth = AuthHMACGitHub
		}
		h.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(sign([]byte(secret), string(body))))
		return cfg, h
	case 2:
		h.Set("Stripe-Signature", "t="+ts+",v1="+hex.EncodeToString(sign([]byte(secret), ts+"."+string(body))))
		return &Config{Auth: AuthStripe, Secret: secret}, h
	case 3:
		key, err := StandardWebhooksKey(secret)
		if err != nil {
			return nil, nil
		}
		h.Set("webhook-id", "msg_1")
		h.Set("webhook-timestamp", ts)
		h.Set("webhook-signature", "v1,"+base64.StdEncoding.EncodeToString(sign(key, "msg_1."+ts+"."+string(body))))
		return &Config{Auth: AuthStandardWebhooks, Secret: secret}, h
	case 4:
		if secret == "" || strings.TrimSpace(secret) != secret || strings.ContainsAny(secret, "\r\n\x00") {
			return nil, nil
		}
		h.Set("Authorization", "Bearer "+secret)
		return &Config{Auth: AuthBearer, Token: secret}, h
	default:
		user, pass, _ := strings.Cut(secret, ":")
		if user == "" || pass == "" || strings.Contains(user, ":") {
			return nil, nil
		}
		h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(secret)))
		return &Config{Auth: AuthBasic, Username: user, Password: pass}, h
	}
}
