package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrUnauthorized is wrapped by every authentication failure; the message
// around it says what the sender must fix.
var ErrUnauthorized = errors.New("unauthorized")

// SignatureTolerance is how old a signed timestamp (Stripe, Standard
// Webhooks) may be, against replays.
const SignatureTolerance = 5 * time.Minute

// Inbound is what authentication looks at in a request.
type Inbound struct {
	// Header returns a request header by (case-insensitive) name.
	Header func(name string) string
	Body   []byte
	Now    time.Time
}

func deny(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrUnauthorized, fmt.Sprintf(format, args...))
}

// Authenticate checks a request against the trigger's auth setting. Every
// secret comparison is constant-time.
func (c *Config) Authenticate(in Inbound) error {
	switch c.Auth {
	case "", AuthNone:
		return nil
	case AuthBasic:
		return c.basic(in.Header("Authorization"))
	case AuthBearer:
		token, ok := cutPrefixFold(in.Header("Authorization"), "Bearer ")
		if !ok || !equal(strings.TrimSpace(token), c.Token) {
			return deny("send the header Authorization: Bearer <token> with the flow's token")
		}
		return nil
	case AuthHeader:
		if v := in.Header(c.HeaderName); v == "" || !equal(v, c.HeaderValue) {
			return deny("send the header %s with the flow's secret value", c.HeaderName)
		}
		return nil
	case AuthHMACMeta, AuthHMACGitHub:
		return c.hubSignature(in)
	case AuthStripe:
		return c.stripe(in)
	case AuthStandardWebhooks:
		return c.standardWebhooks(in)
	default:
		return deny("the trigger has an unknown auth setting %q", c.Auth)
	}
}

func equal(got, want string) bool {
	return want != "" && hmac.Equal([]byte(got), []byte(want))
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return "", false
	}
	return s[len(prefix):], true
}

func (c *Config) basic(header string) error {
	enc, ok := cutPrefixFold(header, "Basic ")
	if !ok {
		return deny("send basic auth: Authorization: Basic <base64 of username:password>")
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(enc))
	if err != nil {
		return deny("the basic auth header is not valid base64")
	}
	user, pass, _ := strings.Cut(string(raw), ":")
	// Both comparisons always run, so timing does not tell which failed.
	okUser := equal(user, c.Username)
	okPass := equal(pass, c.Password)
	if !okUser || !okPass {
		return deny("wrong username or password")
	}
	return nil
}

func hmacSHA256(key, data []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(data)
	return m.Sum(nil)
}

// hubSignature checks X-Hub-Signature-256: sha256=<hex HMAC of the body>,
// as Meta (WhatsApp Cloud API) and GitHub send it.
func (c *Config) hubSignature(in Inbound) error {
	sig, ok := strings.CutPrefix(in.Header("X-Hub-Signature-256"), "sha256=")
	if !ok {
		return deny("the X-Hub-Signature-256 header is missing or does not start with sha256=")
	}
	got, err := hex.DecodeString(sig)
	if err != nil || !hmac.Equal(got, hmacSHA256([]byte(c.Secret), in.Body)) {
		return deny("the X-Hub-Signature-256 signature does not match the body and the flow's secret")
	}
	return nil
}

// stripe checks Stripe-Signature: t=<unix>,v1=<hex HMAC of "t.body">[,v1=...].
func (c *Config) stripe(in Inbound) error {
	var ts string
	var sigs [][]byte
	for _, part := range strings.Split(in.Header("Stripe-Signature"), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			if b, err := hex.DecodeString(v); err == nil {
				sigs = append(sigs, b)
			}
		}
	}
	if ts == "" || len(sigs) == 0 {
		return deny("the Stripe-Signature header is missing its t= or v1= part")
	}
	if err := checkTimestamp(ts, in.Now); err != nil {
		return err
	}
	want := hmacSHA256([]byte(c.Secret), append([]byte(ts+"."), in.Body...))
	for _, s := range sigs {
		if hmac.Equal(s, want) {
			return nil
		}
	}
	return deny("no v1 signature of Stripe-Signature matches the body and the flow's secret")
}

// standardWebhooks checks webhook-id, webhook-timestamp and
// webhook-signature ("v1,<base64 HMAC of id.timestamp.body>", several
// separated by spaces) with a whsec_ secret.
func (c *Config) standardWebhooks(in Inbound) error {
	id, ts, header := in.Header("webhook-id"), in.Header("webhook-timestamp"), in.Header("webhook-signature")
	if id == "" || ts == "" || header == "" {
		return deny("send the headers webhook-id, webhook-timestamp and webhook-signature")
	}
	if err := checkTimestamp(ts, in.Now); err != nil {
		return err
	}
	key, err := StandardWebhooksKey(c.Secret)
	if err != nil {
		return deny("%v", err)
	}
	want := hmacSHA256(key, append([]byte(id+"."+ts+"."), in.Body...))
	for _, sig := range strings.Fields(header) {
		version, enc, _ := strings.Cut(sig, ",")
		if version != "v1" {
			continue
		}
		if got, err := base64.StdEncoding.DecodeString(enc); err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return deny("no v1 signature of webhook-signature matches the body and the flow's secret")
}

// StandardWebhooksKey decodes a "whsec_<base64>" secret into its key bytes.
func StandardWebhooksKey(secret string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil || len(key) == 0 {
		return nil, errors.New("the Standard Webhooks secret must be whsec_ followed by base64")
	}
	return key, nil
}

func checkTimestamp(ts string, now time.Time) error {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return deny("the signature timestamp %q is not a Unix time in seconds", ts)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > SignatureTolerance || d < -SignatureTolerance {
		return deny("the signature timestamp is more than %v away from now; resend the request", SignatureTolerance)
	}
	return nil
}
