package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hookflow/hookflow/store"
)

// eventDoc is a document of the events collection; its _id is the
// event's id, which makes dedup an insert that only one caller wins. The
// arrival time is kept as Unix microseconds, as in the inbox.
type eventDoc struct {
	ID         string   `bson:"_id"`
	Type       string   `bson:"type"`
	Channel    string   `bson:"channel"`
	ReceivedAt int64    `bson:"receivedAtUs"`
	Data       string   `bson:"data"`
	Runs       []string `bson:"runs"`
	Deliveries int      `bson:"deliveries"`
}

func toEventDoc(ev *store.Event) *eventDoc {
	runs := ev.Runs
	if runs == nil {
		runs = []string{}
	}
	return &eventDoc{ID: ev.ID, Type: ev.Type, Channel: ev.Channel, ReceivedAt: ev.ReceivedAt.UnixMicro(),
		Data: string(ev.Data), Runs: runs, Deliveries: ev.Deliveries}
}

func (d *eventDoc) event() *store.Event {
	runs := d.Runs
	if runs == nil {
		runs = []string{}
	}
	return &store.Event{ID: d.ID, Type: d.Type, Channel: d.Channel, ReceivedAt: time.UnixMicro(d.ReceivedAt).UTC(),
		Data: rawJSON(d.Data), Runs: runs, Deliveries: d.Deliveries}
}

// CreateEvent stores ev; store.ErrConflict if an event has its id.
func (s *Store) CreateEvent(ctx context.Context, ev *store.Event) error {
	if _, err := s.events.InsertOne(ctx, toEventDoc(ev)); err != nil {
		return writeErr(fmt.Sprintf("create event %q", ev.ID), err)
	}
	return nil
}

// GetEvent returns the event with id, or store.ErrNotFound.
func (s *Store) GetEvent(ctx context.Context, id string) (*store.Event, error) {
	var d eventDoc
	if err := s.events.FindOne(ctx, idFilter(id)).Decode(&d); err != nil {
		return nil, readErr(fmt.Sprintf("get event %q", id), err)
	}
	return d.event(), nil
}

// SetEventDeliveries records the deliveries of an event. Only the ingest
// that stored the event writes it, so the update races no other.
func (s *Store) SetEventDeliveries(ctx context.Context, id string, n int) error {
	op := fmt.Sprintf("set deliveries of event %q", id)
	res, err := s.events.UpdateOne(ctx, idFilter(id), bson.D{{Key: "$set", Value: bson.D{{Key: "deliveries", Value: n}}}})
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return notFound(op, res.MatchedCount)
}

// DeleteEvent removes an event; store.ErrNotFound if absent.
func (s *Store) DeleteEvent(ctx context.Context, id string) error {
	op := fmt.Sprintf("delete event %q", id)
	res, err := s.events.DeleteOne(ctx, idFilter(id))
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return notFound(op, res.DeletedCount)
}

// DeleteEventsBefore removes up to limit of the oldest events received
// before before, through the receivedAtUs index.
func (s *Store) DeleteEventsBefore(ctx context.Context, before time.Time, limit int) (int, error) {
	old := bson.D{{Key: "receivedAtUs", Value: bson.D{{Key: "$lt", Value: before.UnixMicro()}}}}
	n, err := deleteFirst(ctx, s.events, old, bson.D{{Key: "receivedAtUs", Value: 1}}, limit)
	if err != nil {
		return n, fmt.Errorf("delete events before %s: %w", before.Format(time.RFC3339), err)
	}
	return n, nil
}

// ListEvents returns the events f selects, newest first.
func (s *Store) ListEvents(ctx context.Context, f store.EventFilter) ([]*store.Event, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	filter := bson.D{}
	if len(f.Types) > 0 {
		filter = append(filter, bson.E{Key: "type", Value: bson.D{{Key: "$in", Value: f.Types}}})
	}
	if !f.Since.IsZero() {
		filter = append(filter, bson.E{Key: "receivedAtUs", Value: bson.D{{Key: "$gte", Value: f.Since.UnixMicro()}}})
	}
	sort := bson.D{{Key: "receivedAtUs", Value: -1}, {Key: "_id", Value: -1}}
	list, err := findAll(ctx, s.events, filter, options.Find().SetSort(sort).SetLimit(int64(limit)), (*eventDoc).event)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	return list, nil
}

// channelDoc is a document of the channels collection; its _id is the
// number.
type channelDoc struct {
	Number    string    `bson:"_id"`
	Name      string    `bson:"name"`
	Kind      string    `bson:"kind"`
	CreatedAt time.Time `bson:"createdAt"`
}

// CreateChannel stores c; store.ErrConflict if its number exists.
func (s *Store) CreateChannel(ctx context.Context, c *store.Channel) error {
	d := channelDoc(*c)
	if _, err := s.channels.InsertOne(ctx, &d); err != nil {
		return writeErr(fmt.Sprintf("create channel %q", c.Number), err)
	}
	return nil
}

// ListChannels returns every channel, oldest first.
func (s *Store) ListChannels(ctx context.Context) ([]*store.Channel, error) {
	sort := bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}
	list, err := findAll(ctx, s.channels, bson.D{}, options.Find().SetSort(sort), func(d *channelDoc) *store.Channel {
		c := store.Channel(*d)
		return &c
	})
	if err != nil {
		return nil, fmt.Errorf("list channels: %w", err)
	}
	return list, nil
}

// DeleteChannel removes a channel; store.ErrNotFound if absent.
func (s *Store) DeleteChannel(ctx context.Context, number string) error {
	op := fmt.Sprintf("delete channel %q", number)
	res, err := s.channels.DeleteOne(ctx, idFilter(number))
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return notFound(op, res.DeletedCount)
}

// seenDoc is a document of the seen_customers collection; a unique index
// holds (channel, customer).
type seenDoc struct {
	ID       bson.ObjectID `bson:"_id"`
	Channel  string        `bson:"channel"`
	Customer string        `bson:"customer"`
	FirstAt  time.Time     `bson:"firstAt"`
}

// MarkSeen records that customer wrote on channel: the insert that the
// unique index lets in is the first time.
func (s *Store) MarkSeen(ctx context.Context, channel, customer string, at time.Time) (bool, error) {
	d := &seenDoc{ID: bson.NewObjectID(), Channel: channel, Customer: customer, FirstAt: at}
	_, err := s.seen.InsertOne(ctx, d)
	switch {
	case err == nil:
		return true, nil
	case isDuplicateKey(err):
		return false, nil
	}
	// The customer's number stays out of the message.
	return false, fmt.Errorf("mark customer seen on channel %q: %w", channel, err)
}
