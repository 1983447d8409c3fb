// Package storetest is the contract suite every store implementation passes.
// Its rule: the suite speaks only through the store.Store interface, so a
// behaviour it checks is a behaviour callers may rely on, whatever the
// backend. Times come back in UTC at millisecond precision; node config comes
// back as the same JSON, compacted.
package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/store"
)

// test is one contract check, run against a fresh store.
type test struct {
	name string
	run  func(t *testing.T, s store.Store)
}

// Run checks that the stores returned by open honour the store contract.
// Every subtest gets its own store from open, runs in parallel with the
// others, and closes the store when it ends; open may therefore be called
// from several goroutines at once and must return an empty store each time.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Helper()
	groups := []struct {
		name  string
		tests []test
	}{
		{"Flows", flowTests},
		{"Versions", versionTests},
		{"Keys", keyTests},
		{"Concurrency", concurrencyTests},
		{"Runs", runTests},
		{"RunListing", listTests},
		{"RunClaims", claimTests},
		{"Dedup", dedupTests},
		{"Inbox", inboxTests},
		{"Samples", sampleTests},
		{"Events", eventTests},
		{"Channels", channelTests},
		{"Seen", seenTests},
		{"Subscriptions", subscriptionTests},
		{"Deliveries", deliveryTests},
		{"Stats", statsTests},
		{"Store", storeTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			for _, tc := range g.tests {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					s := open(t)
					t.Cleanup(func() {
						if err := s.Close(); err != nil {
							t.Errorf("close store: %v", err)
						}
					})
					tc.run(t, s)
				})
			}
		})
	}
}

var storeTests = []test{
	{"Ping", func(t *testing.T, s store.Store) {
		if err := s.Ping(t.Context()); err != nil {
			t.Fatalf("Ping: %v", err)
		}
	}},
	{"CanceledContext", func(t *testing.T, s store.Store) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := s.GetFlow(ctx, "flw_1"); err == nil || errors.Is(err, store.ErrNotFound) {
			t.Fatalf("GetFlow with a canceled context = %v, want a context error", err)
		}
	}},
}

// base is the fixtures' clock: nanoseconds and a zone other than UTC, so
// the checks see that stores normalise both.
var base = time.Date(2024, 5, 1, 10, 0, 0, 123456789, time.FixedZone("CEST", 2*60*60))

// at returns base plus n seconds.
func at(n int) time.Time { return base.Add(time.Duration(n) * time.Second) }

// stored is how a store gives back the time t.
func stored(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// newNodes returns a small graph whose configs are raw JSON with spacing.
func newNodes() ([]flows.Node, []flows.Edge) {
	nodes := []flows.Node{
		{ID: "trigger", Type: "webhook", TypeVersion: 1, Name: "On Webhook", Position: flows.Position{X: 0, Y: 0},
			Config: json.RawMessage(`{"responseMode": "immediate", "mappings": [{"name": "customer_number", "path": "body.customer.phoneNumber"}]}`)},
		{ID: "vip", Type: "condition", TypeVersion: 2, Position: flows.Position{X: 240.5, Y: -80.25},
			Config: json.RawMessage(`{"expression": "vars.agent_email != \"\""}`)},
		{ID: "crm", Type: "crm", TypeVersion: 1, Position: flows.Position{X: 480, Y: 0}},
	}
	edges := []flows.Edge{{From: "trigger", To: "vip"}, {From: "vip", Port: "true", To: "crm"}}
	return nodes, edges
}

// newFlow returns a complete flow created at created.
func newFlow(id, token string, created time.Time) *flows.Flow {
	nodes, edges := newNodes()
	return &flows.Flow{
		ID: id, Name: "Flow " + id, Status: flows.StatusActive, Version: 3,
		Nodes: nodes, Edges: edges, HookToken: token,
		Trigger: flows.TriggerInfo{
			Type: "webhook", WebhookURL: "https://host/hook/" + token,
			EventTypes: []string{}, Channels: []string{"whatsapp", "sms"},
		},
		Settings:  flows.Settings{Retention: "720h"},
		CreatedAt: created,
		UpdatedAt: created.Add(90 * time.Minute),
	}
}

// newVersion returns version n of flowID, published at base plus n seconds.
func newVersion(flowID string, n int) *flows.Version {
	nodes, edges := newNodes()
	return &flows.Version{
		FlowID: flowID, Version: n, Name: "Flow " + flowID,
		Nodes: nodes, Edges: edges, PublishedAt: at(n),
	}
}

// newKey returns an API key created at base plus n seconds.
func newKey(id string, n int) *store.APIKey {
	return &store.APIKey{
		ID: id, Name: "key " + id, Prefix: "hfk_" + id,
		Hash: "sha256-of-" + id, Admin: n%2 == 0, CreatedAt: at(n),
	}
}

// canonNodes returns a copy of nodes with every config compacted.
func canonNodes(t *testing.T, nodes []flows.Node) []flows.Node {
	t.Helper()
	if nodes == nil {
		return nil
	}
	out := make([]flows.Node, len(nodes))
	for i, n := range nodes {
		if n.Config != nil {
			var b bytes.Buffer
			if err := json.Compact(&b, n.Config); err != nil {
				t.Fatalf("node %q: config is not JSON: %v: %s", n.ID, err, n.Config)
			}
			n.Config = b.Bytes()
		}
		out[i] = n
	}
	return out
}

// requireFlow fails t unless got is want as a store gives it back.
func requireFlow(t *testing.T, got, want *flows.Flow) {
	t.Helper()
	w := *want
	w.Nodes = canonNodes(t, want.Nodes)
	w.CreatedAt, w.UpdatedAt = stored(want.CreatedAt), stored(want.UpdatedAt)
	g := *got
	g.Nodes = canonNodes(t, got.Nodes)
	requireEqual(t, "flow", &g, &w)
}

// requireVersion fails t unless got is want as a store gives it back.
func requireVersion(t *testing.T, got, want *flows.Version) {
	t.Helper()
	w := *want
	w.Nodes = canonNodes(t, want.Nodes)
	w.PublishedAt = stored(want.PublishedAt)
	g := *got
	g.Nodes = canonNodes(t, got.Nodes)
	requireEqual(t, "version", &g, &w)
}

// requireKey fails t unless got is want as a store gives it back.
func requireKey(t *testing.T, got, want *store.APIKey) {
	t.Helper()
	w := *want
	w.CreatedAt = stored(want.CreatedAt)
	requireEqual(t, "key", got, &w)
}

// requireEqual compares deeply, which also tells nil slices from empty
// ones and UTC from other zones, and prints both sides on a mismatch.
func requireEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s differs\n got: %s\nwant: %s", what, dump(got), dump(want))
	}
}

// dump renders v for a failure message.
func dump(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// requireEmpty fails t unless list is empty but not nil, so that it
// renders as [] rather than null.
func requireEmpty[T any](t *testing.T, what string, list []T) {
	t.Helper()
	if list == nil || len(list) != 0 {
		t.Fatalf("%s = %s, want an empty, non-nil list", what, dump(list))
	}
}

// requireErr fails t unless err is, or wraps, target.
func requireErr(t *testing.T, op string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: error = %v, want %v", op, err, target)
	}
}

// must fails t on err.
func must(t *testing.T, op string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
}
