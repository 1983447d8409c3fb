package delivery

import (
	"fmt"
	"time"

	"github.com/hookflow/hookflow/store"
)

// recentSize is how many of the latest attempts the success rate covers.
const recentSize = 100

// outcome is what an attempt means for its webhook's health.
type outcome struct {
	webhookID string
	at        time.Time
	ok        bool
	// gone marks a 410 answer, which disables the webhook.
	gone bool
	err  string
}

// recordHealth adds the outcomes, in the order they came, to h. Times only
// move forward, so an outcome recorded late does not undo a later one.
func recordHealth(h *store.SubscriptionHealth, outs []*outcome) {
	for _, o := range outs {
		if o.ok {
			h.Recent += "1"
			if !o.at.Before(h.LastSuccessAt) {
				h.LastSuccessAt = o.at
			}
			if !o.at.Before(h.LastFailureAt) {
				h.FailingSince = time.Time{}
			}
		} else {
			h.Recent += "0"
			if !o.at.Before(h.LastFailureAt) {
				h.LastFailureAt, h.LastError = o.at, o.err
			}
			if h.FailingSince.IsZero() && !o.at.Before(h.LastSuccessAt) {
				h.FailingSince = o.at
			}
		}
	}
	if len(h.Recent) > recentSize {
		h.Recent = h.Recent[len(h.Recent)-recentSize:]
	}
}

// disableReason says why a webhook whose health is h, after the outcomes
// outs, must be disabled; "" when it need not be.
func disableReason(h *store.SubscriptionHealth, outs []*outcome) string {
	last := time.Time{}
	for _, o := range outs {
		if o.gone {
			return "the endpoint answered 410 Gone"
		}
		if o.at.After(last) {
			last = o.at
		}
	}
	if !h.FailingSince.IsZero() && last.Sub(h.FailingSince) >= DisableAfter {
		return fmt.Sprintf("every attempt failed for 5 days, since %s", h.FailingSince.UTC().Format(time.RFC3339))
	}
	return ""
}
