// Package mongo is the production store: MongoDB through the official v2
// driver, shared by every hookflow process of an installation. Its rule:
// every operation is one single-document write or one simple query
// (equality on indexed fields, sorted on its own key), with no multi-document
// transaction, TTL index or change stream, so that FerretDB v1, which has
// none of them, serves it too. Unique indexes, not reads before writes, are
// what make concurrent writers safe. FerretDB also applies an update by
// reading the documents its filter matches and writing them back whole, so
// a filter there is no compare-and-set: claims and dedup records take a
// unique slot instead (see takeSlot). The same write-back means that on
// FerretDB, unlike MongoDB, an update racing a replace of one document can
// undo the replace: a lease renewal that meets the save of a finished run
// can bring the run back as running, to be taken over and run again once
// the lease lapses. MongoDB applies each write to a document atomically.
// Domain types are mapped to the BSON document types of this package; node
// config and run payloads are kept as JSON strings and never interpreted.
// Times are kept as BSON dates: UTC, millisecond precision.
package mongo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"

	"github.com/hookflow/hookflow/store"
)

// DefaultDatabase is the database Open uses when Config names none.
const DefaultDatabase = "hookflow"

// closeTimeout bounds how long Close waits for the driver to hang up.
const closeTimeout = 10 * time.Second

// Config says where the store lives.
type Config struct {
	// URI is a MongoDB connection string, mongodb:// or mongodb+srv://.
	URI string
	// Database is the database that holds hookflow's collections;
	// DefaultDatabase if empty.
	Database string
	// WriteConcernMajority makes every write wait until a majority of the
	// replica set has it, so a failover loses no acknowledged write.
	WriteConcernMajority bool
}

// Store is the MongoDB implementation of store.Store. It is safe for
// concurrent use.
type Store struct {
	client   *mongo.Client
	flows    *mongo.Collection
	versions *mongo.Collection
	keys     *mongo.Collection
	runs     *mongo.Collection
	dedup    *mongo.Collection
	claims   *mongo.Collection
	inbox    *mongo.Collection
	samples  *mongo.Collection
	events   *mongo.Collection
	channels *mongo.Collection
	seen     *mongo.Collection
	// Outbound webhooks: deliveries_docs.go describes them.
	subscriptions, health, deliveries, deliveryClaims *mongo.Collection
}

// Open connects to the server in cfg, checks that it answers and creates
// the indexes the store relies on.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, errors.New("open mongo store: empty URI")
	}
	if cfg.Database == "" {
		cfg.Database = DefaultDatabase
	}
	opts := options.Client().ApplyURI(cfg.URI)
	if cfg.WriteConcernMajority {
		opts.SetWriteConcern(writeconcern.Majority())
	}
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("open mongo store: %w", err)
	}
	db := client.Database(cfg.Database)
	s := &Store{
		client:   client,
		flows:    db.Collection("flows"),
		versions: db.Collection("flow_versions"),
		keys:     db.Collection("api_keys"),
		runs:     db.Collection("runs"),
		dedup:    db.Collection("run_dedup"),
		claims:   db.Collection("run_claims"),
		inbox:    db.Collection("inbox"),
		samples:  db.Collection("samples"),
		events:   db.Collection("events"),
		channels: db.Collection("channels"),
		seen:     db.Collection("seen_customers"),

		subscriptions:  db.Collection("subscriptions"),
		health:         db.Collection("subscription_health"),
		deliveries:     db.Collection("deliveries"),
		deliveryClaims: db.Collection("delivery_claims"),
	}
	if err := s.start(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open mongo store %q: %w", cfg.Database, err)
	}
	return s, nil
}

// start pings the server and creates the indexes; creating an index that
// exists already is a no-op, so every process does it at start.
func (s *Store) start(ctx context.Context) error {
	if err := s.Ping(ctx); err != nil {
		return err
	}
	for _, ix := range s.indexes() {
		opts := options.Index().SetName(ix.name)
		if ix.unique {
			opts.SetUnique(true)
		}
		if ix.sparse {
			opts.SetSparse(true)
		}
		model := mongo.IndexModel{Keys: ix.keys, Options: opts}
		if _, err := ix.coll.Indexes().CreateOne(ctx, model); err != nil {
			return fmt.Errorf("create index %s.%s: %w", ix.coll.Name(), ix.name, err)
		}
	}
	return nil
}

// index is one index the store relies on.
type index struct {
	coll           *mongo.Collection
	name           string
	keys           bson.D
	unique, sparse bool
}

