package delivery_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hookflow/hookflow/delivery"
)

// standardSignature computes a Standard Webhooks signature as the spec
// describes it, independently of the package: the key is the base64 part
// of a whsec_ secret, the signed content is "<id>.<timestamp>.<body>", and
// the signature is the base64 of its HMAC-SHA256.
func standardSignature(t *testing.T, secret, id, timestamp string, body []byte) string {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil || !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("secret %q is not whsec_ and base64", secret)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + timestamp + "." + string(body)))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// signedBy reports whether one of the space-separated "v1,<signature>"
// entries of the request's webhook-signature is the signature of secret,
// compared in constant time as receivers should.
func signedBy(t *testing.T, r received, secret string) bool {
	t.Helper()
	want := standardSignature(t, secret, r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp"), r.Body)
	for _, entry := range strings.Fields(r.Header.Get("webhook-signature")) {
		version, sig, ok := strings.Cut(entry, ",")
		if ok && version == "v1" && hmac.Equal([]byte(sig), []byte(want)) {
			return true
		}
	}
	return false
}

// signatures counts the entries of webhook-signature.
func signatures(r received) int { return len(strings.Fields(r.Header.Get("webhook-signature"))) }

func TestSign_MatchesTheSpec(t *testing.T) {
	t.Parallel()
	secret := delivery.NewSecret()
	if key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_")); err != nil || len(key) != 32 {
		t.Fatalf("NewSecret() = %q: want whsec_ and the base64 of 32 bytes", secret)
	}
	other := delivery.NewSecret()
	body := []byte(`{"event":"ADD_TAG"}`)
	got, err := delivery.Sign("msg_1", 1700000000, body, secret, other)
	if err != nil {
		t.Fatal(err)
	}
	r := received{Header: http.Header{}, Body: body}
	r.Header.Set("webhook-id", "msg_1")
	r.Header.Set("webhook-timestamp", "1700000000")
	r.Header.Set("webhook-signature", got)
	if !signedBy(t, r, secret) || !signedBy(t, r, other) || signatures(r) != 2 {
		t.Fatalf("Sign = %q: want a valid v1 signature for each secret", got)
	}
	if _, err := delivery.Sign("msg_1", 1, body, "not-a-secret"); err == nil {
		t.Fatal("Sign with a secret without whsec_ succeeded")
	}
}

// TestDeliver_SignedDuringRotation checks every delivery with the spec's
// scheme: one signature before a rotation, both the new and the old
// during the 24 hours after it, only the new one after them; webhook-id
// is the delivery's id and webhook-timestamp the attempt's time.
func TestDeliver_SignedDuringRotation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rc := newReceiver(t, nil)
	s := e.service(t, "proc_a")
	webhookID, oldSecret := register(t, s, registration(rc.URL))

	deliver(t, s, event("evt_1"), 1)
	waitFor(t, "the first delivery", func() bool { return len(rc.requests()) == 1 })
	rotated, err := s.RotateSecret(t.Context(), webhookID)
	if err != nil {
		t.Fatal(err)
	}
	if !rotated.PreviousSecretExpiresAt.Equal(t0.Add(24*time.Hour)) || rotated.SigningSecret == oldSecret {
		t.Fatalf("RotateSecret = %+v: want a new secret, the old one valid until %s", rotated, t0.Add(24*time.Hour))
	}
	e.clock.Set(t0.Add(24*time.Hour - time.Second))
	deliver(t, s, event("evt_2"), 1)
	waitFor(t, "the delivery during the rotation", func() bool { return len(rc.requests()) == 2 })
	e.clock.Set(t0.Add(24 * time.Hour))
	deliver(t, s, event("evt_3"), 1)
	waitFor(t, "the delivery after the rotation", func() bool { return len(rc.requests()) == 3 })

	got := rc.requests()
	tests := []struct {
		name         string
		req          received
		event        string
		at           time.Time
		sigs         int
		byOld, byNew bool
	}{
		{"before", got[0], "evt_1", t0, 1, true, false},
		{"during", got[1], "evt_2", t0.Add(24*time.Hour - time.Second), 2, true, true},
		{"after", got[2], "evt_3", t0.Add(24 * time.Hour), 1, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if id, want := tc.req.Header.Get("webhook-id"), delivery.DeliveryID(tc.event, webhookID); id != want {
				t.Errorf("webhook-id = %q, want the delivery's id %q", id, want)
			}
			if ts := tc.req.Header.Get("webhook-timestamp"); ts != strconv.FormatInt(tc.at.Unix(), 10) {
				t.Errorf("webhook-timestamp = %s, want %d", ts, tc.at.Unix())
			}
			if n := signatures(tc.req); n != tc.sigs {
				t.Errorf("%d signatures, want %d: %s", n, tc.sigs, tc.req.Header.Get("webhook-signature"))
			}
			if signedBy(t, tc.req, oldSecret) != tc.byOld || signedBy(t, tc.req, rotated.SigningSecret) != tc.byNew {
				t.Errorf("signed by the old secret: %v (want %v), by the new one: %v (want %v)",
					signedBy(t, tc.req, oldSecret), tc.byOld, signedBy(t, tc.req, rotated.SigningSecret), tc.byNew)
			}
		})
	}
}
