package mongo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hookflow/hookflow/store"
)

// oldestFirst sorts subscriptions as listings return them.
var oldestFirst = bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}

// CreateSubscription stores sub; store.ErrConflict if its id is taken.
func (s *Store) CreateSubscription(ctx context.Context, sub *store.Subscription) error {
	op := fmt.Sprintf("create subscription %q", sub.ID)
	d, err := toSubscriptionDoc(sub)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if _, err := s.subscriptions.InsertOne(ctx, d); err != nil {
		return writeErr(op, err)
	}
	return nil
}

// GetSubscription returns the subscription with id, or store.ErrNotFound.
func (s *Store) GetSubscription(ctx context.Context, id string) (*store.Subscription, error) {
	var d subscriptionDoc
	if err := s.subscriptions.FindOne(ctx, idFilter(id)).Decode(&d); err != nil {
		return nil, readErr(fmt.Sprintf("get subscription %q", id), err)
	}
	return d.subscription()
}

// ListSubscriptions returns every subscription, oldest first.
func (s *Store) ListSubscriptions(ctx context.Context) ([]*store.Subscription, error) {
	list, err := s.findSubscriptions(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", err)
	}
	return list, nil
}

// MatchSubscriptions returns the subscriptions listing eventType and
// channel, oldest first, through the multikey index on wabaNumbers.
func (s *Store) MatchSubscriptions(ctx context.Context, eventType, channel string) ([]*store.Subscription, error) {
	list, err := s.findSubscriptions(ctx, bson.D{{Key: "wabaNumbers", Value: channel}, {Key: "events", Value: eventType}})
	if err != nil {
		return nil, fmt.Errorf("match subscriptions of %s: %w", eventType, err)
	}
	return list, nil
}

// findSubscriptions returns the subscriptions filter matches, oldest first.
func (s *Store) findSubscriptions(ctx context.Context, filter bson.D) ([]*store.Subscription, error) {
	docs, err := findAll(ctx, s.subscriptions, filter, options.Find().SetSort(oldestFirst),
		func(d *subscriptionDoc) *subscriptionDoc { return d })
	if err != nil {
		return nil, err
	}
	list := make([]*store.Subscription, len(docs))
	for i, d := range docs {
		if list[i], err = d.subscription(); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// UpdateSubscription replaces a subscription; store.ErrNotFound if there
// is none.
func (s *Store) UpdateSubscription(ctx context.Context, sub *store.Subscription) error {
	op := fmt.Sprintf("update subscription %q", sub.ID)
	d, err := toSubscriptionDoc(sub)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	res, err := s.subscriptions.ReplaceOne(ctx, idFilter(sub.ID), d)
	if err != nil {
		return writeErr(op, err)
	}
	return notFound(op, res.MatchedCount)
}

// SetSubscriptionStatus changes the status, its reason and updatedAt.
func (s *Store) SetSubscriptionStatus(ctx context.Context, id, status, reason string, at time.Time) error {
	op := fmt.Sprintf("set status of subscription %q", id)
	update := bson.D{{Key: "$set", Value: bson.D{
		{Key: "status", Value: status}, {Key: "statusReason", Value: reason}, {Key: "updatedAt", Value: at},
	}}}
	res, err := s.subscriptions.UpdateOne(ctx, idFilter(id), update)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return notFound(op, res.MatchedCount)
}

// DeleteSubscription removes a subscription, then its health.
func (s *Store) DeleteSubscription(ctx context.Context, id string) error {
	op := fmt.Sprintf("delete subscription %q", id)
	res, err := s.subscriptions.DeleteOne(ctx, idFilter(id))
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if err := notFound(op, res.DeletedCount); err != nil {
		return err
	}
	if _, err := s.health.DeleteOne(ctx, idFilter(id)); err != nil {
		return fmt.Errorf("%s: health: %w", op, err)
	}
	return nil
}

// SubscriptionHealth returns the recorded health of the subscriptions ids.
func (s *Store) SubscriptionHealth(ctx context.Context, ids ...string) (map[string]*store.SubscriptionHealth, error) {
	out := map[string]*store.SubscriptionHealth{}
	if len(ids) == 0 {
		return out, nil
	}
	filter := bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}
	docs, err := findAll(ctx, s.health, filter, options.Find(), func(d *healthDoc) *healthDoc { return d })
	if err != nil {
		return nil, fmt.Errorf("read subscription health: %w", err)
	}
	for _, d := range docs {
		out[d.ID] = d.health()
	}
	return out, nil
}

// UpdateSubscriptionHealth reads the health of a subscription, lets update
// change it and writes it back. Two processes updating one health at once
// may lose one update; health is a summary, and every attempt is in the
// delivery log anyway.
func (s *Store) UpdateSubscriptionHealth(ctx context.Context, id string, update func(h *store.SubscriptionHealth)) error {
	op := fmt.Sprintf("update health of subscription %q", id)
	h := new(store.SubscriptionHealth)
	var d healthDoc
	err := s.health.FindOne(ctx, idFilter(id)).Decode(&d)
	switch {
	case err == nil:
		h = d.health()
	case !errors.Is(err, mongo.ErrNoDocuments):
		return fmt.Errorf("%s: %w", op, err)
	}
	update(h)
	opts := options.Replace().SetUpsert(true)
	if _, err := s.health.ReplaceOne(ctx, idFilter(id), toHealthDoc(id, h), opts); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}
