// Package events is the home of platform events: things that happen on
// the chat platform, the help desk or the live chat (a message received, a
// chat assigned to an agent, a ticket closed) and start flows or go out to
// registered webhooks. Its rule: an event is a type from the catalog, a
// channel and data that matches the type's schema, whoever produced it.
//
// The tree:
//
//   - events/catalog: every event type (the names of event.EventTypes) with
//     a plain-words description, the JSON Schema of its data and an example;
//     Validate checks an event's data against its schema.
//   - events/whatsapp: the WhatsApp Cloud API adapter; pure functions that
//     answer Meta's handshake, check a webhook's signature, parse it and
//     turn it into catalog events (MESSAGE_RECEIVED,
//     FIRST_TIME_MESSAGE_FROM_CUSTOMER, MESSAGE_STATUS_UPDATE,
//     RAW_CLOUD_API_WEBHOOK).
//   - events/ingest (to be added): accepting an event (from POST /api/events or an
//     adapter), deduplicating it and fanning it out to the flows whose
//     event trigger matches and to outbound subscriptions.
//
// Nothing here does HTTP: the server calls these packages and renders.
package events
