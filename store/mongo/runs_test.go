package mongo

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/hookflow/hookflow/runs"
	"github.com/hookflow/hookflow/store/mongo/mongotest"
)

// TestStore_RunDocumentShape pins what other tools see in the runs
// collection: raw JSON as strings (a payload's "$" and "." keys could not
// be field names), fields as pairs, search terms normalised, times as
// dates.
func TestStore_RunDocumentShape(t *testing.T) {
	srv := newServer(t, mongotest.Start(t))
	s := srv.open(t)
	defer s.Close()
	trigger := `{"body": {"$set": {"a.b": 1.50}}}`
	r := &runs.Run{
		ID: "run_1", FlowID: "flw_1", Status: runs.StatusQueued, Trigger: runs.Trigger(trigger),
		Steps:     []runs.Step{{NodeID: "a", Output: json.RawMessage(`{"x.y": 1}`)}},
		Fields:    map[string]string{"customer.number": "+91 98765-43210"},
		CreatedAt: time.Now(),
	}
	if err := s.SaveRuns(t.Context(), []*runs.Run{r}); err != nil {
		t.Fatalf("SaveRuns: %v", err)
	}
	var raw bson.Raw
	if err := s.runs.FindOne(t.Context(), idFilter("run_1")).Decode(&raw); err != nil {
		t.Fatalf("FindOne: %v", err)
	}
	checks := []struct {
		path []string
		want string
	}{
		{[]string{"trigger"}, trigger},
		{[]string{"steps", "0", "output"}, `{"x.y": 1}`},
		{[]string{"fields", "0", "name"}, "customer.number"},
		{[]string{"search", "0"}, "919876543210"},
		{[]string{"owner"}, ""},
	}
	for _, c := range checks {
		if got, ok := raw.Lookup(c.path...).StringValueOK(); !ok || got != c.want {
			t.Errorf("%v stored as %s, want the string %q", c.path, raw.Lookup(c.path...), c.want)
		}
	}
	for _, field := range []string{"createdAt", "leaseUntil", "wakeAt"} {
		if v := raw.Lookup(field); v.Type != bson.TypeDateTime {
			t.Errorf("%s is %s, want a date", field, v.Type)
		}
	}
}

// TestDeleteRuns_Expired checks what the contract suite cannot see through
// the interface: DeleteRuns deletes the flow's dedup records and claim
// tokens that expired before the cutoff, and only those.
func TestDeleteRuns_Expired(t *testing.T) {
	srv := newServer(t, mongotest.Start(t))
	s := srv.open(t)
	defer s.Close()
	ctx := t.Context()
	base := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, d := range []struct {
		flowID, key string
		expires     time.Time
	}{{"flw_1", "expired", base}, {"flw_1", "live", base.Add(time.Hour)}, {"flw_2", "expired", base}} {
		if _, err := s.PutDedup(ctx, d.flowID, d.key, "run_1", base, d.expires); err != nil {
			t.Fatalf("PutDedup: %v", err)
		}
		token := &claimDoc{Slot: slotDoc{ID: bson.NewObjectID(), ExpiresAt: d.expires}, RunID: d.flowID + d.key, FlowID: d.flowID}
		if _, err := s.claims.InsertOne(ctx, token); err != nil {
			t.Fatalf("insert claim token: %v", err)
		}
	}
	if _, err := s.DeleteRuns(ctx, "flw_1", base.Add(time.Minute), 10); err != nil {
		t.Fatalf("DeleteRuns: %v", err)
	}
	requireDocs(t, s.dedup, "flowId", "key", "flw_1 live", "flw_2 expired")
	requireDocs(t, s.claims, "flowId", "runId", "flw_1 flw_1live", "flw_2 flw_2expired")
}

// TestClaimRuns_Tokens checks the claim tokens: a run whose token another
// process holds is left to it, a token left by a process that died does
// not stop a claim once it expired, and a claim leaves no token behind.
func TestClaimRuns_Tokens(t *testing.T) {
	srv := newServer(t, mongotest.Start(t))
	s := srv.open(t)
	defer s.Close()
	ctx := t.Context()
	now := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	var batch []*runs.Run
	for _, id := range []string{"run_held", "run_abandoned", "run_free"} {
		batch = append(batch, &runs.Run{ID: id, FlowID: "flw_1", Status: runs.StatusQueued, CreatedAt: now})
	}
	if err := s.SaveRuns(ctx, batch); err != nil {
		t.Fatalf("SaveRuns: %v", err)
	}
	for id, expires := range map[string]time.Time{"run_held": now.Add(time.Second), "run_abandoned": now} {
		token := &claimDoc{Slot: slotDoc{ID: bson.NewObjectID(), ExpiresAt: expires}, RunID: id, FlowID: "flw_1"}
		if _, err := s.claims.InsertOne(ctx, token); err != nil {
			t.Fatalf("insert claim token: %v", err)
		}
	}
	claimed, err := s.ClaimRuns(ctx, "proc_b", now, now.Add(time.Minute), 10)
	if err != nil {
		t.Fatalf("ClaimRuns: %v", err)
	}
	var ids []string
	for _, r := range claimed {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	if want := []string{"run_abandoned", "run_free"}; !slices.Equal(ids, want) {
		t.Fatalf("claimed %q, want %q", ids, want)
	}
	requireDocs(t, s.claims, "flowId", "runId", "flw_1 run_held")
}

// requireDocs fails t unless the documents of coll, as "a b" for their
// fields a and b and sorted, are want.
func requireDocs(t *testing.T, coll *mongo.Collection, a, b string, want ...string) {
	t.Helper()
	list, err := findAll(t.Context(), coll, bson.D{}, options.Find(), func(d *bson.M) string {
		return (*d)[a].(string) + " " + (*d)[b].(string)
	})
	if err != nil {
		t.Fatalf("find in %s: %v", coll.Name(), err)
	}
	slices.Sort(list)
	if !slices.Equal(list, want) {
		t.Fatalf("%s holds %q, want %q", coll.Name(), list, want)
	}
}
