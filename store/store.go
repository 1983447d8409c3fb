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
	"fmt"
	"time"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/runs"
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

// Runs persists run records. Writes come in batches so that concurrent
// webhook accepts share one commit (group commit).
type Runs interface {
	// SaveRuns inserts or replaces each run (matched by id) in one batch:
	// one transaction in SQLite, one unordered bulk write in MongoDB. When
	// it returns nil every run is durable. A run listed twice is saved as
	// its last occurrence.
	SaveRuns(ctx context.Context, rs []*runs.Run) error
	// GetRun returns the run with id, with trigger and steps, or ErrNotFound.
	GetRun(ctx context.Context, id string) (*runs.Run, error)
	// ListRuns returns one page of runs matching f, newest first (by
	// CreatedAt, then id), without Trigger, Steps and Response, and the
	// cursor of the next page ("" at the end). A bad cursor is an error
	// wrapping ErrBadCursor.
	ListRuns(ctx context.Context, f runs.Filter) ([]*runs.Run, string, error)
	// ClaimRuns takes over up to limit unfinished runs that need a process:
	// queued or running runs whose lease expired before now, and waiting
	// runs whose WakeAt is not after now and whose lease expired. Each
	// claim is a compare-and-set on the old owner and lease, so two
	// processes never claim the same run; the claimed runs come back with
	// Owner = owner and LeaseUntil = until. A queued or running run that a
	// process held may have been started by it before it died, without a
	// trace: its Attempt goes up by one with the claim, so that a run
	// executed twice is recorded as retried. Waiting runs, and runs no
	// process held, keep their Attempt.
	ClaimRuns(ctx context.Context, owner string, now, until time.Time, limit int) ([]*runs.Run, error)
	// RenewLeases extends the lease of the given runs that owner still holds.
	RenewLeases(ctx context.Context, owner string, ids []string, until time.Time) error
	// DeleteRuns removes finished runs of flowID created before before, at
	// most limit of them, oldest first, and returns how many went. It also
	// removes up to limit dedup records of flowID that expired before
	// before, so that the retention job keeps that table small too.
	DeleteRuns(ctx context.Context, flowID string, before time.Time, limit int) (int, error)
	// PutDedup records that key of flowID started runID, unless an
	// unexpired record exists: then it returns that record's run id and
	// stores nothing. Expired records (expires not after now) are
	// replaced; of concurrent puts of one key, exactly one stores its run.
	PutDedup(ctx context.Context, flowID, key, runID string, now, expires time.Time) (existing string, err error)
}

// ErrBadCursor means a listing cursor that this store did not make.
var ErrBadCursor = errors.New("bad cursor")

// Store is everything hookflow persists.
type Store interface {
	Flows
	Keys
	Runs
	Inbox
	Samples
	Events
	Channels
	Seen
	Subscriptions
	Deliveries
	Stats
	credentials.Store
	// Ping checks that the store answers, for /readyz.
	Ping(ctx context.Context) error
	// Close releases connections and files.
	Close() error
}

// CredentialErr turns the store's ErrNotFound and ErrConflict into the
// sentinels of package credentials, which credential stores promise.
func CredentialErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrNotFound):
		return fmt.Errorf("%w: %v", credentials.ErrNotFound, err)
	case errors.Is(err, ErrConflict):
		return fmt.Errorf("%w: %v", credentials.ErrConflict, err)
	}
	return err
}
