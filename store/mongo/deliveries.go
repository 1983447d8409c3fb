package mongo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hookflow/hookflow/store"
)

// CreateDeliveries inserts new deliveries in one unordered bulk write; a
// delivery whose _id exists fails alone, with a duplicate key, and is left
// as it was.
func (s *Store) CreateDeliveries(ctx context.Context, ds []*store.Delivery) ([]bool, error) {
	created := make([]bool, len(ds))
	if len(ds) == 0 {
		return created, nil
	}
	models := make([]mongo.WriteModel, len(ds))
	for i, d := range ds {
		doc, err := toDeliveryDoc(d)
		if err != nil {
			return nil, fmt.Errorf("create deliveries: %w", err)
		}
		models[i] = mongo.NewInsertOneModel().SetDocument(doc)
		created[i] = true
	}
	_, err := s.deliveries.BulkWrite(ctx, models, options.BulkWrite().SetOrdered(false))
	var bwe mongo.BulkWriteException
	if errors.As(err, &bwe) && bwe.WriteConcernError == nil && len(bwe.WriteErrors) > 0 {
		for _, we := range bwe.WriteErrors {
			if !duplicateWrite(we) {
				return nil, fmt.Errorf("create %d deliveries: %w", len(ds), err)
			}
			created[we.Index] = false
		}
		return created, nil
	}
	if err != nil {
		return nil, fmt.Errorf("create %d deliveries: %w", len(ds), err)
	}
	return created, nil
}

// duplicateWrite reports whether we is a unique index violation, as
// isDuplicateKey does for a whole error.
func duplicateWrite(we mongo.BulkWriteError) bool {
	switch we.Code {
	case 11000, 11001, 12582:
		return true
	case 1:
		return strings.Contains(we.Message, "UNIQUE constraint failed")
	}
	return false
}

// SaveDeliveries inserts or replaces each delivery in one unordered bulk
// write of upserts; a delivery listed twice goes once, as its last
// occurrence.
func (s *Store) SaveDeliveries(ctx context.Context, ds []*store.Delivery) error {
	if len(ds) == 0 {
		return nil
	}
	ds = store.LastDeliveryOfEach(ds)
	models := make([]mongo.WriteModel, len(ds))
	for i, d := range ds {
		doc, err := toDeliveryDoc(d)
		if err != nil {
			return fmt.Errorf("save deliveries: %w", err)
		}
		models[i] = mongo.NewReplaceOneModel().SetFilter(idFilter(d.ID)).SetReplacement(doc).SetUpsert(true)
	}
	if _, err := s.deliveries.BulkWrite(ctx, models, options.BulkWrite().SetOrdered(false)); err != nil {
		return writeErr(fmt.Sprintf("save %d deliveries", len(ds)), err)
	}
	return nil
}

// GetDelivery returns a delivery with its data and attempts.
func (s *Store) GetDelivery(ctx context.Context, id string) (*store.Delivery, error) {
	var d deliveryDoc
	if err := s.deliveries.FindOne(ctx, idFilter(id)).Decode(&d); err != nil {
		return nil, readErr(fmt.Sprintf("get delivery %q", id), err)
	}
	return d.delivery()
}

// ListDeliveries returns one page of deliveries, newest first, without
// their data and attempts.
func (s *Store) ListDeliveries(ctx context.Context, f store.DeliveryFilter) ([]*store.Delivery, string, error) {
	c, err := store.DecodeCursor(f.Cursor)
	if err != nil {
		return nil, "", fmt.Errorf("list deliveries: %w", err)
	}
	filter := bson.D{}
	for _, e := range []bson.E{
		{Key: "subscriptionId", Value: f.SubscriptionID},
		{Key: "status", Value: string(f.Status)},
		{Key: "eventType", Value: f.EventType},
	} {
		if e.Value != "" {
			filter = append(filter, e)
		}
	}
	if c.ID != "" {
		filter = append(filter, bson.E{Key: "$or", Value: bson.A{
			bson.D{{Key: "createdAt", Value: bson.D{{Key: "$lt", Value: c.CreatedAt}}}},
			bson.D{{Key: "createdAt", Value: c.CreatedAt}, {Key: "_id", Value: bson.D{{Key: "$lt", Value: c.ID}}}},
		}})
	}
	size := store.PageSize(f.Limit)
	opts := options.Find().SetSort(newestRun).SetLimit(int64(size + 1)).SetProjection(deliveryListFields)
	list, err := s.findDeliveries(ctx, filter, opts)
	if err != nil {
		return nil, "", fmt.Errorf("list deliveries: %w", err)
	}
	list, next := store.NextDeliveryPage(list, size)
	return list, next, nil
}

