package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/store"
)

// CreateFlow stores a new flow; store.ErrConflict if its id or hook token
// is taken. An empty hook token conflicts with nothing.
func (s *Store) CreateFlow(ctx context.Context, f *flows.Flow) error {
	op := fmt.Sprintf("create flow %q", f.ID)
	if err := checkConfigs(f.Nodes); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if _, err := s.flows.InsertOne(ctx, toFlowDoc(f)); err != nil {
		return writeErr(op, err)
	}
	return nil
}

// GetFlow returns the flow with id, or store.ErrNotFound.
func (s *Store) GetFlow(ctx context.Context, id string) (*flows.Flow, error) {
	return s.getFlow(ctx, fmt.Sprintf("get flow %q", id), bson.D{{Key: "_id", Value: id}})
}

// GetFlowByToken returns the flow whose hook token is token, or
// store.ErrNotFound.
func (s *Store) GetFlowByToken(ctx context.Context, token string) (*flows.Flow, error) {
	const op = "get flow by token"
	if token == "" {
		return nil, fmt.Errorf("%s: %w", op, store.ErrNotFound)
	}
	return s.getFlow(ctx, op, bson.D{{Key: "hookToken", Value: token}})
}

// getFlow reads the one flow that filter matches.
func (s *Store) getFlow(ctx context.Context, op string, filter bson.D) (*flows.Flow, error) {
	var d flowDoc
	if err := s.flows.FindOne(ctx, filter).Decode(&d); err != nil {
		return nil, readErr(op, err)
	}
	return d.flow(), nil
}

// ListFlows returns every flow, newest first; flows created in the same
// millisecond come in descending id order.
func (s *Store) ListFlows(ctx context.Context) ([]*flows.Flow, error) {
	sort := bson.D{{Key: "createdAt", Value: -1}, {Key: "_id", Value: -1}}
	list, err := findAll(ctx, s.flows, bson.D{}, options.Find().SetSort(sort), (*flowDoc).flow)
	if err != nil {
		return nil, fmt.Errorf("list flows: %w", err)
	}
	return list, nil
}

// UpdateFlow replaces the stored flow with f; store.ErrNotFound if there is
// none, store.ErrConflict if its new hook token is taken.
func (s *Store) UpdateFlow(ctx context.Context, f *flows.Flow) error {
	op := fmt.Sprintf("update flow %q", f.ID)
	if err := checkConfigs(f.Nodes); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	res, err := s.flows.ReplaceOne(ctx, bson.D{{Key: "_id", Value: f.ID}}, toFlowDoc(f))
	if err != nil {
		return writeErr(op, err)
	}
	return notFound(op, res.MatchedCount)
}

// DeleteFlow removes the flow, then its versions; store.ErrNotFound if the
// flow is absent. Without a transaction the two deletes can be cut apart;
// the versions are deleted even when the flow is already gone, so that
// calling DeleteFlow again finishes an interrupted delete.
func (s *Store) DeleteFlow(ctx context.Context, id string) error {
	op := fmt.Sprintf("delete flow %q", id)
	res, err := s.flows.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if _, err := s.versions.DeleteMany(ctx, bson.D{{Key: "flowId", Value: id}}); err != nil {
		return fmt.Errorf("%s: versions: %w", op, err)
	}
	return notFound(op, res.DeletedCount)
}
