package sqlite

import (
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookflow/hookflow/runs"
)

// TestDeleteRuns_Leftovers checks what the contract suite cannot see
// through the interface: DeleteRuns leaves no search rows of the runs it
// deleted, and deletes the flow's dedup records that expired before the
// cutoff, and only those.
func TestDeleteRuns_Leftovers(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	ctx := t.Context()
	base := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	rs := []*runs.Run{
		{ID: "run_old", FlowID: "flw_1", Status: runs.StatusSucceeded, CreatedAt: base,
			Fields: map[string]string{"agent_email": "a@example.com", "customer_number": "+91 98765 43210"}},
		{ID: "run_new", FlowID: "flw_1", Status: runs.StatusSucceeded, CreatedAt: base.Add(time.Hour),
			Fields: map[string]string{"agent_email": "a@example.com"}},
	}
	if err := s.SaveRuns(ctx, rs); err != nil {
		t.Fatalf("SaveRuns: %v", err)
	}
	for _, d := range []struct{ flowID, key, runID string }{
		{"flw_1", "expired", "run_old"}, {"flw_1", "live", "run_new"}, {"flw_2", "expired", "run_x"},
	} {
		expires := base.Add(time.Minute)
		if d.key == "live" {
			expires = base.Add(2 * time.Hour)
		}
		if _, err := s.PutDedup(ctx, d.flowID, d.key, d.runID, base, expires); err != nil {
			t.Fatalf("PutDedup: %v", err)
		}
	}
	n, err := s.DeleteRuns(ctx, "flw_1", base.Add(30*time.Minute), 10)
	if err != nil || n != 1 {
		t.Fatalf("DeleteRuns = %d, %v; want 1", n, err)
	}
	requireRows(t, s, `SELECT term || ' ' || run_id FROM run_search ORDER BY 1`, "a@example.com run_new")
	requireRows(t, s, `SELECT flow_id || ' ' || key FROM run_dedup ORDER BY 1`, "flw_1 live", "flw_2 expired")
}

// TestSaveRuns_SearchRows follows the search rows of a run saved again
// and again: the same while its fields and time are, replaced when they
// change.
func TestSaveRuns_SearchRows(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	r := &runs.Run{ID: "run_1", FlowID: "flw_1", Status: runs.StatusQueued, CreatedAt: time.UnixMilli(1000),
		Fields: map[string]string{"agent_email": "a@example.com", "customer_number": "+91 98765 43210"}}
	const rows = `SELECT term || ' ' || created_at FROM run_search WHERE run_id = 'run_1' ORDER BY 1`
	for _, step := range []struct {
		change func()
		want   []string
	}{
		{func() {}, []string{"919876543210 1000", "a@example.com 1000"}},
		{func() { r.Status = runs.StatusSucceeded }, []string{"919876543210 1000", "a@example.com 1000"}},
		{func() { r.Fields["agent_email"] = "b@example.com" }, []string{"919876543210 1000", "b@example.com 1000"}},
		{func() { r.CreatedAt = time.UnixMilli(2000) }, []string{"919876543210 2000", "b@example.com 2000"}},
		{func() { r.Fields = nil }, nil},
	} {
		step.change()
		if err := s.SaveRuns(t.Context(), []*runs.Run{r}); err != nil {
			t.Fatalf("SaveRuns: %v", err)
		}
		requireRows(t, s, rows, step.want...)
	}
}

// requireRows fails t unless query returns the strings want, in order.
func requireRows(t *testing.T, s *Store, query string, want ...string) {
	t.Helper()
	got, err := queryAll(t.Context(), s.read, func(scan func(dest ...any) error) (string, error) {
		var v string
		return v, scan(&v)
	}, query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%s = %q, want %q", query, got, want)
	}
}

// TestQueryPlans pins the indexes that keep the frequent queries cheap:
// the claim query, which every process runs every second, must walk the
// partial indexes of unfinished runs (whose WHERE clauses it has to repeat
// word for word), and a search must walk run_search's key in order.
func TestQueryPlans(t *testing.T) {
	s, _ := openTemp(t)
	defer s.Close()
	cursor := runs.Cursor{CreatedAt: time.UnixMilli(1000), ID: "run_1"}
	search, searchArgs := listQuery(runs.Filter{Q: "a@example.com", FlowID: "flw_1"}, runs.Cursor{}, 51)
	flow, flowArgs := listQuery(runs.Filter{FlowID: "flw_1", Status: runs.StatusFailed}, cursor, 51)
	all, allArgs := listQuery(runs.Filter{From: time.UnixMilli(1)}, cursor, 51)
	tests := []struct {
		name, query string
		args        []any
		want        []string
	}{
		{"claim", claimable, []any{sql.Named("now", 1), sql.Named("limit", 10)},
			[]string{"USING INDEX runs_lease", "USING INDEX runs_wake"}},
		{"search", search, searchArgs, []string{"SEARCH run_search USING PRIMARY KEY (term=?)"}},
		{"flow", flow, flowArgs, []string{"USING INDEX runs_flow_created_at (flow_id=? AND (created_at,id)<(?,?))"}},
		{"all", all, allArgs, []string{"USING INDEX runs_created_at"}},
	}
	for _, tc := range tests {
		plan, err := queryAll(t.Context(), s.read, func(scan func(dest ...any) error) (string, error) {
			var id, parent, unused int
			var detail string
			return detail, scan(&id, &parent, &unused, &detail)
		}, "EXPLAIN QUERY PLAN "+tc.query, tc.args...)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		text := strings.Join(plan, "\n")
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: plan does not say %q:\n%s", tc.name, w, text)
			}
		}
		if strings.Contains(text, "USE TEMP B-TREE") {
			t.Errorf("%s: plan sorts:\n%s", tc.name, text)
		}
	}
}
