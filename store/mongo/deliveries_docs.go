package mongo

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/hookflow/hookflow/store"
)

// subscriptionDoc is a document of the subscriptions collection. Headers,
// query and body are user JSON whose keys servers may refuse as field
// names ("$set", "a.b"), so they are kept as JSON strings, "" for none.
type subscriptionDoc struct {
	ID              string    `bson:"_id"`
	Name            string    `bson:"name"`
	Method          string    `bson:"method"`
	URL             string    `bson:"url"`
	Headers         string    `bson:"headers,omitempty"`
	Query           string    `bson:"query,omitempty"`
	Body            string    `bson:"body,omitempty"`
	BodyFormat      string    `bson:"bodyFormat"`
	AuthType        string    `bson:"authType,omitempty"`
	AuthPayload     []byte    `bson:"authPayload,omitempty"`
	Events          []string  `bson:"events"`
	WabaNumbers     []string  `bson:"wabaNumbers"`
	RetryOnTimeout  bool      `bson:"retryOnTimeout"`
	Status          string    `bson:"status"`
	StatusReason    string    `bson:"statusReason,omitempty"`
	Secret          []byte    `bson:"secret"`
	PrevSecret      []byte    `bson:"prevSecret,omitempty"`
	PrevSecretUntil time.Time `bson:"prevSecretUntil"`
	CreatedAt       time.Time `bson:"createdAt"`
	UpdatedAt       time.Time `bson:"updatedAt"`
}

// healthDoc is a document of the subscription_health collection, keyed by
// the subscription's id. It is apart from the subscription so that
// recording an attempt never rewrites the subscription: FerretDB writes an
// updated document back whole, which could undo a concurrent pause.
type healthDoc struct {
	ID            string    `bson:"_id"`
	LastSuccessAt time.Time `bson:"lastSuccessAt"`
	LastFailureAt time.Time `bson:"lastFailureAt"`
	FailingSince  time.Time `bson:"failingSince"`
	LastError     string    `bson:"lastError,omitempty"`
	Recent        string    `bson:"recent,omitempty"`
}

// deliveryDoc is a document of the deliveries collection. The event data
// and the attempt log (whose header names are user keys) are JSON strings.
type deliveryDoc struct {
	ID             string    `bson:"_id"`
	SubscriptionID string    `bson:"subscriptionId"`
	EventID        string    `bson:"eventId"`
	EventType      string    `bson:"eventType"`
	Channel        string    `bson:"channel"`
	Data           string    `bson:"data,omitempty"`
	EventAt        time.Time `bson:"eventAt"`
	Status         string    `bson:"status"`
	Tries          int       `bson:"tries"`
	NextAttemptAt  time.Time `bson:"nextAttemptAt"`
	// Owner is kept when empty: claims match on it.
	Owner         string    `bson:"owner"`
	LeaseUntil    time.Time `bson:"leaseUntil"`
	AttemptCount  int       `bson:"attemptCount"`
	LastAttemptAt time.Time `bson:"lastAttemptAt"`
	LastStatus    int       `bson:"lastStatus,omitempty"`
	LastError     string    `bson:"lastError,omitempty"`
	Attempts      string    `bson:"attempts,omitempty"`
	CreatedAt     time.Time `bson:"createdAt"`
	FinishedAt    time.Time `bson:"finishedAt"`
}

// deliveryClaimDoc is a document of the delivery_claims collection: the
// token a process holds while it claims a delivery; a unique index holds
// deliveryId.
type deliveryClaimDoc struct {
	Slot       slotDoc `bson:",inline"`
	DeliveryID string  `bson:"deliveryId"`
}

func (d *deliveryClaimDoc) slot() *slotDoc { return &d.Slot }

// jsonText encodes v as a JSON string; "" for a nil map.
func jsonText[M ~map[string]string](v M) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// fromJSONText is the inverse of jsonText.
func fromJSONText(s string) (map[string]string, error) {
	if s == "" {
		return nil, nil
	}
	var m map[string]string
	return m, json.Unmarshal([]byte(s), &m)
}

func toSubscriptionDoc(s *store.Subscription) (*subscriptionDoc, error) {
	headers, err := jsonText(s.Headers)
	if err != nil {
		return nil, fmt.Errorf("headers: %w", err)
	}
	query, err := jsonText(s.Query)
	if err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	if len(s.Body) > 0 && !json.Valid(s.Body) {
		return nil, fmt.Errorf("body is not valid JSON")
	}
	return &subscriptionDoc{
		ID: s.ID, Name: s.Name, Method: s.Method, URL: s.URL, Headers: headers, Query: query,
		Body: string(s.Body), BodyFormat: s.BodyFormat, AuthType: s.AuthType, AuthPayload: s.AuthPayload,
		Events: s.Events, WabaNumbers: s.WabaNumbers, RetryOnTimeout: s.RetryOnTimeout,
		Status: s.Status, StatusReason: s.StatusReason,
		Secret: s.Secret, PrevSecret: s.PrevSecret, PrevSecretUntil: s.PrevSecretUntil,
		CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
	}, nil
}

