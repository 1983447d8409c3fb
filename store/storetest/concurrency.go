package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/hookflow/hookflow/store"
)

var concurrencyTests = []test{
	{"CreateVersionRace", testVersionRace},
	{"ConcurrentFlowWrites", testConcurrentFlows},
}

// parallel runs fn(i) for i in [0, n) on n goroutines released together,
// and returns their errors by i.
func parallel(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// testVersionRace publishes the same version number from 8 goroutines:
// exactly one wins and the others get ErrConflict, with no transaction.
func testVersionRace(t *testing.T, s store.Store) {
	const racers = 8
	errs := parallel(racers, func(i int) error {
		v := newVersion("flw_1", 1)
		v.Name = fmt.Sprintf("racer %d", i)
		return s.CreateVersion(t.Context(), v)
	})
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("racers %d and %d both created version 1", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, store.ErrConflict):
			t.Fatalf("racer %d: error = %v, want %v", i, err, store.ErrConflict)
		}
	}
	if winner < 0 {
		t.Fatal("no racer created version 1")
	}
	got, err := s.GetVersion(t.Context(), "flw_1", 1)
	must(t, "GetVersion", err)
	if want := fmt.Sprintf("racer %d", winner); got.Name != want {
		t.Fatalf("stored version is %q's, want the winner %q", got.Name, want)
	}
}

// testConcurrentFlows writes 50 flows from 5 goroutines; all of them land.
func testConcurrentFlows(t *testing.T, s store.Store) {
	const writers, each = 5, 10
	var want []string
	errs := parallel(writers, func(w int) error {
		for i := range each {
			id := fmt.Sprintf("flw_%d_%d", w, i)
			if err := s.CreateFlow(t.Context(), newFlow(id, "whk_"+id, at(w*each+i))); err != nil {
				return fmt.Errorf("create %s: %w", id, err)
			}
		}
		return nil
	})
	must(t, "concurrent CreateFlow", errors.Join(errs...))
	for w := range writers {
		for i := range each {
			want = append(want, fmt.Sprintf("flw_%d_%d", w, i))
		}
	}
	list, err := s.ListFlows(t.Context())
	must(t, "ListFlows", err)
	got := make([]string, len(list))
	for i, f := range list {
		got[i] = f.ID
	}
	slices.Sort(got)
	slices.Sort(want)
	requireEqual(t, "flow ids", got, want)
}

// claimRace has four goroutines, each as another process, call claim until
// it returns nothing, then checks that every one of want records was
// claimed exactly once and that the record get reads names its claimer as
// owner. key gives a record's id and owner; what names the records in
// failures ("run", "delivery").
func claimRace[T any](t *testing.T, what string, want int,
	claim func(owner string) ([]T, error), get func(id string) (T, error), key func(T) (id, owner string)) {
	t.Helper()
	var mu sync.Mutex
	claimedBy := map[string]string{}
	errs := parallel(4, func(i int) error {
		owner := fmt.Sprintf("proc_%d", i)
		for {
			list, err := claim(owner)
			if err != nil || len(list) == 0 {
				return err
			}
			mu.Lock()
			for _, rec := range list {
				id, _ := key(rec)
				if prev, ok := claimedBy[id]; ok {
					err = errors.Join(err, fmt.Errorf("%s %s claimed by %s and %s", what, id, prev, owner))
				}
				claimedBy[id] = owner
			}
			mu.Unlock()
			if err != nil {
				return err
			}
		}
	})
	must(t, "concurrent claims of each "+what, errors.Join(errs...))
	if len(claimedBy) != want {
		t.Fatalf("%d of %d %s records claimed", len(claimedBy), want, what)
	}
	for id, owner := range claimedBy {
		rec, err := get(id)
		must(t, "reading "+what+" "+id, err)
		if _, got := key(rec); got != owner {
			t.Fatalf("%s %s: stored owner %q, but %s claimed it", what, id, got, owner)
		}
	}
}
