package storetest

import (
	"fmt"
	"testing"

	"github.com/hookflow/hookflow/store"
)

var dedupTests = []test{
	{"Rules", func(t *testing.T, s store.Store) {
		steps := []struct {
			flowID, key, runID string
			now, expires       int // seconds after base
			want               string
		}{
			{"flw_1", "k1", "run_1", 0, 60, ""},
			{"flw_1", "k1", "run_2", 30, 90, "run_1"},  // unexpired: run_1 stays
			{"flw_2", "k1", "run_3", 30, 90, ""},       // another flow's key
			{"flw_1", "k2", "run_4", 30, 90, ""},       // another key
			{"flw_1", "k1", "run_5", 60, 120, ""},      // expires at now: expired, replaced
			{"flw_1", "k1", "run_6", 61, 200, "run_5"}, // the replacement holds
		}
		for _, st := range steps {
			got, err := s.PutDedup(t.Context(), st.flowID, st.key, st.runID, at(st.now), at(st.expires))
			must(t, "PutDedup", err)
			if got != st.want {
				t.Fatalf("PutDedup(%s, %s, %s) = %q, want %q", st.flowID, st.key, st.runID, got, st.want)
			}
		}
	}},
	{"ConcurrentPuts", func(t *testing.T, s store.Store) {
		requireOneWinner(t, s, "k_new")
	}},
	{"ConcurrentPutsOverExpired", func(t *testing.T, s store.Store) {
		_, err := s.PutDedup(t.Context(), "flw_1", "k_old", "run_old", at(0), at(10))
		must(t, "PutDedup", err)
		requireOneWinner(t, s, "k_old")
	}},
}

// requireOneWinner puts key from 8 goroutines at once, at a time when any
// earlier record of it has expired: exactly one stores its run, and the
// others get that run's id.
func requireOneWinner(t *testing.T, s store.Store, key string) {
	t.Helper()
	const racers = 8
	got := make([]string, racers)
	errs := parallel(racers, func(i int) error {
		var err error
		got[i], err = s.PutDedup(t.Context(), "flw_1", key, fmt.Sprintf("run_%d", i), at(20), at(80))
		return err
	})
	winner := -1
	for i, err := range errs {
		must(t, "PutDedup", err)
		if got[i] == "" {
			if winner >= 0 {
				t.Fatalf("racers %d and %d both stored their run", winner, i)
			}
			winner = i
		}
	}
	if winner < 0 {
		t.Fatalf("no racer stored its run; they got %q", got)
	}
	for i, g := range got {
		if want := fmt.Sprintf("run_%d", winner); i != winner && g != want {
			t.Fatalf("racer %d got %q, want the winner's %q", i, g, want)
		}
	}
}
