package storetest

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/hookflow/hookflow/store"
)

var inboxTests = []test{
	{"BoundedNewestFirst", func(t *testing.T, s store.Store) {
		var want []string
		for i := range store.InboxSize + 7 {
			e := newEntry("flw_1", "trigger", i)
			must(t, "AddInbox", s.AddInbox(t.Context(), []*store.InboxEntry{e}))
			want = append([]string{e.ID}, want...)
		}
		must(t, "AddInbox other trigger", s.AddInbox(t.Context(), []*store.InboxEntry{newEntry("flw_1", "other", 1)}))
		list, err := s.ListInbox(t.Context(), "flw_1", "trigger", time.Time{})
		must(t, "ListInbox", err)
		requireEqual(t, "inbox ids", entryIDs(list), want[:store.InboxSize])
	}},
	{"BatchTrimmed", func(t *testing.T, s store.Store) {
		var batch []*store.InboxEntry
		for i := range store.InboxSize + 5 {
			batch = append(batch, newEntry("flw_1", "trigger", i))
		}
		must(t, "AddInbox", s.AddInbox(t.Context(), batch))
		must(t, "AddInbox again", s.AddInbox(t.Context(), batch[len(batch)-3:]))
		list, err := s.ListInbox(t.Context(), "flw_1", "trigger", time.Time{})
		must(t, "ListInbox", err)
		if len(list) != store.InboxSize || list[0].ID != batch[len(batch)-1].ID {
			t.Fatalf("inbox after a batch of %d = %d entries, newest %s", len(batch), len(list), dump(entryIDs(list)))
		}
	}},
	{"RoundTripAndGet", func(t *testing.T, s store.Store) {
		e := newEntry("flw_1", "trigger", 3)
		must(t, "AddInbox", s.AddInbox(t.Context(), []*store.InboxEntry{e}))
		got, err := s.GetInboxEntry(t.Context(), "flw_1", "trigger", e.ID)
		must(t, "GetInboxEntry", err)
		requireEntry(t, got, e)
		_, err = s.GetInboxEntry(t.Context(), "flw_1", "other", e.ID)
		requireErr(t, "GetInboxEntry of another trigger", err, store.ErrNotFound)
		_, err = s.GetInboxEntry(t.Context(), "flw_1", "trigger", "inb_none")
		requireErr(t, "GetInboxEntry of nothing", err, store.ErrNotFound)
	}},
	{"Since", func(t *testing.T, s store.Store) {
		var all []*store.InboxEntry
		for i := range 4 {
			all = append(all, newEntry("flw_1", "trigger", i))
		}
		must(t, "AddInbox", s.AddInbox(t.Context(), all))
		// One microsecond apart: the bound is finer than a millisecond.
		list, err := s.ListInbox(t.Context(), "flw_1", "trigger", all[2].ReceivedAt)
		must(t, "ListInbox since", err)
		requireEqual(t, "entries since the third", entryIDs(list), []string{all[3].ID, all[2].ID})
		list, err = s.ListInbox(t.Context(), "flw_1", "trigger", all[3].ReceivedAt.Add(time.Microsecond))
		must(t, "ListInbox since after all", err)
		requireEmpty(t, "entries after the newest", list)
	}},
}

// newEntry returns an inbox entry received n microseconds after base.
func newEntry(flowID, nodeID string, n int) *store.InboxEntry {
	return &store.InboxEntry{
		ID: fmt.Sprintf("inb_%s_%s_%03d", flowID, nodeID, n), FlowID: flowID, NodeID: nodeID,
		ReceivedAt: base.Add(time.Duration(n) * time.Microsecond),
		Data:       json.RawMessage(`{"method":"POST","headers":{"x-n":"` + fmt.Sprint(n) + `"},"body":{"$set":{"a.b":1.50}}}`),
		RawBody:    `{"$set": {"a.b": 1.50}}`, Truncated: n%2 == 1, RunID: fmt.Sprintf("run_%d", n),
	}
}

// requireEntry fails t unless got is want as a store gives it back: in
// UTC, to the microsecond.
func requireEntry(t *testing.T, got, want *store.InboxEntry) {
	t.Helper()
	w := *want
	w.ReceivedAt = want.ReceivedAt.UTC().Truncate(time.Microsecond)
	requireEqual(t, "inbox entry", got, &w)
}

func entryIDs(list []*store.InboxEntry) []string {
	ids := make([]string, len(list))
	for i, e := range list {
		ids[i] = e.ID
	}
	return ids
}

var sampleTests = []test{
	{"SetGetOverwrite", func(t *testing.T, s store.Store) {
		_, err := s.GetSample(t.Context(), "flw_1", "trigger")
		requireErr(t, "GetSample of nothing", err, store.ErrNotFound)
		first := &store.Sample{FlowID: "flw_1", NodeID: "trigger", Data: json.RawMessage(`{"body":{"n":1.50}}`), Source: "capture", UpdatedAt: at(1)}
		must(t, "PutSample", s.PutSample(t.Context(), first))
		requireSample(t, s, first)
		second := &store.Sample{FlowID: "flw_1", NodeID: "trigger", Data: json.RawMessage(`{"body":{"n":2}}`), Source: "test", UpdatedAt: at(2)}
		must(t, "PutSample again", s.PutSample(t.Context(), second))
		requireSample(t, s, second)
		other := &store.Sample{FlowID: "flw_1", NodeID: "crm", Data: json.RawMessage(`[1,2]`), Source: "test", UpdatedAt: at(3)}
		must(t, "PutSample of another node", s.PutSample(t.Context(), other))
		must(t, "PutSample of another flow", s.PutSample(t.Context(), &store.Sample{FlowID: "flw_2", NodeID: "trigger", Data: json.RawMessage(`{}`), Source: "manual", UpdatedAt: at(4)}))
		list, err := s.ListSamples(t.Context(), "flw_1")
		must(t, "ListSamples", err)
		if len(list) != 2 || list[0].NodeID != "crm" || list[1].NodeID != "trigger" {
			t.Fatalf("ListSamples = %s, want crm and trigger", dump(list))
		}
	}},
	{"ConcurrentPuts", func(t *testing.T, s store.Store) {
		errs := parallel(6, func(i int) error {
			return s.PutSample(t.Context(), &store.Sample{FlowID: "flw_1", NodeID: "trigger",
				Data: json.RawMessage(fmt.Sprintf(`{"n":%d}`, i)), Source: "test", UpdatedAt: at(i)})
		})
		for _, err := range errs {
			must(t, "concurrent PutSample", err)
		}
		list, err := s.ListSamples(t.Context(), "flw_1")
		must(t, "ListSamples", err)
		if len(list) != 1 {
			t.Fatalf("concurrent puts of one sample left %d", len(list))
		}
	}},
}

// requireSample fails t unless the stored sample of want's node is want.
func requireSample(t *testing.T, s store.Store, want *store.Sample) {
	t.Helper()
	got, err := s.GetSample(t.Context(), want.FlowID, want.NodeID)
	must(t, "GetSample", err)
	w := *want
	w.UpdatedAt = stored(want.UpdatedAt)
	requireEqual(t, "sample", got, &w)
}
