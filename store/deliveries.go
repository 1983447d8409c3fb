package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hookflow/hookflow/runs"
)

// Statuses of an outbound webhook subscription.
const (
	// SubscriptionActive receives deliveries.
	SubscriptionActive = "active"
	// SubscriptionPaused was paused by a user: its deliveries are held.
	SubscriptionPaused = "paused"
	// SubscriptionDisabled was stopped by hookflow (its endpoint answered
	// 410, or failed for days): its deliveries are held.
	SubscriptionDisabled = "disabled"
)

// Subscription is an outbound webhook registered through the registration
// API: where and how to send the events it lists, for the channels (WABA
// numbers) it lists. Secrets are kept sealed; the store never opens them.
type Subscription struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Method string `json:"method"`
	URL    string `json:"url"`
	// Headers and Query are sent with every delivery; nil when none.
	Headers map[string]string `json:"headers"`
	Query   map[string]string `json:"query"`
	// Body holds the custom body fields, a JSON object; nil when none.
	Body       json.RawMessage `json:"body,omitempty"`
	BodyFormat string          `json:"bodyFormat"`
	// AuthType is "", "BASIC" or "BEARER"; AuthPayload its sealed value.
	AuthType    string `json:"authType,omitempty"`
	AuthPayload []byte `json:"authPayload,omitempty"`
	// Events are canonical event type names; WabaNumbers the channels.
	Events         []string `json:"events"`
	WabaNumbers    []string `json:"wabaNumbers"`
	RetryOnTimeout bool     `json:"retryOnTimeout"`
	// Status is one of the Subscription constants; StatusReason says why
	// a subscription was disabled.
	Status       string `json:"status"`
	StatusReason string `json:"statusReason,omitempty"`
	// Secret is the sealed signing secret. PrevSecret, the one a rotation
	// replaced, still signs until PrevSecretUntil.
	Secret          []byte    `json:"secret"`
	PrevSecret      []byte    `json:"prevSecret,omitempty"`
	PrevSecretUntil time.Time `json:"prevSecretUntil,omitzero"`
	CreatedAt       time.Time `json:"createdAt"`
	UpdatedAt       time.Time `json:"updatedAt"`
}

// SubscriptionHealth sums up the latest attempts of a subscription's
// deliveries. Zero times mean never.
type SubscriptionHealth struct {
	LastSuccessAt time.Time `json:"lastSuccessAt,omitzero"`
	LastFailureAt time.Time `json:"lastFailureAt,omitzero"`
	// FailingSince is the first failure after the last success; zero
	// while the latest outcome is a success.
	FailingSince time.Time `json:"failingSince,omitzero"`
	LastError    string    `json:"lastError,omitempty"`
	// Recent holds the outcomes of the latest attempts, oldest first: '1'
	// for a success, '0' for a failure.
	Recent string `json:"recent,omitempty"`
}

// Subscriptions persists outbound webhook subscriptions and their health.
type Subscriptions interface {
	// CreateSubscription stores s; ErrConflict if its id is taken.
	CreateSubscription(ctx context.Context, s *Subscription) error
	// GetSubscription returns the subscription with id, or ErrNotFound.
	GetSubscription(ctx context.Context, id string) (*Subscription, error)
	// ListSubscriptions returns every subscription, oldest first.
	ListSubscriptions(ctx context.Context) ([]*Subscription, error)
	// MatchSubscriptions returns, oldest first, the subscriptions whatever
	// their status that list eventType among their Events and channel
	// among their WabaNumbers.
	MatchSubscriptions(ctx context.Context, eventType, channel string) ([]*Subscription, error)
	// UpdateSubscription replaces the stored subscription with s (matched
	// by id); ErrNotFound if there is none.
	UpdateSubscription(ctx context.Context, s *Subscription) error
	// SetSubscriptionStatus changes only the status, its reason and
	// UpdatedAt of a subscription; ErrNotFound if there is none.
	SetSubscriptionStatus(ctx context.Context, id, status, reason string, at time.Time) error
	// DeleteSubscription removes a subscription and its health;
	// ErrNotFound if absent. Its deliveries stay.
	DeleteSubscription(ctx context.Context, id string) error
	// SubscriptionHealth returns, by id, the health recorded for the
	// subscriptions ids; those without any are left out.
	SubscriptionHealth(ctx context.Context, ids ...string) (map[string]*SubscriptionHealth, error)
	// UpdateSubscriptionHealth reads the health of subscription id (zero
	// if none is recorded), lets update change it, and stores the result.
	// In SQLite the read and the write are one transaction; in MongoDB a
	// concurrent update of the same health may be lost, which only makes
	// a summary less exact.
	UpdateSubscriptionHealth(ctx context.Context, id string, update func(h *SubscriptionHealth)) error
}

