package whatsapp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

func TestVerifyHandshake(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, mode, token, want string
		wantToken               string
		wantOK                  bool
	}{
		{"subscribe with the token", "subscribe", "meatyhamhock", "1158201444", "meatyhamhock", true},
		{"wrong token", "subscribe", "meatyhamhocks", "", "meatyhamhock", false},
		{"empty token", "subscribe", "", "", "meatyhamhock", false},
		{"other mode", "unsubscribe", "meatyhamhock", "", "meatyhamhock", false},
		{"no token configured", "subscribe", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := VerifyHandshake(tt.mode, tt.token, "1158201444", tt.wantToken)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("VerifyHandshake = %q, %v; want %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestVerifySignature(t *testing.T) {
	t.Parallel()
	body := []byte(`{"object":"whatsapp_business_account","entry":[]}`)
	const secret = "6c1b8a0d3f2e4a5b9c7d8e0f1a2b3c4d"
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	good := SignaturePrefix + hex.EncodeToString(mac.Sum(nil))
	tests := []struct {
		name   string
		body   []byte
		header string
		secret string
		want   bool
	}{
		{"good", body, good, secret, true},
		{"upper-case hex", body, SignaturePrefix + strings.ToUpper(strings.TrimPrefix(good, SignaturePrefix)), secret, true},
		{"wrong secret", body, good, "another-secret", false},
		{"body changed", append([]byte(" "), body...), good, secret, false},
		{"no prefix", body, strings.TrimPrefix(good, SignaturePrefix), secret, false},
		{"sha1 header", body, "sha1=" + strings.TrimPrefix(good, SignaturePrefix), secret, false},
		{"not hex", body, SignaturePrefix + "zz", secret, false},
		{"truncated", body, good[:len(good)-2], secret, false},
		{"empty header", body, "", secret, false},
		{"no secret configured", body, good, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := VerifySignature(tt.body, tt.header, tt.secret); got != tt.want {
				t.Errorf("VerifySignature = %v, want %v", got, tt.want)
			}
		})
	}
}
