package storetest

import (
	"testing"

	"github.com/hookflow/hookflow/flows"
	"github.com/hookflow/hookflow/store"
)

var versionTests = []test{
	{"CreateGet", func(t *testing.T, s store.Store) {
		v := newVersion("flw_1", 1)
		must(t, "CreateVersion", s.CreateVersion(t.Context(), v))
		got, err := s.GetVersion(t.Context(), "flw_1", 1)
		must(t, "GetVersion", err)
		requireVersion(t, got, v)
	}},
	{"GetMissing", func(t *testing.T, s store.Store) {
		must(t, "CreateVersion", s.CreateVersion(t.Context(), newVersion("flw_1", 1)))
		_, err := s.GetVersion(t.Context(), "flw_1", 2)
		requireErr(t, "GetVersion missing number", err, store.ErrNotFound)
		_, err = s.GetVersion(t.Context(), "flw_2", 1)
		requireErr(t, "GetVersion missing flow", err, store.ErrNotFound)
	}},
	{"DuplicateNumber", func(t *testing.T, s store.Store) {
		first := newVersion("flw_1", 1)
		must(t, "CreateVersion", s.CreateVersion(t.Context(), first))
		again := newVersion("flw_1", 1)
		again.Name = "other"
		requireErr(t, "CreateVersion again", s.CreateVersion(t.Context(), again), store.ErrConflict)
		got, err := s.GetVersion(t.Context(), "flw_1", 1)
		must(t, "GetVersion", err)
		requireVersion(t, got, first)
		// The same number for another flow is a different version.
		must(t, "CreateVersion other flow", s.CreateVersion(t.Context(), newVersion("flw_2", 1)))
	}},
	{"ListNewestFirst", func(t *testing.T, s store.Store) {
		list, err := s.ListVersions(t.Context(), "flw_1")
		must(t, "ListVersions empty", err)
		requireEmpty(t, "ListVersions of an unknown flow", list)
		var want []flows.VersionInfo
		for _, n := range []int{3, 2, 1} {
			v := newVersion("flw_1", n)
			v.Nodes = v.Nodes[:n]
			want = append(want, v.Info())
		}
		for _, n := range []int{2, 3, 1} {
			v := newVersion("flw_1", n)
			v.Nodes = v.Nodes[:n]
			must(t, "CreateVersion", s.CreateVersion(t.Context(), v))
		}
		must(t, "CreateVersion other flow", s.CreateVersion(t.Context(), newVersion("flw_2", 4)))
		for i := range want {
			want[i].PublishedAt = stored(want[i].PublishedAt)
		}
		list, err = s.ListVersions(t.Context(), "flw_1")
		must(t, "ListVersions", err)
		requireEqual(t, "versions", list, want)
	}},
	{"Latest", func(t *testing.T, s store.Store) {
		requireLatest(t, s, "flw_1", 0)
		for _, n := range []int{1, 5, 2} {
			must(t, "CreateVersion", s.CreateVersion(t.Context(), newVersion("flw_1", n)))
		}
		must(t, "CreateVersion other flow", s.CreateVersion(t.Context(), newVersion("flw_2", 9)))
		requireLatest(t, s, "flw_1", 5)
	}},
	{"DeletedWithFlow", func(t *testing.T, s store.Store) {
		for _, id := range []string{"flw_1", "flw_2"} {
			must(t, "CreateFlow", s.CreateFlow(t.Context(), newFlow(id, "whk_"+id, at(0))))
			for n := 1; n <= 3; n++ {
				must(t, "CreateVersion", s.CreateVersion(t.Context(), newVersion(id, n)))
			}
		}
		must(t, "DeleteFlow", s.DeleteFlow(t.Context(), "flw_1"))
		_, err := s.GetVersion(t.Context(), "flw_1", 1)
		requireErr(t, "GetVersion after delete", err, store.ErrNotFound)
		list, err := s.ListVersions(t.Context(), "flw_1")
		must(t, "ListVersions after delete", err)
		requireEmpty(t, "ListVersions after delete", list)
		requireLatest(t, s, "flw_1", 0)
		requireLatest(t, s, "flw_2", 3)
		// A recreated flow starts its numbering again.
		must(t, "CreateVersion after delete", s.CreateVersion(t.Context(), newVersion("flw_1", 1)))
	}},
}

// requireLatest fails t unless the latest version of flowID is want.
func requireLatest(t *testing.T, s store.Store, flowID string, want int) {
	t.Helper()
	got, err := s.LatestVersion(t.Context(), flowID)
	must(t, "LatestVersion", err)
	if got != want {
		t.Fatalf("LatestVersion(%q) = %d, want %d", flowID, got, want)
	}
}