// DeliveryStatus is where a delivery stands.
type DeliveryStatus string

// Delivery statuses.
const (
	// DeliveryPending waits for its next attempt, at NextAttemptAt.
	DeliveryPending DeliveryStatus = "pending"
	// DeliverySucceeded got a 2xx answer.
	DeliverySucceeded DeliveryStatus = "succeeded"
	// DeliveryFailed ran out of attempts or was ended by its answer.
	DeliveryFailed DeliveryStatus = "failed"
	// DeliveryHeld is kept, unsent, while its subscription is paused or
	// disabled; it can be sent again.
	DeliveryHeld DeliveryStatus = "held"
)

// Delivery is one event on its way to one subscription, with every attempt
// made to send it.
type Delivery struct {
	// ID is also the webhook-id header of every attempt.
	ID             string `json:"id"`
	SubscriptionID string `json:"subscriptionId"`
	// EventID, EventType (canonical), Channel and Data are the event as
	// it was accepted at EventAt.
	EventID   string          `json:"eventId"`
	EventType string          `json:"eventType"`
	Channel   string          `json:"channel"`
	Data      json.RawMessage `json:"data,omitempty"`
	EventAt   time.Time       `json:"eventAt"`
	Status    DeliveryStatus  `json:"status"`
	// Tries counts the attempts of the current round of the retry
	// schedule; a redelivery starts a new round.
	Tries         int       `json:"tries"`
	NextAttemptAt time.Time `json:"nextAttemptAt,omitzero"`
	// Owner and LeaseUntil say which process holds the delivery, queued
	// in memory or being sent, and until when.
	Owner      string    `json:"owner,omitempty"`
	LeaseUntil time.Time `json:"leaseUntil,omitzero"`
	// AttemptCount counts every attempt ever made; the Last fields sum up
	// the latest one, for listings.
	AttemptCount  int       `json:"attemptCount"`
	LastAttemptAt time.Time `json:"lastAttemptAt,omitzero"`
	LastStatus    int       `json:"lastStatus,omitempty"`
	LastError     string    `json:"lastError,omitempty"`
	// Attempts is the log of the latest attempts, oldest first.
	Attempts   []DeliveryAttempt `json:"attempts,omitempty"`
	CreatedAt  time.Time         `json:"createdAt"`
	FinishedAt time.Time         `json:"finishedAt,omitzero"`
}

// DeliveryAttempt is one request sent for a delivery and what came back.
type DeliveryAttempt struct {
	At     time.Time `json:"at"`
	Method string    `json:"method"`
	URL    string    `json:"url"`
	// RequestHeaders are the headers sent, secrets redacted.
	RequestHeaders map[string]string `json:"requestHeaders"`
	// Status is the answer's HTTP status; 0 when none came.
	Status    int    `json:"status"`
	LatencyMs int64  `json:"latencyMs"`
	Error     string `json:"error,omitempty"`
	Timeout   bool   `json:"timeout,omitempty"`
	// Response is the start of the answer's body; Truncated says there
	// was more.
	Response  string `json:"response,omitempty"`
	Truncated bool   `json:"truncated,omitempty"`
}