// findDeliveries returns the deliveries filter matches.
func (s *Store) findDeliveries(ctx context.Context, filter bson.D, opts *options.FindOptionsBuilder) ([]*store.Delivery, error) {
	docs, err := findAll(ctx, s.deliveries, filter, opts, func(d *deliveryDoc) *deliveryDoc { return d })
	if err != nil {
		return nil, err
	}
	list := make([]*store.Delivery, len(docs))
	for i, d := range docs {
		if list[i], err = d.delivery(); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// dueDelivery matches the deliveries ClaimDeliveries may take at now.
func dueDelivery(now time.Time) bson.D {
	return bson.D{
		{Key: "status", Value: string(store.DeliveryPending)},
		{Key: "nextAttemptAt", Value: bson.D{{Key: "$lte", Value: now}}},
		{Key: "leaseUntil", Value: bson.D{{Key: "$lt", Value: now}}},
	}
}

// ClaimDeliveries takes over up to limit due deliveries that no process
// holds. As ClaimRuns does, one query finds the candidates and each is
// taken by a compare-and-set on the owner and lease it was found with,
// behind a claim token (see claimOne).
func (s *Store) ClaimDeliveries(ctx context.Context, owner string, now, until time.Time, limit int) ([]*store.Delivery, error) {
	claimed := []*store.Delivery{}
	if limit <= 0 {
		return claimed, nil
	}
	fields := bson.D{{Key: "owner", Value: 1}, {Key: "leaseUntil", Value: 1}}
	opts := options.Find().SetLimit(int64(limit)).SetProjection(fields)
	candidates, err := findAll(ctx, s.deliveries, dueDelivery(now), opts, func(d *deliveryDoc) *deliveryDoc { return d })
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "owner", Value: owner}, {Key: "leaseUntil", Value: until}}}}
	for _, c := range candidates {
		token := &deliveryClaimDoc{Slot: slotDoc{ID: bson.NewObjectID(), ExpiresAt: until}, DeliveryID: c.ID}
		filter := bson.D{
			{Key: "_id", Value: c.ID}, {Key: "owner", Value: c.Owner},
			{Key: "status", Value: string(store.DeliveryPending)},
			{Key: "nextAttemptAt", Value: bson.D{{Key: "$lte", Value: now}}},
			{Key: "leaseUntil", Value: bson.D{{Key: "$eq", Value: c.LeaseUntil}, {Key: "$lt", Value: now}}},
		}
		var d deliveryDoc
		ok, err := claimOne(ctx, s.deliveryClaims, bson.D{{Key: "deliveryId", Value: c.ID}}, token, now,
			s.deliveries, filter, update, &d)
		if err != nil {
			return nil, fmt.Errorf("claim delivery %q: %w", c.ID, err)
		}
		if !ok {
			continue
		}
		got, err := d.delivery()
		if err != nil {
			return nil, err
		}
		claimed = append(claimed, got)
	}
	return claimed, nil
}

// claimOne applies update to the document of coll that filter matches,
// a compare-and-set, and decodes the result into out; false if no
// document matched any more. The update is atomic in MongoDB; the claim
// token around it, a slot of claims keyed by key, makes it so in
// FerretDB too, which applies an update by reading and writing back. The
// token goes once the update is written: a process that read the document
// before can then take the token, but its filter no longer matches. A
// token left by a process that died expires with the lease it was taking.
func claimOne(ctx context.Context, claims *mongo.Collection, key bson.D, token holder, now time.Time,
	coll *mongo.Collection, filter, update bson.D, out any) (bool, error) {
	taken, err := takeSlot(ctx, claims, key, token, now, new(deliveryClaimDoc))
	if err != nil || !taken {
		return false, err
	}
	opts := options.FindOneAndUpdate().SetReturnDocument(options.After)
	err = coll.FindOneAndUpdate(ctx, filter, update, opts).Decode(out)
	_, release := claims.DeleteOne(ctx, bson.D{{Key: "_id", Value: token.slot().ID}})
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return false, release
	case err != nil:
		return false, err
	}
	// A token that could not be deleted expires with the lease just
	// taken, so the document is claimed and nobody waits longer for it.
	return true, nil
}

