package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hookflow/hookflow/store"
)

// CreateKey stores k; store.ErrConflict if its id or hash exists.
func (s *Store) CreateKey(ctx context.Context, k *store.APIKey) error {
	if _, err := s.keys.InsertOne(ctx, toKeyDoc(k)); err != nil {
		return writeErr(fmt.Sprintf("create key %q", k.ID), err)
	}
	return nil
}

// KeyByHash returns the key whose hash is hash, or store.ErrNotFound.
func (s *Store) KeyByHash(ctx context.Context, hash string) (*store.APIKey, error) {
	var d keyDoc
	if err := s.keys.FindOne(ctx, bson.D{{Key: "hash", Value: hash}}).Decode(&d); err != nil {
		// The hash stays out of the message: it identifies a secret.
		return nil, readErr("get key by hash", err)
	}
	return d.key(), nil
}

// ListKeys returns every key, oldest first.
func (s *Store) ListKeys(ctx context.Context) ([]*store.APIKey, error) {
	sort := bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}
	list, err := findAll(ctx, s.keys, bson.D{}, options.Find().SetSort(sort), (*keyDoc).key)
	if err != nil {
		return nil, fmt.Errorf("list keys: %w", err)
	}
	return list, nil
}

// DeleteKey removes a key; store.ErrNotFound if absent.
func (s *Store) DeleteKey(ctx context.Context, id string) error {
	op := fmt.Sprintf("delete key %q", id)
	res, err := s.keys.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return notFound(op, res.DeletedCount)
}
