package delivery

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hookflow/hookflow/store"
)

// outgoing is one attempt's request, built whole before it is sent.
type outgoing struct {
	method string
	url    string
	header http.Header
	body   []byte
	// secrets are the values to keep out of the delivery log.
	secrets []string
}

// build makes the request of an attempt of d to sub at now: the event and
// the custom fields in the body (or, for GET and HEAD, in the query), the
// custom headers and query, the authorization, and the Standard Webhooks
// headers signed with every secret in force.
func (s *Service) build(sub *store.Subscription, d *store.Delivery, now time.Time) (*outgoing, error) {
	u, err := url.Parse(sub.URL)
	if err != nil {
		return nil, fmt.Errorf("parse the webhook's URL: %w", err)
	}
	fields, err := eventFields(sub, d)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	for k, v := range sub.Query {
		q.Set(k, v)
	}
	out := &outgoing{method: sub.Method, header: http.Header{}}
	if sub.Method == http.MethodGet || sub.Method == http.MethodHead {
		for _, f := range fields {
			q.Set(f.name, f.text())
		}
	} else {
		out.body, out.header["Content-Type"] = encodeBody(sub.BodyFormat, fields)
	}
	u.RawQuery = q.Encode()
	out.url = u.String()
	for k, v := range sub.Headers {
		out.header.Set(k, v)
	}
	out.header.Set("User-Agent", "hookflow/"+s.cfg.Version)
	if err := s.authorize(sub, out); err != nil {
		return nil, err
	}
	return out, s.sign(sub, d.ID, now, out)
}

// field is one field the receiver gets: a name and its JSON value.
type field struct {
	name  string
	value json.RawMessage
}

// text is the field's value as a form or query value: a JSON string's
// text, any other value's JSON.
func (f field) text() string {
	var s string
	if json.Unmarshal(f.value, &s) == nil {
		return s
	}
	return string(f.value)
}

// eventFields returns event, wabaNumber and data, then the subscription's
// custom body fields by name (none of these may replace the first three),
// each value as compact JSON.
func eventFields(sub *store.Subscription, d *store.Delivery) ([]field, error) {
	data := json.RawMessage("null")
	if len(d.Data) > 0 {
		var b bytes.Buffer
		if err := json.Compact(&b, d.Data); err != nil {
			return nil, fmt.Errorf("read the event's data: %w", err)
		}
		data = b.Bytes()
	}
	typ, _ := json.Marshal(d.EventType)
	ch, _ := json.Marshal(d.Channel)
	fields := []field{{"event", typ}, {"wabaNumber", ch}, {"data", data}}
	if len(sub.Body) == 0 {
		return fields, nil
	}
	var custom map[string]json.RawMessage
	if err := json.Unmarshal(sub.Body, &custom); err != nil {
		return nil, fmt.Errorf("read the webhook's body fields: %w", err)
	}
	for _, k := range slices.Sorted(maps.Keys(custom)) {
		if !slices.Contains(reservedBody, k) {
			fields = append(fields, field{k, custom[k]})
		}
	}
	return fields, nil
}

// encodeBody encodes fields as a JSON object in their order, or as an
// application/x-www-form-urlencoded form, and returns the Content-Type.
func encodeBody(format string, fields []field) ([]byte, []string) {
	if format == FormatForm {
		form := url.Values{}
		for _, f := range fields {
			form.Set(f.name, f.text())
		}
		return []byte(form.Encode()), []string{"application/x-www-form-urlencoded"}
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(f.name)
		b.Write(name)
		b.WriteByte(':')
		b.Write(f.value) // compact JSON: checked when stored, compacted in eventFields

	}
	b.WriteByte('}')
	return b.Bytes(), []string{"application/json"}
}

// authorize sets the Authorization header of sub: "Bearer <payload>", or
// for BASIC "Basic <base64 of payload>" when the payload is user:password
// and "Basic <payload>" when it is a token encoded already.
func (s *Service) authorize(sub *store.Subscription, out *outgoing) error {
	if sub.AuthType == "" {
		return nil
	}
	payload, err := s.open(sub.ID, sealAuth, sub.AuthPayload)
	if err != nil {
		return err
	}
	out.secrets = append(out.secrets, payload)
	switch {
	case sub.AuthType == AuthBearer:
		out.header.Set("Authorization", "Bearer "+payload)
	case strings.Contains(payload, ":"):
		encoded := base64.StdEncoding.EncodeToString([]byte(payload))
		out.secrets = append(out.secrets, encoded)
		out.header.Set("Authorization", "Basic "+encoded)
	default:
		out.header.Set("Authorization", "Basic "+payload)
	}
	return nil
}

// sign sets the Standard Webhooks headers: the delivery's id, the
// attempt's time, and a signature with the current secret and, during a
// rotation, with the previous one too.
func (s *Service) sign(sub *store.Subscription, id string, now time.Time, out *outgoing) error {
	sealed := [][]byte{sub.Secret}
	if len(sub.PrevSecret) > 0 && now.Before(sub.PrevSecretUntil) {
		sealed = append(sealed, sub.PrevSecret)
	}
	secrets := make([]string, len(sealed))
	for i, sv := range sealed {
		secret, err := s.open(sub.ID, sealSecret, sv)
		if err != nil {
			return err
		}
		secrets[i] = secret
	}
	out.secrets = append(out.secrets, secrets...)
	ts := now.Unix()
	sig, err := Sign(id, ts, out.body, secrets...)
	if err != nil {
		return err
	}
	out.header.Set("Webhook-Id", id)
	out.header.Set("Webhook-Timestamp", strconv.FormatInt(ts, 10))
	out.header.Set("Webhook-Signature", sig)
	return nil
}
