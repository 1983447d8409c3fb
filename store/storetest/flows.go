package storetest

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/store"
)

var flowTests = []test{
	{"CreateGet", func(t *testing.T, s store.Store) {
		f := newFlow("flw_1", "whk_1", at(0))
		must(t, "CreateFlow", s.CreateFlow(t.Context(), f))
		got, err := s.GetFlow(t.Context(), "flw_1")
		must(t, "GetFlow", err)
		requireFlow(t, got, f)
	}},
	{"ZeroFlowRoundTrips", func(t *testing.T, s store.Store) {
		f := &flows.Flow{ID: "flw_zero"}
		must(t, "CreateFlow", s.CreateFlow(t.Context(), f))
		got, err := s.GetFlow(t.Context(), "flw_zero")
		must(t, "GetFlow", err)
		requireFlow(t, got, f)
	}},
	{"GetMissing", func(t *testing.T, s store.Store) {
		_, err := s.GetFlow(t.Context(), "flw_none")
		requireErr(t, "GetFlow", err, store.ErrNotFound)
	}},
	{"CreateDuplicateID", func(t *testing.T, s store.Store) {
		must(t, "CreateFlow", s.CreateFlow(t.Context(), newFlow("flw_1", "whk_1", at(0))))
		err := s.CreateFlow(t.Context(), newFlow("flw_1", "whk_2", at(1)))
		requireErr(t, "CreateFlow same id", err, store.ErrConflict)
	}},
	{"CreateDuplicateToken", func(t *testing.T, s store.Store) {
		must(t, "CreateFlow", s.CreateFlow(t.Context(), newFlow("flw_1", "whk_1", at(0))))
		err := s.CreateFlow(t.Context(), newFlow("flw_2", "whk_1", at(1)))
		requireErr(t, "CreateFlow same token", err, store.ErrConflict)
		_, err = s.GetFlow(t.Context(), "flw_2")
		requireErr(t, "GetFlow of the refused flow", err, store.ErrNotFound)
	}},
	{"EmptyTokensDoNotConflict", func(t *testing.T, s store.Store) {
		must(t, "CreateFlow", s.CreateFlow(t.Context(), newFlow("flw_1", "", at(0))))
		must(t, "CreateFlow", s.CreateFlow(t.Context(), newFlow("flw_2", "", at(1))))
		_, err := s.GetFlowByToken(t.Context(), "")
		requireErr(t, "GetFlowByToken empty", err, store.ErrNotFound)
	}},
	{"GetByToken", func(t *testing.T, s store.Store) {
		f := newFlow("flw_1", "whk_1", at(0))
		must(t, "CreateFlow", s.CreateFlow(t.Context(), f))
		must(t, "CreateFlow", s.CreateFlow(t.Context(), newFlow("flw_2", "whk_2", at(1))))
		got, err := s.GetFlowByToken(t.Context(), "whk_1")
		must(t, "GetFlowByToken", err)
		requireFlow(t, got, f)
		_, err = s.GetFlowByToken(t.Context(), "whk_none")
		requireErr(t, "GetFlowByToken missing", err, store.ErrNotFound)
	}},
	{"ListNewestFirst", testListFlows},
	{"Update", testUpdateFlow},
	{"UpdateMissing", func(t *testing.T, s store.Store) {
		err := s.UpdateFlow(t.Context(), newFlow("flw_none", "whk_1", at(0)))
		requireErr(t, "UpdateFlow", err, store.ErrNotFound)
	}},
	{"UpdateTokenTaken", func(t *testing.T, s store.Store) {
		must(t, "CreateFlow", s.CreateFlow(t.Context(), newFlow("flw_1", "whk_1", at(0))))
		f := newFlow("flw_2", "whk_2", at(1))
		must(t, "CreateFlow", s.CreateFlow(t.Context(), f))
		f.HookToken = "whk_1"
		requireErr(t, "UpdateFlow", s.UpdateFlow(t.Context(), f), store.ErrConflict)
		got, err := s.GetFlowByToken(t.Context(), "whk_2")
		must(t, "GetFlowByToken after the refused update", err)
		requireFlow(t, got, newFlow("flw_2", "whk_2", at(1)))
	}},
	{"Delete", func(t *testing.T, s store.Store) {
		must(t, "CreateFlow", s.CreateFlow(t.Context(), newFlow("flw_1", "whk_1", at(0))))
		must(t, "CreateFlow", s.CreateFlow(t.Context(), newFlow("flw_2", "whk_2", at(1))))
		must(t, "DeleteFlow", s.DeleteFlow(t.Context(), "flw_1"))
		_, err := s.GetFlow(t.Context(), "flw_1")
		requireErr(t, "GetFlow after delete", err, store.ErrNotFound)
		_, err = s.GetFlowByToken(t.Context(), "whk_1")
		requireErr(t, "GetFlowByToken after delete", err, store.ErrNotFound)
		requireErr(t, "DeleteFlow again", s.DeleteFlow(t.Context(), "flw_1"), store.ErrNotFound)
		_, err = s.GetFlow(t.Context(), "flw_2")
		must(t, "GetFlow of the other flow", err)
		// The token of a deleted flow is free again.
		must(t, "CreateFlow reusing the token", s.CreateFlow(t.Context(), newFlow("flw_3", "whk_1", at(2))))
	}},
	{"NodeConfigRoundTrips", testNodeConfig},
	{"InvalidConfigRefused", func(t *testing.T, s store.Store) {
		f := newFlow("flw_1", "whk_1", at(0))
		f.Nodes[0].Config = json.RawMessage(`{"unterminated": `)
		if err := s.CreateFlow(t.Context(), f); err == nil || errors.Is(err, store.ErrConflict) {
			t.Fatalf("CreateFlow with a config that is not JSON: error = %v, want a refusal", err)
		}
		_, err := s.GetFlow(t.Context(), "flw_1")
		requireErr(t, "GetFlow of the refused flow", err, store.ErrNotFound)
		v := newVersion("flw_1", 1)
		v.Nodes[1].Config = json.RawMessage(`not json`)
		if err := s.CreateVersion(t.Context(), v); err == nil || errors.Is(err, store.ErrConflict) {
			t.Fatalf("CreateVersion with a config that is not JSON: error = %v, want a refusal", err)
		}
	}},
}

