package store

import (
	"context"
	"encoding/json"
	"time"
)

// Event is a platform event as it was accepted, with what it started.
// ReceivedAt is kept to the microsecond, like an inbox entry's.
type Event struct {
	// ID is the sender's dedup id, or one made at ingest; a unique key.
	ID string `json:"id"`
	// Type is the catalog's canonical name.
	Type       string          `json:"type"`
	Channel    string          `json:"channel"`
	Data       json.RawMessage `json:"data"`
	ReceivedAt time.Time       `json:"receivedAt"`
	// Runs are the ids of the runs the event started, one per flow.
	Runs []string `json:"runs"`
	// Deliveries is how many outbound deliveries the event was queued for.
	Deliveries int `json:"deliveries"`
}

// EventFilter selects stored events, newest first.
type EventFilter struct {
	// Types are canonical event names; empty matches every type.
	Types []string
	// Since bounds ReceivedAt from below, inclusive; zero is no bound.
	Since time.Time
	// Limit bounds the list; 0 means 100.
	Limit int
}

// Events persists accepted platform events; the unique id is what
// deduplicates them.
type Events interface {
	// CreateEvent stores ev; ErrConflict if an event has its id, which
	// makes concurrent ingests of one event safe: exactly one stores it.
	CreateEvent(ctx context.Context, ev *Event) error
	// GetEvent returns the event with id, or ErrNotFound.
	GetEvent(ctx context.Context, id string) (*Event, error)
	// SetEventDeliveries records how many deliveries an event was queued
	// for; ErrNotFound if there is no such event.
	SetEventDeliveries(ctx context.Context, id string, n int) error
	// DeleteEvent removes an event, so that a sender's retry is taken as
	// new after an ingest that could not finish; ErrNotFound if absent.
	DeleteEvent(ctx context.Context, id string) error
	// ListEvents returns the events f selects, newest first.
	ListEvents(ctx context.Context, f EventFilter) ([]*Event, error)
	// DeleteEventsBefore removes up to limit of the oldest events received
	// before before, for retention, and returns how many went.
	DeleteEventsBefore(ctx context.Context, before time.Time, limit int) (int, error)
}

// Kinds of channel.
const (
	ChannelWABA       = "waba"        // a WhatsApp Business number
	ChannelChatSource = "chat_source" // a live-chat or help-desk source
)

// Channel is a business number or chat source the installation knows.
type Channel struct {
	// Number is the unique key: digits only for a WABA number.
	Number    string    `json:"number"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	CreatedAt time.Time `json:"createdAt"`
}

// Channels persists channels.
type Channels interface {
	// CreateChannel stores c; ErrConflict if its number exists.
	CreateChannel(ctx context.Context, c *Channel) error
	// ListChannels returns every channel, oldest first.
	ListChannels(ctx context.Context) ([]*Channel, error)
	// DeleteChannel removes the channel with number; ErrNotFound if absent.
	DeleteChannel(ctx context.Context, number string) error
}

// Seen remembers which customers have written on which channel.
type Seen interface {
	// MarkSeen records that customer wrote on channel at at, and reports
	// whether it was the first time. A unique key decides: of concurrent
	// calls for one pair, exactly one gets true.
	MarkSeen(ctx context.Context, channel, customer string, at time.Time) (first bool, err error)
}
