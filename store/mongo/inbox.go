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

// inboxDoc is a document of the inbox collection. The arrival time is
// kept as Unix microseconds, not as a date: captures compare arrival
// times finer than a millisecond.
type inboxDoc struct {
	ID         string `bson:"_id"`
	FlowID     string `bson:"flowId"`
	NodeID     string `bson:"nodeId"`
	ReceivedAt int64  `bson:"receivedAtUs"`
	Data       string `bson:"data"`
	RawBody    string `bson:"rawBody"`
	Truncated  bool   `bson:"truncated"`
	RunID      string `bson:"runId,omitempty"`
}

func toInboxDoc(e *store.InboxEntry) *inboxDoc {
	return &inboxDoc{ID: e.ID, FlowID: e.FlowID, NodeID: e.NodeID, ReceivedAt: e.ReceivedAt.UnixMicro(),
		Data: string(e.Data), RawBody: e.RawBody, Truncated: e.Truncated, RunID: e.RunID}
}

func (d *inboxDoc) entry() *store.InboxEntry {
	return &store.InboxEntry{ID: d.ID, FlowID: d.FlowID, NodeID: d.NodeID, ReceivedAt: time.UnixMicro(d.ReceivedAt).UTC(),
		Data: rawJSON(d.Data), RawBody: d.RawBody, Truncated: d.Truncated, RunID: d.RunID}
}

// newestEntry sorts inbox entries newest first.
var newestEntry = bson.D{{Key: "receivedAtUs", Value: -1}, {Key: "_id", Value: -1}}

// triggerFilter matches the inbox entries of one trigger.
func triggerFilter(flowID, nodeID string) bson.D {
	return bson.D{{Key: "flowId", Value: flowID}, {Key: "nodeId", Value: nodeID}}
}

// AddInbox inserts the entries in one unordered batch, then trims the
// inbox of each trigger they belong to: it reads the ids past the newest
// store.InboxSize and deletes those by id. An entry whose id is stored
// already is left as it is, so a batch may be written again.
func (s *Store) AddInbox(ctx context.Context, es []*store.InboxEntry) error {
	if len(es) == 0 {
		return nil
	}
	op := fmt.Sprintf("add %d inbox entries", len(es))
	docs := make([]any, len(es))
	triggers := map[[2]string]bool{}
	for i, e := range es {
		docs[i] = toInboxDoc(e)
		triggers[[2]string{e.FlowID, e.NodeID}] = true
	}
	_, err := s.inbox.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if err != nil && !onlyDuplicates(err) {
		return fmt.Errorf("%s: %w", op, err)
	}
	for t := range triggers {
		if err := s.trimInbox(ctx, t[0], t[1]); err != nil {
			return fmt.Errorf("%s: trim inbox of %s/%s: %w", op, t[0], t[1], err)
		}
	}
	return nil
}

// trimInbox deletes the entries of a trigger past its newest
// store.InboxSize.
func (s *Store) trimInbox(ctx context.Context, flowID, nodeID string) error {
	type idDoc struct {
		ID string `bson:"_id"`
	}
	opts := options.Find().SetSort(newestEntry).SetSkip(store.InboxSize).SetProjection(bson.D{{Key: "_id", Value: 1}})
	old, err := findAll(ctx, s.inbox, triggerFilter(flowID, nodeID), opts, func(d *idDoc) string { return d.ID })
	if err != nil || len(old) == 0 {
		return err
	}
	_, err = s.inbox.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: old}}}})
	return err
}

// onlyDuplicates reports whether every write error of a bulk insert is a
// duplicate key.
func onlyDuplicates(err error) bool {
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil || len(bwe.WriteErrors) == 0 {
		return isDuplicateKey(err)
	}
	for _, we := range bwe.WriteErrors {
		if !isDuplicateKey(we) {
			return false
		}
	}
	return true
}

// ListInbox returns the entries of a trigger received at or after since,
// newest first.
func (s *Store) ListInbox(ctx context.Context, flowID, nodeID string, since time.Time) ([]*store.InboxEntry, error) {
	filter := triggerFilter(flowID, nodeID)
	if !since.IsZero() {
		filter = append(filter, bson.E{Key: "receivedAtUs", Value: bson.D{{Key: "$gte", Value: since.UnixMicro()}}})
	}
	list, err := findAll(ctx, s.inbox, filter, options.Find().SetSort(newestEntry), (*inboxDoc).entry)
	if err != nil {
		return nil, fmt.Errorf("list inbox of %s/%s: %w", flowID, nodeID, err)
	}
	return list, nil
}

// GetInboxEntry returns one entry of a trigger, or store.ErrNotFound.
func (s *Store) GetInboxEntry(ctx context.Context, flowID, nodeID, id string) (*store.InboxEntry, error) {
	var d inboxDoc
	filter := append(idFilter(id), triggerFilter(flowID, nodeID)...)
	if err := s.inbox.FindOne(ctx, filter).Decode(&d); err != nil {
		return nil, readErr(fmt.Sprintf("get inbox entry %q", id), err)
	}
	return d.entry(), nil
}

// sampleDoc is a document of the samples collection; its _id is the flow
// and node ids, which make the unique key.
type sampleDoc struct {
	ID        string    `bson:"_id"`
	FlowID    string    `bson:"flowId"`
	NodeID    string    `bson:"nodeId"`
	Data      string    `bson:"data"`
	Source    string    `bson:"source"`
	UpdatedAt time.Time `bson:"updatedAt"`
}

// sampleID is the _id of a node's sample. Node ids hold no "/".
func sampleID(flowID, nodeID string) string { return flowID + "/" + nodeID }

func (d *sampleDoc) sample() *store.Sample {
	return &store.Sample{FlowID: d.FlowID, NodeID: d.NodeID, Data: rawJSON(d.Data), Source: d.Source, UpdatedAt: d.UpdatedAt}
}

// PutSample replaces the node's sample, or inserts it. Two concurrent
// upserts of a new key can both try the insert; the one that loses tries
// again, and replaces.
func (s *Store) PutSample(ctx context.Context, sm *store.Sample) error {
	id := sampleID(sm.FlowID, sm.NodeID)
	d := &sampleDoc{ID: id, FlowID: sm.FlowID, NodeID: sm.NodeID, Data: string(sm.Data), Source: sm.Source, UpdatedAt: sm.UpdatedAt}
	var err error
	for range 2 {
		_, err = s.samples.ReplaceOne(ctx, idFilter(id), d, options.Replace().SetUpsert(true))
		if !isDuplicateKey(err) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("put sample of %s/%s: %w", sm.FlowID, sm.NodeID, err)
	}
	return nil
}

// GetSample returns the sample of a node, or store.ErrNotFound.
func (s *Store) GetSample(ctx context.Context, flowID, nodeID string) (*store.Sample, error) {
	var d sampleDoc
	if err := s.samples.FindOne(ctx, idFilter(sampleID(flowID, nodeID))).Decode(&d); err != nil {
		return nil, readErr(fmt.Sprintf("get sample of %s/%s", flowID, nodeID), err)
	}
	return d.sample(), nil
}

// ListSamples returns the samples of a flow, by node id.
func (s *Store) ListSamples(ctx context.Context, flowID string) ([]*store.Sample, error) {
	opts := options.Find().SetSort(bson.D{{Key: "nodeId", Value: 1}})
	list, err := findAll(ctx, s.samples, bson.D{{Key: "flowId", Value: flowID}}, opts, (*sampleDoc).sample)
	if err != nil {
		return nil, fmt.Errorf("list samples of flow %q: %w", flowID, err)
	}
	return list, nil
}
