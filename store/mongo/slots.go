package mongo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// slotAttempts bounds how often takeSlot starts over when the holder of a
// key changes under it.
const slotAttempts = 5

// errSlotBusy means the holder of a key kept changing.
var errSlotBusy = errors.New("the record changed on every attempt; try again")

// holder is a document that holds a slot.
type holder interface{ slot() *slotDoc }

func (d *dedupDoc) slot() *slotDoc { return &d.Slot }
func (d *claimDoc) slot() *slotDoc { return &d.Slot }

// takeSlot inserts doc into coll, where a unique index holds key, unless
// the document holding key is unexpired at now: then it reads that one
// into held and reports false. An expired holder is deleted by its _id,
// so that only it goes, and the insert is tried again.
//
// The unique index and the delete by _id are the only atomic steps this
// needs, and FerretDB has both; it has no atomic update, since it applies
// an update by reading the documents the filter matches and writing them
// back by _id, so a filter there is no compare-and-set.
func takeSlot(ctx context.Context, coll *mongo.Collection, key bson.D, doc holder, now time.Time, held holder) (bool, error) {
	for range slotAttempts {
		_, err := coll.InsertOne(ctx, doc)
		if err == nil {
			return true, nil
		}
		if !isDuplicateKey(err) {
			return false, err
		}
		err = coll.FindOne(ctx, key).Decode(held)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue // its holder went since the insert failed
		}
		if err != nil {
			return false, err
		}
		if held.slot().ExpiresAt.After(now) {
			return false, nil
		}
		if _, err := coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: held.slot().ID}}); err != nil {
			return false, err
		}
	}
	return false, errSlotBusy
}

// PutDedup records that key of flowID started runID unless an unexpired
// record exists, in which case it returns that record's run id. Records
// are slots: of concurrent puts, the unique (flowId, key) index lets one
// in.
func (s *Store) PutDedup(ctx context.Context, flowID, key, runID string, now, expires time.Time) (string, error) {
	d := &dedupDoc{Slot: slotDoc{ID: bson.NewObjectID(), ExpiresAt: expires}, FlowID: flowID, Key: key, RunID: runID}
	var held dedupDoc
	filter := bson.D{{Key: "flowId", Value: flowID}, {Key: "key", Value: key}}
	taken, err := takeSlot(ctx, s.dedup, filter, d, now, &held)
	if err != nil {
		// The key stays out of the message: it comes from the request.
		return "", fmt.Errorf("put dedup record of flow %q: %w", flowID, err)
	}
	if taken {
		return "", nil
	}
	return held.RunID, nil
}