func testListFlows(t *testing.T, s store.Store) {
	list, err := s.ListFlows(t.Context())
	must(t, "ListFlows empty", err)
	requireEmpty(t, "ListFlows of an empty store", list)
	// Inserted out of order, so the order must come from CreatedAt.
	want := []*flows.Flow{
		newFlow("flw_c", "whk_c", at(30)),
		newFlow("flw_a", "whk_a", at(20)),
		newFlow("flw_b", "whk_b", at(10)),
	}
	for _, i := range []int{1, 2, 0} {
		must(t, "CreateFlow", s.CreateFlow(t.Context(), want[i]))
	}
	list, err = s.ListFlows(t.Context())
	must(t, "ListFlows", err)
	if len(list) != len(want) {
		t.Fatalf("ListFlows = %d flows, want %d", len(list), len(want))
	}
	for i := range want {
		requireFlow(t, list[i], want[i])
	}
}

func testUpdateFlow(t *testing.T, s store.Store) {
	f := newFlow("flw_1", "whk_1", at(0))
	must(t, "CreateFlow", s.CreateFlow(t.Context(), f))
	f.Name = "Renamed"
	f.Status = flows.StatusPaused
	f.Version = 4
	f.HookToken = "whk_new"
	f.Nodes = f.Nodes[:1]
	f.Edges = nil
	f.Trigger.EventTypes = []string{"chat.assigned"}
	f.UpdatedAt = at(600)
	must(t, "UpdateFlow", s.UpdateFlow(t.Context(), f))
	got, err := s.GetFlow(t.Context(), "flw_1")
	must(t, "GetFlow", err)
	requireFlow(t, got, f)
	got, err = s.GetFlowByToken(t.Context(), "whk_new")
	must(t, "GetFlowByToken new token", err)
	requireFlow(t, got, f)
	_, err = s.GetFlowByToken(t.Context(), "whk_1")
	requireErr(t, "GetFlowByToken old token", err, store.ErrNotFound)
}

// testNodeConfig stores configs that a careless encoding would change:
// HTML characters, escapes, line separators, numbers beyond float64,
// trailing zeros, key order, JSON null and no config at all.
func testNodeConfig(t *testing.T, s store.Store) {
	configs := []string{
		`{ "html": "<b>a & b</b>", "quote": "say \"hi\"\n", "unicode": "héllo ✓ \u2028 😀" }`,
		`{"big": 123456789012345678901234567890, "float": 1.50, "exp": 1e-7, "neg": -0}`,
		`{"z": 1, "a": 2, "m": {"y": [], "b": {}}}`,
		`[1, "two", null, true, {"k": [[]]}]`,
		`"just a string"`,
		`null`,
		``,
	}
	f := &flows.Flow{ID: "flw_cfg", HookToken: "whk_cfg"}
	for i, c := range configs {
		n := flows.Node{ID: string(rune('a' + i)), Type: "set", TypeVersion: 1}
		if c != "" {
			n.Config = json.RawMessage(c)
		}
		f.Nodes = append(f.Nodes, n)
	}
	must(t, "CreateFlow", s.CreateFlow(t.Context(), f))
	got, err := s.GetFlow(t.Context(), f.ID)
	must(t, "GetFlow", err)
	requireFlow(t, got, f)

	v := &flows.Version{FlowID: f.ID, Version: 1, Nodes: f.Nodes}
	must(t, "CreateVersion", s.CreateVersion(t.Context(), v))
	gotV, err := s.GetVersion(t.Context(), f.ID, 1)
	must(t, "GetVersion", err)
	requireVersion(t, gotV, v)
}
