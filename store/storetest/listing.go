package storetest

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store"
)

var listTests = []test{
	{"NewestFirst", testListRuns},
	{"Filters", testListFilters},
	{"Paging", testListPaging},
	{"PageSizes", testPageSizes},
	{"BadCursor", func(t *testing.T, s store.Store) {
		must(t, "SaveRuns", s.SaveRuns(t.Context(), []*runs.Run{newRun("run_1", "flw_1", 1)}))
		for _, c := range []string{"!!!", b64("no-separator"), b64("abc_run_1"), b64("12_")} {
			_, _, err := s.ListRuns(t.Context(), runs.Filter{Cursor: c})
			requireErr(t, fmt.Sprintf("ListRuns with cursor %q", c), err, store.ErrBadCursor)
		}
	}},
}

func testListRuns(t *testing.T, s store.Store) {
	list, next, err := s.ListRuns(t.Context(), runs.Filter{})
	must(t, "ListRuns empty", err)
	requireEmpty(t, "ListRuns of an empty store", list)
	if next != "" {
		t.Fatalf("ListRuns of an empty store: next = %q, want none", next)
	}
	// Saved out of order; run_b and run_c share a millisecond, which the
	// id orders.
	want := []*runs.Run{newRun("run_a", "flw_1", 30), newRun("run_c", "flw_2", 20), newRun("run_b", "flw_1", 20), newRun("run_d", "flw_1", 10)}
	must(t, "SaveRuns", s.SaveRuns(t.Context(), []*runs.Run{want[2], want[3], want[0], want[1]}))
	list, next, err = s.ListRuns(t.Context(), runs.Filter{})
	must(t, "ListRuns", err)
	if len(list) != len(want) || next != "" {
		t.Fatalf("ListRuns = %d runs, next %q; want %d, no next", len(list), next, len(want))
	}
	for i := range want {
		requireRun(t, list[i], listed(want[i]))
	}
}

func testListFilters(t *testing.T, s store.Store) {
	mk := func(id, flowID string, status runs.Status, n int, fields map[string]string) *runs.Run {
		r := newRun(id, flowID, n)
		r.Status, r.Fields = status, fields
		return r
	}
	must(t, "SaveRuns", s.SaveRuns(t.Context(), []*runs.Run{
		mk("r1", "flw_a", runs.StatusSucceeded, 10, map[string]string{"customer_number": "+91 98765-43210"}),
		mk("r2", "flw_a", runs.StatusFailed, 20, map[string]string{"agent_email": "Agent@Example.com"}),
		mk("r3", "flw_b", runs.StatusSucceeded, 30, map[string]string{"customer_number": "919876543210"}),
		mk("r4", "flw_a", runs.StatusQueued, 40, nil),
		mk("r5", "flw_b", runs.StatusFailed, 50, map[string]string{"waba_number": "15550001111", "customer_number": "+1 555 000 1111"}),
	}))
	tests := []struct {
		name string
		f    runs.Filter
		want []string
	}{
		{"none", runs.Filter{}, []string{"r5", "r4", "r3", "r2", "r1"}},
		{"flow", runs.Filter{FlowID: "flw_a"}, []string{"r4", "r2", "r1"}},
		{"unknown flow", runs.Filter{FlowID: "flw_c"}, nil},
		{"status", runs.Filter{Status: runs.StatusFailed}, []string{"r5", "r2"}},
		{"flow and status", runs.Filter{FlowID: "flw_a", Status: runs.StatusFailed}, []string{"r2"}},
		{"from is inclusive", runs.Filter{From: at(20)}, []string{"r5", "r4", "r3", "r2"}},
		{"to is exclusive", runs.Filter{To: at(40)}, []string{"r3", "r2", "r1"}},
		{"from and to", runs.Filter{From: at(20), To: at(40)}, []string{"r3", "r2"}},
		{"q digits", runs.Filter{Q: "919876543210"}, []string{"r3", "r1"}},
		{"q spaced", runs.Filter{Q: "+91 98765 43210"}, []string{"r3", "r1"}},
		{"q email", runs.Filter{Q: "agent@example.com"}, []string{"r2"}},
		{"q case and spaces", runs.Filter{Q: "  AGENT@example.COM "}, []string{"r2"}},
		{"q of two fields of one run", runs.Filter{Q: "15550001111"}, []string{"r5"}},
		{"q not a prefix", runs.Filter{Q: "9198765"}, nil},
		{"q unknown", runs.Filter{Q: "nobody"}, nil},
		{"q and flow", runs.Filter{Q: "919876543210", FlowID: "flw_b"}, []string{"r3"}},
		{"q and status", runs.Filter{Q: "919876543210", Status: runs.StatusSucceeded}, []string{"r3", "r1"}},
		{"q and from", runs.Filter{Q: "919876543210", From: at(20)}, []string{"r3"}},
		{"q and to", runs.Filter{Q: "919876543210", To: at(30)}, []string{"r1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			list, next, err := s.ListRuns(t.Context(), tc.f)
			must(t, "ListRuns", err)
			if next != "" {
				t.Errorf("next = %q, want none", next)
			}
			requireIDs(t, "runs", list, tc.want)
		})
	}
}