// RenewDeliveryLeases extends the lease of the deliveries among ids that
// owner still holds.
func (s *Store) RenewDeliveryLeases(ctx context.Context, owner string, ids []string, until time.Time) error {
	if owner == "" || len(ids) == 0 {
		return nil
	}
	filter := bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}, {Key: "owner", Value: owner}}
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "leaseUntil", Value: until}}}}
	if _, err := s.deliveries.UpdateMany(ctx, filter, update); err != nil {
		return fmt.Errorf("renew %d delivery leases: %w", len(ids), err)
	}
	return nil
}

// RequeueDeliveries makes the deliveries q selects pending again, in one
// UpdateMany.
func (s *Store) RequeueDeliveries(ctx context.Context, q store.Requeue) (int, error) {
	key := bson.E{Key: "subscriptionId", Value: q.SubscriptionID}
	if q.ID != "" {
		key = bson.E{Key: "_id", Value: q.ID}
	}
	var taken bson.A
	for _, st := range q.Statuses {
		if st == store.DeliveryPending {
			taken = append(taken, bson.D{{Key: "status", Value: string(st)}, {Key: "leaseUntil", Value: bson.D{{Key: "$lt", Value: q.Now}}}})
			continue
		}
		taken = append(taken, bson.D{{Key: "status", Value: string(st)}})
	}
	if len(taken) == 0 {
		return 0, nil
	}
	update := bson.D{{Key: "$set", Value: bson.D{
		{Key: "status", Value: string(store.DeliveryPending)}, {Key: "tries", Value: 0},
		{Key: "nextAttemptAt", Value: q.Now}, {Key: "owner", Value: ""},
		{Key: "leaseUntil", Value: time.Time{}}, {Key: "finishedAt", Value: time.Time{}},
	}}}
	res, err := s.deliveries.UpdateMany(ctx, bson.D{key, {Key: "$or", Value: taken}}, update)
	if err != nil {
		return 0, fmt.Errorf("requeue deliveries: %w", err)
	}
	return int(res.MatchedCount), nil
}

// HoldDeliveries turns a subscription's pending deliveries that no
// process holds into held ones.
func (s *Store) HoldDeliveries(ctx context.Context, subscriptionID string, now time.Time) (int, error) {
	filter := bson.D{
		{Key: "subscriptionId", Value: subscriptionID},
		{Key: "status", Value: string(store.DeliveryPending)},
		{Key: "leaseUntil", Value: bson.D{{Key: "$lt", Value: now}}},
	}
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: string(store.DeliveryHeld)}, {Key: "owner", Value: ""}}}}
	res, err := s.deliveries.UpdateMany(ctx, filter, update)
	if err != nil {
		return 0, fmt.Errorf("hold deliveries of subscription %q: %w", subscriptionID, err)
	}
	return int(res.ModifiedCount), nil
}

// DeleteDeliveries removes up to limit succeeded, failed or held
// deliveries created before before, oldest first, then up to limit claim
// tokens that expired before before.
func (s *Store) DeleteDeliveries(ctx context.Context, before time.Time, limit int) (int, error) {
	finished := bson.D{
		{Key: "status", Value: bson.D{{Key: "$in", Value: bson.A{
			string(store.DeliverySucceeded), string(store.DeliveryFailed), string(store.DeliveryHeld)}}}},
		{Key: "createdAt", Value: bson.D{{Key: "$lt", Value: before}}},
	}
	n, err := deleteFirst(ctx, s.deliveries, finished, bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}, limit)
	if err != nil {
		return 0, fmt.Errorf("delete deliveries: %w", err)
	}
	expired := bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lt", Value: before}}}}
	if _, err := deleteFirst(ctx, s.deliveryClaims, expired, bson.D{{Key: "expiresAt", Value: 1}}, limit); err != nil {
		return n, fmt.Errorf("delete deliveries: expired claim tokens: %w", err)
	}
	return n, nil
}
