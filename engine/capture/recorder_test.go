package capture

import (
	"fmt"
	"testing"

	"github.com/hookflow/hookflow/store"
)

// TestRecorder_KeepsNewest: a trigger flooded between two flushes costs
// the inbox size in writes, its newest requests.
func TestRecorder_KeepsNewest(t *testing.T) {
	t.Parallel()
	var r recorder
	for i := range store.InboxSize + 30 {
		r.add(&store.InboxEntry{ID: fmt.Sprintf("inb_%03d", i), FlowID: "flw_1", NodeID: "trigger"})
	}
	r.add(&store.InboxEntry{ID: "inb_other", FlowID: "flw_1", NodeID: "other"})
	if _, ok := r.find("flw_1", "trigger", "inb_049"); !ok {
		t.Fatal("the newest pending entry is not found")
	}
	if _, ok := r.find("flw_1", "trigger", "inb_029"); ok {
		t.Fatal("an entry past the inbox size is kept")
	}
	batch := r.take()
	if len(batch) != store.InboxSize+1 {
		t.Fatalf("batch of %d entries, want %d", len(batch), store.InboxSize+1)
	}
	if len(r.take()) != 0 {
		t.Fatal("take left entries pending")
	}
}