// DeliveryFilter selects deliveries for listing, newest first.
type DeliveryFilter struct {
	SubscriptionID string
	Status         DeliveryStatus
	EventType      string
	// Cursor continues a previous listing; Limit bounds the page (default 50).
	Cursor string
	Limit  int
}

// Requeue selects deliveries to send again.
type Requeue struct {
	// ID selects one delivery, SubscriptionID those of one subscription;
	// one of them is set.
	ID, SubscriptionID string
	// Statuses are the statuses taken. DeliveryPending among them takes
	// only pending deliveries that no process holds (lease expired
	// before Now).
	Statuses []DeliveryStatus
	Now      time.Time
}

// Deliveries persists outbound deliveries. Writes come in batches, as runs
// do, and a delivery is held by one process at a time through a lease.
type Deliveries interface {
	// CreateDeliveries stores new deliveries in one batch. A delivery
	// whose id is stored already is left as it is, so an event offered
	// twice is delivered once; created reports, by index, which were
	// stored.
	CreateDeliveries(ctx context.Context, ds []*Delivery) (created []bool, err error)
	// SaveDeliveries inserts or replaces each delivery (by id) in one
	// batch. A delivery listed twice is saved as its last occurrence.
	SaveDeliveries(ctx context.Context, ds []*Delivery) error
	// GetDelivery returns a delivery with its data and attempts, or
	// ErrNotFound.
	GetDelivery(ctx context.Context, id string) (*Delivery, error)
	// ListDeliveries returns one page of the deliveries f selects, newest
	// first (by CreatedAt, then id), without Data and Attempts, and the
	// cursor of the next page ("" at the end). A bad cursor is an error
	// wrapping ErrBadCursor.
	ListDeliveries(ctx context.Context, f DeliveryFilter) ([]*Delivery, string, error)
	// ClaimDeliveries takes over up to limit pending deliveries that are
	// due (NextAttemptAt not after now) and that no process holds (lease
	// expired before now). Each claim is a compare-and-set on the old
	// owner and lease, so two processes never claim the same delivery;
	// the claimed ones come back whole, with Owner = owner and LeaseUntil
	// = until.
	ClaimDeliveries(ctx context.Context, owner string, now, until time.Time, limit int) ([]*Delivery, error)
	// RenewDeliveryLeases extends the lease of the given deliveries that
	// owner still holds.
	RenewDeliveryLeases(ctx context.Context, owner string, ids []string, until time.Time) error
	// RequeueDeliveries makes the deliveries q selects pending again, due
	// at q.Now, held by no process, with Tries 0 and no FinishedAt, and
	// returns how many it changed.
	RequeueDeliveries(ctx context.Context, q Requeue) (int, error)
	// HoldDeliveries turns the pending deliveries of a subscription that
	// no process holds (lease expired before now) into held ones, and
	// returns how many it changed.
	HoldDeliveries(ctx context.Context, subscriptionID string, now time.Time) (int, error)
	// DeleteDeliveries removes up to limit succeeded, failed or held
	// deliveries created before before, oldest first, and returns how
	// many went. Pending ones stay, however old.
	DeleteDeliveries(ctx context.Context, before time.Time, limit int) (int, error)
}

// NextDeliveryPage is NextPage for deliveries.
func NextDeliveryPage(list []*Delivery, size int) ([]*Delivery, string) {
	return nextPage(list, size, func(d *Delivery) runs.Cursor { return runs.Cursor{CreatedAt: d.CreatedAt, ID: d.ID} })
}

// LastDeliveryOfEach is LastOfEach for deliveries.
func LastDeliveryOfEach(ds []*Delivery) []*Delivery {
	return lastOfEach(ds, func(d *Delivery) string { return d.ID })
}
