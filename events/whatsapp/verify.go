// Package whatsapp turns WhatsApp Cloud API webhooks (Meta's) into
// platform events. It is pure: it checks the handshake and the signature,
// parses a payload and returns events, and leaves HTTP, storage and
// fan-out to its callers. Every event it returns validates against the
// event catalog.
package whatsapp

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
)

// ModeSubscribe is the hub.mode of Meta's verification handshake.
const ModeSubscribe = "subscribe"

// SignaturePrefix starts the X-Hub-Signature-256 header, before the hex
// HMAC-SHA256 of the body.
const SignaturePrefix = "sha256="

// VerifyHandshake answers Meta's verification request (GET with hub.mode,
// hub.verify_token and hub.challenge): it returns the challenge to echo and
// true only for mode "subscribe" and the configured verify token. The
// tokens are compared in constant time; an empty wantToken matches nothing,
// so an unconfigured endpoint cannot be subscribed.
func VerifyHandshake(mode, token, challenge, wantToken string) (string, bool) {
	if mode != ModeSubscribe || wantToken == "" {
		return "", false
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(wantToken)) != 1 {
		return "", false
	}
	return challenge, true
}

// VerifySignature reports whether header, the X-Hub-Signature-256 header
// ("sha256=" and the hex HMAC-SHA256 of the raw body keyed with the app
// secret), signs body. It must be given the body exactly as received,
// before any parsing. An empty appSecret verifies nothing.
func VerifySignature(body []byte, header, appSecret string) bool {
	hexSum, ok := strings.CutPrefix(header, SignaturePrefix)
	if !ok || appSecret == "" {
		return false
	}
	got, err := hex.DecodeString(hexSum)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}
