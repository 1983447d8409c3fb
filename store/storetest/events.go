package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/hookflow/hookflow/store"
)

var eventTests = []test{
	{"CreateGet", func(t *testing.T, s store.Store) {
		ev := newEvent("evt_1", "MESSAGE_RECEIVED", 1)
		must(t, "CreateEvent", s.CreateEvent(t.Context(), ev))
		got, err := s.GetEvent(t.Context(), "evt_1")
		must(t, "GetEvent", err)
		requireEvent(t, got, ev)
		_, err = s.GetEvent(t.Context(), "evt_none")
		requireErr(t, "GetEvent of nothing", err, store.ErrNotFound)
		must(t, "SetEventDeliveries", s.SetEventDeliveries(t.Context(), "evt_1", 3))
		got, err = s.GetEvent(t.Context(), "evt_1")
		must(t, "GetEvent", err)
		if got.Deliveries != 3 {
			t.Fatalf("deliveries = %d, want 3", got.Deliveries)
		}
		requireErr(t, "SetEventDeliveries of nothing", s.SetEventDeliveries(t.Context(), "evt_none", 1), store.ErrNotFound)
		must(t, "DeleteEvent", s.DeleteEvent(t.Context(), "evt_1"))
		requireErr(t, "DeleteEvent again", s.DeleteEvent(t.Context(), "evt_1"), store.ErrNotFound)
	}},
	{"NoRuns", func(t *testing.T, s store.Store) {
		ev := newEvent("evt_1", "ADD_TAG", 1)
		ev.Runs = nil
		must(t, "CreateEvent", s.CreateEvent(t.Context(), ev))
		got, err := s.GetEvent(t.Context(), "evt_1")
		must(t, "GetEvent", err)
		requireEmpty(t, "runs of an event that started none", got.Runs)
	}},
	{"Duplicate", func(t *testing.T, s store.Store) {
		must(t, "CreateEvent", s.CreateEvent(t.Context(), newEvent("evt_1", "ADD_TAG", 1)))
		requireErr(t, "CreateEvent same id", s.CreateEvent(t.Context(), newEvent("evt_1", "REMOVE_TAG", 2)), store.ErrConflict)
	}},
	{"ConcurrentDedup", func(t *testing.T, s store.Store) {
		const racers = 8
		errs := parallel(racers, func(i int) error {
			ev := newEvent("evt_race", "ADD_TAG", i)
			ev.Runs = []string{fmt.Sprintf("run_%d", i)}
			return s.CreateEvent(t.Context(), ev)
		})
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Fatalf("racers %d and %d both stored the event", winner, i)
			case err == nil:
				winner = i
			case !errors.Is(err, store.ErrConflict):
				t.Fatalf("racer %d: %v, want %v", i, err, store.ErrConflict)
			}
		}
		got, err := s.GetEvent(t.Context(), "evt_race")
		must(t, "GetEvent", err)
		if winner < 0 || got.Runs[0] != fmt.Sprintf("run_%d", winner) {
			t.Fatalf("stored event %s; winner %d", dump(got), winner)
		}
	}},
	{"ListByTypeSince", func(t *testing.T, s store.Store) {
		for i, typ := range []string{"ADD_TAG", "REMOVE_TAG", "ADD_TAG", "MESSAGE_RECEIVED", "ADD_TAG"} {
			must(t, "CreateEvent", s.CreateEvent(t.Context(), newEvent(fmt.Sprintf("evt_%d", i), typ, i)))
		}
		list, err := s.ListEvents(t.Context(), store.EventFilter{Types: []string{"ADD_TAG", "MESSAGE_RECEIVED"}})
		must(t, "ListEvents", err)
		requireEqual(t, "events by type", eventIDs(list), []string{"evt_4", "evt_3", "evt_2", "evt_0"})
		list, err = s.ListEvents(t.Context(), store.EventFilter{Types: []string{"ADD_TAG"}, Since: base.Add(2 * time.Microsecond), Limit: 1})
		must(t, "ListEvents since", err)
		requireEqual(t, "the newest ADD_TAG since the third", eventIDs(list), []string{"evt_4"})
		list, err = s.ListEvents(t.Context(), store.EventFilter{})
		must(t, "ListEvents of all", err)
		if len(list) != 5 {
			t.Fatalf("ListEvents of all = %d, want 5", len(list))
		}
	}},
	{"DeleteBefore", func(t *testing.T, s store.Store) {
		for i := range 5 {
			must(t, "CreateEvent", s.CreateEvent(t.Context(), newEvent(fmt.Sprintf("evt_%d", i), "ADD_TAG", i)))
		}
		cut := base.Add(3 * time.Microsecond) // evt_0, evt_1 and evt_2 are older
		n, err := s.DeleteEventsBefore(t.Context(), cut, 2)
		must(t, "DeleteEventsBefore", err)
		if n != 2 {
			t.Fatalf("deleted %d with a limit of 2", n)
		}
		n, err = s.DeleteEventsBefore(t.Context(), cut, 100)
		must(t, "DeleteEventsBefore", err)
		if n != 1 {
			t.Fatalf("deleted %d more, want the one old event left", n)
		}
		list, err := s.ListEvents(t.Context(), store.EventFilter{})
		must(t, "ListEvents", err)
		requireEqual(t, "events kept", eventIDs(list), []string{"evt_4", "evt_3"})
		if n, err := s.DeleteEventsBefore(t.Context(), cut, 0); err != nil || n != 0 {
			t.Fatalf("a limit of 0 deleted %d: %v", n, err)
		}
	}},
}

