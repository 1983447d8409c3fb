package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/store"
)

// credentialDoc is a document of the credentials collection. Secret holds
// AES-GCM sealed bytes only; this store never opens them.
type credentialDoc struct {
	ID        string            `bson:"_id"`
	Name      string            `bson:"name"`
	Type      string            `bson:"type"`
	CreatedAt time.Time         `bson:"createdAt"`
	UpdatedAt time.Time         `bson:"updatedAt"`
	Public    map[string]string `bson:"public"`
	Secret    []byte            `bson:"secret"`
}

func toCredentialDoc(c *credentials.Credential) *credentialDoc {
	return &credentialDoc{ID: c.ID, Name: c.Name, Type: c.Type, CreatedAt: c.CreatedAt.UTC().Truncate(time.Millisecond),
		UpdatedAt: c.UpdatedAt.UTC().Truncate(time.Millisecond), Public: c.Public, Secret: c.Secret}
}

func (d *credentialDoc) credential() *credentials.Credential {
	return &credentials.Credential{ID: d.ID, Name: d.Name, Type: d.Type, CreatedAt: d.CreatedAt.UTC(),
		UpdatedAt: d.UpdatedAt.UTC(), Public: d.Public, Secret: d.Secret}
}

// credentialsColl is looked up from the database of the flows collection;
// it needs no index beyond _id.
func (s *Store) credentialsColl() *mongo.Collection {
	return s.flows.Database().Collection("credentials")
}

// CreateCredential stores c; an error wrapping credentials.ErrConflict if
// its id is taken.
func (s *Store) CreateCredential(ctx context.Context, c *credentials.Credential) error {
	if _, err := s.credentialsColl().InsertOne(ctx, toCredentialDoc(c)); err != nil {
		return store.CredentialErr(writeErr(fmt.Sprintf("create credential %q", c.ID), err))
	}
	return nil
}

// GetCredential returns the credential with id.
func (s *Store) GetCredential(ctx context.Context, id string) (*credentials.Credential, error) {
	var d credentialDoc
	if err := s.credentialsColl().FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d); err != nil {
		return nil, store.CredentialErr(readErr(fmt.Sprintf("get credential %q", id), err))
	}
	return d.credential(), nil
}

// ListCredentials returns every credential, by name.
func (s *Store) ListCredentials(ctx context.Context) ([]*credentials.Credential, error) {
	sort := bson.D{{Key: "name", Value: 1}, {Key: "_id", Value: 1}}
	list, err := findAll(ctx, s.credentialsColl(), bson.D{}, options.Find().SetSort(sort), (*credentialDoc).credential)
	if err != nil {
		return nil, fmt.Errorf("list credentials: %w", err)
	}
	return list, nil
}

// UpdateCredential replaces the stored credential with c.
func (s *Store) UpdateCredential(ctx context.Context, c *credentials.Credential) error {
	op := fmt.Sprintf("update credential %q", c.ID)
	res, err := s.credentialsColl().ReplaceOne(ctx, bson.D{{Key: "_id", Value: c.ID}}, toCredentialDoc(c))
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return store.CredentialErr(notFound(op, res.MatchedCount))
}

// DeleteCredential removes a credential.
func (s *Store) DeleteCredential(ctx context.Context, id string) error {
	op := fmt.Sprintf("delete credential %q", id)
	res, err := s.credentialsColl().DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return store.CredentialErr(notFound(op, res.DeletedCount))
}

var _ credentials.Store = (*Store)(nil)
