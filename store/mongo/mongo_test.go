package mongo

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/store"
	"github.com/hookflow/hookflow/store/mongo/mongotest"
	"github.com/hookflow/hookflow/store/storetest"
)

// server is a MongoDB-wire server the tests of one top-level test share,
// each in a database of its own that is dropped when the test ends.
type server struct {
	uri   string
	admin *mongo.Client
}

// newServer connects to uri for the tests of t.
func newServer(t *testing.T, uri string) *server {
	t.Helper()
	admin, err := mongo.Connect(options.Client().ApplyURI(uri))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	// Registered after the server started, so it runs before it stops.
	t.Cleanup(func() {
		if err := admin.Disconnect(context.Background()); err != nil {
			t.Errorf("disconnect: %v", err)
		}
	})
	return &server{uri: uri, admin: admin}
}

// open opens a store on a new database, dropped when t ends.
func (srv *server) open(t *testing.T) *Store {
	t.Helper()
	name := mongotest.DatabaseName()
	t.Cleanup(func() {
		if err := srv.admin.Database(name).Drop(context.Background()); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	s, err := Open(t.Context(), Config{URI: srv.uri, Database: name, WriteConcernMajority: true})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// openStore adapts open to the contract suite, which closes the stores.
func (srv *server) openStore(t *testing.T) store.Store { return srv.open(t) }

func TestStore_FerretDB(t *testing.T) {
	srv := newServer(t, mongotest.Start(t))
	storetest.Run(t, srv.openStore)
}

func TestStore_MongoDB(t *testing.T) {
	uri := os.Getenv("HOOKFLOW_TEST_MONGO_URI")
	if uri == "" {
		t.Skip("HOOKFLOW_TEST_MONGO_URI is not set")
	}
	srv := newServer(t, uri)
	storetest.Run(t, srv.openStore)
}

// TestStore_DocumentShape pins what other tools see in the collections:
// config as a JSON string, times as BSON dates, no hookToken when empty.
func TestStore_DocumentShape(t *testing.T) {
	srv := newServer(t, mongotest.Start(t))
	s := srv.open(t)
	defer s.Close()
	f := &flows.Flow{
		ID:        "flw_1",
		Nodes:     []flows.Node{{ID: "a", Type: "set", Config: json.RawMessage(`{"n": 1.50}`)}},
		CreatedAt: time.Now(),
	}
	if err := s.CreateFlow(t.Context(), f); err != nil {
		t.Fatalf("CreateFlow: %v", err)
	}
	var raw bson.Raw
	if err := s.flows.FindOne(t.Context(), bson.D{{Key: "_id", Value: "flw_1"}}).Decode(&raw); err != nil {
		t.Fatalf("FindOne: %v", err)
	}
	if _, err := raw.LookupErr("hookToken"); err == nil {
		t.Errorf("empty hookToken stored: %s", raw)
	}
	if v := raw.Lookup("createdAt"); v.Type != bson.TypeDateTime {
		t.Errorf("createdAt is %s, want a date", v.Type)
	}
	if c, ok := raw.Lookup("nodes", "0", "config").StringValueOK(); !ok || c != `{"n": 1.50}` {
		t.Errorf("config stored as %s, want the JSON string", raw.Lookup("nodes", "0", "config"))
	}
}

// TestOpen_Reopen checks that a second Open of a database, as every
// process does at start, finds its indexes and data in place.
func TestOpen_Reopen(t *testing.T) {
	srv := newServer(t, mongotest.Start(t))
	a := srv.open(t)
	defer a.Close()
	if err := a.CreateKey(t.Context(), &store.APIKey{ID: "key_1", Hash: "h1"}); err != nil {
		t.Fatalf("CreateKey: %v", err)
	}
	b, err := Open(t.Context(), Config{URI: srv.uri, Database: a.keys.Database().Name()})
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer b.Close()
	if _, err := b.KeyByHash(t.Context(), "h1"); err != nil {
		t.Fatalf("KeyByHash from the second store: %v", err)
	}
}

func TestOpen_Errors(t *testing.T) {
	if _, err := Open(t.Context(), Config{}); err == nil {
		t.Error("Open with no URI succeeded")
	}
	if _, err := Open(t.Context(), Config{URI: "http://localhost"}); err == nil {
		t.Error("Open with a non-mongodb URI succeeded")
	}
	// Nothing listens on port 1; Open gives up when ctx does.
	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	if _, err := Open(ctx, Config{URI: "mongodb://127.0.0.1:1/?connectTimeoutMS=200"}); err == nil {
		t.Error("Open of an unreachable server succeeded")
	}
}
