package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func sign(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

func TestAuthenticate_Presets(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_750_000_000, 0)
	body := []byte(`{"event":"CHAT_ASSIGNED_TO_AGENT"}`)
	ts := strconv.FormatInt(now.Unix(), 10)
	old := strconv.FormatInt(now.Add(-10*time.Minute).Unix(), 10)
	swKey := []byte("0123456789abcdef0123456789abcdef")
	swSecret := "whsec_" + base64.StdEncoding.EncodeToString(swKey)
	basic := func(u, p string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(u+":"+p)) }
	hub := func(secret string) string { return "sha256=" + hex.EncodeToString(sign([]byte(secret), string(body))) }
	stripe := func(secret, t string) string {
		return fmt.Sprintf("t=%s,v1=%s", t, hex.EncodeToString(sign([]byte(secret), t+"."+string(body))))
	}
	sw := func(key []byte, id, t string) string {
		return "v1," + base64.StdEncoding.EncodeToString(sign(key, id+"."+t+"."+string(body)))
	}
	tests := []struct {
		name    string
		cfg     Config
		headers map[string]string
		ok      bool
	}{
		{"none", Config{Auth: AuthNone}, nil, true},
		{"basic good", Config{Auth: AuthBasic, Username: "u", Password: "p"}, map[string]string{"Authorization": basic("u", "p")}, true},
		{"basic wrong password", Config{Auth: AuthBasic, Username: "u", Password: "p"}, map[string]string{"Authorization": basic("u", "x")}, false},
		{"basic missing", Config{Auth: AuthBasic, Username: "u", Password: "p"}, nil, false},
		{"bearer good", Config{Auth: AuthBearer, Token: "tok"}, map[string]string{"Authorization": "Bearer tok"}, true},
		{"bearer wrong", Config{Auth: AuthBearer, Token: "tok"}, map[string]string{"Authorization": "Bearer nope"}, false},
		{"header good", Config{Auth: AuthHeader, HeaderName: "X-Key", HeaderValue: "v"}, map[string]string{"X-Key": "v"}, true},
		{"header wrong", Config{Auth: AuthHeader, HeaderName: "X-Key", HeaderValue: "v"}, map[string]string{"X-Key": "w"}, false},
		{"meta good", Config{Auth: AuthHMACMeta, Secret: "app"}, map[string]string{"X-Hub-Signature-256": hub("app")}, true},
		{"meta wrong secret", Config{Auth: AuthHMACMeta, Secret: "app"}, map[string]string{"X-Hub-Signature-256": hub("other")}, false},
		{"meta no prefix", Config{Auth: AuthHMACMeta, Secret: "app"}, map[string]string{"X-Hub-Signature-256": hub("app")[7:]}, false},
		{"github good", Config{Auth: AuthHMACGitHub, Secret: "gh"}, map[string]string{"X-Hub-Signature-256": hub("gh")}, true},
		{"github wrong", Config{Auth: AuthHMACGitHub, Secret: "gh"}, map[string]string{"X-Hub-Signature-256": "sha256=00"}, false},
		{"stripe good", Config{Auth: AuthStripe, Secret: "whs"}, map[string]string{"Stripe-Signature": stripe("whs", ts)}, true},
		{"stripe wrong", Config{Auth: AuthStripe, Secret: "whs"}, map[string]string{"Stripe-Signature": stripe("bad", ts)}, false},
		{"stripe old", Config{Auth: AuthStripe, Secret: "whs"}, map[string]string{"Stripe-Signature": stripe("whs", old)}, false},
		{"standard good", Config{Auth: AuthStandardWebhooks, Secret: swSecret},
			map[string]string{"webhook-id": "msg_1", "webhook-timestamp": ts, "webhook-signature": "v1,Zm9v " + sw(swKey, "msg_1", ts)}, true},
		{"standard wrong id", Config{Auth: AuthStandardWebhooks, Secret: swSecret},
			map[string]string{"webhook-id": "msg_2", "webhook-timestamp": ts, "webhook-signature": sw(swKey, "msg_1", ts)}, false},
		{"standard old", Config{Auth: AuthStandardWebhooks, Secret: swSecret},
			map[string]string{"webhook-id": "msg_1", "webhook-timestamp": old, "webhook-signature": sw(swKey, "msg_1", old)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.headers {
				h.Set(k, v)
			}
			err := tt.cfg.Authenticate(Inbound{Header: h.Get, Body: body, Now: now})
			if tt.ok && err != nil {
				t.Fatalf("Authenticate = %v, want nil", err)
			}
			if !tt.ok && !errors.Is(err, ErrUnauthorized) {
				t.Fatalf("Authenticate = %v, want ErrUnauthorized", err)
			}
		})
	}
}
