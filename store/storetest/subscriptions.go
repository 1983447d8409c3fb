package storetest

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/hookflow/hookflow/store"
)

var subscriptionTests = []test{
	{"CreateGetList", func(t *testing.T, s store.Store) {
		a, b := newSubscription("sub_a", 1), newSubscription("sub_b", 0)
		b.Headers, b.Query, b.Body, b.AuthType, b.AuthPayload = nil, nil, nil, "", nil
		b.PrevSecret, b.PrevSecretUntil = nil, time.Time{}
		for _, sub := range []*store.Subscription{a, b} {
			must(t, "CreateSubscription", s.CreateSubscription(t.Context(), sub))
		}
		requireErr(t, "CreateSubscription same id", s.CreateSubscription(t.Context(), newSubscription("sub_a", 5)), store.ErrConflict)
		for _, want := range []*store.Subscription{a, b} {
			got, err := s.GetSubscription(t.Context(), want.ID)
			must(t, "GetSubscription", err)
			requireSubscription(t, got, want)
		}
		_, err := s.GetSubscription(t.Context(), "sub_none")
		requireErr(t, "GetSubscription of nothing", err, store.ErrNotFound)
		list, err := s.ListSubscriptions(t.Context())
		must(t, "ListSubscriptions", err)
		requireSubscriptionIDs(t, "ListSubscriptions", list, "sub_b", "sub_a")
	}},
	{"Match", func(t *testing.T, s store.Store) {
		a, b := newSubscription("sub_a", 1), newSubscription("sub_b", 2)
		a.Events, a.WabaNumbers = []string{"ADD_TAG", "REMOVE_TAG"}, []string{"911", "912"}
		b.Events, b.WabaNumbers = []string{"ADD_TAG"}, []string{"912"}
		b.Status = store.SubscriptionPaused
		must(t, "CreateSubscription", s.CreateSubscription(t.Context(), a))
		must(t, "CreateSubscription", s.CreateSubscription(t.Context(), b))
		match := func(what, ev, ch string, want ...string) {
			t.Helper()
			list, err := s.MatchSubscriptions(t.Context(), ev, ch)
			must(t, "MatchSubscriptions", err)
			requireSubscriptionIDs(t, what, list, want...)
		}
		match("both", "ADD_TAG", "912", "sub_a", "sub_b")
		match("one event", "REMOVE_TAG", "912", "sub_a")
		match("one number", "ADD_TAG", "911", "sub_a")
		match("unknown number", "ADD_TAG", "913")
		match("unknown event", "NEW_LEAD", "911")
		a.WabaNumbers = []string{"911"}
		must(t, "UpdateSubscription", s.UpdateSubscription(t.Context(), a))
		match("after update", "ADD_TAG", "912", "sub_b")
		must(t, "DeleteSubscription", s.DeleteSubscription(t.Context(), "sub_b"))
		match("after delete", "ADD_TAG", "912")
	}},
	{"UpdateAndStatus", func(t *testing.T, s store.Store) {
		sub := newSubscription("sub_a", 1)
		requireErr(t, "UpdateSubscription of nothing", s.UpdateSubscription(t.Context(), sub), store.ErrNotFound)
		must(t, "CreateSubscription", s.CreateSubscription(t.Context(), sub))
		sub.Name, sub.URL, sub.UpdatedAt = "renamed", "https://example.org/other", at(50)
		sub.Headers = map[string]string{"X-New": "1"}
		must(t, "UpdateSubscription", s.UpdateSubscription(t.Context(), sub))
		must(t, "SetSubscriptionStatus", s.SetSubscriptionStatus(t.Context(), "sub_a", store.SubscriptionDisabled, "410 Gone", at(60)))
		want := *sub
		want.Status, want.StatusReason, want.UpdatedAt = store.SubscriptionDisabled, "410 Gone", at(60)
		got, err := s.GetSubscription(t.Context(), "sub_a")
		must(t, "GetSubscription", err)
		requireSubscription(t, got, &want)
		requireErr(t, "SetSubscriptionStatus of nothing",
			s.SetSubscriptionStatus(t.Context(), "sub_none", store.SubscriptionPaused, "", at(1)), store.ErrNotFound)
	}},
	{"DeleteWithHealth", func(t *testing.T, s store.Store) {
		must(t, "CreateSubscription", s.CreateSubscription(t.Context(), newSubscription("sub_a", 1)))
		must(t, "UpdateSubscriptionHealth", s.UpdateSubscriptionHealth(t.Context(), "sub_a", func(h *store.SubscriptionHealth) {
			h.Recent = "1"
		}))
		must(t, "DeleteSubscription", s.DeleteSubscription(t.Context(), "sub_a"))
		requireErr(t, "DeleteSubscription again", s.DeleteSubscription(t.Context(), "sub_a"), store.ErrNotFound)
		_, err := s.GetSubscription(t.Context(), "sub_a")
		requireErr(t, "GetSubscription of a deleted one", err, store.ErrNotFound)
		health, err := s.SubscriptionHealth(t.Context(), "sub_a")
		must(t, "SubscriptionHealth", err)
		if len(health) != 0 {
			t.Fatalf("health of a deleted subscription = %s, want none", dump(health))
		}
	}},
	{"Health", func(t *testing.T, s store.Store) {
		none, err := s.SubscriptionHealth(t.Context())
		must(t, "SubscriptionHealth of no ids", err)
		if none == nil || len(none) != 0 {
			t.Fatalf("SubscriptionHealth() = %s, want an empty map", dump(none))
		}
		var seen []store.SubscriptionHealth
		record := func(id string, ok bool, n int) {
			t.Helper()
			must(t, "UpdateSubscriptionHealth", s.UpdateSubscriptionHealth(t.Context(), id, func(h *store.SubscriptionHealth) {
				seen = append(seen, *h)
				if ok {
					h.LastSuccessAt, h.FailingSince, h.Recent = at(n), time.Time{}, h.Recent+"1"
					return
				}
				if h.FailingSince.IsZero() {
					h.FailingSince = at(n)
				}
				h.LastFailureAt, h.LastError, h.Recent = at(n), "HTTP 500", h.Recent+"0"
			}))
		}
		record("sub_a", true, 1)
		record("sub_a", false, 2)
		record("sub_a", false, 3)
		record("sub_b", false, 4)
		requireEqual(t, "health seen by the first update", seen[0], store.SubscriptionHealth{})
		got, err := s.SubscriptionHealth(t.Context(), "sub_a", "sub_b", "sub_none")
		must(t, "SubscriptionHealth", err)
		want := map[string]*store.SubscriptionHealth{
			"sub_a": {LastSuccessAt: stored(at(1)), LastFailureAt: stored(at(3)), FailingSince: stored(at(2)), LastError: "HTTP 500", Recent: "100"},
			"sub_b": {LastFailureAt: stored(at(4)), FailingSince: stored(at(4)), LastError: "HTTP 500", Recent: "0"},
		}
		requireEqual(t, "health", got, want)
	}},
}

