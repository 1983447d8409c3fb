package mongo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hookflow/hookflow/runs"
)

// claimable matches the runs ClaimRuns may take at now; each branch of
// the $or has an index of its own.
func claimable(now time.Time) bson.E {
	lapsed := bson.D{{Key: "$lt", Value: now}}
	return bson.E{Key: "$or", Value: bson.A{
		bson.D{
			{Key: "status", Value: bson.D{{Key: "$in", Value: bson.A{runs.StatusQueued, runs.StatusRunning}}}},
			{Key: "leaseUntil", Value: lapsed},
		},
		bson.D{
			{Key: "status", Value: runs.StatusWaiting},
			{Key: "wakeAt", Value: bson.D{{Key: "$lte", Value: now}}},
			{Key: "leaseUntil", Value: lapsed},
		},
	}}
}

// candidateFields are what claim needs of a run found claimable.
var candidateFields = bson.D{{Key: "flowId", Value: 1}, {Key: "owner", Value: 1}, {Key: "leaseUntil", Value: 1}, {Key: "status", Value: 1}}

// ClaimRuns takes over up to limit runs that need a process. One query
// finds the candidates, through the indexes of claimable, and claim takes
// each that no other process took first. If an error cuts the claims
// short, the runs taken so far wait for their new lease to lapse.
func (s *Store) ClaimRuns(ctx context.Context, owner string, now, until time.Time, limit int) ([]*runs.Run, error) {
	claimed := []*runs.Run{}
	if limit <= 0 {
		return claimed, nil
	}
	opts := options.Find().SetLimit(int64(limit)).SetProjection(candidateFields)
	candidates, err := findAll(ctx, s.runs, bson.D{claimable(now)}, opts, func(d *runDoc) *runDoc { return d })
	if err != nil {
		return nil, fmt.Errorf("claim runs: %w", err)
	}
	for _, c := range candidates {
		r, err := s.claim(ctx, c, owner, now, until)
		if err != nil {
			return nil, fmt.Errorf("claim run %q: %w", c.ID, err)
		}
		if r != nil {
			claimed = append(claimed, r)
		}
	}
	return claimed, nil
}

// claim takes the run found as c, if it is still as found and claimable,
// and returns it in full; nil if another process was first. The update is
// a compare-and-set on the owner and lease c was found with, which is
// atomic in MongoDB; the claim token around it, a slot keyed by the run
// id, makes it so in FerretDB too. The token goes once the update is
// written: a process that read the run before can then take the token,
// but its update no longer matches. A token left by a process that died
// expires with the lease it was claiming.
func (s *Store) claim(ctx context.Context, c *runDoc, owner string, now, until time.Time) (*runs.Run, error) {
	token := &claimDoc{Slot: slotDoc{ID: bson.NewObjectID(), ExpiresAt: until}, RunID: c.ID, FlowID: c.FlowID}
	taken, err := takeSlot(ctx, s.claims, bson.D{{Key: "runId", Value: c.ID}}, token, now, new(claimDoc))
	if err != nil || !taken {
		return nil, err
	}
	filter := bson.D{{Key: "_id", Value: c.ID}, {Key: "owner", Value: c.Owner}, {Key: "leaseUntil", Value: c.LeaseUntil}, claimable(now)}
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "owner", Value: owner}, {Key: "leaseUntil", Value: until}}}}
	if c.Owner != "" {
		// The process that held it may have started it, or gone on past
		// its delay, before it died.
		update = append(update, bson.E{Key: "$inc", Value: bson.D{{Key: "attempt", Value: 1}}})
	}
	var d runDoc
	err = s.runs.FindOneAndUpdate(ctx, filter, update, options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	_, release := s.claims.DeleteOne(ctx, bson.D{{Key: "_id", Value: token.Slot.ID}})
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return nil, release
	case err != nil:
		return nil, err
	}
	// A token that could not be deleted expires with the lease just
	// taken, so the run is claimed and nobody waits longer for it.
	return d.run(), nil
}

// RenewLeases extends the lease of the runs among ids that owner still
// holds.
func (s *Store) RenewLeases(ctx context.Context, owner string, ids []string, until time.Time) error {
	if owner == "" || len(ids) == 0 {
		return nil
	}
	filter := bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}, {Key: "owner", Value: owner}}
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "leaseUntil", Value: until}}}}
	if _, err := s.runs.UpdateMany(ctx, filter, update); err != nil {
		return fmt.Errorf("renew %d leases: %w", len(ids), err)
	}
	return nil
}
