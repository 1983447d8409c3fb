package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

// runStatDoc is the projection of a run that statistics read.
type runStatDoc struct {
	FlowID     string      `bson:"flowId"`
	Status     runs.Status `bson:"status"`
	CreatedAt  time.Time   `bson:"createdAt"`
	DurationMs float64     `bson:"durationMs"`
}

// deliveryStatDoc is the projection of a delivery that statistics read.
type deliveryStatDoc struct {
	SubscriptionID string    `bson:"subscriptionId"`
	Status         string    `bson:"status"`
	CreatedAt      time.Time `bson:"createdAt"`
}

var (
	runStatFields      = bson.D{{Key: "_id", Value: 0}, {Key: "flowId", Value: 1}, {Key: "status", Value: 1}, {Key: "createdAt", Value: 1}, {Key: "durationMs", Value: 1}}
	deliveryStatFields = bson.D{{Key: "_id", Value: 0}, {Key: "subscriptionId", Value: 1}, {Key: "status", Value: 1}, {Key: "createdAt", Value: 1}}
)

// RunStats calls fn for each run created in [from, to), of flowID if set:
// a find on createdAt (flowId_createdAt_id or createdAt_id) that projects
// away everything but four fields.
func (s *Store) RunStats(ctx context.Context, flowID string, from, to time.Time, fn func(store.RunStat)) error {
	err := eachDoc(ctx, s.runs, windowFilter("flowId", flowID, from, to), runStatFields, func(d *runStatDoc) {
		fn(store.RunStat{FlowID: d.FlowID, Status: d.Status, CreatedAt: d.CreatedAt, DurationMs: d.DurationMs})
	})
	if err != nil {
		return fmt.Errorf("run stats: %w", err)
	}
	return nil
}

// DeliveryStats calls fn for each delivery created in [from, to), of
// subscriptionID if set.
func (s *Store) DeliveryStats(ctx context.Context, subscriptionID string, from, to time.Time, fn func(store.DeliveryStat)) error {
	err := eachDoc(ctx, s.deliveries, windowFilter("subscriptionId", subscriptionID, from, to), deliveryStatFields, func(d *deliveryStatDoc) {
		fn(store.DeliveryStat{SubscriptionID: d.SubscriptionID, Status: store.DeliveryStatus(d.Status), CreatedAt: d.CreatedAt})
	})
	if err != nil {
		return fmt.Errorf("delivery stats: %w", err)
	}
	return nil
}

// windowFilter matches the documents created in [from, to), whose field
// key is value when value is not "".
func windowFilter(key, value string, from, to time.Time) bson.D {
	filter := bson.D{}
	if value != "" {
		filter = append(filter, bson.E{Key: key, Value: value})
	}
	return append(filter, bson.E{Key: "createdAt", Value: bson.D{{Key: "$gte", Value: from}, {Key: "$lt", Value: to}}})
}

// eachDoc decodes each document of coll that filter matches, projected,
// and passes it to fn as the cursor goes, without collecting them.
func eachDoc[D any](ctx context.Context, coll *mongo.Collection, filter, projection bson.D, fn func(*D)) error {
	cur, err := coll.Find(ctx, filter, options.Find().SetProjection(projection))
	if err != nil {
		return err
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var d D
		if err := cur.Decode(&d); err != nil {
			return err
		}
		fn(&d)
	}
	return cur.Err()
}
