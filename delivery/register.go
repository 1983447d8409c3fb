package delivery

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/hookflow/hookflow/internal/ids"
	"github.com/hookflow/hookflow/nodes/event"
	"github.com/hookflow/hookflow/store"
)

// Pair is one (WABA number, event type) that a subscription receives.
type Pair struct {
	WabaNumber       string `json:"wabaNumber"`
	WebhookEventType string `json:"webhookEventType"`
}

// Registered is the answer to a registration: the seed's three lists, in
// its field order, then the new webhook's id and its signing secret, which
// is shown this once. Id and secret are absent when no pair was valid and
// nothing was stored.
type Registered struct {
	ValidWebhooks      []Pair   `json:"validWebhooks"`
	InvalidWebhooks    []string `json:"invalidWebhooks"`
	InvalidWabaNumbers []string `json:"invalidWabaNumbers"`
	ID                 string   `json:"id,omitempty"`
	SigningSecret      string   `json:"signingSecret,omitempty"`
}

// Register checks a registration and stores it as one subscription that
// receives every valid event for every valid number. Unknown event names
// and numbers that are not channels are reported, not refused; when no
// (number, event) pair is valid nothing is stored. A URL that is not a
// fully qualified http(s) URL, or whose literal address the guard refuses,
// is a 422 *Error.
func (s *Service) Register(ctx context.Context, r *Registration) (*Registered, error) {
	if r.Auth.Type != "" && r.Auth.Payload == "" {
		return nil, errorf(http.StatusBadRequest, "authorization.payload is required when authorization.type is set")
	}
	out, events, numbers, err := s.sortOut(ctx, r)
	if err != nil || len(out.ValidWebhooks) == 0 {
		return out, err
	}
	now := s.now()
	sub := &store.Subscription{ID: ids.New("whk"), Status: store.SubscriptionActive, CreatedAt: now}
	secret := NewSecret()
	if sub.Secret, err = s.seal(sub.ID, sealSecret, secret); err != nil {
		return nil, err
	}
	if err := s.apply(sub, r, events, numbers); err != nil {
		return nil, err
	}
	if err := s.st.CreateSubscription(ctx, sub); err != nil {
		return nil, fmt.Errorf("register webhook: %w", err)
	}
	out.ID, out.SigningSecret = sub.ID, secret
	return out, nil
}

// sortOut checks the URL and splits the registration's events and numbers
// into valid and invalid ones. It returns the answer's lists, with names
// and numbers as given, and the valid events (canonical) and numbers (as
// event.NormalizeChannel writes them, which is how events carry them).
// An event or number given twice, in any spelling, counts once.
func (s *Service) sortOut(ctx context.Context, r *Registration) (out *Registered, events, numbers []string, err error) {
	if err := s.checkURL(r.URL); err != nil {
		return nil, nil, nil, err
	}
	out = &Registered{ValidWebhooks: []Pair{}, InvalidWebhooks: []string{}, InvalidWabaNumbers: []string{}}
	var given []string // the valid names as given, for the answer
	for _, name := range r.Events {
		c, ok := event.Canonical(name)
		switch {
		case !ok:
			out.InvalidWebhooks = append(out.InvalidWebhooks, name)
		case !slices.Contains(events, c):
			events, given = append(events, c), append(given, name)
		}
	}
	var seen []string
	for _, n := range r.WabaNumbers {
		norm := event.NormalizeChannel(n)
		if slices.Contains(seen, norm) {
			continue
		}
		seen = append(seen, norm)
		ok, err := s.cfg.IsChannel(ctx, norm)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("check waba number: %w", err)
		}
		if !ok {
			out.InvalidWabaNumbers = append(out.InvalidWabaNumbers, n)
			continue
		}
		numbers = append(numbers, norm)
		for _, name := range given {
			out.ValidWebhooks = append(out.ValidWebhooks, Pair{WabaNumber: n, WebhookEventType: name})
		}
	}
	return out, events, numbers, nil
}

// checkURL refuses, with a 422 *Error, a URL that is not a fully qualified
// http or https URL or whose literal address the guard refuses. Host names
// are checked when a delivery connects, once resolved.
func (s *Service) checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" || u.Opaque != "" {
		return errorf(http.StatusUnprocessableEntity,
			"url must be a fully qualified http or https URL, such as https://example.com/webhooks")
	}
	if err := s.client.CheckURL(raw); err != nil {
		return &Error{Status: http.StatusUnprocessableEntity, Message: "url cannot be called: " + err.Error()}
	}
	return nil
}

// apply copies the registration's settings into sub, sealing a new
// authorization payload. A registration that gives no payload (or an
// empty one) keeps the stored one, as long as the type stays.
func (s *Service) apply(sub *store.Subscription, r *Registration, events, numbers []string) error {
	switch {
	case r.Auth.Type == "":
		sub.AuthPayload = nil
	case r.Auth.Payload != "":
		sealed, err := s.seal(sub.ID, sealAuth, r.Auth.Payload)
		if err != nil {
			return err
		}
		sub.AuthPayload = sealed
	case r.Auth.Type != sub.AuthType || len(sub.AuthPayload) == 0:
		return errorf(http.StatusBadRequest, "authorization.payload is required when authorization.type is set")
	}
	sub.Name, sub.Method, sub.URL, sub.BodyFormat = r.Name, r.Method, r.URL, r.BodyFormat
	sub.Headers, sub.Query, sub.Body = r.Headers, r.Query, r.Body
	sub.AuthType, sub.RetryOnTimeout = r.Auth.Type, r.RetryOnTimeout
	sub.Events, sub.WabaNumbers = events, numbers
	sub.UpdatedAt = s.now()
	return nil
}

// Update replaces the settings of webhook id with a registration, keeping
// its id, signing secrets and status, and answers as Register does, without
// a secret. An update that leaves no valid (number, event) pair is a 422
// *Error: delete the webhook instead.
func (s *Service) Update(ctx context.Context, id string, r *Registration) (*Registered, error) {
	sub, err := s.st.GetSubscription(ctx, id)
	if err != nil {
		return nil, notFound(err, "webhook", id)
	}
	out, events, numbers, err := s.sortOut(ctx, r)
	if err != nil {
		return nil, err
	}
	if len(out.ValidWebhooks) == 0 {
		return nil, errorf(http.StatusUnprocessableEntity, "no valid pair of WABA number and event is left (invalid events: %s; invalid numbers: %s); delete the webhook instead",
			listOrNone(out.InvalidWebhooks), listOrNone(out.InvalidWabaNumbers))
	}
	if err := s.apply(sub, r, events, numbers); err != nil {
		return nil, err
	}
	if err := s.st.UpdateSubscription(ctx, sub); err != nil {
		return nil, notFound(err, "webhook", id)
	}
	out.ID = sub.ID
	return out, nil
}

func listOrNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}