// indexes returns every index of the store's collections.
func (s *Store) indexes() []index {
	asc := func(fields ...string) bson.D {
		keys := make(bson.D, len(fields))
		for i, f := range fields {
			keys[i] = bson.E{Key: f, Value: 1}
		}
		return keys
	}
	return []index{
		// Sparse: flows without a webhook have no hookToken and must not
		// collide. FerretDB ignores the option and gets the same result
		// because its SQLite index holds NULL for a missing field.
		{coll: s.flows, name: "hookToken_unique", keys: asc("hookToken"), unique: true, sparse: true},
		{coll: s.versions, name: "flowId_version_unique", keys: asc("flowId", "version"), unique: true},
		{coll: s.keys, name: "hash_unique", keys: asc("hash"), unique: true},
		// Listings walk these backwards: newest first, by flow or by
		// search term (a multikey index over the terms).
		{coll: s.runs, name: "createdAt_id", keys: asc("createdAt", "_id")},
		{coll: s.runs, name: "flowId_createdAt_id", keys: asc("flowId", "createdAt", "_id")},
		{coll: s.runs, name: "search_createdAt_id", keys: asc("search", "createdAt", "_id")},
		// The two halves of the claim query.
		{coll: s.runs, name: "status_leaseUntil", keys: asc("status", "leaseUntil")},
		{coll: s.runs, name: "status_wakeAt", keys: asc("status", "wakeAt")},
		{coll: s.dedup, name: "flowId_key_unique", keys: asc("flowId", "key"), unique: true},
		{coll: s.dedup, name: "flowId_expiresAt", keys: asc("flowId", "expiresAt")},
		{coll: s.claims, name: "runId_unique", keys: asc("runId"), unique: true},
		{coll: s.claims, name: "flowId_expiresAt", keys: asc("flowId", "expiresAt")},
		{coll: s.inbox, name: "flowId_nodeId_receivedAtUs", keys: asc("flowId", "nodeId", "receivedAtUs")},
		{coll: s.samples, name: "flowId_nodeId", keys: asc("flowId", "nodeId")},
		{coll: s.events, name: "type_receivedAtUs", keys: asc("type", "receivedAtUs")},
		{coll: s.events, name: "receivedAtUs", keys: asc("receivedAtUs")},
		{coll: s.seen, name: "channel_customer_unique", keys: asc("channel", "customer"), unique: true},
		// Outbound webhooks: matching walks the multikey wabaNumbers
		// index; deliveries are listed like runs and claimed like them.
		{coll: s.subscriptions, name: "createdAt_id", keys: asc("createdAt", "_id")},
		{coll: s.subscriptions, name: "wabaNumbers", keys: asc("wabaNumbers")},
		{coll: s.deliveries, name: "createdAt_id", keys: asc("createdAt", "_id")},
		{coll: s.deliveries, name: "subscriptionId_createdAt_id", keys: asc("subscriptionId", "createdAt", "_id")},
		{coll: s.deliveries, name: "status_createdAt_id", keys: asc("status", "createdAt", "_id")},
		{coll: s.deliveries, name: "status_nextAttemptAt", keys: asc("status", "nextAttemptAt")},
		{coll: s.deliveryClaims, name: "deliveryId_unique", keys: asc("deliveryId"), unique: true},
		{coll: s.deliveryClaims, name: "expiresAt", keys: asc("expiresAt")},
	}
}

// Ping checks that the primary answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx, readpref.Primary()); err != nil {
		return fmt.Errorf("ping mongo store: %w", err)
	}
	return nil
}

// Close disconnects from the server.
func (s *Store) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
	defer cancel()
	if err := s.client.Disconnect(ctx); err != nil {
		return fmt.Errorf("close mongo store: %w", err)
	}
	return nil
}

// writeErr wraps the error of a write, turning a duplicate key into
// store.ErrConflict.
func writeErr(op string, err error) error {
	if isDuplicateKey(err) {
		return fmt.Errorf("%s: %w", op, store.ErrConflict)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// isDuplicateKey reports whether err is a unique index violation. FerretDB
// v1 reports one met by an update not as E11000 but as an InternalError
// (code 1) carrying SQLite's message, which is recognised too.
func isDuplicateKey(err error) bool {
	if mongo.IsDuplicateKeyError(err) {
		return true
	}
	var se mongo.ServerError
	return errors.As(err, &se) && se.HasErrorCodeWithMessage(1, "UNIQUE constraint failed")
}

// readErr wraps the error of a single-document read, turning no document
// into store.ErrNotFound.
func readErr(op string, err error) error {
	if errors.Is(err, mongo.ErrNoDocuments) {
		return fmt.Errorf("%s: %w", op, store.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", op, err)
}

// notFound returns store.ErrNotFound, wrapped in op, when n is zero: the
// write matched no document.
func notFound(op string, n int64) error {
	if n == 0 {
		return fmt.Errorf("%s: %w", op, store.ErrNotFound)
	}
	return nil
}

// findAll returns, converted by conv, the documents of coll that filter
// matches; an empty list, not nil, when there are none.
func findAll[D, T any](ctx context.Context, coll *mongo.Collection, filter bson.D,
	opts *options.FindOptionsBuilder, conv func(*D) T) ([]T, error) {
	cur, err := coll.Find(ctx, filter, opts)
	if err != nil {
		return nil, err
	}
	var docs []*D
	if err := cur.All(ctx, &docs); err != nil {
		return nil, err
	}
	list := make([]T, len(docs))
	for i, d := range docs {
		list[i] = conv(d)
	}
	return list, nil
}

var _ store.Store = (*Store)(nil)
