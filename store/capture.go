package store

import (
	"context"
	"encoding/json"
	"time"
)

// InboxSize is how many requests the inbox of one trigger keeps: the
// newest ones.
const InboxSize = 20

// InboxEntry is one request to a webhook trigger as Capture Response shows
// it. ReceivedAt is kept to the microsecond, finer than the store's other
// times, because a capture tells the requests that came after it started
// from those that came before by it.
type InboxEntry struct {
	// ID is time-ordered (ids.NewSortable).
	ID         string    `json:"id"`
	FlowID     string    `json:"flowId"`
	NodeID     string    `json:"nodeId"`
	ReceivedAt time.Time `json:"receivedAt"`
	// Data is the request as a run's trigger data: {"method", "path",
	// "headers" (secrets redacted), "query", "body" (parsed)}; or, for a
	// platform-event trigger, {"event": {...}}.
	Data json.RawMessage `json:"data"`
	// RawBody is the body as received, as text, cut at a bound;
	// Truncated says it was cut (or that Data holds no body).
	RawBody   string `json:"rawBody"`
	Truncated bool   `json:"truncated"`
	// RunID is the run the request started; empty when the flow did not
	// run it.
	RunID string `json:"runId,omitempty"`
}

// Inbox persists the last requests of each webhook trigger.
type Inbox interface {
	// AddInbox stores a batch of entries, then trims the inbox of each
	// trigger they belong to to its InboxSize newest entries. Trimming
	// only ever deletes entries older than the newest InboxSize, so
	// concurrent batches never delete what another keeps.
	AddInbox(ctx context.Context, es []*InboxEntry) error
	// ListInbox returns the entries of the trigger nodeID of flowID
	// received at or after since (zero: all), newest first.
	ListInbox(ctx context.Context, flowID, nodeID string, since time.Time) ([]*InboxEntry, error)
	// GetInboxEntry returns one entry of a trigger, or ErrNotFound.
	GetInboxEntry(ctx context.Context, flowID, nodeID, id string) (*InboxEntry, error)
}

// Sample is the data a node's fields are mapped from in the editor: a
// request or event chosen for a trigger, or a node's output from a test
// step.
type Sample struct {
	FlowID string          `json:"flowId"`
	NodeID string          `json:"nodeId"`
	Data   json.RawMessage `json:"data"`
	// Source says where the sample came from: "capture", "inbox",
	// "manual" or "test".
	Source    string    `json:"source"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Samples persists one sample per node of a flow.
type Samples interface {
	// PutSample stores s, replacing the sample the node had.
	PutSample(ctx context.Context, s *Sample) error
	// GetSample returns the sample of a node, or ErrNotFound.
	GetSample(ctx context.Context, flowID, nodeID string) (*Sample, error)
	// ListSamples returns the samples of a flow's nodes, by node id.
	ListSamples(ctx context.Context, flowID string) ([]*Sample, error)
}