func (d *subscriptionDoc) subscription() (*store.Subscription, error) {
	headers, err := fromJSONText(d.Headers)
	if err != nil {
		return nil, fmt.Errorf("subscription %q: headers: %w", d.ID, err)
	}
	query, err := fromJSONText(d.Query)
	if err != nil {
		return nil, fmt.Errorf("subscription %q: query: %w", d.ID, err)
	}
	return &store.Subscription{
		ID: d.ID, Name: d.Name, Method: d.Method, URL: d.URL, Headers: headers, Query: query,
		Body: rawJSON(d.Body), BodyFormat: d.BodyFormat, AuthType: d.AuthType, AuthPayload: d.AuthPayload,
		Events: d.Events, WabaNumbers: d.WabaNumbers, RetryOnTimeout: d.RetryOnTimeout,
		Status: d.Status, StatusReason: d.StatusReason,
		Secret: d.Secret, PrevSecret: d.PrevSecret, PrevSecretUntil: d.PrevSecretUntil,
		CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt,
	}, nil
}

func toHealthDoc(id string, h *store.SubscriptionHealth) *healthDoc {
	return &healthDoc{ID: id, LastSuccessAt: h.LastSuccessAt, LastFailureAt: h.LastFailureAt,
		FailingSince: h.FailingSince, LastError: h.LastError, Recent: h.Recent}
}

func (d *healthDoc) health() *store.SubscriptionHealth {
	return &store.SubscriptionHealth{LastSuccessAt: d.LastSuccessAt, LastFailureAt: d.LastFailureAt,
		FailingSince: d.FailingSince, LastError: d.LastError, Recent: d.Recent}
}

func toDeliveryDoc(d *store.Delivery) (*deliveryDoc, error) {
	if len(d.Data) > 0 && !json.Valid(d.Data) {
		return nil, fmt.Errorf("delivery %q: data is not valid JSON", d.ID)
	}
	var attempts string
	if len(d.Attempts) > 0 {
		list := slices.Clone(d.Attempts)
		for i := range list {
			list[i].At = list[i].At.UTC().Truncate(time.Millisecond) // as BSON dates are kept
		}
		b, err := json.Marshal(list)
		if err != nil {
			return nil, fmt.Errorf("delivery %q: attempts: %w", d.ID, err)
		}
		attempts = string(b)
	}
	return &deliveryDoc{
		ID: d.ID, SubscriptionID: d.SubscriptionID, EventID: d.EventID, EventType: d.EventType,
		Channel: d.Channel, Data: string(d.Data), EventAt: d.EventAt, Status: string(d.Status),
		Tries: d.Tries, NextAttemptAt: d.NextAttemptAt, Owner: d.Owner, LeaseUntil: d.LeaseUntil,
		AttemptCount: d.AttemptCount, LastAttemptAt: d.LastAttemptAt, LastStatus: d.LastStatus,
		LastError: d.LastError, Attempts: attempts, CreatedAt: d.CreatedAt, FinishedAt: d.FinishedAt,
	}, nil
}

func (d *deliveryDoc) delivery() (*store.Delivery, error) {
	out := &store.Delivery{
		ID: d.ID, SubscriptionID: d.SubscriptionID, EventID: d.EventID, EventType: d.EventType,
		Channel: d.Channel, Data: rawJSON(d.Data), EventAt: d.EventAt, Status: store.DeliveryStatus(d.Status),
		Tries: d.Tries, NextAttemptAt: d.NextAttemptAt, Owner: d.Owner, LeaseUntil: d.LeaseUntil,
		AttemptCount: d.AttemptCount, LastAttemptAt: d.LastAttemptAt, LastStatus: d.LastStatus,
		LastError: d.LastError, CreatedAt: d.CreatedAt, FinishedAt: d.FinishedAt,
	}
	if d.Attempts != "" {
		if err := json.Unmarshal([]byte(d.Attempts), &out.Attempts); err != nil {
			return nil, fmt.Errorf("delivery %q: attempts: %w", d.ID, err)
		}
		for i := range out.Attempts {
			out.Attempts[i].At = out.Attempts[i].At.UTC()
		}
	}
	return out, nil
}

// deliveryListFields leaves out what delivery listings do not return.
var deliveryListFields = bson.D{{Key: "data", Value: 0}, {Key: "attempts", Value: 0}}