// newSubscription returns a complete subscription created at base plus n
// seconds.
func newSubscription(id string, n int) *store.Subscription {
	return &store.Subscription{
		ID: id, Name: "Hook " + id, Method: "POST", URL: "https://example.com/hooks/" + id,
		Headers:     map[string]string{"X-Team": "ops", "a.b": "dotted", "$set": "dollar"},
		Query:       map[string]string{"source": "hookflow"},
		Body:        json.RawMessage(`{"note":"1.50","n":12345678901234567890}`),
		BodyFormat:  "JSON",
		AuthType:    "BEARER",
		AuthPayload: []byte("sealed-token"),
		Events:      []string{"ADD_TAG"}, WabaNumbers: []string{"919000000001"},
		RetryOnTimeout: true, Status: store.SubscriptionActive,
		Secret: []byte("sealed-secret"), PrevSecret: []byte("sealed-old"), PrevSecretUntil: at(n + 86400),
		CreatedAt: at(n), UpdatedAt: at(n + 1),
	}
}

// requireSubscription fails t unless got is want as a store gives it back.
func requireSubscription(t *testing.T, got, want *store.Subscription) {
	t.Helper()
	w := *want
	w.CreatedAt, w.UpdatedAt, w.PrevSecretUntil = stored(want.CreatedAt), stored(want.UpdatedAt), stored(want.PrevSecretUntil)
	requireEqual(t, "subscription", got, &w)
}

// requireSubscriptionIDs fails t unless list holds the subscriptions ids,
// in order.
func requireSubscriptionIDs(t *testing.T, what string, list []*store.Subscription, ids ...string) {
	t.Helper()
	got := make([]string, 0, len(list))
	for _, s := range list {
		got = append(got, s.ID)
	}
	if ids == nil {
		ids = []string{}
	}
	if !slices.Equal(got, ids) {
		t.Fatalf("%s = %v, want %v", what, got, ids)
	}
	if list == nil {
		t.Fatalf("%s is nil, want a list", what)
	}
}
