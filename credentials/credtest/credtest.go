// Package credtest gives tests what action nodes need to run: a guarded
// HTTP client that may reach loopback (where httptest servers listen) and
// a credential service over a MemoryStore with a random key.
package credtest

import (
	"context"
	"net/netip"
	"testing"

	"github.com/hookflow/hookflow/credentials"
	"github.com/hookflow/hookflow/internal/safehttp"
	"github.com/hookflow/hookflow/internal/secrets"
	"github.com/hookflow/hookflow/nodes"
)

// Loopback is the allow-list of tests: 127.0.0.0/8 and ::1. Metadata
// addresses stay refused.
var Loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// Env is a credential service and the client it and the nodes use.
type Env struct {
	HTTP    *safehttp.Client
	Store   *credentials.MemoryStore
	Service *credentials.Service
}

// New returns an Env whose token endpoints are replaced by endpoints.
func New(t testing.TB, endpoints credentials.Endpoints) *Env {
	t.Helper()
	key, err := secrets.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := secrets.ParseKey(key)
	if err != nil {
		t.Fatal(err)
	}
	box, err := secrets.NewBox(raw)
	if err != nil {
		t.Fatal(err)
	}
	e := &Env{HTTP: safehttp.New(safehttp.Options{Allow: Loopback}), Store: credentials.NewMemoryStore()}
	e.Service, err = credentials.NewService(credentials.Options{Store: e.Store, Box: box, HTTP: e.HTTP, Endpoints: endpoints})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Create stores a credential and returns its id, failing t on an error.
func (e *Env) Create(t testing.TB, typ, name string, fields map[string]string) string {
	t.Helper()
	v, err := e.Service.Create(context.Background(), credentials.Input{Name: name, Type: typ, Fields: fields})
	if err != nil {
		t.Fatalf("create %s credential: %v", typ, err)
	}
	return v.ID
}

// Deps returns the nodes' dependencies: the client and the service.
func (e *Env) Deps() nodes.Deps {
	return nodes.Deps{HTTP: e.HTTP, Credentials: e.Service}
}
