package delivery

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/store"
)

// Webhook is a subscription as the API shows it: the registration's
// fields by their wire names, without any secret, with its status and
// health.
type Webhook struct {
	ID             string            `json:"id"`
	Name           string            `json:"name"`
	Method         string            `json:"method"`
	URL            string            `json:"url"`
	Headers        map[string]string `json:"headers"`
	Body           json.RawMessage   `json:"body"`
	Query          map[string]string `json:"query"`
	Authorization  AuthView          `json:"authorization"`
	BodyFormat     string            `json:"bodyFormat"`
	WebhookEvents  []string          `json:"webhookEvents"`
	RetryOnTimeout bool              `json:"retryOnTimeout"`
	WabaNumbers    []string          `json:"wabaNumbers"`
	// Status is active, paused or disabled; StatusReason says why a
	// webhook was disabled.
	Status       string `json:"status"`
	StatusReason string `json:"statusReason,omitempty"`
	// PreviousSecretExpiresAt is when a rotated-out secret stops signing;
	// absent when none does.
	PreviousSecretExpiresAt *time.Time `json:"previousSecretExpiresAt,omitempty"`
	CreatedAt               time.Time  `json:"createdAt"`
	UpdatedAt               time.Time  `json:"updatedAt"`
	Health                  Health     `json:"health"`
}

// AuthView is the authorization of a webhook with its payload masked.
type AuthView struct {
	Type    string `json:"type"`
	Payload string `json:"payload"`
}

// Health sums up a webhook's latest attempts.
type Health struct {
	// SuccessRate is the share of successes among the last Attempts
	// attempts (at most the last 100), from 0 to 1; null before any.
	SuccessRate *float64 `json:"successRate"`
	Attempts    int      `json:"attempts"`
	LastError   string   `json:"lastError"`
	// Times are null when it never happened. FailingSince is the first
	// failure after the last success; null while the latest attempt
	// succeeded.
	LastSuccessAt *time.Time `json:"lastSuccessAt"`
	LastFailureAt *time.Time `json:"lastFailureAt"`
	FailingSince  *time.Time `json:"failingSince"`
}

// view renders sub and its health h (nil: none recorded).
func (s *Service) view(sub *store.Subscription, h *store.SubscriptionHealth) *Webhook {
	w := &Webhook{
		ID: sub.ID, Name: sub.Name, Method: sub.Method, URL: sub.URL,
		Headers: nonNilMap(sub.Headers), Query: nonNilMap(sub.Query), Body: sub.Body,
		Authorization: AuthView{Type: sub.AuthType}, BodyFormat: sub.BodyFormat,
		WebhookEvents: sub.Events, RetryOnTimeout: sub.RetryOnTimeout, WabaNumbers: sub.WabaNumbers,
		Status: sub.Status, StatusReason: sub.StatusReason, CreatedAt: sub.CreatedAt, UpdatedAt: sub.UpdatedAt,
		Health: healthView(h),
	}
	if len(w.Body) == 0 {
		w.Body = json.RawMessage("{}")
	}
	if len(sub.AuthPayload) > 0 {
		w.Authorization.Payload = credentials.Redacted
	}
	if len(sub.PrevSecret) > 0 && sub.PrevSecretUntil.After(s.now()) {
		w.PreviousSecretExpiresAt = &sub.PrevSecretUntil
	}
	return w
}

func healthView(h *store.SubscriptionHealth) Health {
	if h == nil {
		return Health{}
	}
	out := Health{Attempts: len(h.Recent), LastError: h.LastError,
		LastSuccessAt: timeOrNil(h.LastSuccessAt), LastFailureAt: timeOrNil(h.LastFailureAt), FailingSince: timeOrNil(h.FailingSince)}
	if out.Attempts > 0 {
		rate := float64(strings.Count(h.Recent, "1")) / float64(out.Attempts)
		out.SuccessRate = &rate
	}
	return out
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