// testListPaging pages through 120 runs, three to a millisecond so that
// pages end inside a group of equal times, with and without filters.
func testListPaging(t *testing.T, s store.Store) {
	var all []*runs.Run
	for i := range 120 {
		r := bareRun(fmt.Sprintf("run_%03d", (i*47)%120), "flw_"+fmt.Sprint(i%2), i/3)
		if i%3 == 0 {
			r.Fields = map[string]string{"agent_email": "vip@example.com"}
		}
		all = append(all, r)
	}
	must(t, "SaveRuns", s.SaveRuns(t.Context(), all))
	tests := []struct {
		name string
		f    runs.Filter
	}{
		{"all", runs.Filter{Limit: 50}},
		{"flow", runs.Filter{FlowID: "flw_1", Limit: 25}},
		{"q", runs.Filter{Q: "VIP@example.com", Limit: 15}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var want []*runs.Run
			for _, r := range all {
				if (tc.f.FlowID == "" || r.FlowID == tc.f.FlowID) && (tc.f.Q == "" || r.Fields["agent_email"] == "vip@example.com") {
					want = append(want, r)
				}
			}
			requireIDs(t, "pages", listAll(t, s, tc.f), idsOf(want, true))
		})
	}
}

func testPageSizes(t *testing.T, s store.Store) {
	var batch []*runs.Run
	for i := range store.MaxPageSize + 1 {
		batch = append(batch, bareRun(fmt.Sprintf("run_%03d", i), "flw_1", i))
	}
	must(t, "SaveRuns", s.SaveRuns(t.Context(), batch))
	for _, tc := range []struct{ limit, want int }{{0, store.DefaultPageSize}, {-1, store.DefaultPageSize}, {7, 7}, {1000, store.MaxPageSize}} {
		list, next, err := s.ListRuns(t.Context(), runs.Filter{Limit: tc.limit})
		must(t, "ListRuns", err)
		if len(list) != tc.want || next == "" {
			t.Fatalf("ListRuns with Limit %d = %d runs, next %q; want %d and a next page", tc.limit, len(list), next, tc.want)
		}
	}
	// A page that ends exactly at the last run has no next page.
	_, next, err := s.ListRuns(t.Context(), runs.Filter{Limit: store.MaxPageSize})
	must(t, "ListRuns", err)
	last, next, err := s.ListRuns(t.Context(), runs.Filter{Cursor: next, Limit: store.MaxPageSize})
	must(t, "ListRuns of the last page", err)
	if len(last) != 1 || next != "" {
		t.Fatalf("last page = %d runs, next %q; want 1 and no next page", len(last), next)
	}
}

// listAll pages through the runs matching f and returns them, failing t
// on a page that repeats a run or on more pages than the store can hold.
func listAll(t *testing.T, s store.Store, f runs.Filter) []*runs.Run {
	t.Helper()
	all := []*runs.Run{}
	seen := map[string]bool{}
	for page := 0; ; page++ {
		if page > 1000 {
			t.Fatalf("ListRuns(%+v): no end after %d pages", f, page)
		}
		list, next, err := s.ListRuns(t.Context(), f)
		must(t, "ListRuns", err)
		if len(list) > store.PageSize(f.Limit) {
			t.Fatalf("ListRuns(%+v) = %d runs, over the page size", f, len(list))
		}
		for _, r := range list {
			if seen[r.ID] {
				t.Fatalf("ListRuns(%+v): run %s on two pages", f, r.ID)
			}
			seen[r.ID] = true
		}
		all = append(all, list...)
		if next == "" {
			return all
		}
		f.Cursor = next
	}
}

// idsOf returns the ids of rs, in listing order if ordered.
func idsOf(rs []*runs.Run, ordered bool) []string {
	c := append([]*runs.Run(nil), rs...)
	if ordered {
		sortNewestFirst(c)
	}
	ids := make([]string, len(c))
	for i, r := range c {
		ids[i] = r.ID
	}
	return ids
}

// sortNewestFirst sorts rs as listings do: by stored CreatedAt, then id,
// both descending.
func sortNewestFirst(rs []*runs.Run) {
	slices.SortFunc(rs, func(a, b *runs.Run) int {
		if c := stored(b.CreatedAt).Compare(stored(a.CreatedAt)); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
}

// b64 encodes s as cursors are, to make cursors no store made.
func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// requireIDs fails t unless list holds the runs want, in that order.
func requireIDs(t *testing.T, what string, list []*runs.Run, want []string) {
	t.Helper()
	got := idsOf(list, false)
	if len(got) == 0 && len(want) == 0 {
		return
	}
	requireEqual(t, what, got, want)
}
