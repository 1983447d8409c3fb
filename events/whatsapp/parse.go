package whatsapp

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ObjectWhatsApp is the object of every WhatsApp Cloud API webhook.
const ObjectWhatsApp = "whatsapp_business_account"

// FieldMessages is the change field of messages and statuses.
const FieldMessages = "messages"

var (
	// ErrMalformed is wrapped by Parse's errors for a body that is not a
	// well-formed webhook.
	ErrMalformed = errors.New("malformed whatsapp webhook")
	// ErrNotWhatsApp is wrapped by Parse's error for a webhook of another
	// Meta product (a Page, Instagram).
	ErrNotWhatsApp = errors.New("not a whatsapp business account webhook")
)

// Parse decodes a webhook body and checks what Events relies on: the
// business number of each change with messages or statuses, and the id,
// sender or recipient, type or status and timestamp of each. A parsed
// payload always yields valid events.
func Parse(body []byte) (*Payload, error) {
	var p Payload
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if p.Object != ObjectWhatsApp {
		return nil, fmt.Errorf("object %q: %w", p.Object, ErrNotWhatsApp)
	}
	for i, e := range p.Entry {
		for j, c := range e.Changes {
			if err := c.Value.check(); err != nil {
				return nil, fmt.Errorf("%w: entry %d change %d: %w", ErrMalformed, i, j, err)
			}
		}
	}
	return &p, nil
}

func (v *Value) check() error {
	if len(v.Messages)+len(v.Statuses) > 0 && digits(v.Metadata.DisplayPhoneNumber) == "" {
		return errors.New("metadata.display_phone_number is missing")
	}
	for i, m := range v.Messages {
		err := checkFields(m.Timestamp, field{"id", m.ID}, field{"from", m.From}, field{"type", m.Type})
		if err != nil {
			return fmt.Errorf("message %d: %w", i, err)
		}
	}
	for i, s := range v.Statuses {
		err := checkFields(s.Timestamp, field{"id", s.ID}, field{"status", s.Status}, field{"recipient_id", s.RecipientID})
		if err != nil {
			return fmt.Errorf("status %d: %w", i, err)
		}
	}
	return nil
}

// field is a named value that must not be empty.
type field struct{ name, value string }

func checkFields(timestamp string, fields ...field) error {
	for _, f := range fields {
		if f.value == "" {
			return fmt.Errorf("%s is missing", f.name)
		}
	}
	_, err := unixTime(timestamp)
	return err
}

// unixTime parses WhatsApp's timestamps: seconds since 1970, as a string.
func unixTime(s string) (time.Time, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("timestamp %q is not a unix time in seconds", s)
	}
	return time.Unix(n, 0).UTC(), nil
}

// dateTime formats a WhatsApp timestamp as RFC 3339, or returns "" for an
// optional timestamp that is absent or unreadable.
func dateTime(s string) string {
	t, err := unixTime(s)
	if err != nil {
		return ""
	}
	return t.Format(time.RFC3339)
}

// digits keeps the digits of a phone number: "+1 555-078-3881" becomes
// "15550783881", the form channels use.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}
