package ingest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hookflow/hookflow/events/whatsapp"
	"github.com/hookflow/hookflow/store"
)

// Errors of the WhatsApp adapter.
var (
	// ErrNotConfigured means the adapter lacks the setting its message names.
	ErrNotConfigured = errors.New("the WhatsApp adapter is not configured")
	// ErrBadHandshake means a verification request with the wrong mode
	// or token.
	ErrBadHandshake = errors.New("the verification request does not match: hub.mode must be subscribe and hub.verify_token the configured token")
	// ErrBadSignature means a webhook whose X-Hub-Signature-256 does not
	// sign its body with the app secret.
	ErrBadSignature = errors.New("the X-Hub-Signature-256 header does not sign this body with the app secret")
)

// WhatsApp receives the WhatsApp Cloud API's webhooks and turns them into
// platform events, each ingested as an event sent to the API would be.
type WhatsApp struct {
	Ingest *Service
	// Seen remembers the customers who wrote on each channel, which
	// decides FIRST_TIME_MESSAGE_FROM_CUSTOMER.
	Seen store.Seen
	// VerifyToken answers Meta's handshake; AppSecret checks webhook
	// signatures. An adapter missing one refuses what needs it.
	VerifyToken string
	AppSecret   string
}

// Handshake answers Meta's verification request with the challenge.
func (w *WhatsApp) Handshake(mode, token, challenge string) (string, error) {
	if w.VerifyToken == "" {
		return "", fmt.Errorf("%w: set HOOKFLOW_WHATSAPP_VERIFY_TOKEN (--whatsapp-verify-token) to the verify token given to Meta", ErrNotConfigured)
	}
	answer, ok := whatsapp.VerifyHandshake(mode, token, challenge, w.VerifyToken)
	if !ok {
		return "", ErrBadHandshake
	}
	return answer, nil
}

// Receive checks a webhook's signature over its raw body, parses it and
// ingests its events in payload order: messages, first messages of new
// customers, statuses, then the raw webhook. An event that cannot be
// ingested stops the others, so that Meta's retry, deduplicated by event
// id, brings the rest.
func (w *WhatsApp) Receive(ctx context.Context, body []byte, signature string) ([]*Result, error) {
	if w.AppSecret == "" {
		return nil, fmt.Errorf("%w: set HOOKFLOW_WHATSAPP_APP_SECRET (--whatsapp-app-secret) to the Meta app's secret", ErrNotConfigured)
	}
	if !whatsapp.VerifySignature(body, signature, w.AppSecret) {
		return nil, ErrBadSignature
	}
	p, err := whatsapp.Parse(body)
	if err != nil {
		return nil, err
	}
	var out []*Result
	for _, ev := range whatsapp.Events(p, body, w.seen(ctx)) {
		res, err := w.Ingest.Ingest(ctx, Input{Type: ev.Type, Channel: ev.Channel, ID: ev.ID, Data: ev.Data})
		if err != nil {
			return out, fmt.Errorf("ingest %s event %s: %w", ev.Type, ev.ID, err)
		}
		out = append(out, res)
	}
	return out, nil
}

// seen reports whether a customer wrote on a channel before, marking them
// seen. A store that fails counts as seen: a missed first-message event
// is better than one sent twice.
func (w *WhatsApp) seen(ctx context.Context) func(channel, customer string) bool {
	return func(channel, customer string) bool {
		first, err := w.Seen.MarkSeen(ctx, channel, customer, w.Ingest.now().UTC().Truncate(time.Millisecond))
		if err != nil {
			if w.Ingest.Log != nil {
				w.Ingest.Log.Warn("whatsapp: mark a customer seen", "channel", channel, "error", err)
			}
			return true
		}
		return !first
	}
}
