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

// newestRun sorts runs as listings return them.
var newestRun = bson.D{{Key: "createdAt", Value: -1}, {Key: "_id", Value: -1}}

// listProjection leaves out what listings do not return.
var listProjection = bson.D{
	{Key: "trigger", Value: 0}, {Key: "steps", Value: 0},
	{Key: "response", Value: 0}, {Key: "search", Value: 0},
}

// idFilter matches the document whose _id is id.
func idFilter(id string) bson.D { return bson.D{{Key: "_id", Value: id}} }

// SaveRuns inserts or replaces each run in one unordered bulk write of
// upserts. The server may apply an unordered batch in any order, so a run
// listed twice goes once, as its last occurrence.
func (s *Store) SaveRuns(ctx context.Context, rs []*runs.Run) error {
	if len(rs) == 0 {
		return nil
	}
	rs = store.LastOfEach(rs)
	models := make([]mongo.WriteModel, len(rs))
	for i, r := range rs {
		if err := r.CheckJSON(); err != nil {
			return fmt.Errorf("save run %q: %w", r.ID, err)
		}
		models[i] = mongo.NewReplaceOneModel().SetFilter(idFilter(r.ID)).SetReplacement(toRunDoc(r)).SetUpsert(true)
	}
	if _, err := s.runs.BulkWrite(ctx, models, options.BulkWrite().SetOrdered(false)); err != nil {
		return writeErr(fmt.Sprintf("save %d runs", len(rs)), err)
	}
	return nil
}

// GetRun returns the run with id, with trigger and steps, or
// store.ErrNotFound.
func (s *Store) GetRun(ctx context.Context, id string) (*runs.Run, error) {
	var d runDoc
	if err := s.runs.FindOne(ctx, idFilter(id)).Decode(&d); err != nil {
		return nil, readErr(fmt.Sprintf("get run %q", id), err)
	}
	return d.run(), nil
}

// ListRuns returns one page of runs matching f, newest first, without
// their heavy parts, and the cursor of the next page.
func (s *Store) ListRuns(ctx context.Context, f runs.Filter) ([]*runs.Run, string, error) {
	c, err := store.DecodeCursor(f.Cursor)
	if err != nil {
		return nil, "", fmt.Errorf("list runs: %w", err)
	}
	size := store.PageSize(f.Limit)
	opts := options.Find().SetSort(newestRun).SetLimit(int64(size + 1)).SetProjection(listProjection)
	list, err := findAll(ctx, s.runs, listFilter(f, c), opts, (*runDoc).run)
	if err != nil {
		return nil, "", fmt.Errorf("list runs: %w", err)
	}
	list, next := store.NextPage(list, size)
	return list, next, nil
}

// listFilter matches the runs of f that come after c.
func listFilter(f runs.Filter, c runs.Cursor) bson.D {
	filter := bson.D{}
	if f.Q != "" {
		filter = append(filter, bson.E{Key: "search", Value: runs.NormalizeTerm(f.Q)})
	}
	if f.FlowID != "" {
		filter = append(filter, bson.E{Key: "flowId", Value: f.FlowID})
	}
	if f.Status != "" {
		filter = append(filter, bson.E{Key: "status", Value: f.Status})
	}
	created := bson.D{}
	if !f.From.IsZero() {
		created = append(created, bson.E{Key: "$gte", Value: f.From})
	}
	if !f.To.IsZero() {
		created = append(created, bson.E{Key: "$lt", Value: f.To})
	}
	if len(created) > 0 {
		filter = append(filter, bson.E{Key: "createdAt", Value: created})
	}
	if c.ID != "" {
		filter = append(filter, bson.E{Key: "$or", Value: bson.A{
			bson.D{{Key: "createdAt", Value: bson.D{{Key: "$lt", Value: c.CreatedAt}}}},
			bson.D{{Key: "createdAt", Value: c.CreatedAt}, {Key: "_id", Value: bson.D{{Key: "$lt", Value: c.ID}}}},
		}})
	}
	return filter
}

// DeleteRuns removes up to limit finished runs of flowID created before
// before, oldest first, then up to limit dedup records and claim tokens of
// flowID that expired before before.
func (s *Store) DeleteRuns(ctx context.Context, flowID string, before time.Time, limit int) (int, error) {
	op := fmt.Sprintf("delete runs of flow %q", flowID)
	finished := bson.D{
		{Key: "flowId", Value: flowID},
		{Key: "status", Value: bson.D{{Key: "$in", Value: bson.A{runs.StatusSucceeded, runs.StatusFailed, runs.StatusCanceled}}}},
		{Key: "createdAt", Value: bson.D{{Key: "$lt", Value: before}}},
	}
	n, err := deleteFirst(ctx, s.runs, finished, bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}, limit)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	expired := bson.D{{Key: "flowId", Value: flowID}, {Key: "expiresAt", Value: bson.D{{Key: "$lt", Value: before}}}}
	for _, coll := range []*mongo.Collection{s.dedup, s.claims} {
		if _, err := deleteFirst(ctx, coll, expired, bson.D{{Key: "expiresAt", Value: 1}}, limit); err != nil {
			return n, fmt.Errorf("%s: expired %s: %w", op, coll.Name(), err)
		}
	}
	return n, nil
}

// deleteFirst deletes the first limit documents of coll that filter
// matches in sort order, and returns how many went. The delete repeats
// filter, so a document that changed since it was found stays.
func deleteFirst(ctx context.Context, coll *mongo.Collection, filter, sort bson.D, limit int) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	type idDoc struct {
		ID any `bson:"_id"`
	}
	opts := options.Find().SetSort(sort).SetLimit(int64(limit)).SetProjection(bson.D{{Key: "_id", Value: 1}})
	ids, err := findAll(ctx, coll, filter, opts, func(d *idDoc) any { return d.ID })
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	res, err := coll.DeleteMany(ctx, append(bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}, filter...))
	if err != nil {
		return 0, err
	}
	return int(res.DeletedCount), nil
}
