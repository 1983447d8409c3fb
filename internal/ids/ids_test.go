package ids

import (
	"sort"
	"strings"
	"testing"
	"time"
)

func TestNewSortable_OrderFollowsTime(t *testing.T) {
	t.Parallel()
	start := time.Unix(1_700_000_000, 0)
	var list []string
	for i := range 1000 {
		list = append(list, NewSortable("run", start.Add(time.Duration(i)*time.Millisecond)))
	}
	if !sort.StringsAreSorted(list) {
		t.Fatal("ids made later do not sort later")
	}
	if a, b := NewSortable("run", start), NewSortable("run", start); a == b || !strings.HasPrefix(a, "run_") || len(a) != 4+26 {
		t.Fatalf("ids %q and %q: want distinct run_ + 26 characters", a, b)
	}
}

func TestSortableTime_ReadsWhenTheIDWasMade(t *testing.T) {
	t.Parallel()
	at := time.UnixMilli(1_763_000_000_123)
	got, ok := SortableTime(NewSortable("run", at))
	if !ok || !got.Equal(at) {
		t.Fatalf("SortableTime = %v, %v; want %v", got, ok, at)
	}
	for _, bad := range []string{"run", "run_!!", "run_" + strings.Repeat("2", 10)} {
		if _, ok := SortableTime(bad); ok {
			t.Errorf("SortableTime(%q) reported a time", bad)
		}
	}
}