// newEvent returns an event received n microseconds after base.
func newEvent(id, typ string, n int) *store.Event {
	return &store.Event{ID: id, Type: typ, Channel: "919876543210",
		Data:       json.RawMessage(`{"customer":{"phoneNumber":"+91 98765 43210"},"big":12345678901234567890,"$k":1.50}`),
		ReceivedAt: base.Add(time.Duration(n) * time.Microsecond), Runs: []string{"run_a", "run_b"}, Deliveries: 0}
}

// requireEvent fails t unless got is want as a store gives it back.
func requireEvent(t *testing.T, got, want *store.Event) {
	t.Helper()
	w := *want
	w.ReceivedAt = want.ReceivedAt.UTC().Truncate(time.Microsecond)
	requireEqual(t, "event", got, &w)
}

func eventIDs(list []*store.Event) []string {
	ids := make([]string, len(list))
	for i, e := range list {
		ids[i] = e.ID
	}
	return ids
}

var channelTests = []test{
	{"CRUD", func(t *testing.T, s store.Store) {
		list, err := s.ListChannels(t.Context())
		must(t, "ListChannels empty", err)
		requireEmpty(t, "channels of an empty store", list)
		a := &store.Channel{Number: "919876543210", Name: "Sales", Kind: store.ChannelWABA, CreatedAt: at(2)}
		b := &store.Channel{Number: "web-widget", Name: "Website", Kind: store.ChannelChatSource, CreatedAt: at(1)}
		must(t, "CreateChannel", s.CreateChannel(t.Context(), a))
		must(t, "CreateChannel", s.CreateChannel(t.Context(), b))
		list, err = s.ListChannels(t.Context())
		must(t, "ListChannels", err)
		wb, wa := *b, *a
		wb.CreatedAt, wa.CreatedAt = stored(b.CreatedAt), stored(a.CreatedAt)
		requireEqual(t, "channels", list, []*store.Channel{&wb, &wa})
		must(t, "DeleteChannel", s.DeleteChannel(t.Context(), a.Number))
		requireErr(t, "DeleteChannel again", s.DeleteChannel(t.Context(), a.Number), store.ErrNotFound)
		list, err = s.ListChannels(t.Context())
		must(t, "ListChannels", err)
		if len(list) != 1 || list[0].Number != b.Number {
			t.Fatalf("ListChannels after delete = %s", dump(list))
		}
	}},
	{"Duplicate", func(t *testing.T, s store.Store) {
		c := &store.Channel{Number: "919876543210", Name: "Sales", Kind: store.ChannelWABA, CreatedAt: at(1)}
		must(t, "CreateChannel", s.CreateChannel(t.Context(), c))
		d := *c
		d.Name = "Support"
		requireErr(t, "CreateChannel same number", s.CreateChannel(t.Context(), &d), store.ErrConflict)
	}},
}

var seenTests = []test{
	{"FirstThenSeen", func(t *testing.T, s store.Store) {
		steps := []struct {
			channel, customer string
			first             bool
		}{
			{"111", "555", true},
			{"111", "555", false},
			{"222", "555", true}, // another channel
			{"111", "556", true}, // another customer
			{"222", "555", false},
		}
		for _, st := range steps {
			first, err := s.MarkSeen(t.Context(), st.channel, st.customer, at(0))
			must(t, "MarkSeen", err)
			if first != st.first {
				t.Fatalf("MarkSeen(%s, %s) = %v, want %v", st.channel, st.customer, first, st.first)
			}
		}
	}},
	{"Concurrent", func(t *testing.T, s store.Store) {
		const racers = 8
		firsts := make([]bool, racers)
		errs := parallel(racers, func(i int) error {
			var err error
			firsts[i], err = s.MarkSeen(t.Context(), "111", "777", at(i))
			return err
		})
		n := 0
		for i, err := range errs {
			must(t, "MarkSeen", err)
			if firsts[i] {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d of %d concurrent MarkSeen calls got first time, want 1", n, racers)
		}
	}},
}
