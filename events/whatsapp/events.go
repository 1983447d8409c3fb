package whatsapp

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// The event types the adapter produces; all are in the event catalog.
const (
	TypeMessageReceived = "MESSAGE_RECEIVED"
	TypeFirstMessage    = "FIRST_TIME_MESSAGE_FROM_CUSTOMER"
	TypeStatusUpdate    = "MESSAGE_STATUS_UPDATE"
	TypeRawWebhook      = "RAW_CLOUD_API_WEBHOOK"
)

// Event is a platform event made from a webhook.
type Event struct {
	// Type is one of the Type constants.
	Type string `json:"type"`
	// Channel is the business's display phone number, digits only.
	Channel string `json:"channel"`
	// ID is stable across Meta's retries of the same webhook, for
	// deduplication: the message id (with ":first" for
	// FIRST_TIME_MESSAGE_FROM_CUSTOMER), the status's message id and
	// status ("wamid...:delivered"), or "raw:" and the SHA-256 of the body.
	ID string `json:"id"`
	// Data is the event's data, in the catalog's shape for Type.
	Data json.RawMessage `json:"data"`
}

// Events returns the events of a parsed webhook, in payload order: for each
// message a MESSAGE_RECEIVED event, followed by a
// FIRST_TIME_MESSAGE_FROM_CUSTOMER event when seen reports that the sender
// was never seen on that channel; for each status a MESSAGE_STATUS_UPDATE
// event; and last one RAW_CLOUD_API_WEBHOOK event whose data is raw, the
// body p was parsed from (copied, so the caller may reuse its buffer).
//
// seen(channel, customer) is asked at most once per channel and customer
// in a call; remembering numbers is its job. A nil seen produces no
// first-message events. The raw event's channel is the first business
// number of the payload, or "" when it has none (a template update).
func Events(p *Payload, raw []byte, seen func(channel, customer string) bool) []Event {
	b := &builder{seen: seen, asked: map[[2]string]bool{}}
	for i := range p.Entry {
		for j := range p.Entry[i].Changes {
			if c := &p.Entry[i].Changes[j]; c.Field == FieldMessages {
				b.change(&c.Value)
			}
		}
	}
	sum := sha256.Sum256(raw)
	b.add(TypeRawWebhook, b.rawChannel, "raw:"+hex.EncodeToString(sum[:]), bytes.Clone(raw))
	return b.out
}

// builder collects the events of one payload.
type builder struct {
	seen       func(channel, customer string) bool
	asked      map[[2]string]bool
	rawChannel string
	out        []Event
}

func (b *builder) add(typ, channel, id string, data json.RawMessage) {
	b.out = append(b.out, Event{Type: typ, Channel: channel, ID: id, Data: data})
}

// change adds the events of one "messages" change.
func (b *builder) change(v *Value) {
	channel := digits(v.Metadata.DisplayPhoneNumber)
	if b.rawChannel == "" {
		b.rawChannel = channel
	}
	names := make(map[string]string, len(v.Contacts))
	for _, c := range v.Contacts {
		names[c.WaID] = c.Profile.Name
	}
	for i := range v.Messages {
		m := &v.Messages[i]
		data := encode(messageEvent{
			WabaNumber:    channel,
			PhoneNumberID: v.Metadata.PhoneNumberID,
			Customer:      customerData{Name: names[m.From], PhoneNumber: m.From},
			Message:       toMessage(m),
		})
		b.add(TypeMessageReceived, channel, m.ID, data)
		if b.firstTime(channel, m.From) {
			b.add(TypeFirstMessage, channel, m.ID+":first", data)
		}
	}
	for i := range v.Statuses {
		s := &v.Statuses[i]
		d := toStatus(s)
		d.WabaNumber, d.PhoneNumberID = channel, v.Metadata.PhoneNumberID
		b.add(TypeStatusUpdate, channel, s.ID+":"+s.Status, encode(d))
	}
}

// firstTime reports whether customer writes to channel for the first time,
// asking seen once per pair.
func (b *builder) firstTime(channel, customer string) bool {
	key := [2]string{channel, customer}
	if b.seen == nil || b.asked[key] {
		return false
	}
	b.asked[key] = true
	return !b.seen(channel, customer)
}

// encode marshals event data. The data types hold only strings, numbers
// decoded from JSON and booleans, so marshalling cannot fail.
func encode(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("whatsapp: encode event data: %v", err))
	}
	return data
}
