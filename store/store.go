// Package store defines the persistence interfaces hookflow needs. The
// implementations (store/sqlite, store/mongo) persist domain values as they
// are and never interpret node config; both pass the contract suite in
// store/storetest. No operation may need a multi-document transaction, a
// TTL index or a change stream: FerretDB, the MongoDB-wire server the tests
// use, has none of them.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/hookflow/hookflow/flows"
)

// Sentinel errors every implementation returns, wrapped or not.
var (
	// ErrNotFound means no record has the asked id or key.
	ErrNotFound = errors.New("not found")
	// ErrConflict means a record with the same unique key exists already.
	ErrConflict = errors.New("already exists")
)

// Flows persists flow drafts and their published versions.
type Flows interface {
	// CreateFlow stores a new flow; ErrConflict if its id or hook token is taken.
	CreateFlow(ctx context.Context, f *flows.Flow) error
	// GetFlow returns the flow with id, or ErrNotFound.
	GetFlow(ctx context.Context, id string) (*flows.Flow, error)
	// GetFlowByToken returns the flow whose HookToken is token, or ErrNotFound.
	GetFlowByToken(ctx context.Context, token string) (*flows.Flow, error)
	// ListFlows returns every flow, newest first.
	ListFlows(ctx context.Context) ([]*flows.Flow, error)
	// UpdateFlow replaces the stored flow with f (matched by id); ErrNotFound
	// if there is none.
	UpdateFlow(ctx context.Context, f *flows.Flow) error
	// DeleteFlow removes the flow and its versions; ErrNotFound if absent.
	DeleteFlow(ctx context.Context, id string) error

	// CreateVersion stores a frozen version; ErrConflict if the flow has
	// that version number already, which makes concurrent publishes safe
	// without a transaction.
	CreateVersion(ctx context.Context, v *flows.Version) error
	// GetVersion returns version n of a flow, or ErrNotFound.
	GetVersion(ctx context.Context, flowID string, n int) (*flows.Version, error)
	// ListVersions returns a flow's versions, newest first.
	ListVersions(ctx context.Context, flowID string) ([]flows.VersionInfo, error)
	// LatestVersion returns the highest version number of a flow, 0 if none.
	LatestVersion(ctx context.Context, flowID string) (int, error)
}

// APIKey is a stored management key. Only the SHA-256 hash of the secret
// is kept; the key itself is shown once, when it is created.
type APIKey struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Prefix    string    `json:"prefix"` // the first characters, to tell keys apart
	Hash      string    `json:"-"`      // hex SHA-256 of the whole key
	Admin     bool      `json:"admin"`
	CreatedAt time.Time `json:"createdAt"`
}

// Keys persists API keys.
type Keys interface {
	// CreateKey stores k; ErrConflict if its id or hash exists.
	CreateKey(ctx context.Context, k *APIKey) error
	// KeyByHash returns the key whose Hash is hash, or ErrNotFound.
	KeyByHash(ctx context.Context, hash string) (*APIKey, error)
	// ListKeys returns every key, oldest first.
	ListKeys(ctx context.Context) ([]*APIKey, error)
	// DeleteKey removes a key; ErrNotFound if absent.
	DeleteKey(ctx context.Context, id string) error
}

// Store is everything hookflow persists.
type Store interface {
	Flows
	Keys
	// Ping checks that the store answers, for /readyz.
	Ping(ctx context.Context) error
	// Close releases connections and files.
	Close() error
}
